"""Tandem's records as Ed-Fi entities: Data Standard 5.2 and TPDM 1.1, in XML and in JSON.

Each entity is built once here, as the XML interchange's element (a nested list of
``(tag, value)`` pairs, in the schema's order) and, for TPDM, as the resources API's JSON
object. Ed-Fi keys are natural keys, and a child's key holds its parent's whole key: the key
classes below write both forms of each reference.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from tandem.interop import descriptors as d

PERFORMANCE_EVALUATION_TITLE = "Educator evaluation (603 CMR 35)"
OVERALL = "Overall rating"

# An XML node: (tag, text) or (tag, [children]); a None value leaves the element out.
Node = tuple[str, object]


def _edorg_reference(edorg_id: int) -> Node:
    return (
        "EducationOrganizationReference",
        [("EducationOrganizationIdentity", [("EducationOrganizationId", edorg_id)])],
    )


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


@dataclass(frozen=True)
class PerformanceEvaluationKey:
    """A district's summative evaluations of one school year under one plan type."""

    education_organization_id: int
    school_year: int  # the calendar year in which it ends, as Ed-Fi counts school years
    plan_type: str

    title = PERFORMANCE_EVALUATION_TITLE
    term = d.core("Term", "Year Round")
    period = d.tandem("EvaluationPeriodDescriptor", d.SUMMATIVE_PERIOD)

    @classmethod
    def of(cls, cycle) -> "PerformanceEvaluationKey":
        """The one an evaluation cycle's summative belongs to (its district, school year and
        plan type are fetched with it)."""
        return cls(
            education_organization_id=int(cycle.district.org_code),
            school_year=cycle.school_year.end_date.year,
            plan_type=cycle.plan_type,
        )

    def identity(self) -> list[Node]:
        return [
            ("PerformanceEvaluationTitle", self.title),
            ("Term", self.term),
            ("PerformanceEvaluationType", d.plan_type(self.plan_type)),
            ("SchoolYear", f"{self.school_year - 1}-{self.school_year}"),
            ("EvaluationPeriod", self.period),
            _edorg_reference(self.education_organization_id),
        ]

    def xml(self) -> Node:
        return (
            "PerformanceEvaluationReference",
            [("PerformanceEvaluationIdentity", self.identity())],
        )

    def json(self) -> dict:
        return {
            "educationOrganizationId": self.education_organization_id,
            "evaluationPeriodDescriptor": self.period,
            "performanceEvaluationTitle": self.title,
            "performanceEvaluationTypeDescriptor": d.plan_type(self.plan_type),
            "schoolYear": self.school_year,
            "termDescriptor": self.term,
        }


def _titled(tag: str, parent_xml: Node, title_tag: str, title: str) -> Node:
    return (f"{tag}Reference", [(f"{tag}Identity", [parent_xml, (title_tag, title)])])


@dataclass(frozen=True)
class EvaluationKey:
    """One rubric (a framework version) used in a performance evaluation."""

    performance_evaluation: PerformanceEvaluationKey
    title: str

    @classmethod
    def of(cls, performance_evaluation: PerformanceEvaluationKey, version) -> "EvaluationKey":
        suffix = f", version {version.number}"
        return cls(performance_evaluation, _clip(version.framework.name, 50 - len(suffix)) + suffix)

    def xml(self) -> Node:
        return _titled(
            "Evaluation", self.performance_evaluation.xml(), "EvaluationTitle", self.title
        )

    def json(self) -> dict:
        return {**self.performance_evaluation.json(), "evaluationTitle": self.title}


@dataclass(frozen=True)
class ObjectiveKey:
    """A standard of the rubric."""

    evaluation: EvaluationKey
    title: str

    @classmethod
    def of(cls, evaluation: EvaluationKey, standard) -> "ObjectiveKey":
        return cls(evaluation, _clip(f"Standard {standard.code}: {standard.name}", 50))

    def xml(self) -> Node:
        return _titled(
            "EvaluationObjective", self.evaluation.xml(), "EvaluationObjectiveTitle", self.title
        )

    def json(self) -> dict:
        return {**self.evaluation.json(), "evaluationObjectiveTitle": self.title}


@dataclass(frozen=True)
class ElementKey:
    """An element of the rubric, under its standard."""

    objective: ObjectiveKey
    title: str

    @classmethod
    def of(cls, objective: ObjectiveKey, element) -> "ElementKey":
        return cls(objective, _clip(f"{element.code} {element.name}", 255))

    def xml(self) -> Node:
        return _titled(
            "EvaluationElement", self.objective.xml(), "EvaluationElementTitle", self.title
        )

    def json(self) -> dict:
        return {**self.objective.json(), "evaluationElementTitle": self.title}


@dataclass(frozen=True)
class RatingKey:
    """An educator's rating in a performance evaluation, by the state educator identifier."""

    performance_evaluation: PerformanceEvaluationKey
    person_id: str

    source_system = d.core("SourceSystem", "State")

    def person_xml(self) -> Node:
        identity = [("PersonId", self.person_id), ("SourceSystem", self.source_system)]
        return ("PersonReference", [("PersonIdentity", identity)])

    def person_json(self) -> dict:
        return {"personId": self.person_id, "sourceSystemDescriptor": self.source_system}

    def xml(self) -> Node:
        identity = [self.person_xml(), self.performance_evaluation.xml()]
        return (
            "PerformanceEvaluationRatingReference",
            [("PerformanceEvaluationRatingIdentity", identity)],
        )

    def json(self) -> dict:
        return {**self.performance_evaluation.json(), **self.person_json()}


@dataclass(frozen=True)
class EvaluationRatingKey:
    rating: RatingKey
    evaluation: EvaluationKey
    date: datetime.datetime

    @classmethod
    def of(cls, summative) -> "EvaluationRatingKey":
        """A signed summative's rating, with its cycle's person, district, school year and
        framework version fetched with it."""
        cycle = summative.cycle
        performance = PerformanceEvaluationKey.of(cycle)
        return cls(
            RatingKey(performance, cycle.person.state_id),
            EvaluationKey.of(performance, cycle.framework_version),
            rating_date(summative),
        )

    def date_text(self) -> str:
        return self.date.isoformat(timespec="seconds")

    def xml(self) -> Node:
        identity = [self.rating.xml(), self.evaluation.xml(), ("EvaluationDate", self.date_text())]
        return ("EvaluationRatingReference", [("EvaluationRatingIdentity", identity)])

    def json(self) -> dict:
        return {
            **self.rating.json(),
            "evaluationTitle": self.evaluation.title,
            "evaluationDate": self.date_text(),
        }


def rating_date(summative) -> datetime.datetime:
    """When the evaluator signed and shared it; the cycle's end for a summative brought in
    without that moment."""
    moment = summative.shared_at or datetime.datetime.combine(
        summative.cycle.end_date, datetime.time(), tzinfo=datetime.UTC
    )
    return timezone.localtime(moment).replace(microsecond=0, tzinfo=None)


def _result(level: str) -> list[Node]:
    return [
        ("RatingResultTitle", OVERALL),
        ("Rating", d.LEVEL_NUMBER[level]),
        ("ResultDatatypeType", d.core("ResultDatatypeType", "Integer")),
    ]


def _result_json(level: str, title: str = OVERALL) -> dict:
    return {
        "rating": d.LEVEL_NUMBER[level],
        "ratingResultTitle": title,
        "resultDatatypeTypeDescriptor": d.core("ResultDatatypeType", "Integer"),
    }


def _levels(tag: str, name: str = "EvaluationRatingLevelDescriptor") -> list[Node]:
    return [
        (
            tag,
            [
                ("EvaluationRatingLevel", d.rating_level(name, level)),
                ("MinRating", number),
                ("MaxRating", number),
            ],
        )
        for level, number in d.LEVEL_NUMBER.items()
    ]


def _levels_json() -> list[dict]:
    return [
        {
            "evaluationRatingLevelDescriptor": d.rating_level(
                "EvaluationRatingLevelDescriptor", level
            ),
            "minRating": number,
            "maxRating": number,
        }
        for level, number in d.LEVEL_NUMBER.items()
    ]


# -- education organizations (Data Standard 5.2, XML) ---------------------------------------


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
            ("NameOfInstitution", _clip(state.name, 75)),
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
            ("NameOfInstitution", _clip(district.name, 75)),
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
            ("NameOfInstitution", _clip(school.name, 75)),
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


# -- staff (Data Standard 5.2, XML) ----------------------------------------------------------


def _staff_reference(person) -> Node:
    return ("StaffReference", [("StaffIdentity", [("StaffUniqueId", person.state_id)])])


def staff(person) -> Node:
    return (
        "Staff",
        [
            ("StaffUniqueId", person.state_id),
            (
                "Name",
                [
                    ("FirstName", _clip(person.first_name, 75)),
                    ("LastSurname", _clip(person.last_name, 75)),
                ],
            ),
        ],
    )


def employment_association(employment) -> Node:
    return (
        "StaffEducationOrganizationEmploymentAssociation",
        [
            _staff_reference(employment.person),
            _edorg_reference(int(employment.district.org_code)),
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
            _edorg_reference(int(org_code)),
            ("StaffClassification", d.staff_classification(assignment.position)),
            ("PositionTitle", str(assignment.get_position_display())),
            ("BeginDate", assignment.start_date),
            ("EndDate", assignment.end_date),
            ("FullTimeEquivalency", assignment.fte),
        ],
    )


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


# -- the evaluation (TPDM 1.1, XML and JSON) -------------------------------------------------


def performance_evaluation(key: PerformanceEvaluationKey) -> tuple[Node, dict]:
    identity = key.identity()  # the rating levels go after the type, in the schema's order
    xml = (
        "PerformanceEvaluation",
        [*identity[:3], *_levels("PerformanceEvaluationRatingLevel"), *identity[3:]],
    )
    reference = key.json()
    json = {
        "educationOrganizationReference": {
            "educationOrganizationId": key.education_organization_id
        },
        "evaluationPeriodDescriptor": reference["evaluationPeriodDescriptor"],
        "performanceEvaluationTitle": key.title,
        "performanceEvaluationTypeDescriptor": reference["performanceEvaluationTypeDescriptor"],
        "ratingLevels": _levels_json(),
        "schoolYearTypeReference": {"schoolYear": key.school_year},
        "termDescriptor": key.term,
    }
    return xml, json


def evaluation(key: EvaluationKey, description: str) -> tuple[Node, dict]:
    xml = (
        "Evaluation",
        [
            key.performance_evaluation.xml(),
            ("EvaluationTitle", key.title),
            ("EvaluationDescription", _clip(description, 255)),
            ("MinRating", 1),
            ("MaxRating", 4),
            *_levels("EvaluationRatingLevel"),
        ],
    )
    json = {
        "performanceEvaluationReference": key.performance_evaluation.json(),
        "evaluationTitle": key.title,
        "evaluationDescription": _clip(description, 255),
        "minRating": 1,
        "maxRating": 4,
        "ratingLevels": _levels_json(),
    }
    return xml, json


def evaluation_objective(
    key: ObjectiveKey, *, position: int, description: str
) -> tuple[Node, dict]:
    xml = (
        "EvaluationObjective",
        [
            key.evaluation.xml(),
            ("EvaluationObjectiveTitle", key.title),
            ("EvaluationObjectiveDescription", _clip(description, 255) or None),
            ("SortOrder", position),
            ("MinRating", 1),
            ("MaxRating", 4),
            *_levels("ObjectiveRatingLevel"),
        ],
    )
    json = {
        "evaluationReference": key.evaluation.json(),
        "evaluationObjectiveTitle": key.title,
        "sortOrder": position,
        "minRating": 1,
        "maxRating": 4,
        "ratingLevels": _levels_json(),
    }
    if description:
        json["evaluationObjectiveDescription"] = _clip(description, 255)
    return xml, json


def evaluation_element(key: ElementKey, *, position: int) -> tuple[Node, dict]:
    xml = (
        "EvaluationElement",
        [
            key.objective.xml(),
            ("EvaluationElementTitle", key.title),
            ("SortOrder", position),
            ("MinRating", 1),
            ("MaxRating", 4),
            *_levels("ElementRatingLevel"),
        ],
    )
    json = {
        "evaluationObjectiveReference": key.objective.json(),
        "evaluationElementTitle": key.title,
        "sortOrder": position,
        "minRating": 1,
        "maxRating": 4,
        "ratingLevels": _levels_json(),
    }
    return xml, json


def rubric_dimensions(key: ElementKey, element) -> list[tuple[Node, dict]]:
    """What each of the four levels looks like for the element, Exemplary first."""
    out = []
    for order, (level, number) in enumerate(d.LEVEL_NUMBER.items(), start=1):
        descriptor = d.rating_level("RubricRatingLevelDescriptor", level)
        criterion = _clip(getattr(element, level), 1024)
        xml = (
            "RubricDimension",
            [
                key.xml(),
                ("RubricRating", number),
                ("RubricRatingLevel", descriptor),
                ("CriterionDescription", criterion),
                ("DimensionOrder", order),
            ],
        )
        json = {
            "evaluationElementReference": key.json(),
            "rubricRating": number,
            "rubricRatingLevelDescriptor": descriptor,
            "criterionDescription": criterion,
            "dimensionOrder": order,
        }
        out.append((xml, json))
    return out


def _reviewer(evaluator) -> list[Node]:
    if evaluator is None:
        return []
    return [
        (
            "Reviewer",
            [
                ("FirstName", _clip(evaluator.first_name, 75)),
                ("LastSurname", _clip(evaluator.last_name, 75)),
            ],
        )
    ]


def _reviewer_json(evaluator) -> dict:
    if evaluator is None:
        return {}
    return {
        "reviewers": [
            {
                "firstName": _clip(evaluator.first_name, 75),
                "lastSurname": _clip(evaluator.last_name, 75),
            }
        ]
    }


def performance_evaluation_rating(rating: EvaluationRatingKey, summative) -> tuple[Node, dict]:
    key, when = rating.rating, rating.date
    level = summative.overall_rating
    descriptor = d.rating_level("PerformanceEvaluationRatingLevelDescriptor", level)
    evaluator = summative.cycle.primary_evaluator
    xml = (
        "PerformanceEvaluationRating",
        [
            key.person_xml(),
            key.performance_evaluation.xml(),
            ("ActualDate", when.date()),
            ("PerformanceEvaluationRatingResult", _result(level)),
            ("PerformanceEvaluationRatingLevel", descriptor),
            *_reviewer(evaluator),
        ],
    )
    json = {
        "personReference": key.person_json(),
        "performanceEvaluationReference": key.performance_evaluation.json(),
        "actualDate": when.date().isoformat(),
        "results": [_result_json(level)],
        "performanceEvaluationRatingLevelDescriptor": descriptor,
        **_reviewer_json(evaluator),
    }
    return xml, json


def evaluation_rating(key: EvaluationRatingKey, summative) -> tuple[Node, dict]:
    level = summative.overall_rating
    descriptor = d.rating_level("EvaluationRatingLevelDescriptor", level)
    status = d.tandem("EvaluationRatingStatusDescriptor", d.STATUS_CODES[summative.status])
    evaluator = summative.cycle.primary_evaluator
    xml = (
        "EvaluationRating",
        [
            key.rating.xml(),
            key.evaluation.xml(),
            ("EvaluationDate", key.date_text()),
            *_reviewer(evaluator),
            ("EvaluationRatingResult", _result(level)),
            ("EvaluationRatingLevel", descriptor),
            ("EvaluationRatingStatus", status),
        ],
    )
    json = {
        "performanceEvaluationRatingReference": key.rating.json(),
        "evaluationReference": key.evaluation.json(),
        "evaluationDate": key.date_text(),
        **_reviewer_json(evaluator),
        "results": [_result_json(level)],
        "evaluationRatingLevelDescriptor": descriptor,
        "evaluationRatingStatusDescriptor": status,
    }
    return xml, json


def evaluation_objective_rating(
    key: EvaluationRatingKey, objective: ObjectiveKey, level: str
) -> tuple[Node, dict]:
    descriptor = d.rating_level("ObjectiveRatingLevelDescriptor", level)
    result = _result(level)
    result[0] = ("RatingResultTitle", objective.title)
    xml = (
        "EvaluationObjectiveRating",
        [
            key.xml(),
            objective.xml(),
            ("ObjectiveRatingResult", result),
            ("ObjectiveRatingLevel", descriptor),
        ],
    )
    json = {
        "evaluationRatingReference": key.json(),
        "evaluationObjectiveReference": objective.json(),
        "objectiveRatingResults": [_result_json(level, objective.title)],
        "objectiveRatingLevelDescriptor": descriptor,
    }
    return xml, json


def descriptor(name: str, code: str, description: str) -> Node:
    return (
        name,
        [
            ("CodeValue", code),
            ("ShortDescription", code),
            ("Description", description),
            ("Namespace", d.tandem_namespace(name)),
        ],
    )


def text(value) -> str:
    """An XML value as the schema writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
