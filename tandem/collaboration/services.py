"""Writes for teams and the partnership's enrollment. Every rule about who may act is here."""

import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.collaboration.models import (
    PARTY_OF_OFFICE,
    Engagement,
    EnrollmentAgreement,
    Party,
    Program,
    Team,
    TeamMember,
    TeamNote,
)
from tandem.collaboration.selectors import (
    agreement_status,
    is_district_leader,
    is_partnership_staff,
    party_of,
    visible_spaces,
)
from tandem.errors import DomainError
from tandem.organizations.models import District
from tandem.people.models import Employment, RoleGrant, User
from tandem.people.selectors import office_holders, roles_of
from tandem.records.services import signature_sign


def _key_office_of(*, user, district_id: int, day: datetime.date) -> RoleGrant | None:
    """The key-office grant ``user`` holds in the district on ``day``, if any."""
    holders = office_holders(district_ids=[district_id], day=day).get(district_id, {})
    return next((g for g in holders.values() if g.user_id == user.pk), None)


def _team_for(district: District) -> Team:
    team, _created = Team.objects.get_or_create(
        district=district,
        defaults={"name": _("%(district)s labor-management team") % {"district": district.name}},
    )
    return team


@transaction.atomic
def engagement_inquire(*, district_id: int, program_id: int, by: User, inquiry: str) -> Engagement:
    """A district leader asks the partnership about a program; the team is formed if new."""
    roles = roles_of(by)
    if not is_district_leader(roles, district_id):
        raise DomainError(
            _(
                "Only the district's administrators, union leaders and school committee members "
                "inquire for it."
            )
        )
    inquiry = inquiry.strip()
    if len(inquiry) < 20:
        raise DomainError(_("Say in a sentence or two what the district hopes to work on."))
    program = Program.objects.filter(pk=program_id, accepting=True).first()
    if program is None:
        raise DomainError(_("That program is not taking inquiries."))
    district = District.objects.select_for_update().get(pk=district_id)
    team = _team_for(district)
    if team.engagements.filter(
        program=program,
        status__in=[Engagement.Status.INQUIRED, Engagement.Status.MET, Engagement.Status.ENROLLED],
    ).exists():
        raise DomainError(
            _("The district is already in touch with the partnership about %(p)s.")
            % {"p": program.name}
        )
    return Engagement.objects.create(
        team=team, program=program, inquired_by=by, inquired_on=roles.day, inquiry=inquiry
    )


@transaction.atomic
def engagement_first_meeting_record(
    *, engagement_id: int, by: User, met_on: datetime.date, notes: str
) -> Engagement:
    """The partnership records the first meeting; its facilitator becomes the team's if the
    team has none. Once a leader has agreed, what they agreed to no longer changes."""
    roles = roles_of(by)
    if not is_partnership_staff(roles):
        raise DomainError(_("Only the partnership's facilitators record first meetings."))
    engagement = Engagement.objects.select_for_update().select_related("team").get(pk=engagement_id)
    if engagement.status not in (Engagement.Status.INQUIRED, Engagement.Status.MET):
        raise DomainError(_("The first meeting is recorded before the district enrolls."))
    if engagement.agreements.exists():
        raise DomainError(
            _(
                "A key leader has already agreed to this record of the first meeting; it stays "
                "as they saw it."
            )
        )
    if met_on > roles.day:
        raise DomainError(_("The first meeting's date cannot be in the future."))
    if met_on < engagement.inquired_on:
        raise DomainError(_("The first meeting cannot come before the inquiry."))
    if not notes.strip():
        raise DomainError(_("Write the notes of the first meeting."))
    engagement.first_meeting_on = met_on
    engagement.first_meeting_notes = notes.strip()
    engagement.first_meeting_recorded_by = by
    engagement.status = Engagement.Status.MET
    engagement.save()
    team = engagement.team
    if team.facilitator_id is None:
        team.facilitator = by
        team.save(update_fields=["facilitator"])
    return engagement


@transaction.atomic
def engagement_agree(*, request: HttpRequest, engagement_id: int) -> EnrollmentAgreement:
    """The signed-in key leader agrees for their party, after confirming their password.

    The district enrolls in the same transaction as the last agreement that completes the
    three parties' consent; an agreement given under an office that has since changed hands
    does not count.
    """
    by = request.user
    day = timezone.localdate()
    engagement = (
        Engagement.objects.select_for_update()
        .select_related("team__district", "program")
        .get(pk=engagement_id)
    )
    if engagement.status == Engagement.Status.INQUIRED:
        raise DomainError(_("Agreement opens after the first meeting with the partnership."))
    if engagement.status != Engagement.Status.MET:
        raise DomainError(
            _("This engagement is %(s)s; there is nothing to agree to.")
            % {"s": engagement.get_status_display().lower()}
        )
    grant = _key_office_of(user=by, district_id=engagement.team.district_id, day=day)
    if grant is None:
        raise DomainError(
            _(
                "Only the superintendent, the union president and the school committee chair or "
                "vice chair agree for the district, each for themselves."
            )
        )
    party = PARTY_OF_OFFICE[grant.office]
    standing = {s.party: s for s in agreement_status(engagement=engagement, day=day)}
    if standing[party].agreement is not None:
        raise DomainError(_("%(party)s has already agreed.") % {"party": Party(party).label})
    signature = signature_sign(
        request=request, record=engagement, capacity=RoleGrant.Office(grant.office).label
    )
    agreement = EnrollmentAgreement.objects.create(
        engagement=engagement, party=party, grant=grant, signature=signature
    )
    standing = agreement_status(engagement=engagement, day=day)
    if all(s.agreement is not None for s in standing):
        engagement.status = Engagement.Status.ENROLLED
        engagement.enrolled_on = day
        engagement.save(update_fields=["status", "enrolled_on"])
    return agreement


@transaction.atomic
def engagement_withdraw(*, engagement_id: int, by: User) -> Engagement:
    """A key leader or the partnership closes an inquiry or ends an enrollment."""
    engagement = Engagement.objects.select_for_update().select_related("team").get(pk=engagement_id)
    day = timezone.localdate()
    if not (
        is_partnership_staff(roles_of(by))
        or _key_office_of(user=by, district_id=engagement.team.district_id, day=day)
    ):
        raise DomainError(_("Only a key leader or the partnership closes an engagement."))
    if engagement.status == Engagement.Status.WITHDRAWN:
        raise DomainError(_("This engagement is already closed."))
    engagement.status = Engagement.Status.WITHDRAWN
    engagement.ended_on = day
    engagement.save(update_fields=["status", "ended_on"])
    return engagement


@transaction.atomic
def team_member_add(
    *, team_id: int, by: User, email: str, party: str, role: str = ""
) -> TeamMember:
    """A key leader adds a member; staff of the district join a party, others the community."""
    day = timezone.localdate()
    team = Team.objects.select_for_update().get(pk=team_id)
    if _key_office_of(user=by, district_id=team.district_id, day=day) is None:
        raise DomainError(_("Only the team's key leaders add members."))
    if party not in Party.values:
        raise DomainError(_("Choose the member's party."))
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
    day = timezone.localdate()
    member = TeamMember.objects.select_for_update().select_related("team").get(pk=member_id)
    if _key_office_of(user=by, district_id=member.team.district_id, day=day) is None:
        raise DomainError(_("Only the team's key leaders change its members."))
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
    if space not in visible_spaces(user=by, team=team, day=timezone.localdate()):
        raise DomainError(_("You may not post in that space."))
    return TeamNote.objects.create(team=team, space=space, author=by, body=body)
