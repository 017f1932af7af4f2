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


# The resources API's JSON of the same entities (the Data Standard publishes no JSON schema
# here: the API tests compare each with its XML twin, which the XSDs check). An absent value
# is left out, as in the XML.


def _present(document: dict) -> dict:
    return {name: value for name, value in document.items() if value not in (None, [])}


def _staff_reference_json(person) -> dict:
    return {"staffUniqueId": person.state_id}


def _date(value) -> str | None:
    return value.isoformat() if value else None


def staff_json(person, license_numbers=()) -> dict:
    return _present(
        {
            "staffUniqueId": person.state_id,
            "firstName": clip(person.first_name, 75),
            "lastSurname": clip(person.last_name, 75),
            "credentials": [
                {
                    "credentialReference": {
                        "credentialIdentifier": number,
                        "stateOfIssueStateAbbreviationDescriptor": d.state_of_issue(),
                    }
                }
                for number in license_numbers
            ],
        }
    )


def credential_json(license) -> dict:
    return _present(
        {
            "credentialIdentifier": license.license_number,
            "stateOfIssueStateAbbreviationDescriptor": d.state_of_issue(),
            "credentialFieldDescriptor": d.credential_field(license.field),
            "credentialTypeDescriptor": d.core("CredentialType", "Licensure"),
            "issuanceDate": _date(license.issued_on),
            "expirationDate": _date(license.expires_on),
            "gradeLevels": [
                {"gradeLevelDescriptor": grade} for grade in d.grade_levels(license.grade_levels)
            ],
            "teachingCredentialDescriptor": d.teaching_credential(license.stage),
            "namespace": d.tandem_namespace("Credential"),
        }
    )


def employment_association_json(employment) -> dict:
    return _present(
        {
            "staffReference": _staff_reference_json(employment.person),
            "educationOrganizationReference": {
                "educationOrganizationId": int(employment.district.org_code)
            },
            "employmentStatusDescriptor": d.employment_status(
                role_group=employment.role_group, has_pts=employment.has_pts
            ),
            "hireDate": _date(employment.start_date),
            "endDate": _date(employment.end_date),
        }
    )


def assignment_association_json(assignment) -> dict:
    employment = assignment.employment
    org_code = assignment.school.org_code if assignment.school else employment.district.org_code
    return _present(
        {
            "staffReference": _staff_reference_json(employment.person),
            "educationOrganizationReference": {"educationOrganizationId": int(org_code)},
            "staffClassificationDescriptor": d.staff_classification(assignment.position),
            "positionTitle": str(assignment.get_position_display()),
            "beginDate": _date(assignment.start_date),
            "endDate": _date(assignment.end_date),
            "fullTimeEquivalency": float(assignment.fte),
        }
    )


def school_association_json(assignment) -> dict:
    subject = d.academic_subject(assignment.subject)
    return _present(
        {
            "staffReference": _staff_reference_json(assignment.employment.person),
            "schoolReference": {"schoolId": int(assignment.school.org_code)},
            "programAssignmentDescriptor": d.program_assignment(
                position=assignment.position, subject=assignment.subject
            ),
            "gradeLevels": [
                {"gradeLevelDescriptor": grade} for grade in d.grade_levels(assignment.grade_level)
            ],
            "academicSubjects": [{"academicSubjectDescriptor": subject}] if subject else [],
        }
    )
