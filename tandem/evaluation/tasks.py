"""Background work of the evaluation cycle, run by the task worker."""

from django_tasks import task

from tandem.evaluation import reminders, services


@task()
def daily_evaluation_work() -> dict:
    """Lock the summatives whose response window closed, then send the day's reminders.
    Safe to run more than once a day: nothing is locked or sent twice."""
    return {
        "locked": services.summative_lock_expired(),
        "reminded": reminders.reminders_send(),
    }
