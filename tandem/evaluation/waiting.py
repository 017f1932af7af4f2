"""What waits on whom in a cycle, and when it is due: one reading of the cycle rules and the
calendar, shown in each person's inbox and sent in the day's reminders, so both say the same.

Each cycle waits on one party at a time for its step (the educator or the primary evaluator),
plus the signatures of an approved plan, the educator's receipt of a shared formative, the
evaluator's answer to each request to remove evidence and the written feedback of each
observation, which wait beside the step; feedback shared waits on the educator to read it."""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.evaluation.models import (
    EducatorPlan,
    EvaluationCycle,
    EvidenceRemovalRequest,
    FormativeAssessment,
    Observation,
    SummativeEvaluation,
)
from tandem.evaluation.selectors import NextDue, cycle_next_due
from tandem.people.selectors import Roles
from tandem.records.models import Signature
from tandem.records.selectors import access_log_paths

EDUCATOR = "educator"
EVALUATOR = "evaluator"
OBSERVER = "observer"


@dataclass(frozen=True)
class Waiting:
    """One thing a cycle waits for: who does it (``party``), what they are asked to do
    (``action``, addressed to them) and what it is to the other party (``matter``)."""

    cycle: EvaluationCycle
    party: str
    action: str
    matter: str
    due: datetime.date | None
    url: str
    item: str
    observer_id: int | None = None

    def overdue_on(self, day: datetime.date) -> bool:
        return self.due is not None and self.due < day


def _cycle_url(cycle, name="evaluation:cycle_detail"):
    return reverse(name, args=[cycle.pk])


def step_waiting(cycle: EvaluationCycle, day: datetime.date) -> Waiting | None:
    """What the cycle's step waits for, from whom, and its real deadline (a summative signed
    by the evaluator waits on the educator until its response window closes)."""
    step = cycle.step
    if step == EvaluationCycle.Step.COMPLETE:
        return None
    due = cycle_next_due(cycle, day=day).due
    plan = getattr(cycle, "educator_plan", None)
    summative = getattr(cycle, "summative_evaluation", None)
    formative = getattr(cycle, "formative_assessment", None)
    name = {"name": cycle.person}
    item = f"cycle:{cycle.pk}:{step}"
    if step == EvaluationCycle.Step.SELF_ASSESSMENT:
        return Waiting(
            cycle,
            EDUCATOR,
            _("send your self-assessment and proposed goals"),
            _("the self-assessment and proposed goals of %(name)s") % name,
            due,
            _cycle_url(cycle, "evaluation:self_assessment"),
            item,
        )
    if step == EvaluationCycle.Step.EDUCATOR_PLAN:
        if plan is not None and plan.status == EducatorPlan.Status.SUBMITTED:
            return Waiting(
                cycle,
                EVALUATOR,
                _("approve or return the educator plan of %(name)s") % name,
                _("the approval of your educator plan"),
                due,
                _cycle_url(cycle, "evaluation:plan"),
                item,
            )
        returned = plan is not None and plan.status == EducatorPlan.Status.RETURNED
        return Waiting(
            cycle,
            EDUCATOR,
            _("revise your returned educator plan and send it again")
            if returned
            else _("send your educator plan for approval"),
            _("the educator plan of %(name)s") % name,
            due,
            _cycle_url(cycle, "evaluation:plan"),
            item,
        )
    if summative is not None and summative.status == SummativeEvaluation.Status.SIGNED_BY_EVALUATOR:
        return Waiting(
            cycle,
            EDUCATOR,
            _("sign your summative evaluation (and respond if you wish)"),
            _("the signature of %(name)s on the summative evaluation") % name,
            summative.response_due,
            _cycle_url(cycle, "evaluation:summative"),
            item,
        )
    if step in (EvaluationCycle.Step.IMPLEMENTATION, EvaluationCycle.Step.FORMATIVE) and not (
        formative is not None and formative.status == FormativeAssessment.Status.SHARED
    ):
        return Waiting(
            cycle,
            EVALUATOR,
            _("write the formative for %(name)s") % name,
            _("your formative assessment"),
            due,
            _cycle_url(cycle, "evaluation:formative"),
            item,
        )
    return Waiting(
        cycle,
        EVALUATOR,
        _("write and sign the summative evaluation of %(name)s") % name,
        _("your summative evaluation"),
        due,
        _cycle_url(cycle, "evaluation:summative"),
        item,
    )


def plan_signatures_waiting(cycle: EvaluationCycle, signed_capacities: set[str]) -> list[Waiting]:
    """An approved plan waits for the evaluator's signature, then the educator's (receipt)."""
    plan = getattr(cycle, "educator_plan", None)
    if plan is None or plan.status != EducatorPlan.Status.APPROVED:
        return []
    url = _cycle_url(cycle, "evaluation:plan_sign")
    name = {"name": cycle.person}
    waiting = []
    if EVALUATOR not in signed_capacities:
        waiting.append(
            Waiting(
                cycle,
                EVALUATOR,
                _("sign the approved educator plan of %(name)s") % name,
                _("your evaluator's signature on your educator plan"),
                None,
                url,
                f"plan-signature:{cycle.pk}:{EVALUATOR}",
            )
        )
    if EDUCATOR not in signed_capacities:
        waiting.append(
            Waiting(
                cycle,
                EDUCATOR,
                _("sign your approved educator plan (to acknowledge receipt)"),
                _("the signature of %(name)s on the approved plan") % name,
                None,
                url,
                f"plan-signature:{cycle.pk}:{EDUCATOR}",
            )
        )
    return waiting


def plan_signatures_awaited(cycle: EvaluationCycle, signed_capacities: set[str]) -> str:
    """Which signatures an approved plan still lacks, as each page and printable that shows the
    plan says it; empty before approval and once both have signed."""
    awaited = {w.party for w in plan_signatures_waiting(cycle, signed_capacities)}
    if awaited == {EVALUATOR, EDUCATOR}:
        return _("Approved, but not yet signed by the evaluator or the educator.")
    if awaited == {EVALUATOR}:
        return _("Signed by the educator; the evaluator's signature is awaited.")
    if awaited == {EDUCATOR}:
        return _("Signed by the evaluator; the educator's signature (receipt) is awaited.")
    return ""


def feedback_waiting(observation: Observation) -> Waiting:
    """An observation waits on its observer for written feedback, by its due date."""
    cycle = observation.cycle
    return Waiting(
        cycle,
        OBSERVER,
        _("write and share the feedback on your observation of %(name)s") % {"name": cycle.person},
        _("written feedback on your observation of %(date)s")
        % {"date": observation.observed_on.isoformat()},
        observation.feedback_due,
        reverse("evaluation:observation", args=[cycle.pk, observation.pk]),
        f"observation:{observation.pk}",
        observer_id=observation.observer_id,
    )


def feedback_to_read(observation: Observation) -> Waiting:
    """Written feedback shared with the educator waits on them to open it; nothing is due."""
    cycle = observation.cycle
    return Waiting(
        cycle,
        EDUCATOR,
        _("read the feedback on the observation of %(date)s")
        % {"date": date_format(observation.observed_on)},
        _("reading the feedback on the observation of %(date)s")
        % {"date": date_format(observation.observed_on)},
        None,
        reverse("evaluation:observation", args=[cycle.pk, observation.pk]),
        f"feedback:{observation.pk}",
    )


def _feedback_unread(roles: Roles, day: datetime.date) -> list[Observation]:
    """Feedback shared with this educator in cycles under way that they have not opened: its
    page or its PDF (the list of observations, which does not show it, does not count)."""
    shared = list(
        Observation.objects.filter(
            cycle__person_id=roles.person_id,
            feedback_shared_at__isnull=False,
            cycle__start_date__lte=day,
            cycle__end_date__gte=day,
        ).select_related("cycle__person")
    )
    opened = access_log_paths(user_id=roles.user_id, records=shared)
    return [
        o
        for o in shared
        if not {
            (o.pk, reverse("evaluation:observation", args=[o.cycle_id, o.pk])),
            (o.pk, reverse("evaluation:observation_pdf", args=[o.cycle_id, o.pk])),
        }
        & opened
    ]


def signatures_by_cycle(cycles, record: str) -> dict[int, set[str]]:
    """The capacities in which each cycle's ``record`` (its plan or formative, by the name of
    the relation) was signed, in one query."""
    records = {
        getattr(cycle, record): cycle.pk
        for cycle in cycles
        if getattr(cycle, record, None) is not None
    }
    signed: dict[int, set[str]] = {}
    if not records:
        return signed
    model = type(next(iter(records)))
    by_pk = {r.pk: cycle_pk for r, cycle_pk in records.items()}
    for object_id, capacity in Signature.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(by_pk)
    ).values_list("object_id", "capacity"):
        signed.setdefault(by_pk[object_id], set()).add(capacity)
    return signed


def formative_acknowledgement_waiting(
    cycle: EvaluationCycle, signed_capacities: set[str]
) -> Waiting | None:
    """A shared formative waits on the educator to acknowledge receipt (and respond)."""
    formative = getattr(cycle, "formative_assessment", None)
    if formative is None or formative.status != FormativeAssessment.Status.SHARED:
        return None
    if EDUCATOR in signed_capacities:
        return None
    return Waiting(
        cycle,
        EDUCATOR,
        _("read your formative and acknowledge receipt (and respond if you wish)"),
        _("the acknowledgement of the formative by %(name)s") % {"name": cycle.person},
        None,
        _cycle_url(cycle, "evaluation:formative"),
        f"formative-receipt:{cycle.pk}",
    )


def removal_requests_waiting(cycles) -> list[Waiting]:
    """Each request to remove evidence waits on the evaluator to grant or decline it, in one
    query for all the cycles; it has no deadline, so it is in the inbox, not in reminders."""
    by_pk = {cycle.pk: cycle for cycle in cycles}
    pending = EvidenceRemovalRequest.objects.filter(
        status=EvidenceRemovalRequest.Status.PENDING, evidence__cycle_id__in=list(by_pk)
    ).select_related("evidence")
    waiting = []
    for removal in pending:
        cycle = by_pk[removal.evidence.cycle_id]
        title = {"name": cycle.person, "title": removal.evidence.title}
        waiting.append(
            Waiting(
                cycle,
                EVALUATOR,
                _("grant or decline the request of %(name)s to remove “%(title)s”") % title,
                _("the evaluator's answer to the request to remove “%(title)s”") % title,
                None,
                reverse("evaluation:evidence_item", args=[cycle.pk, removal.evidence_id]),
                f"evidence-removal:{removal.pk}",
            )
        )
    return waiting


CYCLE_RELATIONS = (
    "person__user",
    "primary_evaluator__user",
    "settings_version",
    "school_year",
    "educator_plan",
    "formative_assessment",
    "summative_evaluation",
)


def cycles_waiting(cycles, day: datetime.date) -> list[Waiting]:
    """Everything these cycles wait for on ``day``: steps, plan signatures, the receipt of a
    shared formative and the answers to requests to remove evidence."""
    cycles = list(cycles)
    plans = signatures_by_cycle(cycles, "educator_plan")
    formatives = signatures_by_cycle(cycles, "formative_assessment")
    waiting = []
    for cycle in cycles:
        step = step_waiting(cycle, day)
        if step is not None:
            waiting.append(step)
        waiting.extend(plan_signatures_waiting(cycle, plans.get(cycle.pk, set())))
        receipt = formative_acknowledgement_waiting(cycle, formatives.get(cycle.pk, set()))
        if receipt is not None:
            waiting.append(receipt)
    waiting.extend(removal_requests_waiting(cycles))
    return waiting


@dataclass
class Inbox:
    """A person's inbox: what waits on them (the next deadline first), what waits on others
    for them, the cycles they supervise, and what is done in their cycles this year."""

    day: datetime.date
    mine: list[Waiting] = field(default_factory=list)
    others: list[tuple[Waiting, str]] = field(default_factory=list)
    supervising: list[EvaluationCycle] = field(default_factory=list)
    done: list[tuple[EvaluationCycle, str, datetime.datetime]] = field(default_factory=list)

    def overdue(self) -> int:
        return sum(w.overdue_on(self.day) for w in self.mine)


def _by_deadline(waiting: Waiting):
    return (waiting.due is None, waiting.due or datetime.date.max, waiting.cycle.pk)


def _done(cycle: EvaluationCycle) -> list[tuple[EvaluationCycle, str, datetime.datetime]]:
    assessment = getattr(cycle, "self_assessment", None)
    plan = getattr(cycle, "educator_plan", None)
    formative = getattr(cycle, "formative_assessment", None)
    summative = getattr(cycle, "summative_evaluation", None)
    marks = [
        (assessment and assessment.submitted_at, _("Self-assessment sent")),
        (plan and plan.approved_at, _("Educator plan approved")),
        (formative and formative.shared_at, _("Formative shared")),
        (summative and summative.shared_at, _("Summative signed by the evaluator")),
        (summative and summative.locked_at, _("Summative locked")),
    ]
    return [(cycle, label, moment) for moment, label in marks if moment]


def inbox_of(roles: Roles) -> Inbox:
    """The inbox of the person with these roles, on their day, from cycles under way."""
    day = roles.day
    inbox = Inbox(day=day)
    if roles.person_id is None and not roles.evaluatee_ids:
        return inbox
    mine_as_educator = Q(person_id=roles.person_id) if roles.person_id else Q(pk__in=[])
    as_evaluator = Q(employment_id__in=roles.evaluatee_ids) & (
        Q(primary_evaluator_id=roles.person_id) | Q(primary_evaluator__isnull=True)
    )
    supervising = Q(supervising_evaluator_id=roles.person_id) if roles.person_id else Q(pk__in=[])
    cycles = list(
        EvaluationCycle.objects.filter(start_date__lte=day, end_date__gte=day)
        .filter(mine_as_educator | as_evaluator | supervising)
        .select_related(*CYCLE_RELATIONS, "self_assessment")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    acting = [c for c in cycles if c.person_id == roles.person_id or _evaluates(roles, c)]
    inbox.supervising = [c for c in cycles if c not in acting]
    for waiting in cycles_waiting(acting, day):
        mine = (waiting.party == EDUCATOR) == (waiting.cycle.person_id == roles.person_id)
        if mine:
            inbox.mine.append(waiting)
        else:
            inbox.others.append((waiting, _on_whom(waiting)))
    if roles.person_id is not None:
        observations = Observation.objects.filter(
            observer_id=roles.person_id,
            feedback_shared_at__isnull=True,
            cycle__start_date__lte=day,
            cycle__end_date__gte=day,
        ).select_related("cycle__person")
        inbox.mine.extend(feedback_waiting(o) for o in observations)
        inbox.mine.extend(feedback_to_read(o) for o in _feedback_unread(roles, day))
    inbox.mine.sort(key=_by_deadline)
    inbox.others.sort(key=lambda pair: _by_deadline(pair[0]))
    inbox.done = sorted(
        (mark for cycle in acting for mark in _done(cycle)), key=lambda m: m[2], reverse=True
    )[:10]
    return inbox


def _evaluates(roles: Roles, cycle: EvaluationCycle) -> bool:
    return cycle.employment_id in roles.evaluatee_ids and (
        cycle.primary_evaluator_id in (None, roles.person_id)
    )


def _on_whom(waiting: Waiting) -> str:
    cycle = waiting.cycle
    if waiting.party == EDUCATOR:
        return str(cycle.person)
    if cycle.primary_evaluator is None:
        return _("the school committee")
    return _("%(name)s, your evaluator") % {"name": cycle.primary_evaluator}


# -- the caseload ---------------------------------------------------------------------------

WAITS_ON = {
    "me": gettext_lazy("Me"),
    EDUCATOR: gettext_lazy("The educator"),
    EVALUATOR: gettext_lazy("The evaluator"),
}


@dataclass(frozen=True)
class CaseloadRow:
    """One caseload row: the cycle, its next due date, what its step waits for and on whom."""

    cycle: EvaluationCycle
    next_due: NextDue
    waiting: Waiting | None
    on_whom: str
    mine: bool
    plan_signatures_awaited: str = ""


def _caseload_row(cycle: EvaluationCycle, roles: Roles, plan_signed: set[str]) -> CaseloadRow:
    next_due = cycle_next_due(cycle, day=roles.day)
    awaited = plan_signatures_awaited(cycle, plan_signed)
    waiting = None if next_due.ended_unfinished else step_waiting(cycle, roles.day)
    if waiting is None:
        return CaseloadRow(cycle, next_due, None, "", False, awaited)
    mine = (
        cycle.person_id == roles.person_id
        if waiting.party == EDUCATOR
        else _evaluates(roles, cycle) or cycle.primary_evaluator_id == roles.person_id
    )
    if mine:
        on_whom = _("You")
    elif waiting.party == EDUCATOR:
        on_whom = str(cycle.person)
    else:
        on_whom = str(cycle.primary_evaluator or _("the school committee"))
    return CaseloadRow(cycle, next_due, waiting, on_whom, mine, awaited)


def caseload_rows(cycles, roles: Roles, *, waits_on: str = "", overdue: bool = False):
    """The caseload's rows for these cycles; ``waits_on`` keeps those whose step waits on me,
    the educator or the evaluator, ``overdue`` those past their due date."""
    cycles = list(cycles)
    plans = signatures_by_cycle(cycles, "educator_plan")
    rows = [_caseload_row(cycle, roles, plans.get(cycle.pk, set())) for cycle in cycles]
    if waits_on == "me":
        rows = [row for row in rows if row.mine]
    elif waits_on in (EDUCATOR, EVALUATOR):
        rows = [row for row in rows if row.waiting and row.waiting.party == waits_on]
    if overdue:
        rows = [row for row in rows if row.next_due.overdue]
    return rows


def by_due_date(rows: list[CaseloadRow]) -> list[CaseloadRow]:
    """The rows with the nearest (or longest overdue) due date first; those waiting for
    nothing last."""
    return sorted(
        rows, key=lambda row: (row.next_due.due is None, row.next_due.due or datetime.date.max)
    )
