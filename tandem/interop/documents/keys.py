"""Tandem's records as Ed-Fi entities: Data Standard 5.2 and TPDM 1.1, in XML and in JSON.

Each entity is built once, as the XML interchange's element (a nested list of ``(tag, value)``
pairs, in the schema's order) and, for TPDM, as the resources API's JSON object. Ed-Fi keys are
natural keys, and a child's key holds its parent's whole key: the key classes here write both
forms of each reference; ``organizations``, ``staff`` and ``evaluation`` build the entities.
"""

import datetime
from dataclasses import dataclass
from functools import wraps

from django.utils import timezone

from tandem.interop import descriptors as d
from tandem.interop.documents.markup import Markup, Node, markup

PERFORMANCE_EVALUATION_TITLE = "Educator evaluation (603 CMR 35)"
OVERALL = "Overall rating"


def once(method):
    """A key's reference, made the first time it is asked for and kept with the key: an
    export refers to the same few keys in every one of its rows."""
    name = f"_{method.__name__}"

    @wraps(method)
    def kept(self):
        try:
            return self.__dict__[name]
        except KeyError:
            value = self.__dict__[name] = method(self)  # frozen: set past __setattr__
            return value

    return kept


def edorg_reference(edorg_id: int) -> Node:
    return (
        "EducationOrganizationReference",
        [("EducationOrganizationIdentity", [("EducationOrganizationId", edorg_id)])],
    )


def clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


@dataclass(frozen=True)
class PerformanceEvaluationKey:
    """The summative evaluations of one school year under one plan type on the rubrics of
    one organization: the state agency's for the state's model rubrics, which most districts
    use, and a district's for a rubric of its own (and each prior rating goes under the
    state's).

    Each Evaluation, EvaluationObjective, EvaluationElement and RubricDimension key holds
    this whole key, so a rubric's definitions are written again under every performance
    evaluation that used it: per district, each of the state's rubrics went out once per
    district, year and plan type (1,012 times at ``--scale 25``, three fifths of the
    export). The district a rating was given in is not in TPDM's rating keys at this grain;
    the educator's employment association (StaffAssociation) says where she worked. The
    plan type stays in the key: TPDM has no place for it on a rating.
    """

    education_organization_id: int
    school_year: int  # the calendar year in which it ends, as Ed-Fi counts school years
    plan_type: str

    title = PERFORMANCE_EVALUATION_TITLE
    term = d.core("Term", "Year Round")
    period = d.tandem("EvaluationPeriodDescriptor", d.SUMMATIVE_PERIOD)

    @classmethod
    def of(cls, cycle) -> "PerformanceEvaluationKey":
        """The one an evaluation cycle's summative belongs to (its district's state, its
        framework's district, school year and plan type are fetched with it)."""
        owner = cycle.framework_version.framework.district
        return cls(
            education_organization_id=int(owner.org_code if owner else cycle.district.state.code),
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
            edorg_reference(self.education_organization_id),
        ]

    @once
    def xml(self) -> Markup:
        return markup(
            (
                "PerformanceEvaluationReference",
                [("PerformanceEvaluationIdentity", self.identity())],
            )
        )

    @once
    def json(self) -> dict:
        return {
            "educationOrganizationId": self.education_organization_id,
            "evaluationPeriodDescriptor": self.period,
            "performanceEvaluationTitle": self.title,
            "performanceEvaluationTypeDescriptor": d.plan_type(self.plan_type),
            "schoolYear": self.school_year,
            "termDescriptor": self.term,
        }


def _titled(tag: str, parent_xml: Markup, title_tag: str, title: str) -> Markup:
    return markup((f"{tag}Reference", [(f"{tag}Identity", [parent_xml, (title_tag, title)])]))


@dataclass(frozen=True)
class EvaluationKey:
    """One rubric (a framework version) used in a performance evaluation."""

    performance_evaluation: PerformanceEvaluationKey
    title: str

    @classmethod
    def of(cls, performance_evaluation: PerformanceEvaluationKey, version) -> "EvaluationKey":
        suffix = f", version {version.number}"
        return cls(performance_evaluation, clip(version.framework.name, 50 - len(suffix)) + suffix)

    @once
    def xml(self) -> Markup:
        return _titled(
            "Evaluation", self.performance_evaluation.xml(), "EvaluationTitle", self.title
        )

    @once
    def json(self) -> dict:
        return {**self.performance_evaluation.json(), "evaluationTitle": self.title}


@dataclass(frozen=True)
class ObjectiveKey:
    """A standard of the rubric."""

    evaluation: EvaluationKey
    title: str

    @classmethod
    def of(cls, evaluation: EvaluationKey, standard) -> "ObjectiveKey":
        return cls(evaluation, clip(f"Standard {standard.code}: {standard.name}", 50))

    @once
    def xml(self) -> Markup:
        return _titled(
            "EvaluationObjective", self.evaluation.xml(), "EvaluationObjectiveTitle", self.title
        )

    @once
    def json(self) -> dict:
        return {**self.evaluation.json(), "evaluationObjectiveTitle": self.title}


@dataclass(frozen=True)
class ElementKey:
    """An element of the rubric, under its standard."""

    objective: ObjectiveKey
    title: str

    @classmethod
    def of(cls, objective: ObjectiveKey, element) -> "ElementKey":
        return cls(objective, clip(f"{element.code} {element.name}", 255))

    @once
    def xml(self) -> Markup:
        return _titled(
            "EvaluationElement", self.objective.xml(), "EvaluationElementTitle", self.title
        )

    @once
    def json(self) -> dict:
        return {**self.objective.json(), "evaluationElementTitle": self.title}


@dataclass(frozen=True)
class RatingKey:
    """An educator's rating in a performance evaluation, by the state educator identifier."""

    performance_evaluation: PerformanceEvaluationKey
    person_id: str

    source_system = d.core("SourceSystem", "State")

    @once
    def person_xml(self) -> Markup:
        identity = [("PersonId", self.person_id), ("SourceSystem", self.source_system)]
        return markup(("PersonReference", [("PersonIdentity", identity)]))

    @once
    def person_json(self) -> dict:
        return {"personId": self.person_id, "sourceSystemDescriptor": self.source_system}

    @once
    def xml(self) -> Markup:
        identity = [self.person_xml(), self.performance_evaluation.xml()]
        return markup(
            (
                "PerformanceEvaluationRatingReference",
                [("PerformanceEvaluationRatingIdentity", identity)],
            )
        )

    @once
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

    @once
    def xml(self) -> Markup:
        identity = [self.rating.xml(), self.evaluation.xml(), ("EvaluationDate", self.date_text())]
        return markup(("EvaluationRatingReference", [("EvaluationRatingIdentity", identity)]))

    @once
    def json(self) -> dict:
        return {
            **self.rating.json(),
            "evaluationTitle": self.evaluation.title,
            "evaluationDate": self.date_text(),
        }


def rating_date(summative) -> datetime.datetime:
    """When the evaluator signed and shared it; the cycle's end for a summative brought in
    without that moment."""
    return rating_moment(summative.shared_at, summative.cycle.end_date)


def rating_moment(shared_at: datetime.datetime | None, day: datetime.date) -> datetime.datetime:
    """``rating_date`` from its parts: when it was shared, else the start of ``day``."""
    moment = shared_at or datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    return timezone.localtime(moment).replace(microsecond=0, tzinfo=None)


def rating_result(level: str) -> list[Node]:
    return [
        ("RatingResultTitle", OVERALL),
        ("Rating", d.LEVEL_NUMBER[level]),
        ("ResultDatatypeType", d.core("ResultDatatypeType", "Integer")),
    ]


def rating_result_json(level: str, title: str = OVERALL) -> dict:
    return {
        "rating": d.LEVEL_NUMBER[level],
        "ratingResultTitle": title,
        "resultDatatypeTypeDescriptor": d.core("ResultDatatypeType", "Integer"),
    }


def levels(tag: str, name: str = "EvaluationRatingLevelDescriptor") -> list[Node]:
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


def levels_json() -> list[dict]:
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
