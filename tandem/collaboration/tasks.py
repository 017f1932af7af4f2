"""Background work of collaboration, run by the task worker."""

from django_tasks import task

from tandem.collaboration.services.notices import notices_send


@task()
def daily_team_notices() -> dict:
    """The day's e-mail notices of what waits on team members; safe to run more than once a
    day: nobody gets two notices on one day."""
    return {"noticed": notices_send()}
