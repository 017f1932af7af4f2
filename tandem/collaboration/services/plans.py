"""Writes for joint strategic plans: drafting part by part, signing, new versions and readings."""

import copy
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.collaboration.models import (
    MeasureProgress,
    PlanSignature,
    PlanVersion,
    StrategicPlan,
    Team,
)
from tandem.collaboration.plan_content import (
    adoption_problems,
    counts_whole,
    empty_content,
    find,
    next_key,
    parse_date,
)
from tandem.collaboration.rules import plan_draft_refusal
from tandem.collaboration.selectors.consent import consent_status
from tandem.collaboration.services.gallery import publish_version
from tandem.collaboration.services.membership import member_required
from tandem.collaboration.services.signing import party_sign
from tandem.errors import DomainError
from tandem.people.models import User
from tandem.records.versions import version_check


@transaction.atomic
def plan_start(*, team_id: int, by: User, title: str) -> StrategicPlan:
    team = Team.objects.select_for_update().get(pk=team_id)
    member_required(user=by, team=team)
    title = title.strip()
    if not title:
        raise DomainError(_("Give the plan a title."))
    plan = StrategicPlan.objects.create(team=team, title=title, created_by=by)
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        content=empty_content(),
        created_by=by,
        started_on=timezone.localdate(),
    )
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
    if day < draft.started_on:
        raise DomainError(
            _("This version was started on %(d)s; it cannot be signed before that day.")
            % {"d": date_format(draft.started_on)}
        )
    district_id = draft.plan.team.district_id
    signed = party_sign(
        by=by, record=draft, team=draft.plan.team, signatures=draft.party_signatures, day=day
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
            publish_version(plan, draft)
    return signed


@transaction.atomic
def plan_version_start(*, plan_id: int, by: User) -> PlanVersion:
    """A new draft from the latest version; a draft that some leaders signed is withdrawn."""
    plan = StrategicPlan.objects.select_for_update().select_related("team").get(pk=plan_id)
    member_required(user=by, team=plan.team)
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
        started_on=timezone.localdate(),
    )


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
    member_required(user=by, team=plan.team)
    adopted = plan.versions.filter(status=PlanVersion.Status.ADOPTED).first()
    if adopted is None:
        raise DomainError(_("Progress is recorded against the adopted plan; none is adopted."))
    found = find(adopted.content, measure_key)
    if found is None or found[0] != "measure":
        raise DomainError(_("That measure is not in the adopted plan."))
    if recorded_on > day:
        raise DomainError(_("A reading cannot be dated in the future."))
    measure = found[1]
    if counts_whole(measure.get("unit", "")) and value != int(value):
        raise DomainError(
            _("%(measure)s counts %(unit)s: give a whole number.")
            % {"measure": measure["name"], "unit": measure["unit"]}
        )
    return MeasureProgress.objects.create(
        plan=plan,
        measure_key=measure_key,
        recorded_on=recorded_on,
        value=value,
        note=note.strip(),
        recorded_by=by,
    )
