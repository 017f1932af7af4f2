"""Writes for a team's members and notes."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.collaboration.models import Party, Team, TeamMember, TeamNote
from tandem.collaboration.rules import may_use_space, membership_refusal
from tandem.collaboration.selectors.teams import party_of
from tandem.errors import DomainError
from tandem.people.models import Employment, User


@transaction.atomic
def team_member_add(
    *, team_id: int, by: User, email: str, party: str, role: str = ""
) -> TeamMember:
    """A party's key leader adds a member to that party (``rules.membership_refusal``); staff
    of the district join a party, others the community."""
    day = timezone.localdate()
    team = Team.objects.select_for_update().get(pk=team_id)
    if refusal := membership_refusal(by, team, party):
        raise DomainError(refusal)
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise DomainError(
            _(
                "No one signs in to Tandem as %(email)s. Ask the district to create the account "
                "first."
            )
            % {"email": email.strip()}
        )
    if party_of(user=user, team=team, day=day) is not None:
        raise DomainError(_("%(user)s is already on the team.") % {"user": user})
    is_staff = (
        Employment.objects.filter(person__user=user, district_id=team.district_id)
        .active_on(day)
        .exists()
    )
    if party != Party.COMMUNITY and not is_staff:
        raise DomainError(
            _("%(user)s does not work in the district; add them as a community member.")
            % {"user": user}
        )
    return TeamMember.objects.create(
        team=team, user=user, party=party, role=role.strip(), start_date=day, added_by=by
    )


@transaction.atomic
def team_member_end(*, member_id: int, by: User) -> TeamMember:
    """The member's own party's key leader removes them (``rules.membership_refusal``)."""
    day = timezone.localdate()
    member = TeamMember.objects.select_for_update().select_related("team").get(pk=member_id)
    if refusal := membership_refusal(by, member.team, member.party):
        raise DomainError(refusal)
    if member.end_date is not None and member.end_date < day:
        raise DomainError(_("%(user)s has already left the team.") % {"user": member.user})
    if member.start_date >= day:
        member.delete()  # added today by mistake; the history keeps the row
        return member
    # Dates are inclusive: the member's last day on the team was yesterday.
    member.end_date = day - datetime.timedelta(days=1)
    member.save(update_fields=["end_date"])
    return member


def team_note_post(*, team: Team, by: User, space: str, body: str) -> TeamNote:
    body = body.strip()
    if not body:
        raise DomainError(_("Write the note before you post it."))
    if len(body) > 10_000:
        raise DomainError(_("A note holds at most 10,000 characters."))
    if not may_use_space(by, team, space):
        raise DomainError(_("You may not post in that space."))
    return TeamNote.objects.create(team=team, space=space, author=by, body=body)
