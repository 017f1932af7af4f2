"""Cycles of the demo Commonwealth chosen by what a test needs of them."""

from tandem.evaluation.models import EvaluationCycle

DEMO_ACCOUNTS = ["teacher@example.org", "union.president@example.org"]


def demo_cycle(step, *, leave_demo_accounts=False, **filters) -> EvaluationCycle:
    """The first demo cycle at ``step`` whose educator and evaluator both sign in, narrowed by
    ``filters``; ``leave_demo_accounts`` passes over the cycles of the teacher and the union
    president whom the demo signs in as."""
    cycles = EvaluationCycle.objects.filter(
        step=step, person__user__isnull=False, primary_evaluator__user__isnull=False, **filters
    )
    if leave_demo_accounts:
        cycles = cycles.exclude(person__user__email__in=DEMO_ACCOUNTS)
    return (
        cycles.select_related(
            "person__user", "primary_evaluator__user", "employment", "settings_version"
        )
        .distinct()
        .first()
    )
