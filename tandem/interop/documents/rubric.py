"""A rubric's definitions (Evaluation, its EvaluationObjectives, EvaluationElements and
RubricDimensions), written once per framework version and replayed into each performance
evaluation that used it.

Ed-Fi keys force the repetition: an Evaluation's key holds its PerformanceEvaluation's whole
key (education organization, school year, type, period, term, title), and each objective,
element and dimension holds its parent's, so the same rubric is defined again in every
school year and plan type it was rated in (``keys.PerformanceEvaluationKey``). Only that key
differs between the copies: the definitions are written with a slot where it goes, and each
copy fills the slot in.
"""

from dataclasses import dataclass

from tandem.interop.documents import evaluation as documents
from tandem.interop.documents.keys import (
    ElementKey,
    EvaluationKey,
    Markup,
    ObjectiveKey,
    PerformanceEvaluationKey,
)
from tandem.interop.documents.markup import markup
from tandem.interop.writers import Interchanges, json_text

INTERCHANGE = "PerformanceEvaluation"
RESOURCES = ("evaluations", "evaluationObjectives", "evaluationElements", "rubricDimensions")

# NUL cannot be in XML text (``markup.escape`` refuses it), so no rubric's words hold it.
_SLOT_XML = "\x00performanceEvaluation\x00"
_SLOT_JSON = {
    field: f"\x00{field}\x00"
    for field in (
        "educationOrganizationId",
        "evaluationPeriodDescriptor",
        "performanceEvaluationTitle",
        "performanceEvaluationTypeDescriptor",
        "schoolYear",
        "termDescriptor",
    )
}


class _Slot:
    """Stands for the performance evaluation in the keys of the definitions."""

    def xml(self) -> Markup:
        return Markup(_SLOT_XML)

    def json(self) -> dict:
        return _SLOT_JSON


@dataclass
class Rubric:
    """A framework version's definitions, written with the performance evaluation's slot."""

    title: str  # the Evaluation's
    objectives: dict[object, str]  # each standard's objective title, by the standard's id
    # Their UTF-8, as the files hold it: replayed without being encoded again.
    xml: list[bytes]  # split at the slot
    json: dict[str, bytes]  # per resource, with each field's slot
    counts: dict[str, int]

    @classmethod
    def of(cls, version, standards) -> "Rubric":
        """``standards``: the version's standards, each with its elements, in order."""
        writing = _Writing(EvaluationKey.of(_Slot(), version))
        writing.add("evaluations", documents.evaluation(writing.evaluation, str(version)))
        for standard, elements in standards:
            objective = writing.objective(
                standard.pk,
                ObjectiveKey.of(writing.evaluation, standard),
                position=standard.position,
                description=standard.name,
            )
            for position, element in enumerate(elements, start=1):
                key = ElementKey.of(objective, element)
                writing.add(
                    "evaluationElements", documents.evaluation_element(key, position=position)
                )
                for pair in documents.rubric_dimensions(key, element):
                    writing.add("rubricDimensions", pair)
        return writing.rubric()

    @classmethod
    def prior(cls) -> "Rubric":
        """What ratings from before Tandem were given on: no rubric is known, only the four
        standards as the framework numbers them (objectives keyed by 1 to 4, no elements)."""
        writing = _Writing(EvaluationKey(_Slot(), PRIOR_TITLE))
        writing.add("evaluations", documents.evaluation(writing.evaluation, PRIOR_DESCRIPTION))
        for number, numeral in enumerate(("I", "II", "III", "IV"), start=1):
            objective = ObjectiveKey(writing.evaluation, f"Standard {numeral}")
            writing.objective(number, objective, position=number, description="")
        return writing.rubric()

    def write(self, out: Interchanges, performance: PerformanceEvaluationKey) -> None:
        """The definitions under ``performance``: its key filled into every slot."""
        out.markup(INTERCHANGE, performance.xml().encode().join(self.xml), self.counts)
        values = [
            (_SLOTS_JSON[f], json_text(value).encode()) for f, value in performance.json().items()
        ]
        for resource, items in self.json.items():
            for slot, value in values:
                items = items.replace(slot, value)
            out.resources(resource, items)


PRIOR_TITLE = "Summative rating from before Tandem"
PRIOR_DESCRIPTION = "Ratings a district recorded before it used Tandem; the rubric is not known."


class _Writing:
    """A rubric's definitions as they are written, with the slot for its key."""

    def __init__(self, evaluation: EvaluationKey):
        self.evaluation = evaluation
        self.objectives: dict[object, str] = {}
        self.xml: list[str] = []
        self.json: dict[str, list[str]] = {name: [] for name in RESOURCES}
        self.counts: dict[str, int] = {}

    def add(self, resource: str, pair) -> None:
        self.xml.append(markup(pair[0]) + "\n")
        self.json[resource].append(json_text(pair[1]))
        self.counts[pair[0][0]] = self.counts.get(pair[0][0], 0) + 1

    def objective(self, standard_id, key: ObjectiveKey, *, position: int, description: str):
        self.objectives[standard_id] = key.title
        self.add(
            "evaluationObjectives",
            documents.evaluation_objective(key, position=position, description=description),
        )
        return key

    def rubric(self) -> Rubric:
        return Rubric(
            title=self.evaluation.title,
            objectives=self.objectives,
            xml="".join(self.xml).encode().split(_SLOT_XML.encode()),
            json={name: ",\n".join(items).encode() for name, items in self.json.items() if items},
            counts=self.counts,
        )


# Each field's slot as the JSON of the definitions holds it.
_SLOTS_JSON = {field: json_text(slot).encode() for field, slot in _SLOT_JSON.items()}
