"""Background work of the dashboards, run by the task worker."""

from django_tasks import task

from tandem.dashboards import published
from tandem.insights.selectors.population import year_names


@task()
def decide_published_figures() -> dict:
    """Decide again, for every school year, what readers of aggregates only are shown."""
    return {year: published.make_decision(year).made_at.isoformat() for year in year_names()}
