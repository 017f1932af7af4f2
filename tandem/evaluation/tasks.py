"""Background work of the evaluation cycle, run by the task worker."""

from django_tasks import task

from tandem.evaluation import reminders
from tandem.evaluation.services import summative


@task()
def daily_evaluation_work() -> dict:
    """Lock the summatives whose response window closed, then send the day's reminders.
    Safe to run more than once a day: nothing is locked or sent twice."""
    return {
        "locked": summative.summative_lock_expired(),
        "reminded": reminders.reminders_send(),
    }
