"""Step 3: observations (with the quick notes synced from a tablet) and the evidence the
educator and the evaluator add."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.evaluation import rules
from tandem.evaluation.models import EvaluationCycle, Evidence, Observation
from tandem.evaluation.services.cycles import locked_cycle, raise_refusal, require_permission
from tandem.organizations.selectors import school_day_after, school_year_on
from tandem.people.models import User
from tandem.records.files import stored_file_save
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
