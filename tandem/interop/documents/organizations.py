"""Education organizations (Data Standard 5.2, XML): the state agency, districts, schools."""

from tandem.interop import descriptors as d
from tandem.interop.documents.keys import (
    Node,
    clip,
)


def _identification(code: str, system: str) -> Node:
    return (
        "EducationOrganizationIdentificationCode",
        [
            ("IdentificationCode", code),
            (
                "EducationOrganizationIdentificationSystem",
                d.core("EducationOrganizationIdentificationSystem", system),
            ),
        ],
    )


def state_education_agency(state) -> Node:
    return (
        "StateEducationAgency",
        [
            _identification(state.code, "SEA"),
            ("NameOfInstitution", clip(state.name, 75)),
            (
                "EducationOrganizationCategory",
                d.core("EducationOrganizationCategory", "State Education Agency"),
            ),
            ("StateEducationAgencyId", int(state.code)),
        ],
    )


def local_education_agency(district) -> Node:
    """The state's organization code is the identifier; its text, leading zeros and all, is
    kept as the SEA's identification code."""
    return (
        "LocalEducationAgency",
        [
            _identification(district.org_code, "SEA"),
            ("NameOfInstitution", clip(district.name, 75)),
            (
                "EducationOrganizationCategory",
                d.core("EducationOrganizationCategory", "Local Education Agency"),
            ),
            ("LocalEducationAgencyId", int(district.org_code)),
            (
                "LocalEducationAgencyCategory",
                d.core("LocalEducationAgencyCategory", "Regular public school district"),
            ),
            (
                "StateEducationAgencyReference",
                [
                    (
                        "StateEducationAgencyIdentity",
                        [("StateEducationAgencyId", int(district.state.code))],
                    )
                ],
            ),
        ],
    )


def school(school) -> Node:
    grades = d.grade_levels(school.grade_span) or [d.core("GradeLevel", "Ungraded")]
    return (
        "School",
        [
            _identification(school.org_code, "SEA"),
            ("NameOfInstitution", clip(school.name, 75)),
            ("EducationOrganizationCategory", d.core("EducationOrganizationCategory", "School")),
            ("SchoolId", int(school.org_code)),
            *[("GradeLevel", grade) for grade in grades],
            (
                "LocalEducationAgencyReference",
                [
                    (
                        "LocalEducationAgencyIdentity",
                        [("LocalEducationAgencyId", int(school.district.org_code))],
                    )
                ],
            ),
        ],
    )


# The resources API's JSON of the same entities (the Data Standard publishes no JSON schema
# here: the API tests compare each with its XML twin, which the XSDs check).


def _identification_json(code: str) -> list[dict]:
    return [
        {
            "educationOrganizationIdentificationSystemDescriptor": d.core(
                "EducationOrganizationIdentificationSystem", "SEA"
            ),
            "identificationCode": code,
        }
    ]


def _category_json(category: str) -> list[dict]:
    return [
        {
            "educationOrganizationCategoryDescriptor": d.core(
                "EducationOrganizationCategory", category
            )
        }
    ]


def local_education_agency_json(district) -> dict:
    return {
        "localEducationAgencyId": int(district.org_code),
        "nameOfInstitution": clip(district.name, 75),
        "identificationCodes": _identification_json(district.org_code),
        "categories": _category_json("Local Education Agency"),
        "localEducationAgencyCategoryDescriptor": d.core(
            "LocalEducationAgencyCategory", "Regular public school district"
        ),
        "stateEducationAgencyReference": {"stateEducationAgencyId": int(district.state.code)},
    }


def school_json(school) -> dict:
    grades = d.grade_levels(school.grade_span) or [d.core("GradeLevel", "Ungraded")]
    return {
        "schoolId": int(school.org_code),
        "nameOfInstitution": clip(school.name, 75),
        "identificationCodes": _identification_json(school.org_code),
        "categories": _category_json("School"),
        "gradeLevels": [{"gradeLevelDescriptor": grade} for grade in grades],
        "localEducationAgencyReference": {"localEducationAgencyId": int(school.district.org_code)},
    }
