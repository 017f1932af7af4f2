"""Staff, their credentials, employment, assignments and schools (Data Standard 5.2, XML)."""

from django.utils.translation import get_language

from tandem.interop import descriptors as d
from tandem.interop.documents.keys import (
    Node,
    clip,
    edorg_reference,
)
from tandem.people.models import StaffAssignment


def _staff_reference(person) -> Node:
    return ("StaffReference", [("StaffIdentity", [("StaffUniqueId", person.state_id)])])


def staff(person, license_numbers=()) -> Node:
    return (
        "Staff",
        [
            ("StaffUniqueId", person.state_id),
            (
                "Name",
                [
                    ("FirstName", clip(person.first_name, 75)),
                    ("LastSurname", clip(person.last_name, 75)),
                ],
            ),
            *[("CredentialReference", _credential_identity(n)) for n in license_numbers],
        ],
    )


def _credential_identity(license_number: str) -> list[Node]:
    return [
        (
            "CredentialIdentity",
            [
                ("CredentialIdentifier", license_number),
                ("StateOfIssueStateAbbreviation", d.state_of_issue()),
            ],
        )
    ]


def credential(license) -> Node:
    """A state license as an Ed-Fi credential, keyed by its number and the state that issued it."""
    return (
        "Credential",
        [
            ("ExpirationDate", license.expires_on),
            ("CredentialField", d.credential_field(license.field)),
            ("CredentialIdentifier", license.license_number),
            ("IssuanceDate", license.issued_on),
            ("CredentialType", d.core("CredentialType", "Licensure")),
            *[("GradeLevel", grade) for grade in d.grade_levels(license.grade_levels)],
            ("StateOfIssueStateAbbreviation", d.state_of_issue()),
            ("TeachingCredential", d.teaching_credential(license.stage)),
            ("Namespace", d.tandem_namespace("Credential")),
        ],
    )


def employment_association(employment) -> Node:
    return (
        "StaffEducationOrganizationEmploymentAssociation",
        [
            _staff_reference(employment.person),
            edorg_reference(int(employment.district.org_code)),
            (
                "EmploymentStatus",
                d.employment_status(role_group=employment.role_group, has_pts=employment.has_pts),
            ),
            (
                "EmploymentPeriod",
                [("HireDate", employment.start_date), ("EndDate", employment.end_date)],
            ),
        ],
    )


def assignment_association(assignment) -> Node:
    """A school assignment belongs to the school; a central-office one to the district."""
    employment = assignment.employment
    org_code = assignment.school.org_code if assignment.school else employment.district.org_code
    return (
        "StaffEducationOrganizationAssignmentAssociation",
        [
            _staff_reference(employment.person),
            edorg_reference(int(org_code)),
            ("StaffClassification", d.staff_classification(assignment.position)),
            ("PositionTitle", _position_title(assignment.position)),
            ("BeginDate", assignment.start_date),
            ("EndDate", assignment.end_date),
            ("FullTimeEquivalency", assignment.fte),
        ],
    )


_POSITION_TITLES: dict[tuple[str, str], str] = {}


def _position_title(position: str) -> str:
    """The position's name in the language of the export, worked out once for each."""
    at = (get_language(), position)
    if at not in _POSITION_TITLES:
        _POSITION_TITLES[at] = str(StaffAssignment.Position(position).label)
    return _POSITION_TITLES[at]


def school_association(assignment) -> Node:
    subject = d.academic_subject(assignment.subject)
    return (
        "StaffSchoolAssociation",
        [
            _staff_reference(assignment.employment.person),
            (
                "SchoolReference",
                [("SchoolIdentity", [("SchoolId", int(assignment.school.org_code))])],
            ),
            (
                "ProgramAssignment",
                d.program_assignment(position=assignment.position, subject=assignment.subject),
            ),
            *[("GradeLevel", grade) for grade in d.grade_levels(assignment.grade_level)],
            ("AcademicSubject", subject),
        ],
    )
