"""The forms as PDFs, with their signatures and dates; every download is logged."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.evaluation.models import EducatorPlan
from tandem.evaluation.views.observations import observation_of
from tandem.evaluation.views.opening import cycle_open
from tandem.evaluation.waiting import plan_signatures_awaited
from tandem.records.models import AccessLogEntry
from tandem.records.selectors import signed_record
from tandem.records.services import access_log_request
from tandem.ui.pdf import pdf_response

PRINTABLE_FORMS = [
    ("self-assessment", gettext_lazy("Self-assessment and proposed goals")),
    ("educator-plan", gettext_lazy("Educator plan")),
    ("formative", gettext_lazy("Formative assessment or evaluation")),
    ("summative", gettext_lazy("Summative evaluation report")),
]


def printable(request, cycle, form: str):
    """The record behind a printable form, if it exists and this user may read it now."""
    user = request.user
    if form == "self-assessment":
        readable = user.has_perm("evaluation.view_self_assessment", cycle)
        return cycle.self_assessment if readable else None
    if form == "educator-plan":
        return getattr(cycle, "educator_plan", None)
    if form == "formative":
        readable = user.has_perm("evaluation.view_formative", cycle)
        return cycle.formative_assessment if readable else None
    if form == "summative":
        readable = user.has_perm("evaluation.view_summative", cycle)
        return cycle.summative_evaluation if readable else None
    return None


@login_required
def form_pdf(request, pk, form):
    """Each form as a PDF with its signatures and dates; every download is one row of the
    access log, the form's, as a PDF."""
    _roles, cycle = cycle_open(request, pk, log=False)
    record = printable(request, cycle, form)
    if record is None:
        raise Http404(_("This form is not available to you yet."))
    access_log_request(request, [record], channel=AccessLogEntry.Channel.PDF)
    return pdf_response(
        template=f"evaluation/pdf/{form.replace('-', '_')}.html",
        context=pdf_context(request, cycle, record),
        filename=f"{form}-{cycle.person.last_name}-{cycle.start_date:%Y}.pdf",
    )


def pdf_context(request, cycle, record) -> dict:
    signed = signed_record(record=record) if hasattr(record, "signed_content") else None
    return {
        "cycle": cycle,
        "record": record,
        "goals": cycle.goals.order_by("kind", "pk"),
        "signed": signed,
        "awaiting_signatures": plan_signatures_awaited(
            cycle, {s.signature.capacity for s in signed.signatures}
        )
        if isinstance(record, EducatorPlan) and signed is not None
        else "",
        "printed_at": timezone.now(),
        "printed_by": request.user,
    }


@login_required
def observation_pdf(request, pk, observation_pk):
    _roles, cycle = cycle_open(request, pk, log=False)
    observation = observation_of(request, cycle, observation_pk, log=False)
    access_log_request(request, [observation], channel=AccessLogEntry.Channel.PDF)
    return pdf_response(
        template="evaluation/pdf/observation.html",
        context=pdf_context(request, cycle, observation),
        filename=f"observation-{cycle.person.last_name}-{observation.observed_on}.pdf",
    )
