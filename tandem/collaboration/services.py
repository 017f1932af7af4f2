"""Writes for teams and the partnership's enrollment. Every rule about who may act is here."""

import copy
import datetime
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.collaboration.models import (
    CAUCUS_PARTIES,
    PARTY_OF_OFFICE,
    SURVEY_STATEMENTS,
    ActionItem,
    AgendaItem,
    AgreementSignature,
    CalendarFeed,
    ConsensusCheck,
    Engagement,
    EnrollmentAgreement,
    GalleryComment,
    Interest,
    IssueCriterion,
    IssueEntry,
    IssueOption,
    IssueStatement,
    JointAgreement,
    MeasureProgress,
    Meeting,
    OptionRating,
    Party,
    PlanSignature,
    PlanVersion,
    Program,
    RelationshipSurvey,
    Resource,
    Stance,
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
from tandem.collaboration.rules import (
    agreement_draft_refusal,
    agreement_revision_refusal,
    agreement_signing_refusal,
    engagement_close_refusal,
    first_meeting_refusal,
    is_key_leader,
    is_team_member,
    issue_refusal,
    may_open_team,
    may_use_space,
    plan_draft_refusal,
    team_work_refusal,
)
from tandem.collaboration.selectors import (
    agreement_status,
    consensus_status,
    consent_status,
    is_district_leader,
    is_partnership_staff,
    key_office_of,
    party_of,
    plan_step_choices,
    survey_has_answered,
    team_list,
    team_people,
)
from tandem.errors import DomainError
from tandem.organizations.models import District
from tandem.organizations.selectors import school_year_for
from tandem.people.models import Employment, RoleGrant, User
from tandem.people.selectors import roles_of
from tandem.records.files import stored_file_save
from tandem.records.services import signature_sign
from tandem.records.versions import version_check


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
    engagement = Engagement.objects.select_for_update().select_related("team").get(pk=engagement_id)
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
    engagement.status = Engagement.Status.MET
    engagement.save()
    team = engagement.team
    if team.facilitator_id is None:
        team.facilitator = by
        team.save(update_fields=["facilitator"])
    return engagement


def _party_sign(*, by: User, record, team: Team, consents, day, lapses: bool = True) -> tuple:
    """Sign ``record`` for the signed-in key leader's party: (party, office grant, signature).

    Refused for anyone who does not hold a key office today and for a party that has already
    signed. With ``lapses``, a party's signature counts only while its signer holds the office
    (consent to take part, adoption of a plan); without, what was signed stays signed.
    """
    grant = key_office_of(user=by, team=team, day=day)
    if grant is None:
        raise DomainError(
            _(
                "Only the superintendent, the union president and the school committee chair or "
                "vice chair sign for the district, each for themselves."
            )
        )
    party = PARTY_OF_OFFICE[grant.office]
    if lapses:
        standing = consent_status(district_id=team.district_id, consents=consents, day=day)
        signed = any(s.party == party and s.agreement is not None for s in standing)
    else:
        signed = any(c.party == party for c in consents)
    if signed:
        raise DomainError(_("%(party)s has already signed.") % {"party": Party(party).label})
    signature = signature_sign(
        signer=by, record=record, capacity=RoleGrant.Office(grant.office).label
    )
    return party, grant, signature


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
    party, grant, signature = _party_sign(
        by=by,
        record=engagement,
        team=engagement.team,
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
    if refusal := engagement_close_refusal(by, engagement):
        raise DomainError(refusal)
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
    if not is_key_leader(by, team):
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
    if not is_key_leader(by, member.team):
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
    if not may_use_space(by, team, space):
        raise DomainError(_("You may not post in that space."))
    return TeamNote.objects.create(team=team, space=space, author=by, body=body)


# -- Joint strategic plans ---------------------------------------------------------------------


def _require_member(*, user: User, team: Team) -> None:
    if not is_team_member(user, team):
        raise DomainError(_("Only the team's members work on its plan."))


@transaction.atomic
def plan_start(*, team_id: int, by: User, title: str) -> StrategicPlan:
    team = Team.objects.select_for_update().get(pk=team_id)
    _require_member(user=by, team=team)
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
    if refusal := plan_draft_refusal(by, draft):
        raise DomainError(refusal)
    version_check(draft, version)
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
def plan_sign(*, by: User, version_id: int) -> PlanSignature:
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
        by=by,
        record=draft,
        team=draft.plan.team,
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
    _require_member(user=by, team=plan.team)
    draft = plan.versions.filter(status=PlanVersion.Status.DRAFT).first()
    if draft is not None and not draft.is_signed():
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
    if not is_key_leader(by, plan.team):
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
    _require_member(user=by, team=plan.team)
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
    upload=None,
    team_id: int | None = None,
) -> Resource:
    """The partnership shares a resource in its own name; a team member in the team's. The file
    is stored after every other check, so a refused resource leaves no file behind."""
    team = None
    if team_id is not None:
        team = Team.objects.get(pk=team_id)
        _require_member(user=by, team=team)
    elif not is_partnership_staff(roles_of(by)):
        raise DomainError(_("Share a resource from your team's page, in your team's name."))
    if not topics:
        raise DomainError(_("Tag the resource with at least one topic."))
    if not link and upload is None:
        raise DomainError(_("Give a link to the resource, attach its file, or both."))
    stored = (
        stored_file_save(upload=upload, district_id=None, by=by) if upload is not None else None
    )
    resource = Resource.objects.create(
        title=title.strip(),
        kind=kind,
        summary=summary.strip(),
        link=link,
        file=stored,
        shared_by=by,
        team=team,
    )
    resource.topics.set(topics)
    return resource


# -- Meetings, action items, calendar feeds and the relationship survey (issue 5) -----------


def _require_on_team(*, user: User, team: Team) -> None:
    if not may_open_team(user, team):
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
    _require_on_team(user=by, team=team)
    place = place.strip()
    if not place:
        raise DomainError(_("Say where the team meets, or how to join online."))
    items = _clean_agenda(agenda)
    meeting = Meeting.objects.create(team=team, starts_at=starts_at, place=place, created_by=by)
    _agenda_replace(meeting, items)
    return meeting


def _refuse_if_cancelled(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise DomainError(
            _(
                "This meeting was cancelled: its time, agenda and minutes no longer change, and "
                "it takes no new action items."
            )
        )


def _locked_meeting(*, meeting_id: int, version: int, by: User) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("team").get(pk=meeting_id)
    _require_on_team(user=by, team=meeting.team)
    # Before the version: whoever opened the page before the cancellation learns why.
    _refuse_if_cancelled(meeting)
    version_check(meeting, version)
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
    if not meeting.held_by(timezone.localdate()):
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
def meeting_cancel(*, meeting_id: int, version: int, by: User, reason: str) -> Meeting:
    """Call off a meeting that has not taken place; it stays on the record, marked cancelled."""
    meeting = _locked_meeting(meeting_id=meeting_id, version=version, by=by)
    if meeting.is_recorded():
        raise DomainError(
            _(
                "This meeting has minutes, decisions or attendance on record, so it took place "
                "and cannot be cancelled."
            )
        )
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the meeting is cancelled; the team sees the reason."))
    meeting.cancelled_at = timezone.now()
    meeting.cancelled_by = by
    meeting.cancellation_reason = reason
    meeting.version += 1
    meeting.save(update_fields=["cancelled_at", "cancelled_by", "cancellation_reason", "version"])
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
    meeting = Meeting.objects.select_for_update().select_related("team").get(pk=meeting_id)
    day = timezone.localdate()
    _require_on_team(user=by, team=meeting.team)
    _refuse_if_cancelled(meeting)
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
    _require_on_team(user=by, team=item.meeting.team)
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
    if not is_team_member(by, team):
        raise DomainError(_("Only the team's members answer its survey."))
    school_year = school_year_for(district_id=team.district_id, day=day)
    if school_year is None:
        raise DomainError(_("The district has no school year on its calendar yet."))
    year = school_year.start_date.year
    if survey_has_answered(team=team, user=by, school_year=year):
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


# --- Interest-based problem solving and joint agreements (issue 5, item 4) -----------------

STEP_NAMES = {
    IssueStatement.Stage.INTERESTS: gettext_lazy("Interests are shared at the interests step."),
    IssueStatement.Stage.OPTIONS: gettext_lazy("Options are brainstormed at the options step."),
    IssueStatement.Stage.CRITERIA: gettext_lazy("Criteria are agreed at the criteria step."),
    IssueStatement.Stage.WEIGHING: gettext_lazy("Options are weighed at the weighing step."),
    IssueStatement.Stage.ISSUE: gettext_lazy("The issue is restated at the issue step."),
    IssueStatement.Stage.CONSENSUS: gettext_lazy("The decision is recorded at the consensus step."),
}


def _require_team_work(*, user: User, team: Team) -> None:
    """The facilitator and everyone off the team are refused."""
    if refusal := team_work_refusal(user, team):
        raise DomainError(refusal)


def _issue_for_update(
    *, issue_id: int, by: User, version: int | None = None, stage: str | None = None
) -> tuple[IssueStatement, str]:
    """The issue, locked, with the party of ``by``; refused once decided, stale or at another
    step."""
    issue = IssueStatement.objects.select_for_update().select_related("team").get(pk=issue_id)
    if refusal := issue_refusal(by, issue):
        raise DomainError(refusal)
    if version is not None:
        version_check(issue, version)
    if stage is not None and issue.stage != stage:
        raise DomainError(
            _("%(rule)s The team is now at the %(now)s step.")
            % {"rule": STEP_NAMES[stage], "now": issue.get_stage_display().lower()}
        )
    return issue, party_of(user=by, team=issue.team, day=timezone.localdate())


def _bump(issue: IssueStatement, *fields: str) -> None:
    issue.version += 1
    issue.save(update_fields=[*fields, "version"])


def _text(value: str, *, missing: str, limit: int = 10_000) -> str:
    value = value.strip()
    if not value:
        raise DomainError(missing)
    if len(value) > limit:
        raise DomainError(_("Keep it to %(n)s characters.") % {"n": f"{limit:,}"})
    return value


@transaction.atomic
def issue_raise(*, team_id: int, by: User, title: str, statement: str) -> IssueStatement:
    """A member puts an issue before the team, stated neutrally."""
    team = Team.objects.get(pk=team_id)
    _require_team_work(user=by, team=team)
    return IssueStatement.objects.create(
        team=team,
        title=_text(title, missing=_("Give the issue a short title."), limit=200),
        statement=_text(statement, missing=_("State the issue in a sentence or two.")),
        raised_by=by,
    )


@transaction.atomic
def issue_restate(
    *, issue_id: int, version: int, by: User, title: str, statement: str
) -> IssueStatement:
    """Reword the issue until every party accepts the statement as neutral."""
    issue, _party = _issue_for_update(
        issue_id=issue_id, by=by, version=version, stage=IssueStatement.Stage.ISSUE
    )
    issue.title = _text(title, missing=_("Give the issue a short title."), limit=200)
    issue.statement = _text(statement, missing=_("State the issue in a sentence or two."))
    _bump(issue, "title", "statement")
    return issue


@transaction.atomic
def interest_add(*, issue_id: int, by: User, text: str, mutual: bool = False) -> Interest:
    """A member names an interest of their own party, or one every party shares."""
    issue, party = _issue_for_update(issue_id=issue_id, by=by, stage=IssueStatement.Stage.INTERESTS)
    return Interest.objects.create(
        issue=issue,
        party=party,
        text=_text(text, missing=_("Write the interest: the need or concern behind a position.")),
        mutual=mutual,
        added_by=by,
    )


@transaction.atomic
def interest_mark_mutual(*, interest_id: int, by: User, mutual: bool) -> Interest:
    """Mark an interest as shared by every party, or take the mark back."""
    interest = Interest.objects.get(pk=interest_id)
    _issue_for_update(issue_id=interest.issue_id, by=by, stage=IssueStatement.Stage.INTERESTS)
    interest.mutual = mutual
    interest.save(update_fields=["mutual"])
    return interest


@transaction.atomic
def option_add(*, issue_id: int, by: User, text: str) -> IssueOption:
    """Any member adds an option; brainstorming judges nothing, so every option is kept."""
    issue, _party = _issue_for_update(issue_id=issue_id, by=by, stage=IssueStatement.Stage.OPTIONS)
    return IssueOption.objects.create(
        issue=issue, text=_text(text, missing=_("Write the option.")), added_by=by
    )


@transaction.atomic
def criterion_add(*, issue_id: int, by: User, text: str) -> IssueCriterion:
    issue, _party = _issue_for_update(issue_id=issue_id, by=by, stage=IssueStatement.Stage.CRITERIA)
    return IssueCriterion.objects.create(
        issue=issue,
        text=_text(text, missing=_("Write the criterion."), limit=500),
        added_by=by,
    )


# What each kind of entry is, by the step at which it is written and may be corrected.
ISSUE_ENTRIES = {
    IssueStatement.Stage.INTERESTS: Interest,
    IssueStatement.Stage.OPTIONS: IssueOption,
    IssueStatement.Stage.CRITERIA: IssueCriterion,
}


def _own_entry(*, entry: str, entry_id: int, by: User) -> IssueEntry:
    """An interest, option or criterion that ``by`` wrote, at its own step, with the issue
    locked; an option already tested for consensus keeps the words its stances were on."""
    model = ISSUE_ENTRIES[entry]
    issue_id = model.objects.values_list("issue_id", flat=True).get(pk=entry_id)
    _issue_for_update(issue_id=issue_id, by=by, stage=IssueStatement.Stage(entry))
    item = model.objects.get(pk=entry_id)
    if item.added_by_id != by.pk:
        raise DomainError(
            _("Only the member who wrote it corrects or withdraws it. Add your own instead.")
        )
    if entry == IssueStatement.Stage.OPTIONS and item.checks.exists():
        raise DomainError(
            _(
                "The team tested this option for consensus, so it stays as it was, with the "
                "stances taken on it. Add a new option instead."
            )
        )
    return item


@transaction.atomic
def issue_entry_reword(*, entry: str, entry_id: int, by: User, text: str) -> IssueEntry:
    """Correct the words of one's own interest, option or criterion. A reworded option or
    criterion is weighed again: the ratings given to the old words are cleared."""
    item = _own_entry(entry=entry, entry_id=entry_id, by=by)
    item.text = _text(
        text,
        missing=_("Write the corrected text, or withdraw the entry."),
        limit=500 if entry == IssueStatement.Stage.CRITERIA else 10_000,
    )
    item.save(update_fields=["text"])
    if entry != IssueStatement.Stage.INTERESTS:
        item.ratings.all().delete()
    return item


@transaction.atomic
def issue_entry_withdraw(*, entry: str, entry_id: int, by: User) -> None:
    """Take back one's own interest, option or criterion; its ratings go with it."""
    _own_entry(entry=entry, entry_id=entry_id, by=by).delete()


@transaction.atomic
def option_weigh(
    *, issue_id: int, version: int, by: User, ratings: dict[tuple[int, int], tuple[str, str]]
) -> IssueStatement:
    """Save the team's weighing: for (option id, criterion id), whether the option meets the
    criterion ("yes", "partly", "no", or "" to leave it open) and a note."""
    issue, _party = _issue_for_update(
        issue_id=issue_id, by=by, version=version, stage=IssueStatement.Stage.WEIGHING
    )
    options = set(issue.options.values_list("pk", flat=True))
    criteria = set(issue.criteria.values_list("pk", flat=True))
    existing = {
        (r.option_id, r.criterion_id): r for r in OptionRating.objects.filter(option__issue=issue)
    }
    for (option_id, criterion_id), (meets, note) in ratings.items():
        if option_id not in options or criterion_id not in criteria:
            raise DomainError(_("That option or criterion is not part of this issue."))
        if meets and meets not in OptionRating.Meets.values:
            raise DomainError(_("Say whether the option meets the criterion: yes, partly or no."))
        if len(note) > 1000:
            raise DomainError(_("Keep each note to 1,000 characters."))
    for (option_id, criterion_id), (meets, note) in ratings.items():
        rating = existing.get((option_id, criterion_id))
        if not meets:
            if rating is not None:
                rating.delete()
            continue
        if rating is None:
            rating = OptionRating(option_id=option_id, criterion_id=criterion_id)
        rating.meets, rating.note, rating.updated_by = meets, note.strip(), by
        rating.save()
    _bump(issue)
    return issue


@transaction.atomic
def issue_stage_move(
    *, issue_id: int, version: int, by: User, to: str, option_id: int | None = None
) -> IssueStatement:
    """Move the team on to the next step, or back to any earlier one.

    Moving on to the consensus step opens a consensus round on the chosen option; stepping
    back from it closes that round, whose stances are kept.
    """
    issue, _party = _issue_for_update(issue_id=issue_id, by=by, version=version)
    steps = [s for s in IssueStatement.Stage.values if s != IssueStatement.Stage.DECIDED]
    if to not in steps:
        raise DomainError(_("Choose a step of the process; a decision is recorded on its own."))
    now, target = steps.index(issue.stage), steps.index(to)
    if target == now:
        raise DomainError(_("The team is already at that step."))
    if target > now + 1:
        raise DomainError(_("Take the steps in order, one at a time."))
    if target == now + 1:
        _ready_for(issue, to, by=by, option_id=option_id)
    elif issue.stage == IssueStatement.Stage.CONSENSUS:
        issue.checks.filter(closed_at__isnull=True).update(closed_at=timezone.now())
    issue.stage = to
    _bump(issue, "stage")
    return issue


def _ready_for(issue: IssueStatement, step: str, *, by: User, option_id: int | None) -> None:
    """Refuse to move on before the current step has produced what the next one needs."""
    Stage = IssueStatement.Stage
    if step == Stage.OPTIONS and not issue.interests.exists():
        raise DomainError(_("Share at least one interest before brainstorming options."))
    if step == Stage.CRITERIA and not issue.options.exists():
        raise DomainError(_("Brainstorm at least one option before agreeing criteria."))
    if step == Stage.WEIGHING and not issue.criteria.exists():
        raise DomainError(_("Agree at least one criterion before weighing the options."))
    if step == Stage.CONSENSUS:
        option = issue.options.filter(pk=option_id).first() if option_id else None
        if option is None:
            raise DomainError(_("Choose the option the team will test for consensus."))
        if option.ratings.count() < issue.criteria.count():
            raise DomainError(
                _("Weigh the chosen option against every criterion before the consensus check.")
            )
        ConsensusCheck.objects.create(issue=issue, option=option, opened_by=by)


@transaction.atomic
def stance_record(*, issue_id: int, by: User, gradient: int, comment: str = "") -> Stance:
    """Record or change one's own stance on the option under consensus check.

    Nobody records a stance for another member: the stance is always that of ``by``.
    """
    issue, party = _issue_for_update(issue_id=issue_id, by=by)
    check = issue.checks.filter(closed_at__isnull=True).first()
    if issue.stage != IssueStatement.Stage.CONSENSUS or check is None:
        raise DomainError(_("Stances are recorded at the consensus step."))
    if gradient not in Stance.Gradient.values:
        raise DomainError(_("Choose where you stand, from 1 to 5."))
    comment = comment.strip()
    if gradient > Stance.Gradient.LIVE_WITH_IT and not comment:
        raise DomainError(
            _(
                "Below “I can live with it”, say what concerns you or what would change your "
                "mind: the team needs it to move on."
            )
        )
    stance, _created = Stance.objects.update_or_create(
        consensus_check=check,
        user=by,
        defaults={"party": party, "gradient": gradient, "comment": comment[:5_000]},
    )
    _bump(issue)  # whoever records the decision must have seen every stance
    return stance


@transaction.atomic
def issue_decide(*, issue_id: int, version: int, by: User, decision: str) -> IssueStatement:
    """Record what the team decided when consensus holds; the issue is frozen from then on."""
    issue, _party = _issue_for_update(
        issue_id=issue_id, by=by, version=version, stage=IssueStatement.Stage.CONSENSUS
    )
    check = issue.checks.get(closed_at__isnull=True)
    status = consensus_status(check=check)
    if not status.holds:
        raise DomainError(
            _("Consensus does not hold yet. %(why)s") % {"why": " ".join(status.reasons())}
        )
    decision = _text(decision, missing=_("Write down what the team decided."))
    now = timezone.now()
    check.closed_at = now
    check.save(update_fields=["closed_at"])
    issue.stage = IssueStatement.Stage.DECIDED
    issue.decision = decision
    issue.decided_at = now
    issue.decided_by = by
    _bump(issue, "stage", "decision", "decided_at", "decided_by")
    return issue


@transaction.atomic
def agreement_draft(
    *, team_id: int, by: User, kind: str, title: str, body: str, issue_id: int | None = None
) -> JointAgreement:
    """A member starts the first version of an agreement. A tentative agreement sets down the
    language of an issue the team has decided."""
    team = Team.objects.get(pk=team_id)
    _require_team_work(user=by, team=team)
    if kind not in JointAgreement.Kind.values:
        raise DomainError(_("Choose the kind of agreement."))
    issue = None
    if kind == JointAgreement.Kind.TENTATIVE:
        issue = team.issues.filter(pk=issue_id).first() if issue_id else None
        if issue is None or not issue.is_decided:
            raise DomainError(
                _(
                    "A tentative agreement sets down the language of one of the team's decided issues."
                )
            )
    return JointAgreement.objects.create(
        team=team,
        kind=kind,
        issue=issue,
        title=_text(title, missing=_("Give the agreement a title."), limit=200),
        body=_text(body, missing=_("Write the agreement's text."), limit=100_000),
        drafted_by=by,
    )


def _agreement_for_update(*, agreement_id: int) -> JointAgreement:
    return (
        JointAgreement.objects.select_for_update(of=("self",))
        .select_related("team__district", "issue", "supersedes")
        .get(pk=agreement_id)
    )


@transaction.atomic
def agreement_edit(
    *, agreement_id: int, version: int, by: User, title: str, body: str
) -> JointAgreement:
    """Members redraft a version nobody has signed yet."""
    agreement = _agreement_for_update(agreement_id=agreement_id)
    if refusal := agreement_draft_refusal(by, agreement):
        raise DomainError(refusal)
    version_check(agreement, version)
    agreement.title = _text(title, missing=_("Give the agreement a title."), limit=200)
    agreement.body = _text(body, missing=_("Write the agreement's text."), limit=100_000)
    agreement.version += 1
    agreement.save(update_fields=["title", "body", "version"])
    return agreement


@transaction.atomic
def agreement_sign(*, by: User, agreement_id: int) -> AgreementSignature:
    """The signed-in key leader signs this version for their party, after confirming their
    password. The third party's signature puts it in effect and supersedes earlier versions."""
    day = timezone.localdate()
    agreement = _agreement_for_update(agreement_id=agreement_id)
    if refusal := agreement_signing_refusal(agreement):
        raise DomainError(refusal)
    party, grant, signature = _party_sign(
        by=by,
        record=agreement,
        team=agreement.team,
        consents=list(agreement.signatures.all()),
        day=day,
        lapses=False,
    )
    signed = AgreementSignature.objects.create(
        agreement=agreement, party=party, grant=grant, signature=signature
    )
    agreement.status = JointAgreement.Status.SIGNING
    agreement.effective_on = None
    if set(agreement.signatures.values_list("party", flat=True)) >= set(CAUCUS_PARTIES):
        agreement.status = JointAgreement.Status.IN_EFFECT
        agreement.effective_on = day
        for earlier in JointAgreement.objects.filter(
            Q(pk=agreement.line_id) | Q(original_id=agreement.line_id),
            number__lt=agreement.number,
        ).exclude(status=JointAgreement.Status.SUPERSEDED):
            earlier.status = JointAgreement.Status.SUPERSEDED
            earlier.save(update_fields=["status"])
    agreement.save(update_fields=["status", "effective_on"])
    return signed


@transaction.atomic
def agreement_revise(*, agreement_id: int, by: User) -> JointAgreement:
    """Start a new version of a signed agreement; the signed one stays as it was, and in effect
    if it was, until the new version has all three signatures."""
    agreement = _agreement_for_update(agreement_id=agreement_id)
    if refusal := agreement_revision_refusal(by, agreement):
        raise DomainError(refusal)
    return JointAgreement.objects.create(
        team=agreement.team,
        kind=agreement.kind,
        issue=agreement.issue,
        title=agreement.title,
        body=agreement.body,
        number=agreement.number + 1,
        original_id=agreement.line_id,
        supersedes=agreement,
        drafted_by=by,
    )
