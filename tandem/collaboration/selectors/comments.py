"""A thread's comments, in the order they were posted, with whom each mentions."""

from django.db.models import Prefetch

from tandem.collaboration.models import Comment, Mention


def thread_comments(*, issue=None, option=None, agreement=None) -> list[Comment]:
    """The comments of one issue's, option's or agreement's thread: two queries, however many."""
    thread = {"issue": issue, "option": option, "agreement": agreement}
    (column, record), *others = [(k, v) for k, v in thread.items() if v is not None]
    if others:
        raise ValueError("A thread is one record's.")
    return list(
        Comment.objects.filter(**{column: record})
        .select_related("author")
        .prefetch_related(
            Prefetch("mentions", Mention.objects.select_related("user").order_by("pk"))
        )
    )
