"""Background work of the offers, run by the task worker."""

from django_tasks import task

from tandem.offers.services import offers_expire


@task()
def daily_offer_work() -> dict:
    """Let the offers past their respond-by date lapse. Safe to run more than once a day: an
    offer lapses once."""
    return {"expired": offers_expire()}
