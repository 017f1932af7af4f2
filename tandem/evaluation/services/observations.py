"""Step 3: observations (with the quick notes synced from a tablet) and the evidence the
educator and the evaluator add, replace and remove (issue 11)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.evaluation import rules
from tandem.evaluation.models import (
    EvaluationCycle,
    Evidence,
    EvidenceRemovalRequest,
    Observation,
)
from tandem.evaluation.services.cycles import locked_cycle, raise_refusal, require_permission
from tandem.organizations.selectors import school_day_after, school_year_on
from tandem.people.models import User
from tandem.records.files import stored_file_erase, stored_file_save
from tandem.records.versions import version_bump, version_check
from tandem.rubrics.models import Element, Indicator


def _rubric_ids(ids, *, of, refusal: str) -> list[int]:
    """The ids, sorted, if each names one of ``of`` (the cycle's rubric items); else refused."""
    ids = {int(i) for i in ids}
    if ids - set(of.filter(pk__in=ids).values_list("pk", flat=True)):
        raise DomainError(refusal)
    return sorted(ids)


def _element_ids(cycle: EvaluationCycle, element_ids) -> list[int]:
    return _rubric_ids(
        element_ids,
        of=Element.objects.filter(indicator__standard__framework_version=cycle.framework_version),
        refusal=_("Tag only elements of this cycle's rubric."),
    )


def feedback_due_date(cycle: EvaluationCycle, observed_on: datetime.date) -> datetime.date:
    """The district's feedback deadline: so many school days after the observation, on the
    calendar of that school year (vacations and holidays do not count)."""
    school_year = (
        school_year_on(district_id=cycle.district_id, day=observed_on) or cycle.school_year
    )
    return school_day_after(
        school_year=school_year,
        start=observed_on,
        school_days=cycle.settings_version.values["feedback_school_days"],
    )


@transaction.atomic
def observation_record(
    *,
    cycle_id: int,
    by: User,
    kind: str,
    observed_on: datetime.date,
    duration_minutes: int,
    notes: str = "",
    element_ids=(),
    client_id=None,
) -> Observation:
    """Record an observation; one synced twice from an offline tablet is stored once."""
    if client_id is not None:
        earlier = Observation.objects.filter(client_id=client_id).first()
        if earlier is not None:
            if earlier.cycle_id != cycle_id:
                raise DomainError(_("This note was already stored for another educator."))
            return earlier
    cycle = locked_cycle(cycle_id)
    raise_refusal(rules.observation_record_refusal(by, cycle))
    if kind not in Observation.Kind.values:
        raise DomainError(_("Say whether the observation was announced or unannounced."))
    today = timezone.localdate()
    if not cycle.start_date <= observed_on <= min(cycle.end_date, today):
        raise DomainError(_("The date must fall within the cycle and not be in the future."))
    if not 1 <= duration_minutes <= 600:
        raise DomainError(_("Give the length in minutes, from 1 to 600."))
    observation = Observation.objects.create(
        cycle=cycle,
        kind=kind,
        observed_on=observed_on,
        duration_minutes=duration_minutes,
        observer_id=by.person.pk,
        notes=notes.strip(),
        feedback_due=feedback_due_date(cycle, observed_on),
        client_id=client_id,
        created_by=by,
    )
    observation.elements.set(_element_ids(cycle, element_ids))
    return observation


@transaction.atomic
def observation_update(
    *, observation_id: int, by: User, version: int, notes: str, feedback: str, element_ids=()
) -> Observation:
    """Change the notes, feedback and tags until the feedback is shared with the educator."""
    observation = (
        Observation.objects.select_for_update().select_related("cycle").get(pk=observation_id)
    )
    raise_refusal(rules.observation_edit_refusal(by, observation))
    version_check(observation, version)
    observation.notes = notes.strip()
    observation.feedback = feedback.strip()
    version_bump(observation, "notes", "feedback")
    observation.elements.set(_element_ids(observation.cycle, element_ids))
    return observation


@transaction.atomic
def observation_feedback_share(*, observation_id: int, by: User, version: int) -> Observation:
    """Share the written feedback with the educator; from then on the observation is fixed."""
    observation = (
        Observation.objects.select_for_update().select_related("cycle").get(pk=observation_id)
    )
    require_permission(by, "evaluation.observe", observation.cycle)
    version_check(observation, version)
    if observation.feedback_shared_at:
        raise DomainError(_("The feedback was already shared."))
    if not observation.feedback.strip():
        raise DomainError(_("Write the feedback before sharing it."))
    observation.feedback_shared_at = timezone.now()
    version_bump(observation, "feedback_shared_at")
    return observation


@transaction.atomic
def evidence_add(
    *,
    cycle_id: int,
    by: User,
    kind: str,
    title: str,
    description: str = "",
    upload=None,
    indicator_ids=(),
) -> Evidence:
    """The educator or the evaluator adds evidence; a file is checked by its content first,
    so a refused upload stores nothing."""
    cycle = locked_cycle(cycle_id)
    raise_refusal(rules.evidence_add_refusal(by, cycle))
    if kind not in Evidence.Kind.values:
        raise DomainError(_("Choose what kind of evidence this is."))
    title = title.strip()
    if not title:
        raise DomainError(_("Give the evidence a title."))
    ids = _rubric_ids(
        indicator_ids,
        of=Indicator.objects.filter(standard__framework_version=cycle.framework_version),
        refusal=_("Tag only indicators of this cycle's rubric."),
    )
    if upload is None and not description.strip():
        raise DomainError(_("Describe the evidence or attach a file."))
    stored = (
        stored_file_save(upload=upload, district_id=cycle.district_id, by=by) if upload else None
    )
    evidence = Evidence.objects.create(
        cycle=cycle,
        kind=kind,
        title=title[:200],
        description=description.strip(),
        file=stored,
        added_by=by,
    )
    evidence.indicators.set(ids)
    return evidence


def evidence_opened(*, evidence, by: User) -> None:
    """The evaluator has seen these items: from now on their uploader only asks to remove
    them (``rules.is_evidence_reviewer`` says who and when)."""
    opened = [
        item.pk
        for item in evidence
        if item.first_opened_by_evaluator_at is None
        and item.removed_at is None
        and by.has_perm("evaluation.review_evidence", item)
    ]
    if opened:
        Evidence.objects.filter(pk__in=opened, first_opened_by_evaluator_at__isnull=True).update(
            first_opened_by_evaluator_at=timezone.now()
        )


def _locked_evidence(evidence_id: int) -> Evidence:
    """The item, with its cycle locked first, as every write to a cycle's records takes it."""
    cycle_id = Evidence.objects.values_list("cycle_id", flat=True).get(pk=evidence_id)
    locked_cycle(cycle_id)
    return (
        Evidence.objects.select_for_update(of=("self",))
        .select_related("cycle__summative_evaluation", "file")
        .get(pk=evidence_id)
    )


def _removal_reason(reason: str, note: str) -> tuple[str, str]:
    """A reason from the list, and for "another reason" the words that say it."""
    if reason not in Evidence.RemovalReason.values:
        raise DomainError(_("Choose why the evidence should be removed."))
    note = note.strip()
    if reason == Evidence.RemovalReason.OTHER and not note:
        raise DomainError(_("Say why the evidence should be removed."))
    return reason, note


def _remove(evidence: Evidence, *, by: User, reason: str, note: str) -> None:
    """Remove the item and keep its record. The file's bytes are always deleted, their name,
    size and digest kept. Student information also takes the description with it, from the
    item's history as well, and so does the uploader's note: a personnel record must not keep
    what the student's record protects (FERPA, 603 CMR 23.00)."""
    if evidence.file is not None:
        stored_file_erase(evidence.file)
    evidence.removed_at = timezone.now()
    evidence.removed_by = by
    evidence.removal_reason = reason
    fields = ["removed_at", "removed_by", "removal_reason", "removal_note"]
    if reason == Evidence.RemovalReason.STUDENT_INFORMATION:
        note = evidence.description = ""
        fields.append("description")
        Evidence.history.filter(id=evidence.pk).update(description="")
    evidence.removal_note = note
    version_bump(evidence, *fields)


@transaction.atomic
def evidence_remove(
    *, evidence_id: int, by: User, version: int, reason: str, note: str = ""
) -> Evidence:
    """The uploader removes an item the evaluator has not opened, saying why."""
    evidence = _locked_evidence(evidence_id)
    raise_refusal(rules.evidence_change_refusal(by, evidence))
    version_check(evidence, version)
    reason, note = _removal_reason(reason, note)
    _remove(evidence, by=by, reason=reason, note=note)
    return evidence


@transaction.atomic
def evidence_replace(
    *, evidence_id: int, by: User, version: int, title: str, description: str = "", upload=None
) -> Evidence:
    """The uploader corrects an item the evaluator has not opened: its title, description or
    file. A replaced file's bytes are deleted (nobody else had opened them); its row stays in
    the item's history."""
    evidence = _locked_evidence(evidence_id)
    raise_refusal(rules.evidence_change_refusal(by, evidence))
    version_check(evidence, version)
    title = title.strip()
    if not title:
        raise DomainError(_("Give the evidence a title."))
    if upload is None and evidence.file is None and not description.strip():
        raise DomainError(_("Describe the evidence or attach a file."))
    if upload is not None:
        replaced = evidence.file
        evidence.file = stored_file_save(
            upload=upload, district_id=evidence.cycle.district_id, by=by
        )
        if replaced is not None:
            stored_file_erase(replaced)
    evidence.title = title[:200]
    evidence.description = description.strip()
    version_bump(evidence, "title", "description", "file")
    return evidence


@transaction.atomic
def evidence_removal_request(
    *, evidence_id: int, by: User, reason: str, note: str = ""
) -> EvidenceRemovalRequest:
    """The uploader asks the evaluator to remove an item they have opened; it waits in the
    evaluator's inbox. Once the summative is signed, only student information is a reason."""
    evidence = _locked_evidence(evidence_id)
    raise_refusal(rules.evidence_removal_request_refusal(by, evidence))
    reason, note = _removal_reason(reason, note)
    if (
        rules.evidence_closed_refusal(evidence.cycle) is not None
        and reason != Evidence.RemovalReason.STUDENT_INFORMATION
    ):
        raise DomainError(
            _(
                "The summative evaluation is signed and stands on this evidence: it is removed "
                "now only if it holds student information."
            )
        )
    return EvidenceRemovalRequest.objects.create(
        evidence=evidence, reason=reason, note=note, requested_by=by
    )


@transaction.atomic
def evidence_removal_decide(
    *, removal_id: int, by: User, grant: bool, note: str = ""
) -> EvidenceRemovalRequest:
    """The evaluator grants a request (the item is removed, its record kept) or declines it,
    saying why, so the uploader knows."""
    evidence_id = EvidenceRemovalRequest.objects.values_list("evidence_id", flat=True).get(
        pk=removal_id
    )
    evidence = _locked_evidence(evidence_id)
    removal = EvidenceRemovalRequest.objects.select_for_update().get(pk=removal_id)
    removal.evidence = evidence
    raise_refusal(rules.evidence_removal_decision_refusal(by, removal))
    note = note.strip()
    if not grant and not note:
        raise DomainError(_("Say why you decline, so that the uploader knows."))
    if grant:
        _remove(evidence, by=by, reason=removal.reason, note=removal.note)
        if removal.reason == Evidence.RemovalReason.STUDENT_INFORMATION:
            removal.history.update(note="")
            removal.note = ""
    removal.status = (
        EvidenceRemovalRequest.Status.GRANTED if grant else EvidenceRemovalRequest.Status.DECLINED
    )
    removal.decided_by = by
    removal.decided_at = timezone.now()
    removal.decision_note = note
    removal.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "note"])
    return removal
