"""The ratings on the standards that a formative evaluation and a summative share: checked
against the cycle's rubric, written, and held to the framework's rules."""

from functools import partial

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


def report_rows_write(rows, values: dict, *, key: str, fields: tuple[str, ...], create) -> None:
    """Bring a report's rows, one per ``key`` (a standard, a goal), in line with ``values`` (key
    → the values of ``fields``): a row whose first value is empty is deleted, a missing one is
    made by ``create``, a changed one saved; a row left as it was gets no history row."""
    existing = {getattr(row, key): row for row in rows}
    for key_value, given in values.items():
        new = dict(zip(fields, given, strict=True))
        row = existing.get(key_value)
        if not new[fields[0]]:
            if row:
                row.delete()
        elif row is None:
            create(**{key: key_value}, **new)
        elif any(getattr(row, field) != value for field, value in new.items()):
            for field, value in new.items():
                setattr(row, field, value)
            row.save()


def write_ratings(report_field: str, report, ratings: dict[int, tuple[str, str]]) -> None:
    report_rows_write(
        report.standard_ratings.all(),
        ratings,
        key="standard_id",
        fields=("level", "comment"),
        create=partial(StandardRating.objects.create, **{report_field: report}),
    )


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
