"""The figures the state publishes with no sign-in (issue 13 item 6): the state's and each
district's summative ratings, from the state dashboard's own suppression (so the two never
disagree on what is hidden), and the equity gaps of ``insights.selectors.equity``.

The equity gaps count teachers in the highest- and lowest-poverty and -minority quarters of
schools, for the state and within each district; each trait is a table of its own whose
columns are teachers with it and without it, and the three go through ``suppress`` together
over the schools (a school's teachers are its finest group).
"""

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tandem.dashboards.figures import Figure, Filters, figures
from tandem.insights.selectors import equity
from tandem.organizations.models import District
from tandem.records.suppression import Row, Table, suppress

SIDES = [
    ("high", "poverty", _l("Highest-poverty quarter of schools")),
    ("low", "poverty", _l("Lowest-poverty quarter of schools")),
    ("high", "minority", _l("Highest-minority quarter of schools")),
    ("low", "minority", _l("Lowest-minority quarter of schools")),
]
TITLES = {
    "inexperienced": _l("Inexperienced teachers"),
    "out_of_field": _l("Out-of-field teachers"),
    "ineffective": _l("Ineffective teachers"),
}


def _quarter_rows(scope_key, scope_name, rows) -> list[Row]:
    out = []
    for side, which, label in SIDES:
        low, high = equity.quartiles(rows, which)
        members = frozenset(r.school_id for r in (high if side == "high" else low))
        out.append(
            Row(
                (scope_key, side, which),
                f"{scope_name}: {label}",
                lambda school_id, members=members: school_id in members,
            )
        )
    return out


def equity_figures(filters: Filters) -> list[Figure]:
    """Each trait's share among the teachers of each quarter of schools, state and district."""
    schools = equity.schools(filters.year)
    population = {}
    for row in schools:
        counts = Counter()
        for measure in equity.MEASURES:
            with_trait = getattr(row.counts, measure)
            counts[f"{measure}:with"] = with_trait
            counts[f"{measure}:without"] = row.counts.teachers - with_trait
        population[row.school_id] = counts
    rows = _quarter_rows("state", _("The state"), schools)
    for district in District.objects.order_by("name"):
        mine = [r for r in schools if r.district_id == district.pk]
        if mine:
            rows += _quarter_rows(district.pk, district.name, mine)
    tables = [
        Table(name=measure, rows=rows, columns=(f"{measure}:with", f"{measure}:without"))
        for measure in equity.MEASURES
    ]
    shown = suppress(population, tables, aggregates_only=True)
    return [
        Figure(
            f"equity_{measure}",
            TITLES[measure],
            _("Schools"),
            [(f"{measure}:with", _("With the trait")), (f"{measure}:without", _("Without it"))],
            shown[measure],
            f"{equity.how_computed(measure)} "
            f"{equity.how_computed('quartiles', share=_('the students counted'))}",
        )
        for measure in equity.MEASURES
    ]


def public_figures(filters: Filters) -> list[Figure]:
    state = figures(Filters(filters.year), aggregates_only=True)
    return [state["ratings"], state["trend"], *equity_figures(filters)]
