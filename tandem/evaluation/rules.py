"""Who acts in an evaluation cycle, and who may read or change each of its records at each step.

Each rule about a record is one predicate, registered here and asked alike by the page, the
API, the printable form and the service (issue 10). A rule about changing a record is written
as the reason it refuses (``PermissionDenied`` for someone who does not act on the record, a
``DomainError`` that says why for the step or the record's state, ``None`` when it allows):
the service raises that reason, and the page and the API ask the permission registered from
it. The rules are asked of a cycle the user may open (``selectors.cycle_get`` narrows first).
"""

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tandem.errors import DomainError, allowed_unless
from tandem.evaluation.models import (
    CoObservation,
    EducatorPlan,
    EvaluationCycle,
    Evidence,
    EvidenceRemovalRequest,
    Observation,
    SummativeEvaluation,
)
from tandem.evaluation.selectors import cycle_has_signature
from tandem.people.models import EvaluatorAssignment, RoleGrant
from tandem.people.selectors import roles_of

# -- who acts in the cycle -----------------------------------------------------------------


@rules.predicate
def is_the_educator(user, cycle: EvaluationCycle) -> bool:
    person_id = roles_of(user).person_id
    return person_id is not None and cycle.person_id == person_id


@rules.predicate
def is_the_evaluator(user, cycle: EvaluationCycle) -> bool:
    """The primary evaluator; for the superintendent, a member of the school committee."""
    roles = roles_of(user)
    if cycle.primary_evaluator_id is not None:
        return cycle.primary_evaluator_id == roles.person_id
    return cycle.district_id in roles.districts_with(RoleGrant.Role.SCHOOL_COMMITTEE)


@rules.predicate
def may_observe(user, cycle: EvaluationCycle) -> bool:
    """The primary or supervising evaluator, or a co-observer assigned for the year."""
    roles = roles_of(user)
    if roles.person_id is None:
        return False
    if roles.person_id in (cycle.primary_evaluator_id, cycle.supervising_evaluator_id):
        return True
    return (
        EvaluatorAssignment.objects.filter(
            evaluatee_id=cycle.employment_id,
            evaluator_id=roles.person_id,
            role=EvaluatorAssignment.Role.CO_OBSERVER,
        )
        .active_on(roles.day)
        .exists()
    )


rules.add_perm("evaluation.observe", may_observe)
rules.add_perm("evaluation.act_as_educator", is_the_educator)
rules.add_perm("evaluation.act_as_evaluator", is_the_evaluator)


# -- at which steps each record changes -----------------------------------------------------

GOAL_STEPS = (EvaluationCycle.Step.SELF_ASSESSMENT, EvaluationCycle.Step.EDUCATOR_PLAN)
OBSERVATION_STEPS = (EvaluationCycle.Step.IMPLEMENTATION, EvaluationCycle.Step.FORMATIVE)
EVIDENCE_STEPS = (
    EvaluationCycle.Step.IMPLEMENTATION,
    EvaluationCycle.Step.FORMATIVE,
    EvaluationCycle.Step.SUMMATIVE,
)
FORMATIVE_STEPS = (EvaluationCycle.Step.IMPLEMENTATION, EvaluationCycle.Step.FORMATIVE)
SUMMATIVE_STEPS = (
    EvaluationCycle.Step.IMPLEMENTATION,
    EvaluationCycle.Step.FORMATIVE,
    EvaluationCycle.Step.SUMMATIVE,
)


def step_refusal(cycle: EvaluationCycle, steps) -> DomainError | None:
    """The cycle is not at one of the steps at which this changes."""
    if cycle.step in steps:
        return None
    return DomainError(
        _("The cycle is at %(step)s; this can no longer change here.")
        % {"step": cycle.get_step_display()}
    )


# -- step 1: the self-assessment ------------------------------------------------------------


@rules.predicate
def may_view_self_assessment(user, cycle: EvaluationCycle) -> bool:
    """The educator's draft is theirs until they send it."""
    assessment = getattr(cycle, "self_assessment", None)
    return assessment is not None and bool(
        assessment.submitted_at or user.has_perm("evaluation.act_as_educator", cycle)
    )


def self_assessment_edit_refusal(user, cycle: EvaluationCycle) -> Exception | None:
    """Only the educator writes and sends it, at step 1."""
    if not user.has_perm("evaluation.act_as_educator", cycle):
        return PermissionDenied()
    return step_refusal(cycle, (EvaluationCycle.Step.SELF_ASSESSMENT,))


rules.add_perm("evaluation.view_self_assessment", may_view_self_assessment)
rules.add_perm("evaluation.edit_self_assessment", allowed_unless(self_assessment_edit_refusal))


# -- step 2: the goals and the educator plan ------------------------------------------------


def educator_plan_edit_refusal(user, cycle: EvaluationCycle) -> Exception | None:
    """Goals change while the plan is not yet approved: the educator proposes them while the
    plan is theirs (a draft, or returned), the evaluator has the final word (603 CMR
    35.06(3)(c))."""
    evaluator = user.has_perm("evaluation.act_as_evaluator", cycle)
    if not (user.has_perm("evaluation.act_as_educator", cycle) or evaluator):
        return PermissionDenied()
    refusal = step_refusal(cycle, GOAL_STEPS)
    if refusal is not None:
        return refusal
    plan = getattr(cycle, "educator_plan", None)
    theirs = plan is None or plan.status in (
        EducatorPlan.Status.DRAFT,
        EducatorPlan.Status.RETURNED,
    )
    if not (evaluator or theirs):
        return DomainError(
            _("The plan is with your evaluator; goals change only if it is returned.")
        )
    return None


def team_goal_refusal(user, cycles) -> Exception | None:
    """A team goal is one text in every cycle that shares it, so it is added or changed only
    while each of the other cycles may change its goals too: the user evaluates them all, none
    is past goal-setting or has its plan with the evaluator, and none holds a signed record (a
    goal inside a signed record changes only by an amendment)."""
    for other in cycles:
        if not user.has_perm("evaluation.act_as_evaluator", other):
            return DomainError(_("A team goal is shared only among educators you evaluate."))
        if educator_plan_edit_refusal(user, other) is not None or cycle_has_signature(other):
            return DomainError(
                _(
                    "%(name)s's cycle is at %(step)s: its goals no longer change, so a team "
                    "goal cannot be shared with it or changed while it is shared."
                )
                % {"name": other.person, "step": other.get_step_display()}
            )
    return None


rules.add_perm("evaluation.edit_educator_plan", allowed_unless(educator_plan_edit_refusal))


# -- step 3: observations and evidence ------------------------------------------------------


def observation_record_refusal(user, cycle: EvaluationCycle) -> Exception | None:
    """The educator's observers record observations while the plan is carried out."""
    if not user.has_perm("evaluation.observe", cycle):
        return PermissionDenied()
    return step_refusal(cycle, OBSERVATION_STEPS)


@rules.predicate
def may_view_observation(user, observation: Observation) -> bool:
    """The observers see it at once; the educator and other readers once its written feedback
    is shared (``selectors.observation_list`` narrows a list the same way)."""
    return bool(
        observation.feedback_shared_at or user.has_perm("evaluation.observe", observation.cycle)
    )


def observation_edit_refusal(user, observation: Observation) -> Exception | None:
    """The observers change its notes, feedback and tags until the feedback is shared."""
    if not user.has_perm("evaluation.observe", observation.cycle):
        return PermissionDenied()
    if observation.feedback_shared_at:
        return DomainError(_("The feedback was shared with the educator; it no longer changes."))
    return None


def evidence_closed_refusal(cycle: EvaluationCycle) -> DomainError | None:
    """Evidence comes in from the plan's approval (step 3) until the evaluator signs the
    summative: from then on the evaluation stands on what it held, and no item is added,
    replaced or removed, except for student information (``evidence_removal_request``)."""
    if cycle.step in (EvaluationCycle.Step.SELF_ASSESSMENT, EvaluationCycle.Step.EDUCATOR_PLAN):
        return DomainError(_("You can add evidence once the educator plan is approved (step 3)."))
    summative = getattr(cycle, "summative_evaluation", None)
    if cycle.step not in EVIDENCE_STEPS or (
        summative is not None and summative.status != SummativeEvaluation.Status.DRAFT
    ):
        return DomainError(
            _("Evidence is closed: the summative evaluation is signed and stands on it as it is.")
        )
    return None


def evidence_add_refusal(user, cycle: EvaluationCycle) -> Exception | None:
    """The educator or an observer adds evidence from the plan's approval to the summative."""
    if not (
        user.has_perm("evaluation.act_as_educator", cycle)
        or user.has_perm("evaluation.observe", cycle)
    ):
        return PermissionDenied()
    return evidence_closed_refusal(cycle)


@rules.predicate
def is_evidence_reviewer(user, evidence: Evidence) -> bool:
    """The cycle's evaluator (primary, or the school committee's members for the
    superintendent) or its supervising evaluator, unless they added the item.

    A reviewer's first opening fixes the item: showing the evidence page, which lists it with
    its description and link, or its own page, downloading its file, or listing the evidence
    through the API stamps ``first_opened_by_evaluator_at``. A reviewer decides the requests to
    remove it. The uploader's own views, and those of other readers (HR, the principal, a
    union representative), stamp nothing. So an item the primary evaluator adds stays theirs
    to correct until the supervising evaluator opens it or the summative is signed."""
    if evidence.added_by_id == user.pk:
        return False
    cycle = evidence.cycle
    if user.has_perm("evaluation.act_as_evaluator", cycle):
        return True
    person_id = roles_of(user).person_id
    return person_id is not None and person_id == cycle.supervising_evaluator_id


def _uploader_refusal(user, evidence: Evidence) -> Exception | None:
    """Only the uploader, while they still act in the cycle, asks to change an item."""
    if evidence.added_by_id != user.pk or not (
        user.has_perm("evaluation.act_as_educator", evidence.cycle)
        or user.has_perm("evaluation.observe", evidence.cycle)
    ):
        return PermissionDenied()
    if evidence.removed_at:
        return DomainError(_("This evidence was already removed."))
    return None


def evidence_change_refusal(user, evidence: Evidence) -> Exception | None:
    """The uploader replaces or removes an item until the evaluator opens it (issue 11)."""
    refusal = _uploader_refusal(user, evidence) or evidence_closed_refusal(evidence.cycle)
    if refusal is not None:
        return refusal
    if evidence.first_opened_by_evaluator_at:
        return DomainError(
            _("Your evaluator has opened this evidence: ask for its removal instead.")
        )
    return None


def evidence_removal_request_refusal(user, evidence: Evidence) -> Exception | None:
    """Once the evaluator has opened an item, its uploader asks for its removal, one request
    at a time. After the summative is signed, only for student information (the service
    checks the reason)."""
    refusal = _uploader_refusal(user, evidence)
    if refusal is not None:
        return refusal
    if not evidence.first_opened_by_evaluator_at:
        return DomainError(_("Your evaluator has not opened this evidence: remove it yourself."))
    if any(r.status == r.Status.PENDING for r in evidence.removal_requests.all()):
        return DomainError(_("A request to remove this evidence already waits on the evaluator."))
    return None


def evidence_removal_decision_refusal(user, removal: EvidenceRemovalRequest) -> Exception | None:
    """The evaluator grants or declines a request to remove evidence, once."""
    if not user.has_perm("evaluation.review_evidence", removal.evidence):
        return PermissionDenied()
    if removal.status != EvidenceRemovalRequest.Status.PENDING:
        return DomainError(_("This request was already decided."))
    return None


rules.add_perm("evaluation.record_observation", allowed_unless(observation_record_refusal))
rules.add_perm("evaluation.view_observation", may_view_observation)
rules.add_perm("evaluation.edit_observation", allowed_unless(observation_edit_refusal))
rules.add_perm("evaluation.add_evidence", allowed_unless(evidence_add_refusal))
rules.add_perm("evaluation.review_evidence", is_evidence_reviewer)
rules.add_perm("evaluation.change_evidence", allowed_unless(evidence_change_refusal))
rules.add_perm(
    "evaluation.request_evidence_removal", allowed_unless(evidence_removal_request_refusal)
)
rules.add_perm(
    "evaluation.decide_evidence_removal", allowed_unless(evidence_removal_decision_refusal)
)


# -- co-observation (issue 13, item 5) -------------------------------------------------------


@rules.predicate
def is_co_observation_rater(user, co_observation: CoObservation) -> bool:
    """The observation's observer or its co-observer: the two who rate its elements."""
    person_id = roles_of(user).person_id
    return person_id is not None and person_id in co_observation.rater_ids()


@rules.predicate
def may_view_co_ratings(user, co_observation: CoObservation) -> bool:
    """Both observers' ratings, side by side: for the two observers once both have saved.
    Until then each reads only their own. Nobody else reads them, the educator included: they
    calibrate the evaluators and are no part of the educator's evaluation (the district reads
    them only as agreement figures, ``calibration.agreement``)."""
    return co_observation.both_saved and is_co_observation_rater(user, co_observation)


def co_observation_invite_refusal(user, observation: Observation, co_observer) -> Exception | None:
    """The observation's own observer invites one co-observer, someone else who may observe
    the educator (``may_observe``), while observations are recorded and before the feedback is
    shared, once the observed elements are tagged (each observer rates those)."""
    if roles_of(user).person_id != observation.observer_id:
        return PermissionDenied()
    refusal = step_refusal(observation.cycle, OBSERVATION_STEPS)
    if refusal is not None:
        return refusal
    if observation.feedback_shared_at:
        return DomainError(_("The feedback was shared; a co-observer is invited before that."))
    if CoObservation.objects.filter(observation=observation).exists():
        return DomainError(_("This observation already has a co-observer."))
    if not observation.elements.exists():
        return DomainError(_("Tag the elements you observed first: each observer rates those."))
    if (
        co_observer is None
        or co_observer.pk == observation.observer_id
        or co_observer.user is None
        or not may_observe(co_observer.user, observation.cycle)
    ):
        return DomainError(
            _(
                "Choose a co-observer who observes this educator: their other evaluator or a "
                "co-observer assigned for the year."
            )
        )
    return None


def co_ratings_edit_refusal(user, co_observation: CoObservation) -> Exception | None:
    """Each observer saves and changes their own ratings until both have saved; then both
    sets stand as they are, read-only."""
    if not is_co_observation_rater(user, co_observation):
        return PermissionDenied()
    if co_observation.both_saved:
        return DomainError(_("Both observers have saved their ratings; they no longer change."))
    return None


rules.add_perm("evaluation.rate_co_observation", allowed_unless(co_ratings_edit_refusal))
rules.add_perm("evaluation.view_co_observation", is_co_observation_rater)
rules.add_perm("evaluation.view_co_ratings", may_view_co_ratings)


@rules.predicate
def reads_calibration_whole(user, district) -> bool:
    """District HR and administrators read their district's calibration with every
    evaluator's figures; they may open every record it counts."""
    return district.pk in roles_of(user).personnel_districts


@rules.predicate
def reads_calibration_aggregates(user) -> bool:
    """The state's analysts and administrators read every district's calibration as
    aggregates only: per-evaluator figures suppressed as published counts are."""
    roles = roles_of(user)
    return roles.holds(RoleGrant.Role.STATE_ANALYST) or roles.holds(RoleGrant.Role.STATE_ADMIN)


@rules.predicate
def may_view_calibration(user, district) -> bool:
    return reads_calibration_whole(user, district) or reads_calibration_aggregates(user)


rules.add_perm("evaluation.view_calibration", may_view_calibration)
rules.add_perm("evaluation.view_calibration_whole", reads_calibration_whole)
rules.add_perm("evaluation.view_state_calibration", reads_calibration_aggregates)


# -- step 4: the formative ------------------------------------------------------------------


def _evaluators_draft_until_shared(record: str):
    """Who reads the cycle's ``record`` (a formative or summative, by its attribute name): the
    evaluator's draft is theirs until they share or sign it; then the cycle's readers see it."""

    @rules.predicate(name=f"may_view_{record}")
    def may_view(user, cycle: EvaluationCycle) -> bool:
        report = getattr(cycle, record, None)
        return report is not None and (
            report.status != type(report).Status.DRAFT
            or user.has_perm("evaluation.act_as_evaluator", cycle)
        )

    return may_view


may_view_formative = _evaluators_draft_until_shared("formative_assessment")


def _evaluator_draft_refusal(user, cycle, *, steps, record: str, closed: str) -> Exception | None:
    """The evaluator writes the cycle's ``record`` (its attribute name) at ``steps``, while it
    is a draft; ``closed`` says why it no longer changes once it is not."""
    if not user.has_perm("evaluation.act_as_evaluator", cycle):
        return PermissionDenied()
    refusal = step_refusal(cycle, steps)
    if refusal is not None:
        return refusal
    draft = getattr(cycle, record, None)
    if draft is not None and draft.status != type(draft).Status.DRAFT:
        return DomainError(closed)
    return None


def formative_edit_refusal(user, cycle: EvaluationCycle) -> Exception | None:
    """The evaluator writes it while the plan is carried out, until they share it."""
    return _evaluator_draft_refusal(
        user,
        cycle,
        steps=FORMATIVE_STEPS,
        record="formative_assessment",
        closed=_("The formative was shared; it no longer changes."),
    )


rules.add_perm("evaluation.view_formative", may_view_formative)
rules.add_perm("evaluation.edit_formative", allowed_unless(formative_edit_refusal))


# -- step 5: the summative ------------------------------------------------------------------


may_view_summative = _evaluators_draft_until_shared("summative_evaluation")


def summative_edit_refusal(user, cycle: EvaluationCycle) -> Exception | None:
    """The evaluator drafts it from the plan's implementation on, until they sign it; a
    signed evaluation is corrected by an amendment."""
    return _evaluator_draft_refusal(
        user,
        cycle,
        steps=SUMMATIVE_STEPS,
        record="summative_evaluation",
        closed=_("The evaluation is signed; a correction is an amendment."),
    )


rules.add_perm("evaluation.view_summative", may_view_summative)
rules.add_perm("evaluation.edit_summative", allowed_unless(summative_edit_refusal))
