"""Threads where decisions are made (issue 16, item 8): posting a comment with its mentions,
rewording one's own, and the mentions a person has read."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.collaboration.models import (
    COMMENT_MAX_CHARS,
    Comment,
    IssueOption,
    IssueStatement,
    JointAgreement,
    Mention,
)
from tandem.collaboration.rules import comment_edit_refusal, comment_refusal
from tandem.collaboration.selectors.teams import team_people
from tandem.errors import DomainError
from tandem.people.models import User


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise DomainError(_("Write the comment before you post it."))
    if len(body) > COMMENT_MAX_CHARS:
        raise DomainError(
            _("A comment holds at most %(n)s characters.") % {"n": f"{COMMENT_MAX_CHARS:,}"}
        )
    return body


def _thread(*, issue_id, option_id, agreement_id) -> dict:
    """The one record the comment belongs to, with its team."""
    given = [v for v in (issue_id, option_id, agreement_id) if v is not None]
    if len(given) != 1:
        raise DomainError(_("A comment belongs to one issue, one option or one agreement."))
    if issue_id is not None:
        issue = IssueStatement.objects.select_related("team").get(pk=issue_id)
        return {"issue": issue, "team": issue.team, "closed_by": {"issue": issue}}
    if option_id is not None:
        option = IssueOption.objects.select_related("issue__team").get(pk=option_id)
        return {"option": option, "team": option.issue.team, "closed_by": {"issue": option.issue}}
    agreement = JointAgreement.objects.select_related("team").get(pk=agreement_id)
    return {"agreement": agreement, "team": agreement.team, "closed_by": {"agreement": agreement}}


@transaction.atomic
def comment_post(
    *,
    by: User,
    body: str,
    mentioned: list[int] = (),
    issue_id: int | None = None,
    option_id: int | None = None,
    agreement_id: int | None = None,
) -> Comment:
    """Post ``body`` in the thread of one issue, option or agreement, mentioning ``mentioned``
    (people of the team: its key leaders, members and facilitator). Nothing is written if any
    part is refused."""
    body = _clean_body(body)
    thread = _thread(issue_id=issue_id, option_id=option_id, agreement_id=agreement_id)
    team, closed_by = thread.pop("team"), thread.pop("closed_by")
    if refusal := comment_refusal(by, team, **closed_by):
        raise DomainError(refusal)
    people = {person.pk for person in team_people(team=team, day=timezone.localdate())}
    mentioned = set(mentioned) - {by.pk}
    if strangers := mentioned - people:
        raise DomainError(
            _("Mention only the team's people; %(n)s of those chosen are not on it.")
            % {"n": len(strangers)}
        )
    comment = Comment.objects.create(team=team, author=by, body=body, **thread)
    Mention.objects.bulk_create(Mention(comment=comment, user_id=pk) for pk in sorted(mentioned))
    return comment


def comment_edit(*, comment_id: int, by: User, body: str) -> Comment:
    """Reword one's own comment within the window; the history keeps every wording."""
    comment = Comment.objects.select_related("team").get(pk=comment_id)
    now = timezone.now()
    if refusal := comment_edit_refusal(by, comment, now=now):
        raise DomainError(refusal)
    body = _clean_body(body)
    if body != comment.body:
        comment.body, comment.edited_at = body, now
        comment.save(update_fields=["body", "edited_at"])
    return comment


def mentions_read(*, user: User, comments: list[Comment]) -> int:
    """``user`` has opened the thread of ``comments``: their mentions there stop waiting."""
    return Mention.objects.filter(
        user=user, read_at__isnull=True, comment__in=[c.pk for c in comments]
    ).update(read_at=timezone.now())
