"""Background work of the newsletter, run by the task worker."""

from django_tasks import task

from tandem.newsletter.sending import issue_send_now


@task()
def issue_send(issue_id: int) -> dict:
    """Send a scheduled issue when it is due; queued by scheduling, safe to run again."""
    return issue_send_now(issue_id)
