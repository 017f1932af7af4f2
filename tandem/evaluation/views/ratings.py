"""The standards and goals a formative or summative form rates, and its values so far."""

from tandem.rubrics.models import Standard


def standards_and_goals(cycle):
    standards = Standard.objects.filter(framework_version=cycle.framework_version).order_by(
        "position"
    )
    return {"standards": standards, "goals": cycle.goals.order_by("kind", "pk")}


def ratings_initial(report) -> dict:
    initial = {"version": report.version}
    for rating in report.standard_ratings.all():
        initial[f"level_{rating.standard_id}"] = rating.level
        initial[f"comment_{rating.standard_id}"] = rating.comment
    return initial
