"""Summative ratings from before Tandem: the district's history, one row per educator and year."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from tandem.evaluation.models import PriorRating
from tandem.evaluation.models.prior import STANDARDS
from tandem.imports.kinds.base import (
    Checked,
    Column,
    EmploymentIndex,
    Kind,
    WritesRows,
    as_text,
    choice,
    choices_help,
    date,
    district_years,
    educator_columns,
    optional_choice,
    school_year_of,
    stored,
    text,
)
from tandem.organizations.vocabulary import PlanType
from tandem.rubrics.models import PerformanceLevel

# What a later file may change on a rating; the educator and the year name it.
CHANGEABLE = ("plan_type", "overall_rating", *STANDARDS, "evaluated_on")
LEVELS = choices_help(PerformanceLevel.choices)

COLUMNS = [
    *educator_columns(),
    Column(
        "school_year",
        gettext_lazy("The school year of the summative evaluation, by its name, such as 2023-24."),
        "2023-24",
        required=True,
        parse=text(9),
    ),
    Column(
        "plan_type",
        gettext_lazy("The Educator Plan the educator was on: %(choices)s.")
        % {"choices": choices_help(PlanType.choices)},
        "self_directed",
        required=True,
        parse=choice(PlanType.choices),
    ),
    Column(
        "overall_rating",
        gettext_lazy("The summative rating overall: %(levels)s.") % {"levels": LEVELS},
        "proficient",
        required=True,
        parse=choice(PerformanceLevel.choices),
    ),
    *(
        Column(
            name,
            gettext_lazy("The rating on Standard %(n)s, in the same words; empty if not recorded.")
            % {"n": numeral},
            "proficient",
            parse=optional_choice(PerformanceLevel.choices),
        )
        for name, numeral in zip(STANDARDS, ("I", "II", "III", "IV"), strict=True)
    ),
    Column(
        "evaluated_on",
        gettext_lazy("The day of the summative evaluation, as YYYY-MM-DD."),
        "2024-05-20",
        required=True,
        parse=date,
    ),
]


@dataclass
class Context:
    district: object
    employments: EmploymentIndex
    years: dict[str, int]
    current: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)
    index: dict[tuple[int, int], str] = field(default_factory=dict)
    active: set[str] = field(default_factory=set)


class PriorRatings(WritesRows, Kind):
    slug = "prior_ratings"
    label = gettext_lazy("Summative ratings from before Tandem")
    intro = gettext_lazy(
        "The district's history of summative evaluations from before Tandem: one row per "
        "educator and school year. Import the educators first: each row names the educator by "
        "employee number or MEPID, and the school year must be one of the district's. A rating "
        "is matched on the educator and the year; its plan, ratings and date may change. "
        "Ratings the file leaves out stay as they are. These are confidential personnel "
        "records, read only by those who may read the educator's personnel record."
    )
    columns = COLUMNS
    model = PriorRating
    changeable = CHANGEABLE

    def context(self, district) -> Context:
        context = Context(
            district=district,
            employments=EmploymentIndex(district),
            years=district_years(district),
        )
        names = context.employments.names
        year_names = {pk: name for name, pk in context.years.items()}
        for pk, employment_id, year_id, *values in stored(
            PriorRating.objects.filter(employment__district=district),
            "pk",
            "employment_id",
            "school_year_id",
            *CHANGEABLE,
        ):
            key = f"prior_rating:{pk}"
            fields = dict(zip(CHANGEABLE, values, strict=True))
            fields.update(school_year=year_names[year_id], employee_number=names[employment_id])
            context.current[key] = (pk, {name: as_text(v) for name, v in fields.items()})
            context.index[(employment_id, year_id)] = key
        return context

    def check(self, row: Checked, context: Context) -> None:
        employment = context.employments.find(row, "employee_number", "state_id")
        row.values["_employment"] = employment[0] if employment else None
        row.values["_who"] = context.employments.names.get(row.values["_employment"])
        row.values["_year"] = school_year_of(row, context.years)

    def file_keys(self, values: dict) -> tuple[str, ...]:
        if values.get("_who") is None:
            return ()
        return (f"{values['_who']} · {values.get('school_year')}",)

    def match(self, values: dict, context: Context) -> str | None:
        return context.index.get((values["_employment"], values["_year"]))

    def comparable(self, values: dict) -> dict[str, str]:
        return {name: as_text(values.get(name)) for name in ("school_year", *CHANGEABLE)}

    def label_of(self, values: dict) -> str:
        who = values.get("employee_number") or values.get("state_id") or ""
        return f"{who} · {values.get('school_year', '')} · {values.get('overall_rating', '')}"

    def build(self, values: dict) -> PriorRating:
        return PriorRating(
            employment_id=values["_employment"],
            school_year_id=values["_year"],
            **{name: values[name] for name in CHANGEABLE},
        )
