"""Reads about joint strategic plans: versions, signatures, measures and the action items that
carry them."""

import datetime
import math
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.collaboration.models import (
    KEY_OFFICES,
    MeasureProgress,
    PlanVersion,
    StrategicPlan,
    Team,
)
from tandem.collaboration.plan_content import counts_whole, is_percent, measure_value, measures
from tandem.collaboration.selectors.consent import PartyConsent, consent_status


def plan_versions(plan: StrategicPlan) -> list[PlanVersion]:
    return list(plan.versions.order_by("-number"))


def plan_current(versions: list[PlanVersion]) -> tuple[PlanVersion | None, PlanVersion | None]:
    """(the adopted version, the draft) of a plan's versions."""
    adopted = next((v for v in versions if v.status == PlanVersion.Status.ADOPTED), None)
    draft = next((v for v in versions if v.status == PlanVersion.Status.DRAFT), None)
    return adopted, draft


def plan_signatures(*, version: PlanVersion, day: datetime.date) -> list[PartyConsent]:
    return consent_status(
        district_id=version.plan.team.district_id,
        consents=list(version.party_signatures.select_related("grant__user", "signature")),
        day=day,
    )


def plan_adopting_signatures(*, version: PlanVersion) -> list[PartyConsent]:
    """For each party, the signature that adopted this version. An adopted plan stays adopted
    when an office changes hands, so unlike a draft's, these signatures never lapse."""
    signed = {
        s.party: s
        for s in version.party_signatures.select_related("grant__user", "signature").order_by(
            "signature__signed_at"
        )
    }
    return [PartyConsent(party, None, signed.get(party), []) for party in KEY_OFFICES]


def plan_version_standing(*, version: PlanVersion, day: datetime.date) -> list[PartyConsent]:
    """The signatures that adopted a version, or a draft's as they stand on ``day``."""
    if version.adopted_on:
        return plan_adopting_signatures(version=version)
    return plan_signatures(version=version, day=day)


# The plot's frame: room on the left for the values, below for the dates.
CHART_W, CHART_H = 480, 200
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 64, 464, 16, 160
MOST_DATE_TICKS = 4


@dataclass(frozen=True)
class Tick:
    at: float  # the x or y of the tick in the chart
    label: str


@dataclass(frozen=True)
class MeasureChart:
    """A measure's readings on a small chart: dates along the bottom, values up the side in
    the measure's unit, the baseline and target as lines; the table beside it has each
    reading. The dashboards' charts are stacked shares of a whole, not a series over time,
    so this one is collaboration's own."""

    goal: dict
    measure: dict
    readings: list
    points: list[tuple[float, float]]
    baseline_y: float
    target_y: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    value_axis: str  # the values' unit, as the side axis names it
    values: list[str]  # each reading's value written with its unit, as the table shows it
    width: int = CHART_W
    height: int = CHART_H
    left: int = PLOT_LEFT
    right: int = PLOT_RIGHT
    top: int = PLOT_TOP
    bottom: int = PLOT_BOTTOM

    @property
    def latest(self):
        return self.readings[-1] if self.readings else None

    @property
    def rows(self) -> list[tuple]:
        """(reading, its value with the unit) for the table."""
        return list(zip(self.readings, self.values, strict=True))

    @property
    def polyline(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.points)


def _value_ticks(low: float, high: float, whole: bool) -> list[float]:
    """Three to five round values from ``low`` to ``high``, whole numbers for a count."""
    span = high - low
    step = 10 ** math.floor(math.log10(span / 4)) if span > 0 else 1.0
    for factor in (1, 2, 5, 10):
        if span / (step * factor) <= 4:
            step *= factor
            break
    if whole:
        step = max(1.0, round(step))
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step / 2:
        ticks.append(round(value, 6))
        value += step
    return ticks


def _measure_chart(goal: dict, measure: dict, own: list[MeasureProgress]) -> MeasureChart:
    unit = measure.get("unit", "")
    whole = counts_whole(unit)
    values = [float(r.value) for r in own] + [float(measure["baseline"]), float(measure["target"])]
    ticks = _value_ticks(min(values), max(values), whole)
    low, high = ticks[0], ticks[-1]
    span = (high - low) or 1.0

    def y(value) -> float:
        return round(PLOT_BOTTOM - (float(value) - low) / span * (PLOT_BOTTOM - PLOT_TOP), 1)

    def x(day: datetime.date) -> float:
        if not own or own[0].recorded_on == own[-1].recorded_on:
            return (PLOT_LEFT + PLOT_RIGHT) / 2
        days = (own[-1].recorded_on - own[0].recorded_on).days
        return round(
            PLOT_LEFT + (day - own[0].recorded_on).days / days * (PLOT_RIGHT - PLOT_LEFT), 1
        )

    dates = [r.recorded_on for r in own]
    if len(dates) > MOST_DATE_TICKS:  # the first, the last and evenly between
        step = (len(dates) - 1) / (MOST_DATE_TICKS - 1)
        dates = [dates[round(i * step)] for i in range(MOST_DATE_TICKS)]
    return MeasureChart(
        goal=goal,
        measure=measure,
        readings=own,
        points=[(x(r.recorded_on), y(r.value)) for r in own],
        baseline_y=y(measure["baseline"]),
        target_y=y(measure["target"]),
        x_ticks=[Tick(x(day), date_format(day, "M Y")) for day in dates],
        y_ticks=[
            Tick(y(value), measure_value(value, "%" if is_percent(unit) else "")) for value in ticks
        ],
        value_axis=_("percent") if is_percent(unit) else unit,
        values=[measure_value(r.value, unit) for r in own],
    )


def measure_charts(*, plan: StrategicPlan, content: dict) -> list[MeasureChart]:
    """One chart per measure of ``content``, from the plan's recorded readings."""
    readings: dict[str, list[MeasureProgress]] = {}
    for reading in plan.progress.order_by("recorded_on", "pk"):
        readings.setdefault(reading.measure_key, []).append(reading)
    return [
        _measure_chart(goal, measure, readings.get(measure["key"], []))
        for goal, measure in measures(content)
    ]


def plan_step_choices(*, team: Team) -> list[tuple[str, str]]:
    """("<plan id>:<step key>", label) for each action step of the team's adopted plans."""
    choices = []
    for version in PlanVersion.objects.filter(
        plan__team=team, status=PlanVersion.Status.ADOPTED
    ).select_related("plan"):
        for strategy in version.content["strategies"]:
            for initiative in strategy["initiatives"]:
                for step in initiative["steps"]:
                    choices.append(
                        (
                            f"{version.plan_id}:{step['key']}",
                            f"{version.plan.title}: {step['title']}",
                        )
                    )
    return choices


def plan_action_items(*, plan: StrategicPlan, content: dict) -> list[tuple[dict, list]]:
    """Each action step of ``content`` with the meetings' action items that carry it forward."""
    items: dict[str, list] = {}
    for item in plan.action_items.select_related("owner", "meeting"):
        items.setdefault(item.plan_step_key, []).append(item)
    return [
        (step, items.get(step["key"], []))
        for strategy in content["strategies"]
        for initiative in strategy["initiatives"]
        for step in initiative["steps"]
        if step["key"] in items
    ]


def plan_progress(*, content: dict, readings) -> float | None:
    """The mean, over the measures that have a reading, of the share of the way from the
    baseline to the target that the latest reading has come (0 to 1)."""
    latest: dict[str, MeasureProgress] = {}
    for reading in sorted(readings, key=lambda r: (r.recorded_on, r.pk)):
        latest[reading.measure_key] = reading
    shares = []
    for _goal, measure in measures(content):
        reading = latest.get(measure["key"])
        span = measure["target"] - measure["baseline"]
        if reading is None or not span:
            continue
        shares.append(min(1.0, max(0.0, (float(reading.value) - measure["baseline"]) / span)))
    return sum(shares) / len(shares) if shares else None
