"""Threads where decisions are made (issue 16, item 8): comments on an issue, an option or an
agreement's draft, and the team's people they mention."""

import datetime
import operator
from functools import reduce

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from tandem.collaboration.models.agreements import JointAgreement
from tandem.collaboration.models.problem_solving import IssueOption, IssueStatement
from tandem.collaboration.models.teams import Team

COMMENT_EDIT_WINDOW = datetime.timedelta(minutes=15)  # its author may reword it this long
COMMENT_MAX_CHARS = 5_000

THREAD_COLUMNS = ("issue", "option", "agreement")


def _exactly_one_thread() -> Q:
    """Exactly one of the thread columns is set."""
    return reduce(
        operator.or_,
        (
            Q(**{f"{column}__isnull": column != chosen for column in THREAD_COLUMNS})
            for chosen in THREAD_COLUMNS
        ),
    )


class Comment(models.Model):
    """A team member's or the facilitator's comment in the thread of one issue, one option or
    one agreement. Those are joint records, so a comment is read by the whole team and its
    facilitator; a party's own discussion stays in its caucus notes. ``team`` is the thread's
    team, set by the service, so that who may read it is one column away."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="comments")
    issue = models.ForeignKey(
        IssueStatement, on_delete=models.PROTECT, null=True, blank=True, related_name="comments"
    )
    option = models.ForeignKey(
        IssueOption, on_delete=models.PROTECT, null=True, blank=True, related_name="comments"
    )
    agreement = models.ForeignKey(
        JointAgreement, on_delete=models.PROTECT, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=_exactly_one_thread(), name="comment_in_one_thread"),
        ]
        indexes = [
            models.Index(fields=["issue", "created_at"]),
            models.Index(fields=["option", "created_at"]),
            models.Index(fields=["agreement", "created_at"]),
        ]

    def __str__(self):
        return self.body[:60]

    @property
    def thread_url(self) -> str:
        if self.agreement_id:
            return reverse("collaboration:agreement_thread", args=[self.team_id, self.agreement_id])
        if self.option_id:
            return reverse(
                "collaboration:option_thread",
                args=[self.team_id, self.option.issue_id, self.option_id],
            )
        return reverse("collaboration:issue_thread", args=[self.team_id, self.issue_id])


class Mention(models.Model):
    """A person of the team named in a comment: it waits on them until they open the thread."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_mention_per_person")
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return f"@{self.user} in {self.comment_id}"
