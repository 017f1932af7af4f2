"""TPDM InterchangePerformanceEvaluation: a district's summative ratings, as another Ed-Fi
system (or another Tandem) publishes them, loaded as ratings from before Tandem.

How Tandem reads it, for the district the run is for:

- Each PerformanceEvaluationRating is an ``evaluation.PriorRating`` of the person's employment
  in the district: the person by PersonId (the state educator identifier, StaffUniqueId), the
  school year and the plan type (Tandem's PerformanceEvaluationType descriptor) from the
  performance evaluation it refers to, the overall rating from its rating level, and the day
  from ActualDate. It is matched on the employment and the school year, as the
  ``prior_ratings`` kind matches a row, and written by that kind.
- Each EvaluationObjectiveRating gives the rating of one standard (I to IV, named at the start
  of the objective's title: "Standard II: …") of the PerformanceEvaluationRating it hangs from.
- The definitions (PerformanceEvaluation, Evaluation, EvaluationObjective, EvaluationElement,
  RubricDimension) and the EvaluationRating are read only to resolve references; nothing of
  them is kept, nor of an EvaluationElementRating (Tandem rates standards, not elements).

A signed summative cannot be made from a file: its signatures are the signers' own acts. A
Tandem summative exported and imported here arrives as a rating from before Tandem.

Entities refer to each other by their keys read by element name, never by position, so a
change in what keys a performance evaluation does not change how a rating is read. Every
unknown descriptor and every reference to an entity that is not in the file, to a person who
is not an educator of the district or to a year the district does not have is a problem,
with its line, element and value. Nothing the file leaves out is removed.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.imports import edfi_xml
from tandem.imports.kinds.edfi import EdfiKind
from tandem.imports.kinds.prior_ratings import Context as PriorContext
from tandem.imports.kinds.prior_ratings import PriorRatings
from tandem.interop import descriptors as d
from tandem.organizations.models import SchoolYear
from tandem.people.models import Person

PERFORMANCE = "PerformanceEvaluation"
EVALUATION = "Evaluation"
OBJECTIVE = "EvaluationObjective"
ELEMENT = "EvaluationElement"
DIMENSION = "RubricDimension"
RATING = "PerformanceEvaluationRating"
EVALUATION_RATING = "EvaluationRating"
OBJECTIVE_RATING = "EvaluationObjectiveRating"
RATING_RECORD = "prior_rating"
# What names a performance evaluation, read by element name wherever its key puts them.
PERFORMANCE_KEY = (
    "PerformanceEvaluationTitle",
    "Term",
    "PerformanceEvaluationType",
    "SchoolYear",
    "EvaluationPeriod",
    "EducationOrganizationId",
)
PERSON_ID = "PersonReference/PersonIdentity/PersonId"
STANDARD_TITLE = re.compile(r"^Standard (IV|III|II|I)(?![A-Za-z])")
STANDARD_NUMBER = {"I": 1, "II": 2, "III": 3, "IV": 4}
ED_FI_SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def _first(node, tag: str) -> str:
    found = next(node.iter(edfi_xml.NS + tag), None)
    return (found.text or "").strip() if found is not None else ""


def _performance(node) -> tuple:
    return tuple(_first(node, tag) for tag in PERFORMANCE_KEY)


def _evaluation(node) -> tuple:
    return (*_performance(node), _first(node, "EvaluationTitle"))


def _objective(node) -> tuple:
    return (*_evaluation(node), _first(node, "EvaluationObjectiveTitle"))


def _element(node) -> tuple:
    return (*_objective(node), _first(node, "EvaluationElementTitle"))


def _rating(node) -> tuple:
    return (_first(node, "PersonId"), *_performance(node))


def _evaluation_rating(node) -> tuple:
    return (*_rating(node), _first(node, "EvaluationTitle"), _first(node, "EvaluationDate"))


def _level(name: str, value: str) -> str | None:
    """The Massachusetts rating one of Tandem's rating-level descriptors names."""
    return next((lv for lv in d.RATING_CODES if d.rating_level(name, lv) == value), None)


def _standard(title: str) -> int | None:
    match = STANDARD_TITLE.match(title)
    return STANDARD_NUMBER[match[1]] if match else None


@dataclass
class Context:
    district: object
    prior: PriorContext
    # The district's school years by the calendar year they end in, as Ed-Fi counts them.
    years: dict[int, tuple[str, int]]
    current: dict = field(default_factory=dict)
    active: set = field(default_factory=set)


class EdfiRatings(EdfiKind):
    slug = "edfi_ratings"
    label = gettext_lazy("Ed-Fi summative ratings (TPDM XML)")
    intro = gettext_lazy(
        "A TPDM InterchangePerformanceEvaluation another Ed-Fi system (or another Tandem) "
        "publishes for your district. Each educator's rating in a performance evaluation comes "
        "in as a summative rating from before Tandem, with the rating of each standard (I to "
        "IV): matched on the educator (state identifier) and the school year, as the ratings "
        "import does. Import the staff first. A signed summative cannot be made from a file, "
        "since its signatures are the signers' own acts: a summative signed in another Tandem "
        "arrives as a rating from before Tandem. Nothing the file leaves out is removed."
    )
    interchange = "InterchangePerformanceEvaluation"
    entities = [
        (
            RATING,
            gettext_lazy(
                "An educator's summative rating: the educator (PersonId, the state identifier), "
                "the school year and plan type of its performance evaluation, the overall "
                "rating level and the day (ActualDate)."
            ),
        ),
        (
            OBJECTIVE_RATING,
            gettext_lazy(
                "The rating of one standard, named at the start of its objective's title "
                "(Standard I to Standard IV)."
            ),
        ),
        (
            f"{PERFORMANCE}, {EVALUATION}, {EVALUATION_RATING}, {OBJECTIVE}, {ELEMENT}, "
            f"{DIMENSION}",
            gettext_lazy(
                "Read only to check what the ratings refer to; Tandem keeps none of them. "
                "Ratings of elements are left out: Tandem rates the standards."
            ),
        ),
    ]

    def context(self, district) -> Context:
        prior = PriorRatings().context(district)
        years = {
            end.year: (name, pk)
            for pk, name, end in SchoolYear.objects.filter(district=district).values_list(
                "pk", "name", "end_date"
            )
        }
        return Context(district=district, prior=prior, years=years, current=prior.current)

    def index(self, stream, context: Context) -> dict:
        keys = {tag: set() for tag in (PERFORMANCE, EVALUATION, OBJECTIVE, ELEMENT, RATING)}
        keys[EVALUATION_RATING] = set()
        standards, levels, people = {}, {}, set()
        for element in edfi_xml.entities(stream, self.interchange):
            tag = edfi_xml.local(element.tag)
            if tag == PERFORMANCE:
                keys[tag].add(_performance(element))
            elif tag == EVALUATION:
                keys[tag].add(_evaluation(element))
            elif tag == OBJECTIVE:
                key = _objective(element)
                keys[tag].add(key)
                standards[key] = _standard(key[-1])
            elif tag == ELEMENT:
                keys[tag].add(_element(element))
            elif tag == RATING:
                keys[tag].add(_rating(element))
                people.add(edfi_xml.text(element, PERSON_ID))
            elif tag == EVALUATION_RATING:
                keys[tag].add(_evaluation_rating(element))
            elif tag == OBJECTIVE_RATING:
                objective = self._objective_of(element)
                number = standards.get(_objective(objective)) if objective is not None else None
                level = _level(
                    "ObjectiveRatingLevelDescriptor",
                    edfi_xml.text(element, "ObjectiveRatingLevel"),
                )
                if number and level:
                    levels.setdefault(_rating(element), {}).setdefault(number, level)
        known = set()
        people.discard("")
        listed = sorted(people)
        for start in range(0, len(listed), 5000):
            known.update(
                Person.objects.filter(state_id__in=listed[start : start + 5000]).values_list(
                    "state_id", flat=True
                )
            )
        return {
            "keys": keys,
            "standards": standards,
            "levels": levels,
            "people": known,
            "rated": set(),
        }

    @staticmethod
    def _objective_of(element):
        """An objective rating's EvaluationObjectiveReference (its own, not the rating's)."""
        return element.find(edfi_xml.NS + "EvaluationObjectiveReference")

    def _refers(self, reading, index, tag: str, what, key_of, path: str) -> None:
        """A problem when the reference at ``path`` names no ``tag`` of the file."""
        node = reading.node(path)
        if node is None:
            reading.missing(path.split("/")[0], _("is required"))
        elif key_of(node) not in index["keys"][tag]:
            reading.problem(
                node,
                _("refers to %(what)s that is not in the file") % {"what": what},
                " · ".join(part for part in key_of(node) if part),
            )

    def read(self, reading, tag, index, context: Context) -> None:
        pe = "PerformanceEvaluationReference"
        if tag == RATING:
            self._refers(
                reading, index, PERFORMANCE, _("a performance evaluation"), _performance, pe
            )
            self._rating(reading, index, context)
        elif tag in (EVALUATION,):
            self._refers(
                reading, index, PERFORMANCE, _("a performance evaluation"), _performance, pe
            )
        elif tag == OBJECTIVE:
            self._refers(
                reading, index, EVALUATION, _("an evaluation"), _evaluation, "EvaluationReference"
            )
        elif tag == ELEMENT:
            self._refers(
                reading,
                index,
                OBJECTIVE,
                _("an evaluation objective"),
                _objective,
                "EvaluationObjectiveReference",
            )
        elif tag == DIMENSION:
            self._refers(
                reading,
                index,
                ELEMENT,
                _("an evaluation element"),
                _element,
                "EvaluationElementReference",
            )
        elif tag == EVALUATION_RATING:
            self._refers(
                reading,
                index,
                RATING,
                _("a performance evaluation rating"),
                _rating,
                "PerformanceEvaluationRatingReference",
            )
            self._refers(
                reading, index, EVALUATION, _("an evaluation"), _evaluation, "EvaluationReference"
            )
        elif tag == OBJECTIVE_RATING:
            self._objective_rating(reading, index)

    def _objective_rating(self, reading, index) -> None:
        self._refers(
            reading,
            index,
            EVALUATION_RATING,
            _("an evaluation rating"),
            _evaluation_rating,
            "EvaluationRatingReference",
        )
        self._refers(
            reading,
            index,
            OBJECTIVE,
            _("an evaluation objective"),
            _objective,
            "EvaluationObjectiveReference",
        )
        objective = self._objective_of(reading.element)
        if objective is None:
            return
        title_node = next(objective.iter(edfi_xml.NS + "EvaluationObjectiveTitle"), None)
        number = _standard(_first(objective, "EvaluationObjectiveTitle"))
        if number is None and title_node is not None:
            reading.problem(
                title_node,
                _(
                    "names none of the standards Tandem rates: its title begins Standard I to "
                    "Standard IV"
                ),
            )
        self._level_of(reading, "ObjectiveRatingLevel", "ObjectiveRatingLevelDescriptor")
        if number is not None:
            rated = (_rating(reading.element), number)
            if rated in index["rated"]:
                reading.problem(title_node, _("is rated a second time in the same rating"))
            index["rated"].add(rated)

    def _level_of(self, reading, tag: str, name: str) -> str | None:
        node = reading.node(tag)
        if node is None:
            reading.missing(tag, _("is required"))
            return None
        level = _level(name, (node.text or "").strip())
        if level is None and not any(
            node is n for n, _r in edfi_xml.unknown_descriptors(reading.element)
        ):
            reading.problem(
                node,
                _("is not one of Tandem's rating levels: %(levels)s")
                % {"levels": ", ".join(d.rating_level(name, lv) for lv in d.RATING_CODES)},
            )
        return level

    def _rating(self, reading, index, context: Context) -> None:
        element, values = reading.element, reading.row.values
        # A rating on the state's rubric is keyed by the state agency, on the district's own
        # by the district (interop.documents.keys.PerformanceEvaluationKey).
        here = int(context.district.org_code)
        owners = {str(here), str(int(context.district.state.code))}
        edorg = next(element.iter(edfi_xml.NS + "EducationOrganizationId"), None)
        if edorg is not None and (edorg.text or "").strip() not in owners:
            reading.problem(
                edorg,
                _(
                    "is neither this district (%(id)s) nor its state: import a file for each district"
                )
                % {"id": here},
            )
        state_id = edfi_xml.text(element, PERSON_ID)
        employment = context.prior.employments.by_state_id.get(state_id)
        if reading.node(PERSON_ID) is None:
            reading.missing("PersonReference", _("is required"))
        elif employment is None:
            reading.problem(
                reading.node(PERSON_ID),
                _("is an educator with no employment in this district: import the staff first")
                if state_id in index["people"]
                else _(
                    "is not the state identifier of an educator in Tandem: import the staff first"
                ),
            )
        year_name, year = self._year(reading, context)
        plan_type = self._plan_type(reading)
        overall = self._level_of(
            reading,
            "PerformanceEvaluationRatingLevel",
            "PerformanceEvaluationRatingLevelDescriptor",
        )
        standards = index["levels"].get(_rating(element), {})
        values.update(
            _record=RATING_RECORD,
            _employment=employment[0] if employment else None,
            _year=year,
            employee_number="",
            state_id=state_id,
            school_year=year_name,
            plan_type=plan_type,
            overall_rating=overall,
            evaluated_on=reading.date("ActualDate", required=True),
            **{f"standard_{n}": standards.get(n, "") for n in range(1, 5)},
        )
        values["_who"] = context.prior.employments.names.get(values["_employment"])
        keys = PriorRatings().file_keys(values)
        values["_key"] = keys[0] if keys else ""

    def _year(self, reading, context: Context) -> tuple[str, int | None]:
        node = next(reading.element.iter(edfi_xml.NS + "SchoolYear"), None)
        if node is None:
            reading.missing("SchoolYear", _("is required"))
            return "", None
        text = (node.text or "").strip()
        match = ED_FI_SCHOOL_YEAR.match(text)
        if match is None or int(match[2]) != int(match[1]) + 1:
            reading.problem(node, _("is not a school year written as 2023-2024"))
            return "", None
        name, pk = context.years.get(int(match[2]), ("", None))
        if pk is None:
            reading.problem(
                node,
                _("is not a school year of this district: add the year to Tandem first"),
            )
        return name, pk

    def _plan_type(self, reading) -> str | None:
        node = next(reading.element.iter(edfi_xml.NS + "PerformanceEvaluationType"), None)
        if node is None:
            reading.missing("PerformanceEvaluationType", _("is required"))
            return None
        plan_type = d.plan_type_of((node.text or "").strip())
        if plan_type is None and not any(
            node is n for n, _r in edfi_xml.unknown_descriptors(reading.element)
        ):
            reading.problem(
                node,
                _("is not one of Tandem's plan types: %(types)s")
                % {"types": ", ".join(d.plan_type(p) for p in d.PLAN_TYPE_CODES)},
            )
        return plan_type

    def file_keys(self, values: dict) -> tuple[str, ...]:
        return PriorRatings().file_keys(values) if values.get("_record") == RATING_RECORD else ()

    def match(self, values: dict, context: Context) -> str | None:
        return PriorRatings().match(values, context.prior)

    def comparable(self, values: dict) -> dict[str, str]:
        return PriorRatings().comparable(values)

    def label_of(self, values: dict) -> str:
        return PriorRatings().label_of(values)

    def apply(self, context: Context, *, adds, changes, absent, end_date, by) -> None:
        PriorRatings().apply(
            context.prior, adds=adds, changes=changes, absent=[], end_date=None, by=by
        )
