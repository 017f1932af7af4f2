"""Writes for teams and the partnership's enrollment. Every rule about who may act is here."""

import copy
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
    GalleryComment,
    MeasureProgress,
    Meeting,
    Party,
    PlanSignature,
    PlanVersion,
    Program,
    RelationshipSurvey,
    Resource,
    StrategicPlan,
    SurveyParticipation,
    Team,
    TeamMember,
    TeamNote,
)
from tandem.collaboration.plan_content import (
    adoption_problems,
    empty_content,
    find,
    lines,
    next_key,
    parse_date,
)
from tandem.collaboration.selectors import (
    agreement_status,
    consent_status,
    is_district_leader,
    is_partnership_staff,
    party_of,
    plan_step_choices,
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


def _party_sign(*, request, record, district_id: int, consents, day) -> tuple:
    """Sign ``record`` for the signed-in key leader's party: (party, office grant, signature).

    Refused for anyone who does not hold a key office today and for a party whose current
    office-holder has already signed.
    """
    grant = _key_office_of(user=request.user, district_id=district_id, day=day)
    if grant is None:
        raise DomainError(
            _(
                "Only the superintendent, the union president and the school committee chair or "
                "vice chair sign for the district, each for themselves."
            )
        )
    party = PARTY_OF_OFFICE[grant.office]
    standing = {
        s.party: s for s in consent_status(district_id=district_id, consents=consents, day=day)
    }
    if standing[party].agreement is not None:
        raise DomainError(_("%(party)s has already signed.") % {"party": Party(party).label})
    signature = signature_sign(
        request=request, record=record, capacity=RoleGrant.Office(grant.office).label
    )
    return party, grant, signature


@transaction.atomic
def engagement_agree(*, request: HttpRequest, engagement_id: int) -> EnrollmentAgreement:
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
    party, grant, signature = _party_sign(
        request=request,
        record=engagement,
        district_id=engagement.team.district_id,
        consents=list(engagement.agreements.all()),
        day=day,
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


# -- Joint strategic plans ---------------------------------------------------------------------


def _require_member(*, user, team: Team, day) -> str:
    party = party_of(user=user, team=team, day=day)
    if party is None:
        raise DomainError(_("Only the team's members work on its plan."))
    return party


@transaction.atomic
def plan_start(*, team_id: int, by: User, title: str) -> StrategicPlan:
    team = Team.objects.select_for_update().get(pk=team_id)
    _require_member(user=by, team=team, day=timezone.localdate())
    title = title.strip()
    if not title:
        raise DomainError(_("Give the plan a title."))
    plan = StrategicPlan.objects.create(team=team, title=title, created_by=by)
    PlanVersion.objects.create(plan=plan, number=1, content=empty_content(), created_by=by)
    return plan


def _item_values(kind: str, values: dict) -> dict:
    """The fields an item of ``kind`` keeps, checked, as the plan stores them."""
    text = {name: str(values.get(name, "")).strip() for name in PLAN_ITEM_FIELDS[kind]}
    if not text["title" if kind != "measure" else "name"]:
        raise DomainError(_("Give it a name."))
    for name in ("target_date", "due"):
        if name in text and text[name] and parse_date(text[name]) is None:
            raise DomainError(_("%(value)s is not a date.") % {"value": text[name]})
    if kind == "measure":
        for name in ("baseline", "target"):
            try:
                text[name] = float(text[name])
            except ValueError:
                raise DomainError(
                    _("The measure's %(name)s must be a number.") % {"name": name}
                ) from None
    return text


PLAN_ITEM_FIELDS = {
    "goal": ("title", "baseline", "target", "target_date"),
    "measure": ("name", "unit", "baseline", "target"),
    "strategy": ("title",),
    "initiative": ("title",),
    "step": ("title", "owner", "due"),
}
# Where a new item goes: under which kind of parent, in which list, with which key prefix.
PLAN_ITEM_PLACES = {
    "goal": (None, "goals", "g"),
    "measure": ("goal", "measures", "m"),
    "strategy": (None, "strategies", "s"),
    "initiative": ("strategy", "initiatives", "i"),
    "step": ("initiative", "steps", "a"),
}
PLAN_ITEM_CHILDREN = {"goal": "measures", "strategy": "initiatives", "initiative": "steps"}


def _draft_for_edit(*, version_id: int, by: User, version: int) -> PlanVersion:
    draft = PlanVersion.objects.select_for_update().select_related("plan__team").get(pk=version_id)
    _require_member(user=by, team=draft.plan.team, day=timezone.localdate())
    if draft.status != PlanVersion.Status.DRAFT:
        raise DomainError(_("An adopted plan is not edited; start a new version and sign it."))
    if draft.party_signatures.exists():
        raise DomainError(
            _(
                "A key leader has signed this draft, so it no longer changes. Withdraw it and "
                "start a new version to make changes."
            )
        )
    if draft.version != version:
        raise DomainError(
            _("Someone else saved the plan since you opened it. Reload to see their change.")
        )
    return draft


def _save_draft(draft: PlanVersion, content: dict) -> PlanVersion:
    draft.content = content
    draft.version += 1
    draft.save(update_fields=["content", "version"])
    return draft


@transaction.atomic
def plan_vision_save(
    *, version_id: int, by: User, version: int, vision: str, theory_of_action: str
) -> PlanVersion:
    draft = _draft_for_edit(version_id=version_id, by=by, version=version)
    content = copy.deepcopy(draft.content)
    content["vision"] = vision.strip()
    content["theory_of_action"] = theory_of_action.strip()
    return _save_draft(draft, content)


@transaction.atomic
def plan_item_save(
    *,
    version_id: int,
    by: User,
    version: int,
    kind: str,
    values: dict,
    key: str | None = None,
    parent_key: str | None = None,
) -> PlanVersion:
    """Add an item (a goal, measure, strategy, initiative or action step) or change one."""
    if kind not in PLAN_ITEM_FIELDS:
        raise DomainError(_("Unknown part of a plan."))
    draft = _draft_for_edit(version_id=version_id, by=by, version=version)
    content = copy.deepcopy(draft.content)
    fields = _item_values(kind, values)
    if key:
        found = find(content, key)
        if found is None or found[0] != kind:
            raise DomainError(_("That part of the plan was removed by someone else. Reload."))
        found[1].update(fields)
    else:
        parent_kind, list_name, prefix = PLAN_ITEM_PLACES[kind]
        if parent_kind is None:
            holder = content
        else:
            found = find(content, parent_key or "")
            if found is None or found[0] != parent_kind:
                raise DomainError(_("That part of the plan was removed by someone else. Reload."))
            holder = found[1]
        item = {"key": next_key(content, prefix), **fields}
        if kind in PLAN_ITEM_CHILDREN:
            item[PLAN_ITEM_CHILDREN[kind]] = []
        holder[list_name].append(item)
    return _save_draft(draft, content)


@transaction.atomic
def plan_item_remove(*, version_id: int, by: User, version: int, key: str) -> PlanVersion:
    draft = _draft_for_edit(version_id=version_id, by=by, version=version)
    content = copy.deepcopy(draft.content)
    found = find(content, key)
    if found is None:
        raise DomainError(_("That part of the plan was already removed."))
    found[2].remove(found[1])
    return _save_draft(draft, content)


@transaction.atomic
def plan_sign(*, request: HttpRequest, version_id: int) -> PlanSignature:
    """A key leader signs the draft for their party; the third party's signature adopts it,
    and the version adopted before it is superseded in the same transaction."""
    day = timezone.localdate()
    draft = PlanVersion.objects.select_for_update().select_related("plan__team").get(pk=version_id)
    if draft.status != PlanVersion.Status.DRAFT:
        raise DomainError(
            _("Only a draft is signed; this version is %(s)s.")
            % {"s": draft.get_status_display().lower()}
        )
    problems = adoption_problems(draft.content)
    if problems:
        raise DomainError(problems)
    district_id = draft.plan.team.district_id
    party, grant, signature = _party_sign(
        request=request,
        record=draft,
        district_id=district_id,
        consents=list(draft.party_signatures.all()),
        day=day,
    )
    signed = PlanSignature.objects.create(
        plan_version=draft, party=party, grant=grant, signature=signature
    )
    standing = consent_status(
        district_id=district_id, consents=list(draft.party_signatures.all()), day=day
    )
    if all(s.agreement is not None for s in standing):
        draft.plan.versions.filter(status=PlanVersion.Status.ADOPTED).update(
            status=PlanVersion.Status.SUPERSEDED
        )
        draft.status = PlanVersion.Status.ADOPTED
        draft.adopted_on = day
        draft.save(update_fields=["status", "adopted_on"])
        plan = draft.plan
        if plan.published_version_id is not None:
            _publish(plan, draft)
    return signed


@transaction.atomic
def plan_version_start(*, plan_id: int, by: User) -> PlanVersion:
    """A new draft from the latest version; a draft that some leaders signed is withdrawn."""
    plan = StrategicPlan.objects.select_for_update().select_related("team").get(pk=plan_id)
    _require_member(user=by, team=plan.team, day=timezone.localdate())
    draft = plan.versions.filter(status=PlanVersion.Status.DRAFT).first()
    if draft is not None and not draft.party_signatures.exists():
        raise DomainError(_("The plan already has a draft; change that one."))
    if draft is not None:
        draft.status = PlanVersion.Status.WITHDRAWN
        draft.save(update_fields=["status"])
    latest = plan.versions.order_by("-number").first()
    return PlanVersion.objects.create(
        plan=plan,
        number=latest.number + 1,
        content=copy.deepcopy(latest.content),
        created_by=by,
    )


def _publish(plan: StrategicPlan, version: PlanVersion) -> None:
    plan.published_version = version
    plan.published_at = timezone.now()
    plan.search_text = " ".join([plan.title, plan.team.district.name, *lines(version.content)])
    plan.save(update_fields=["published_version", "published_at", "search_text"])


@transaction.atomic
def plan_publish(*, plan_id: int, by: User, publish: bool = True) -> StrategicPlan:
    """A key leader shows the adopted plan in the gallery (later adoptions follow), or takes it
    down."""
    plan = (
        StrategicPlan.objects.select_for_update().select_related("team__district").get(pk=plan_id)
    )
    if _key_office_of(user=by, district_id=plan.team.district_id, day=timezone.localdate()) is None:
        raise DomainError(_("Only the team's key leaders publish its plan."))
    if not publish:
        plan.published_version = None
        plan.published_at = None
        plan.search_text = ""
        plan.save(update_fields=["published_version", "published_at", "search_text"])
        return plan
    adopted = plan.versions.filter(status=PlanVersion.Status.ADOPTED).first()
    if adopted is None:
        raise DomainError(_("Only an adopted plan is published; every party signs it first."))
    _publish(plan, adopted)
    return plan


@transaction.atomic
def measure_progress_record(
    *,
    plan_id: int,
    by: User,
    measure_key: str,
    recorded_on: datetime.date,
    value,
    note: str = "",
) -> MeasureProgress:
    plan = StrategicPlan.objects.select_related("team").get(pk=plan_id)
    day = timezone.localdate()
    _require_member(user=by, team=plan.team, day=day)
    adopted = plan.versions.filter(status=PlanVersion.Status.ADOPTED).first()
    if adopted is None:
        raise DomainError(_("Progress is recorded against the adopted plan; none is adopted."))
    found = find(adopted.content, measure_key)
    if found is None or found[0] != "measure":
        raise DomainError(_("That measure is not in the adopted plan."))
    if recorded_on > day:
        raise DomainError(_("A reading cannot be dated in the future."))
    return MeasureProgress.objects.create(
        plan=plan,
        measure_key=measure_key,
        recorded_on=recorded_on,
        value=value,
        note=note.strip(),
        recorded_by=by,
    )


# -- The gallery and the resource library --------------------------------------------------------


def gallery_comment_post(*, plan_id: int, by: User, body: str) -> GalleryComment:
    body = body.strip()
    if not body:
        raise DomainError(_("Write the comment before you send it."))
    plan = StrategicPlan.objects.filter(pk=plan_id, published_version__isnull=False).first()
    if plan is None:
        raise DomainError(_("That plan is not in the gallery."))
    return GalleryComment.objects.create(plan=plan, author=by, body=body)


@transaction.atomic
def gallery_comment_moderate(*, comment_id: int, by: User, approve: bool) -> GalleryComment:
    if not is_partnership_staff(roles_of(by)):
        raise DomainError(_("Only the partnership's staff moderate the gallery's comments."))
    comment = GalleryComment.objects.select_for_update().get(pk=comment_id)
    comment.status = GalleryComment.Status.APPROVED if approve else GalleryComment.Status.REJECTED
    comment.moderated_by = by
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    return comment


@transaction.atomic
def resource_share(
    *,
    by: User,
    title: str,
    kind: str,
    summary: str,
    link: str,
    topics,
    team_id: int | None = None,
) -> Resource:
    """The partnership shares a resource in its own name; a team member in the team's."""
    team = None
    if team_id is not None:
        team = Team.objects.get(pk=team_id)
        _require_member(user=by, team=team, day=timezone.localdate())
    elif not is_partnership_staff(roles_of(by)):
        raise DomainError(_("Share a resource from your team's page, in your team's name."))
    if not topics:
        raise DomainError(_("Tag the resource with at least one topic."))
    resource = Resource.objects.create(
        title=title.strip(), kind=kind, summary=summary.strip(), link=link, shared_by=by, team=team
    )
    resource.topics.set(topics)
    return resource


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
    *,
    meeting_id: int,
    by: User,
    description: str,
    owner_id: int,
    due_on: datetime.date,
    plan_step: str = "",
) -> ActionItem:
    """A task agreed at a meeting, owned by one person on the team; ``plan_step`` ("<plan
    id>:<step key>") ties it to an action step of one of the team's adopted plans."""
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
    plan, step_key = None, ""
    if plan_step:
        steps = dict(plan_step_choices(team=meeting.team))
        if plan_step not in steps:
            raise DomainError(_("That step is not in one of the team's adopted plans."))
        plan_id, step_key = plan_step.split(":")
        plan = StrategicPlan.objects.get(pk=plan_id)
    return ActionItem.objects.create(
        meeting=meeting,
        description=description,
        owner_id=owner_id,
        due_on=due_on,
        plan=plan,
        plan_step_key=step_key,
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
