"""Evaluation cycles over the API: the same records, permissions and access log as the pages.

Plan types that reveal a rating appear only in cycles the caller may open, as on the pages.
"""

import datetime
import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.responses import Status

from tandem.api_types import ObjectId, Pagination
from tandem.errors import DomainError
from tandem.evaluation import calibration, selectors
from tandem.evaluation.models import CoObservation, EvaluationCycle, Evidence, Observation
from tandem.evaluation.services import co_observation as co_observation_services
from tandem.evaluation.services import observations as observations_services
from tandem.evaluation.services import plan as plan_services
from tandem.evaluation.services import summative as summative_services
from tandem.people.selectors import roles_of
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_request

router = Router(tags=["evaluation"])


class CycleOut(Schema):
    id: int
    educator_id: int = Field(alias="employment_id")
    district_id: int
    school_year: str
    plan_type: str
    plan_years: int
    step: str
    start_date: datetime.date
    end_date: datetime.date
    primary_evaluator: str | None
    overall_rating: str

    @staticmethod
    def resolve_school_year(obj):
        return obj.school_year.name

    @staticmethod
    def resolve_primary_evaluator(obj):
        return str(obj.primary_evaluator) if obj.primary_evaluator_id else None


class GoalOut(Schema):
    id: int
    kind: str
    status: str
    statement: str
    measures: str
    key_actions: str
    benchmarks: str
    supports: str
    timeline: str
    version: int


class GoalIn(Schema):
    kind: str = Field(description="student_learning or professional_practice")
    statement: str = Field(max_length=10_000)
    measures: str = Field("", max_length=10_000)
    key_actions: str = Field("", max_length=10_000)
    benchmarks: str = Field("", max_length=10_000)
    supports: str = Field("", max_length=10_000)
    timeline: str = Field("", max_length=10_000)
    team_cycle_ids: list[ObjectId] = Field(default_factory=list, max_length=100)


class ObservationOut(Schema):
    id: int
    kind: str
    observed_on: datetime.date
    duration_minutes: int
    notes: str
    feedback: str
    feedback_due: datetime.date
    feedback_shared_at: datetime.datetime | None
    element_codes: list[str]
    client_id: uuid.UUID | None

    @staticmethod
    def resolve_element_codes(obj):
        return [element.code for element in obj.elements.all()]


class ObservationIn(Schema):
    kind: str = Field(description="announced or unannounced")
    observed_on: datetime.date
    duration_minutes: int = Field(ge=1, le=600)
    notes: str = Field("", max_length=50_000)
    element_codes: list[str] = Field(default_factory=list, max_length=200)
    client_id: uuid.UUID | None = Field(
        None, description="Set by offline capture: a note sent twice is stored once."
    )


class RatingOut(Schema):
    standard: str
    level: str

    @staticmethod
    def resolve_standard(obj):
        return obj.standard.code


class SummativeOut(Schema):
    status: str
    overall_rating: str
    rationale: str
    ratings: list[RatingOut]
    next_plan_type: str
    educator_signed: bool
    version: int

    @staticmethod
    def resolve_ratings(obj):
        return list(obj.standard_ratings.select_related("standard").order_by("standard__position"))


class CycleFilter(Schema):
    step: str = ""
    q: str = Field("", max_length=100)
    current: bool = True


def _cycle(request, cycle_id: int) -> EvaluationCycle:
    cycle = selectors.cycle_get(roles=roles_of(request.user), cycle_id=cycle_id)
    if cycle is None:
        raise Http404("No such evaluation cycle among those you may open.")
    return cycle


def _rubric_pks(codes, rubric_codes_and_pks, *, what: str) -> dict[str, int]:
    """Each code's primary key in the cycle's rubric; a code not in it is refused (422)."""
    rubric = dict(rubric_codes_and_pks)
    unknown = sorted(set(codes) - set(rubric))
    if unknown:
        raise DomainError(f"These {what} are not in the cycle's rubric: {', '.join(unknown)}.")
    return {code: rubric[code] for code in codes}


def _log(request, records) -> None:
    access_log_request(request, records, channel=AccessLogEntry.Channel.API)


class CyclePage(Schema):
    items: list[CycleOut]
    count: int


@router.get("/cycles", response=CyclePage)
def list_cycles(request, filters: Query[CycleFilter], page: Query[Pagination.Input]):
    """The cycles the caller may open; each one returned is written to the access log."""
    cycles = selectors.cycle_list(
        roles=roles_of(request.user),
        search=filters.q,
        step=filters.step,
        current_only=filters.current,
        sort="name",
    )
    items = list(cycles[page.offset : page.offset + page.limit])
    _log(request, items)
    return {"items": items, "count": cycles.count()}


@router.get("/cycles/{cycle_id}", response=CycleOut)
def get_cycle(request, cycle_id: ObjectId):
    cycle = _cycle(request, cycle_id)
    _log(request, [cycle])
    return cycle


@router.get("/cycles/{cycle_id}/goals", response=list[GoalOut])
def list_goals(request, cycle_id: ObjectId):
    cycle = _cycle(request, cycle_id)
    _log(request, [cycle])
    return list(cycle.goals.order_by("kind", "pk"))


@router.post("/cycles/{cycle_id}/goals", response={201: GoalOut})
def add_goal(request, cycle_id: ObjectId, goal: GoalIn):
    cycle = _cycle(request, cycle_id)
    values = goal.dict(exclude={"team_cycle_ids"})
    return Status(
        201,
        plan_services.goal_add(
            cycle_id=cycle.pk, by=request.user, values=values, team_cycle_ids=goal.team_cycle_ids
        ),
    )


@router.get("/cycles/{cycle_id}/observations", response=list[ObservationOut])
def list_observations(request, cycle_id: ObjectId):
    cycle = _cycle(request, cycle_id)
    observations = list(
        selectors.observation_list(user=request.user, cycle=cycle).prefetch_related("elements")
    )
    _log(request, observations)
    return observations


@router.post("/cycles/{cycle_id}/observations", response={201: ObservationOut})
def record_observation(request, cycle_id: ObjectId, observation: ObservationIn):
    """Record an observation; with a client_id, sending it again returns the stored one."""
    cycle = _cycle(request, cycle_id)
    if not request.user.has_perm("evaluation.observe", cycle):
        raise PermissionDenied
    elements = _rubric_pks(
        observation.element_codes,
        cycle.framework_version.standards.values_list(
            "indicators__elements__code", "indicators__elements__pk"
        ),
        what="elements",
    )
    stored = observations_services.observation_record(
        cycle_id=cycle.pk,
        by=request.user,
        kind=observation.kind,
        observed_on=observation.observed_on,
        duration_minutes=observation.duration_minutes,
        notes=observation.notes,
        element_ids=list(elements.values()),
        client_id=observation.client_id,
    )
    return Status(201, Observation.objects.prefetch_related("elements").get(pk=stored.pk))


class CoRatingsOut(Schema):
    """The caller's own levels (1 to 4) by element code, and the other observer's once both
    have saved (null until then)."""

    both_saved: bool
    mine: dict[str, int]
    theirs: dict[str, int] | None


class CoRatingsIn(Schema):
    levels: dict[str, int] = Field(description="A level from 1 to 4 for every observed element.")


def _co_observation(request, cycle_id: int, observation_id: int) -> CoObservation:
    """The co-observation, for its two observers only (else 404, as on the page)."""
    cycle = _cycle(request, cycle_id)
    co_observation = (
        CoObservation.objects.filter(observation__cycle=cycle, observation_id=observation_id)
        .select_related("observation")
        .first()
    )
    if co_observation is None or not request.user.has_perm(
        "evaluation.view_co_observation", co_observation
    ):
        raise Http404("No such co-observation among those you rate.")
    return co_observation


def _co_ratings_out(request, co_observation: CoObservation) -> dict:
    _log(request, [co_observation])
    codes = dict(co_observation.observation.elements.values_list("pk", "code"))
    given = calibration.co_ratings_of(co_observation)
    person_id = roles_of(request.user).person_id
    (other_id,) = (i for i in co_observation.rater_ids() if i != person_id)

    def by_code(levels):
        return {codes[element_id]: level for element_id, level in levels.items()}

    both = request.user.has_perm("evaluation.view_co_ratings", co_observation)
    return {
        "both_saved": co_observation.both_saved,
        "mine": by_code(given.get(person_id, {})),
        "theirs": by_code(given.get(other_id, {})) if both else None,
    }


@router.get("/cycles/{cycle_id}/observations/{observation_id}/co-ratings", response=CoRatingsOut)
def get_co_ratings(request, cycle_id: ObjectId, observation_id: ObjectId):
    return _co_ratings_out(request, _co_observation(request, cycle_id, observation_id))


@router.put("/cycles/{cycle_id}/observations/{observation_id}/co-ratings", response=CoRatingsOut)
def save_co_ratings(request, cycle_id: ObjectId, observation_id: ObjectId, ratings: CoRatingsIn):
    """Save the caller's levels, all or none, until both observers have saved."""
    co_observation = _co_observation(request, cycle_id, observation_id)
    elements = _rubric_pks(
        ratings.levels,
        co_observation.observation.elements.values_list("code", "pk"),
        what="elements",
    )
    co_observation = co_observation_services.co_observation_rate(
        observation_id=co_observation.observation_id,
        by=request.user,
        levels={elements[code]: level for code, level in ratings.levels.items()},
    )
    return _co_ratings_out(request, co_observation)


@router.get("/cycles/{cycle_id}/summative", response=SummativeOut)
def get_summative(request, cycle_id: ObjectId):
    cycle = _cycle(request, cycle_id)
    if not request.user.has_perm("evaluation.view_summative", cycle):
        raise Http404("No summative evaluation you may read yet.")
    summative = cycle.summative_evaluation
    _log(request, [summative])
    return summative


class EvidenceOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    file_name: str | None
    file_size: int | None
    file_sha256: str | None
    file_url: str | None
    indicator_codes: list[str]
    added_at: datetime.datetime
    first_opened_by_evaluator_at: datetime.datetime | None
    removed_at: datetime.datetime | None
    removal_reason: str
    version: int

    @staticmethod
    def resolve_file_name(obj):
        return obj.file.name if obj.file_id else None

    @staticmethod
    def resolve_file_size(obj):
        return obj.file.size if obj.file_id else None

    @staticmethod
    def resolve_file_sha256(obj):
        return obj.file.sha256 if obj.file_id else None

    @staticmethod
    def resolve_file_url(obj):
        if not obj.file_id or obj.removed_at:
            return None
        return reverse("evaluation:evidence_file", args=[obj.cycle_id, obj.pk])

    @staticmethod
    def resolve_indicator_codes(obj):
        return [indicator.code for indicator in obj.indicators.all()]


class EvidenceReplaceIn(Schema):
    version: int = Field(ge=1, le=1_000_000, description="The version you started from.")
    title: str = Field(max_length=200)
    description: str = Field("", max_length=20_000)


class EvidenceFileIn(Schema):
    version: int = Field(ge=1, le=1_000_000, description="The version you started from.")
    title: str | None = Field(None, max_length=200, description="Left out, the title stays.")
    description: str | None = Field(
        None, max_length=20_000, description="Left out, the description stays."
    )


class EvidenceRemovalIn(Schema):
    reason: str = Field(description="student_information, wrong_file or other")
    note: str = Field("", max_length=2_000, description="Needed when the reason is other.")


class EvidenceRemoveIn(EvidenceRemovalIn):
    version: int = Field(ge=1, le=1_000_000, description="The version you started from.")


class RemovalRequestOut(Schema):
    id: int
    reason: str
    note: str
    requested_at: datetime.datetime
    status: str
    decided_at: datetime.datetime | None
    decision_note: str


class RemovalDecisionIn(Schema):
    grant: bool = Field(description="true removes the evidence; false declines the request.")
    note: str = Field("", max_length=2_000, description="Needed to decline.")


def _evidence(request, cycle_id: int, evidence_id: int) -> Evidence:
    """The item of a cycle the caller may open (else 404), logged, and marked opened when the
    evaluator reads it, as on the page."""
    cycle = _cycle(request, cycle_id)
    item = (
        cycle.evidence.filter(pk=evidence_id)
        .select_related("file", "cycle")
        .prefetch_related("indicators")
        .first()
    )
    if item is None:
        raise Http404("No such evidence in this cycle.")
    _log(request, [item])
    observations_services.evidence_opened(evidence=[item], by=request.user)
    return item


def _evidence_out(evidence_id: int) -> Evidence:
    return (
        Evidence.objects.select_related("file").prefetch_related("indicators").get(pk=evidence_id)
    )


@router.get("/cycles/{cycle_id}/evidence", response=list[EvidenceOut])
def list_evidence(request, cycle_id: ObjectId):
    """The cycle's evidence, removed items as their record; the evaluator listing it has
    opened each item."""
    cycle = _cycle(request, cycle_id)
    evidence = list(cycle.evidence.select_related("file", "cycle").prefetch_related("indicators"))
    _log(request, evidence)
    observations_services.evidence_opened(evidence=evidence, by=request.user)
    return evidence


@router.get("/cycles/{cycle_id}/evidence/{evidence_id}", response=EvidenceOut)
def get_evidence(request, cycle_id: ObjectId, evidence_id: ObjectId):
    return _evidence(request, cycle_id, evidence_id)


@router.put("/cycles/{cycle_id}/evidence/{evidence_id}", response=EvidenceOut)
def replace_evidence(request, cycle_id: ObjectId, evidence_id: ObjectId, change: EvidenceReplaceIn):
    """The uploader corrects the title and description until the evaluator opens the item (a
    new file is uploaded on the page)."""
    item = _evidence(request, cycle_id, evidence_id)
    observations_services.evidence_replace(evidence_id=item.pk, by=request.user, **change.dict())
    return _evidence_out(item.pk)


@router.post("/cycles/{cycle_id}/evidence/{evidence_id}/file", response=EvidenceOut)
def replace_evidence_file(
    request,
    cycle_id: ObjectId,
    evidence_id: ObjectId,
    change: Form[EvidenceFileIn],
    file: File[UploadedFile | None] = None,
):
    """The uploader puts a new file in place of the old one until the evaluator opens the item,
    as on the page: the file is checked by its content and size, the old bytes are deleted.
    The file is checked after the item is found, so an item that is not there answers 404."""
    item = _evidence(request, cycle_id, evidence_id)
    if file is None:
        raise DomainError(_("Attach the new file (it is missing or empty)."))
    observations_services.evidence_replace(
        evidence_id=item.pk,
        by=request.user,
        version=change.version,
        title=item.title if change.title is None else change.title,
        description=item.description if change.description is None else change.description,
        upload=file,
    )
    return _evidence_out(item.pk)


@router.post("/cycles/{cycle_id}/evidence/{evidence_id}/remove", response=EvidenceOut)
def remove_evidence(request, cycle_id: ObjectId, evidence_id: ObjectId, removal: EvidenceRemoveIn):
    """The uploader removes an item the evaluator has not opened; its record stays."""
    item = _evidence(request, cycle_id, evidence_id)
    observations_services.evidence_remove(evidence_id=item.pk, by=request.user, **removal.dict())
    return _evidence_out(item.pk)


@router.get(
    "/cycles/{cycle_id}/evidence/{evidence_id}/removal-requests",
    response=list[RemovalRequestOut],
)
def list_removal_requests(request, cycle_id: ObjectId, evidence_id: ObjectId):
    return list(_evidence(request, cycle_id, evidence_id).removal_requests.all())


@router.post(
    "/cycles/{cycle_id}/evidence/{evidence_id}/removal-requests",
    response={201: RemovalRequestOut},
)
def request_removal(request, cycle_id: ObjectId, evidence_id: ObjectId, removal: EvidenceRemovalIn):
    """Once the evaluator has opened it, the uploader asks them to remove it."""
    item = _evidence(request, cycle_id, evidence_id)
    return Status(
        201,
        observations_services.evidence_removal_request(
            evidence_id=item.pk, by=request.user, **removal.dict()
        ),
    )


@router.post(
    "/cycles/{cycle_id}/evidence/{evidence_id}/removal-requests/{removal_id}",
    response=RemovalRequestOut,
)
def decide_removal(
    request,
    cycle_id: ObjectId,
    evidence_id: ObjectId,
    removal_id: ObjectId,
    decision: RemovalDecisionIn,
):
    """The evaluator grants (removes the evidence) or declines the request, with a note."""
    item = _evidence(request, cycle_id, evidence_id)
    removal = item.removal_requests.filter(pk=removal_id).first()
    if removal is None:
        raise Http404("No such request for this evidence.")
    return observations_services.evidence_removal_decide(
        removal_id=removal.pk, by=request.user, grant=decision.grant, note=decision.note
    )


class StandardRatingIn(Schema):
    standard: str = Field(description="The standard's code, such as II.", max_length=10)
    level: str = Field(description="exemplary, proficient, needs_improvement or unsatisfactory")
    comment: str = Field("", max_length=10_000)


class GoalAttainmentIn(Schema):
    goal_id: ObjectId
    attainment: str = Field(description="did_not_meet … exceeded")
    comment: str = Field("", max_length=5_000)


class SummativeIn(Schema):
    version: int = Field(ge=1, le=1_000_000, description="The version you started from.")
    ratings: list[StandardRatingIn] = Field(default_factory=list, max_length=20)
    overall_rating: str = ""
    rationale: str = Field("", max_length=20_000)
    goal_attainments: list[GoalAttainmentIn] = Field(default_factory=list, max_length=50)
    next_plan_type: str = ""
    next_plan_years: int = Field(1, ge=1, le=2)
    next_plan_reason: str = Field("", max_length=5_000)
    observation_shortfall_reason: str = Field("", max_length=5_000)


@router.put("/cycles/{cycle_id}/summative", response=SummativeOut)
def save_summative(request, cycle_id: ObjectId, summative: SummativeIn):
    """The evaluator's draft: the same rules as the page; a stale version is a 409."""
    cycle = _cycle(request, cycle_id)
    if not request.user.has_perm("evaluation.act_as_evaluator", cycle):
        raise PermissionDenied
    standards = _rubric_pks(
        [r.standard for r in summative.ratings],
        cycle.framework_version.standards.values_list("code", "pk"),
        what="standards",
    )
    saved = summative_services.summative_save(
        cycle_id=cycle.pk,
        by=request.user,
        version=summative.version,
        ratings={standards[r.standard]: (r.level, r.comment) for r in summative.ratings},
        overall=summative.overall_rating,
        rationale=summative.rationale,
        attainments={a.goal_id: (a.attainment, a.comment) for a in summative.goal_attainments},
        next_plan_type=summative.next_plan_type,
        next_plan_years=summative.next_plan_years,
        next_plan_reason=summative.next_plan_reason,
        observation_shortfall_reason=summative.observation_shortfall_reason,
    )
    _log(request, [saved])
    return saved
