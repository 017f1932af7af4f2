"""Writes for teams and the partnership's enrollment. Every rule about who may act is here."""

import datetime
import secrets

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.collaboration.models import (
    PARTY_OF_OFFICE,
    SURVEY_STATEMENTS,
    ActionItem,
    AgendaItem,
    CalendarFeed,
    Engagement,
    EnrollmentAgreement,
    Meeting,
    Party,
    Program,
    RelationshipSurvey,
    SurveyParticipation,
    Team,
    TeamMember,
    TeamNote,
)
from tandem.collaboration.selectors import (
    agreement_status,
    is_district_leader,
    is_partnership_staff,
    party_of,
    school_year_of,
    team_list,
    team_people,
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


# -- Meetings, action items, calendar feeds and the relationship survey (issue 5) -----------


def _require_on_team(*, user: User, team: Team, day: datetime.date) -> None:
    if not visible_spaces(user=user, team=team, day=day):
        raise DomainError(_("Only the team's members and its facilitator work on its meetings."))


def _clean_agenda(agenda: list[str]) -> list[str]:
    items = [line.strip() for line in agenda if line.strip()]
    if len(items) > 50:
        raise DomainError(_("An agenda holds at most 50 items."))
    if any(len(item) > 300 for item in items):
        raise DomainError(_("Keep each agenda item under 300 characters; put details in notes."))
    return items


def _agenda_replace(meeting: Meeting, items: list[str]) -> None:
    meeting.agenda.all().delete()
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=meeting, position=position, title=title)
            for position, title in enumerate(items, start=1)
        ]
    )


@transaction.atomic
def meeting_schedule(
    *, team_id: int, by: User, starts_at: datetime.datetime, place: str, agenda: list[str]
) -> Meeting:
    """Put a meeting on the team's calendar with its agenda."""
    team = Team.objects.get(pk=team_id)
    _require_on_team(user=by, team=team, day=timezone.localdate())
    place = place.strip()
    if not place:
        raise DomainError(_("Say where the team meets, or how to join online."))
    items = _clean_agenda(agenda)
    meeting = Meeting.objects.create(team=team, starts_at=starts_at, place=place, created_by=by)
    _agenda_replace(meeting, items)
    return meeting


def _locked_meeting(*, meeting_id: int, version: int, by: User) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("team").get(pk=meeting_id)
    _require_on_team(user=by, team=meeting.team, day=timezone.localdate())
    if meeting.version != version:
        raise DomainError(
            _(
                "Someone else saved this meeting while you were editing. Reload it, then make "
                "your changes again."
            )
        )
    return meeting


@transaction.atomic
def meeting_agenda_update(
    *,
    meeting_id: int,
    version: int,
    by: User,
    starts_at: datetime.datetime,
    place: str,
    agenda: list[str],
) -> Meeting:
    """Change a meeting's time, place or agenda; a stale version is refused."""
    meeting = _locked_meeting(meeting_id=meeting_id, version=version, by=by)
    place = place.strip()
    if not place:
        raise DomainError(_("Say where the team meets, or how to join online."))
    items = _clean_agenda(agenda)
    meeting.starts_at = starts_at
    meeting.place = place
    meeting.version += 1
    meeting.save(update_fields=["starts_at", "place", "version"])
    _agenda_replace(meeting, items)
    return meeting


@transaction.atomic
def meeting_minutes_record(
    *,
    meeting_id: int,
    version: int,
    by: User,
    attendee_ids: list[int],
    minutes: str,
    decisions: str,
) -> Meeting:
    """Record who came, the minutes and the decisions; a stale version is refused."""
    meeting = _locked_meeting(meeting_id=meeting_id, version=version, by=by)
    meeting_day = timezone.localtime(meeting.starts_at).date()
    if meeting_day > timezone.localdate():
        raise DomainError(_("Minutes are recorded once the meeting has taken place."))
    people = {user.pk for user in team_people(team=meeting.team, day=meeting_day)}
    # Who was recorded before stays choosable, though they may since have left the team.
    people |= set(meeting.attendees.values_list("pk", flat=True))
    if not set(attendee_ids) <= people:
        raise DomainError(_("Attendance lists only people who were on the team that day."))
    meeting.minutes = minutes.strip()
    meeting.decisions = decisions.strip()
    meeting.version += 1
    meeting.save(update_fields=["minutes", "decisions", "version"])
    meeting.attendees.set(attendee_ids)
    return meeting


@transaction.atomic
def action_item_add(
    *, meeting_id: int, by: User, description: str, owner_id: int, due_on: datetime.date
) -> ActionItem:
    """A task agreed at a meeting, owned by one person on the team."""
    meeting = Meeting.objects.select_related("team").get(pk=meeting_id)
    day = timezone.localdate()
    _require_on_team(user=by, team=meeting.team, day=day)
    description = description.strip()
    if not description:
        raise DomainError(_("Say what is to be done."))
    if owner_id not in {user.pk for user in team_people(team=meeting.team, day=day)}:
        raise DomainError(_("The owner of an action item must be on the team."))
    if due_on < timezone.localtime(meeting.starts_at).date():
        raise DomainError(_("An action item cannot fall due before the meeting that set it."))
    return ActionItem.objects.create(
        meeting=meeting, description=description, owner_id=owner_id, due_on=due_on
    )


@transaction.atomic
def action_item_mark(*, action_item_id: int, by: User, done: bool) -> ActionItem:
    """Mark an action item done today, or open again."""
    item = (
        ActionItem.objects.select_for_update()
        .select_related("meeting__team")
        .get(pk=action_item_id)
    )
    day = timezone.localdate()
    _require_on_team(user=by, team=item.meeting.team, day=day)
    item.done_on = day if done else None
    item.save(update_fields=["done_on"])
    return item


@transaction.atomic
def calendar_feed_create(*, user: User) -> tuple[CalendarFeed, str]:
    """A new secret address for the user's calendar; an earlier one stops working.

    The raw token is returned once; only its digest is kept, as for API tokens.
    """
    if not team_list(roles=roles_of(user), user=user).exists():
        raise DomainError(_("A calendar address lists a team's meetings; you are on no team."))
    calendar_feed_revoke(user=user)
    token = secrets.token_urlsafe(32)
    return CalendarFeed.objects.create(user=user, digest=CalendarFeed.digest_of(token)), token


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> None:
    """The user's calendar address stops working at once."""
    CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def survey_answer(*, team_id: int, by: User, scores: dict[str, int], comment: str = "") -> None:
    """Add one member's answers to the team's totals for this school year.

    The marker that they answered and the totals are written in one transaction, and nothing
    ties the two together (see ``RelationshipSurvey``). Nothing is logged here for the same
    reason.
    """
    team = Team.objects.select_for_update().get(pk=team_id)
    day = timezone.localdate()
    if party_of(user=by, team=team, day=day) is None:
        raise DomainError(_("Only the team's members answer its survey."))
    year = school_year_of(day)
    if SurveyParticipation.objects.filter(team=team, user=by, school_year=year).exists():
        raise DomainError(_("You have already answered this school year's survey for the team."))
    keys = [key for key, _text in SURVEY_STATEMENTS]
    if set(scores) != set(keys) or any(scores[key] not in range(1, 6) for key in keys):
        raise DomainError(_("Choose an answer from 1 to 5 for every statement."))
    comment = comment.strip()
    if len(comment) > 2_000:
        raise DomainError(_("A comment holds at most 2,000 characters."))
    survey, _created = RelationshipSurvey.objects.get_or_create(team=team, school_year=year)
    for key in keys:
        counts = survey.tallies.get(key) or [0, 0, 0, 0, 0]
        counts[scores[key] - 1] += 1
        survey.tallies[key] = counts
    survey.answers += 1
    if comment:
        # At a random place, so the list's order says nothing about who wrote what.
        survey.comments.insert(secrets.randbelow(len(survey.comments) + 1), comment)
    survey.save(update_fields=["tallies", "answers", "comments"])
    SurveyParticipation.objects.create(team=team, user=by, school_year=year)
