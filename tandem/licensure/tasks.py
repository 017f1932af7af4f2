"""Background work of licensure, run by the task worker."""

from django_tasks import task

from tandem.licensure.reminders import renewal_reminders_send


@task()
def daily_renewal_reminders() -> dict:
    """The day's reminders before licenses expire; safe to run more than once a day."""
    return {"reminded": renewal_reminders_send()}
