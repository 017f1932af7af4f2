"""The evaluation (TPDM 1.1, XML and JSON): definitions, ratings and Tandem's descriptors."""

from tandem.interop import descriptors as d
from tandem.interop.documents.keys import (
    ElementKey,
    EvaluationKey,
    EvaluationRatingKey,
    Node,
    ObjectiveKey,
    PerformanceEvaluationKey,
    clip,
    levels,
    levels_json,
    rating_result,
    rating_result_json,
)


def performance_evaluation(key: PerformanceEvaluationKey) -> tuple[Node, dict]:
    identity = key.identity()  # the rating levels go after the type, in the schema's order
    xml = (
        "PerformanceEvaluation",
        [*identity[:3], *levels("PerformanceEvaluationRatingLevel"), *identity[3:]],
    )
    reference = key.json()
    json = {
        "educationOrganizationReference": {
            "educationOrganizationId": key.education_organization_id
        },
        "evaluationPeriodDescriptor": reference["evaluationPeriodDescriptor"],
        "performanceEvaluationTitle": key.title,
        "performanceEvaluationTypeDescriptor": reference["performanceEvaluationTypeDescriptor"],
        "ratingLevels": levels_json(),
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
            ("EvaluationDescription", clip(description, 255)),
            ("MinRating", 1),
            ("MaxRating", 4),
            *levels("EvaluationRatingLevel"),
        ],
    )
    json = {
        "performanceEvaluationReference": key.performance_evaluation.json(),
        "evaluationTitle": key.title,
        "evaluationDescription": clip(description, 255),
        "minRating": 1,
        "maxRating": 4,
        "ratingLevels": levels_json(),
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
            ("EvaluationObjectiveDescription", clip(description, 255) or None),
            ("SortOrder", position),
            ("MinRating", 1),
            ("MaxRating", 4),
            *levels("ObjectiveRatingLevel"),
        ],
    )
    json = {
        "evaluationReference": key.evaluation.json(),
        "evaluationObjectiveTitle": key.title,
        "sortOrder": position,
        "minRating": 1,
        "maxRating": 4,
        "ratingLevels": levels_json(),
    }
    if description:
        json["evaluationObjectiveDescription"] = clip(description, 255)
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
            *levels("ElementRatingLevel"),
        ],
    )
    json = {
        "evaluationObjectiveReference": key.objective.json(),
        "evaluationElementTitle": key.title,
        "sortOrder": position,
        "minRating": 1,
        "maxRating": 4,
        "ratingLevels": levels_json(),
    }
    return xml, json


def rubric_dimensions(key: ElementKey, element) -> list[tuple[Node, dict]]:
    """What each of the four levels looks like for the element, Exemplary first."""
    out = []
    for order, (level, number) in enumerate(d.LEVEL_NUMBER.items(), start=1):
        descriptor = d.rating_level("RubricRatingLevelDescriptor", level)
        criterion = clip(getattr(element, level), 1024)
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
                ("FirstName", clip(evaluator.first_name, 75)),
                ("LastSurname", clip(evaluator.last_name, 75)),
            ],
        )
    ]


def _reviewer_json(evaluator) -> dict:
    if evaluator is None:
        return {}
    return {
        "reviewers": [
            {
                "firstName": clip(evaluator.first_name, 75),
                "lastSurname": clip(evaluator.last_name, 75),
            }
        ]
    }


def performance_evaluation_rating(rating: EvaluationRatingKey, summative) -> tuple[Node, dict]:
    return overall_rating(rating, summative.overall_rating, summative.cycle.primary_evaluator)


def overall_rating(rating: EvaluationRatingKey, level: str, evaluator) -> tuple[Node, dict]:
    """The educator's rating in the performance evaluation; ``evaluator``: who reviewed it
    (with ``first_name`` and ``last_name``), or None."""
    key, when = rating.rating, rating.date
    descriptor = d.rating_level("PerformanceEvaluationRatingLevelDescriptor", level)
    xml = (
        "PerformanceEvaluationRating",
        [
            key.person_xml(),
            key.performance_evaluation.xml(),
            ("ActualDate", when.date()),
            ("PerformanceEvaluationRatingResult", rating_result(level)),
            ("PerformanceEvaluationRatingLevel", descriptor),
            *_reviewer(evaluator),
        ],
    )
    json = {
        "personReference": key.person_json(),
        "performanceEvaluationReference": key.performance_evaluation.json(),
        "actualDate": when.date().isoformat(),
        "results": [rating_result_json(level)],
        "performanceEvaluationRatingLevelDescriptor": descriptor,
        **_reviewer_json(evaluator),
    }
    return xml, json


def evaluation_rating(key: EvaluationRatingKey, summative) -> tuple[Node, dict]:
    return rubric_rating(
        key,
        summative.overall_rating,
        d.STATUS_CODES[summative.status],
        summative.cycle.primary_evaluator,
    )


def rubric_rating(
    key: EvaluationRatingKey, level: str, status: str, evaluator
) -> tuple[Node, dict]:
    """The rating on the evaluation (rubric); ``status``: its code in ``d.STATUS_CODES``."""
    descriptor = d.rating_level("EvaluationRatingLevelDescriptor", level)
    status = d.tandem("EvaluationRatingStatusDescriptor", status)
    xml = (
        "EvaluationRating",
        [
            key.rating.xml(),
            key.evaluation.xml(),
            ("EvaluationDate", key.date_text()),
            *_reviewer(evaluator),
            ("EvaluationRatingResult", rating_result(level)),
            ("EvaluationRatingLevel", descriptor),
            ("EvaluationRatingStatus", status),
        ],
    )
    json = {
        "performanceEvaluationRatingReference": key.rating.json(),
        "evaluationReference": key.evaluation.json(),
        "evaluationDate": key.date_text(),
        **_reviewer_json(evaluator),
        "results": [rating_result_json(level)],
        "evaluationRatingLevelDescriptor": descriptor,
        "evaluationRatingStatusDescriptor": status,
    }
    return xml, json


def evaluation_objective_rating(
    key: EvaluationRatingKey, objective: ObjectiveKey, level: str
) -> tuple[Node, dict]:
    descriptor = d.rating_level("ObjectiveRatingLevelDescriptor", level)
    result = rating_result(level)
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
        "objectiveRatingResults": [rating_result_json(level, objective.title)],
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
