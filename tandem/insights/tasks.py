"""Background work of the insights, run by the task worker."""

from django_tasks import task

from tandem.insights import services


@task()
def insights_refresh() -> str:
    """Rebuild the precomputed figures; queued daily and after an import is applied."""
    return services.figures_refresh().built_at.isoformat()
