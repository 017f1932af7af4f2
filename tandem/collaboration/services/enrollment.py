"""Writes for a district's way into the partnership's programs."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.collaboration.models import Engagement, EnrollmentAgreement, Program, Team
from tandem.collaboration.rules import engagement_close_refusal, first_meeting_refusal
from tandem.collaboration.selectors.enrollment import agreement_status
from tandem.collaboration.selectors.teams import is_district_leader
from tandem.collaboration.services.signing import party_sign
from tandem.errors import DomainError
from tandem.organizations.models import District
from tandem.people.models import User
from tandem.people.selectors import roles_of


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
    """The partnership records the first meeting, where it presents the program's terms: the
    engagement keeps them as they stand, for the key leaders to agree to. Its facilitator
    becomes the team's if the team has none. Once a leader has agreed, none of it changes."""
    engagement = (
        Engagement.objects.select_for_update()
        .select_related("team", "program")
        .get(pk=engagement_id)
    )
    if refusal := first_meeting_refusal(by, engagement):
        raise DomainError(refusal)
    if met_on > timezone.localdate():
        raise DomainError(_("The first meeting's date cannot be in the future."))
    if met_on < engagement.inquired_on:
        raise DomainError(_("The first meeting cannot come before the inquiry."))
    if not notes.strip():
        raise DomainError(_("Write the notes of the first meeting."))
    engagement.first_meeting_on = met_on
    engagement.first_meeting_notes = notes.strip()
    engagement.first_meeting_recorded_by = by
    engagement.terms = engagement.program.terms()
    engagement.status = Engagement.Status.MET
    engagement.save()
    team = engagement.team
    if team.facilitator_id is None:
        team.facilitator = by
        team.save(update_fields=["facilitator"])
    return engagement


@transaction.atomic
def engagement_agree(*, by: User, engagement_id: int) -> EnrollmentAgreement:
    """The signed-in key leader agrees for their party, after confirming their password.

    The district enrolls in the same transaction as the last agreement that completes the
    three parties' consent; an agreement given under an office that has since changed hands
    does not count.
    """
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
    agreement = party_sign(
        by=by, record=engagement, team=engagement.team, signatures=engagement.agreements, day=day
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
    if refusal := engagement_close_refusal(by, engagement):
        raise DomainError(refusal)
    engagement.status = Engagement.Status.WITHDRAWN
    engagement.ended_on = day
    engagement.save(update_fields=["status", "ended_on"])
    return engagement
