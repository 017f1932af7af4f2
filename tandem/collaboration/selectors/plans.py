"""Reads about joint strategic plans: versions, signatures, measures and the action items that
carry them."""

import datetime
from dataclasses import dataclass

from tandem.collaboration.models import (
    KEY_OFFICES,
    MeasureProgress,
    PlanVersion,
    StrategicPlan,
    Team,
)
from tandem.collaboration.plan_content import measures
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


CHART_W, CHART_H, CHART_PAD = 480, 160, 12


@dataclass(frozen=True)
class MeasureChart:
    """A measure's readings drawn on a small chart, with its baseline and target."""

    goal: dict
    measure: dict
    readings: list
    points: str
    baseline_y: float
    target_y: float
    width: int = CHART_W
    height: int = CHART_H

    @property
    def latest(self):
        return self.readings[-1] if self.readings else None


def measure_charts(*, plan: StrategicPlan, content: dict) -> list[MeasureChart]:
    """One chart per measure of ``content``, from the plan's recorded readings."""
    readings: dict[str, list[MeasureProgress]] = {}
    for reading in plan.progress.order_by("recorded_on", "pk"):
        readings.setdefault(reading.measure_key, []).append(reading)
    charts = []
    for goal, measure in measures(content):
        own = readings.get(measure["key"], [])
        values = [float(r.value) for r in own] + [measure["baseline"], measure["target"]]
        low, high = min(values), max(values)
        span = (high - low) or 1.0

        def y(value, low=low, span=span):
            return round(
                CHART_H - CHART_PAD - (float(value) - low) / span * (CHART_H - 2 * CHART_PAD), 1
            )

        if own:
            first = own[0].recorded_on
            days = max((own[-1].recorded_on - first).days, 1)
            points = " ".join(
                f"{round(CHART_PAD + (r.recorded_on - first).days / days * (CHART_W - 2 * CHART_PAD), 1)},"
                f"{y(r.value)}"
                for r in own
            )
        else:
            points = ""
        charts.append(
            MeasureChart(goal, measure, own, points, y(measure["baseline"]), y(measure["target"]))
        )
    return charts


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
