"""The ratings on the standards that a formative evaluation and a summative share: checked
against the cycle's rubric, written, and held to the framework's rules."""

from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.evaluation.framework import overall_rating_problems
from tandem.evaluation.models import EvaluationCycle, StandardRating
from tandem.rubrics.models import PerformanceLevel, Standard


def standard_levels(cycle: EvaluationCycle, ratings: dict[int, tuple[str, str]]) -> dict:
    """The ratings keyed by standard, checked against the cycle's rubric."""
    standards = {
        s.pk: s for s in Standard.objects.filter(framework_version=cycle.framework_version)
    }
    for standard_id, (level, _comment) in ratings.items():
        if standard_id not in standards:
            raise DomainError(_("That standard is not in this cycle's rubric."))
        if level and level not in PerformanceLevel.values:
            raise DomainError(_("Choose one of the four performance levels."))
    return standards


def write_ratings(report_field: str, report, ratings: dict[int, tuple[str, str]]) -> None:
    existing = {r.standard_id: r for r in report.standard_ratings.all()}
    for standard_id, (level, comment) in ratings.items():
        rating = existing.get(standard_id)
        if not level:
            if rating:
                rating.delete()
            continue
        if rating is None:
            StandardRating.objects.create(
                **{report_field: report}, standard_id=standard_id, level=level, comment=comment
            )
        elif (rating.level, rating.comment) != (level, comment):
            rating.level, rating.comment = level, comment
            rating.save()


def rating_problems(cycle: EvaluationCycle, report, overall: str) -> list[str]:
    standards = list(Standard.objects.filter(framework_version=cycle.framework_version))
    levels = {r.standard_id: r.level for r in report.standard_ratings.all()}
    problems = [
        _("Rate Standard %(code)s.") % {"code": s.code} for s in standards if s.pk not in levels
    ]
    by_code = {s.code: levels.get(s.pk, "") for s in standards}
    return problems + overall_rating_problems(
        role_group=cycle.employment.role_group,
        plan_type=cycle.plan_type,
        overall=overall,
        standard_ratings=by_code,
    )
