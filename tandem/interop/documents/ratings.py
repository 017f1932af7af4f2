"""An educator's ratings (overall, on the rubric, on each standard) written from templates.

Every rating under one evaluation differs from the next only in the person, the day, the
evaluator's names, the level and the status, so each entity is built once by
``documents.evaluation`` with a slot for each of the first three (per level and status) and
its text is split at the slots; a rating's entities are the parts joined with its values. The
export writes hundreds of thousands of ratings, and building each node was most of its time.
"""

import json
import re

from tandem.interop.documents import evaluation as documents
from tandem.interop.documents.keys import (
    EvaluationKey,
    EvaluationRatingKey,
    ObjectiveKey,
    RatingKey,
    clip,
)
from tandem.interop.documents.markup import escape, markup
from tandem.interop.writers import Interchanges, json_text

INTERCHANGE = "PerformanceEvaluation"
NAME_LENGTH = 75  # a reviewer's names, as ``documents.evaluation`` clips them

# Private-use characters: they pass the XML escape and JSON as they are, and no key,
# title or descriptor of the templates holds them.
_SLOT = re.compile("\ue000([a-z]+)\ue001")


def _slot(name: str) -> str:
    return f"\ue000{name}\ue001"


class _Day:
    """Stands for the rating's day where a document writes a date."""

    def isoformat(self) -> str:
        return _slot("day")

    __str__ = isoformat


class _Moment:
    """Stands for the rating's moment (``EvaluationRatingKey.date``)."""

    def date(self) -> _Day:
        return _Day()

    def isoformat(self, timespec: str = "auto") -> str:
        return _slot("moment")


class _Reviewer:
    first_name = _slot("first")
    last_name = _slot("last")


class _Template:
    """A text split at its slots: constant parts and, between them, the slots' names."""

    def __init__(self, text: str):
        self.parts = _SLOT.split(text)

    def fill(self, values: dict[str, str]) -> str:
        parts = self.parts.copy()
        for n in range(1, len(parts), 2):
            parts[n] = values[parts[n]]
        return "".join(parts)


class RatingWriter:
    """Writes each rating's entities from the templates of its evaluation, made as first
    needed."""

    def __init__(self, out: Interchanges):
        self.out = out
        self.templates: dict[tuple, tuple[_Template, _Template]] = {}

    def _template(self, at: tuple, build) -> tuple[_Template, _Template]:
        template = self.templates.get(at)
        if template is None:
            xml, document = build()
            template = self.templates[at] = (
                _Template(markup(xml) + "\n"),
                _Template(json_text(document)),
            )
        return template

    def write(
        self,
        evaluation: EvaluationKey,
        objectives: list[tuple[ObjectiveKey, str]],
        *,
        person_id: str,
        when,
        level: str,
        status: str,
        evaluator,
    ) -> None:
        """One rating: ``objectives`` (objective, level) are its standards' ratings; ``when``
        a naive datetime; ``evaluator`` (``first_name``, ``last_name``) or None."""
        xml_values = {
            "person": escape(person_id),
            "day": when.date().isoformat(),
            "moment": when.isoformat(timespec="seconds"),
        }
        json_values = {**xml_values, "person": _json_string(person_id)}
        if evaluator is not None:
            first = clip(evaluator.first_name, NAME_LENGTH)
            last = clip(evaluator.last_name, NAME_LENGTH)
            xml_values |= {"first": escape(first), "last": escape(last)}
            json_values |= {"first": _json_string(first), "last": _json_string(last)}
        reviewer = None if evaluator is None else _Reviewer()
        # By the keys' identity: the export keeps each key, and hashing one hashes its parents.
        kept = (id(evaluation), level, reviewer is None)
        overall = self._template(
            ("overall", *kept),
            lambda: documents.overall_rating(_key(evaluation), level, reviewer),
        )
        rubric = self._template(
            ("rubric", *kept, status),
            lambda: documents.rubric_rating(_key(evaluation), level, status, reviewer),
        )
        xml = [overall[0].fill(xml_values), rubric[0].fill(xml_values)]
        self.out.resources("performanceEvaluationRatings", overall[1].fill(json_values))
        self.out.resources("evaluationRatings", rubric[1].fill(json_values))
        standards = []
        for objective, standard_level in objectives:
            template = self._template(
                ("objective", id(objective), standard_level),
                lambda objective=objective, level=standard_level: (
                    documents.evaluation_objective_rating(_key(evaluation), objective, level)
                ),
            )
            xml.append(template[0].fill(xml_values))
            standards.append(template[1].fill(json_values))
        counts = {"PerformanceEvaluationRating": 1, "EvaluationRating": 1}
        if standards:
            counts["EvaluationObjectiveRating"] = len(standards)
            self.out.resources("evaluationObjectiveRatings", ",\n".join(standards))
        self.out.markup(INTERCHANGE, "".join(xml), counts)


def _key(evaluation: EvaluationKey) -> EvaluationRatingKey:
    """A rating's key under ``evaluation`` with slots for the person and the moment."""
    return EvaluationRatingKey(
        RatingKey(evaluation.performance_evaluation, _slot("person")), evaluation, _Moment()
    )


def _json_string(value: str) -> str:
    """``value`` as a JSON string's content, without its quotes."""
    return json.dumps(value, ensure_ascii=False)[1:-1]
