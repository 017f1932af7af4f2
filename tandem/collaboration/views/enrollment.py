"""The partnership's programs, a district's inquiry and enrollment, and the partnership overview
with its CSV."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.collaboration.forms.enrollment import FirstMeetingForm, InquiryForm
from tandem.collaboration.models import Engagement, Program
from tandem.collaboration.rules import (
    may_close_engagement,
    may_open_engagement,
    may_open_team,
    may_record_first_meeting,
)
from tandem.collaboration.selectors.consent import own_consent
from tandem.collaboration.selectors.enrollment import (
    agreement_status,
    engaged_over_time,
    engagement_list,
    upcoming_events,
)
from tandem.collaboration.selectors.teams import is_partnership_staff, led_districts
from tandem.collaboration.services import enrollment
from tandem.organizations.models import District
from tandem.people.selectors import Roles, roles_of
from tandem.records.selectors import signed_record
from tandem.ui.forms import act_and_say, form_act
from tandem.ui.params import int_or_none
from tandem.ui.signing import sign_after_password, signed_saying
from tandem.ui.spreadsheet import csv_response


@login_required
def program_list(request):
    roles = roles_of(request.user)
    return render(
        request,
        "collaboration/program_list.html",
        {
            "programs": Program.objects.prefetch_related("topics"),
            "events": upcoming_events(day=roles.day),
            "may_inquire": bool(led_districts(roles)),
        },
    )


@login_required
def inquire(request):
    roles = roles_of(request.user)
    districts = District.objects.filter(pk__in=led_districts(roles)).order_by("name")
    if not districts:
        raise Http404(_("Only a district's leaders inquire for it."))
    form = InquiryForm(
        request.POST or None,
        districts=districts,
        initial={"program": request.GET.get("program")},
    )

    def inquire(*, district, program, inquiry):
        return enrollment.engagement_inquire(
            district_id=district, program_id=program.pk, by=request.user, inquiry=inquiry
        )

    if request.method == "POST" and (
        engagement := form_act(
            request,
            form,
            inquire,
            _("Sent. The partnership will propose a first meeting with your district."),
        )
    ):
        return redirect("collaboration:engagement_detail", pk=engagement.pk)
    return render(request, "collaboration/inquire.html", {"form": form})


def _open_engagement(request, pk) -> Engagement:
    """Open to the partnership's staff and to the district's team."""
    engagement = get_object_or_404(
        Engagement.objects.select_related("team__district", "program", "team__facilitator"), pk=pk
    )
    if not may_open_engagement(request.user, engagement):
        raise Http404(_("No such engagement among those you may open."))
    return engagement


def _engagement_context(request, engagement, **extra):
    roles = roles_of(request.user)
    standing = agreement_status(engagement=engagement, day=roles.day)
    mine = own_consent(standing, user=request.user)
    return {
        "engagement": engagement,
        "standing": standing,
        "my_standing": mine,
        "is_partnership": is_partnership_staff(roles),
        "may_open_team": may_open_team(request.user, engagement.team),
        "may_record_first_meeting": may_record_first_meeting(request.user, engagement),
        "may_close": may_close_engagement(request.user, engagement),
        "signed": signed_record(record=engagement),
        **extra,
    }


@login_required
def engagement_detail(request, pk):
    engagement = _open_engagement(request, pk)
    form = FirstMeetingForm(instance=engagement)
    if request.method == "POST":
        form = FirstMeetingForm(request.POST, instance=Engagement.objects.get(pk=engagement.pk))

        def record(*, first_meeting_on, first_meeting_notes):
            return enrollment.engagement_first_meeting_record(
                engagement_id=engagement.pk,
                by=request.user,
                met_on=first_meeting_on,
                notes=first_meeting_notes,
            )

        done = _("Recorded. The key leaders can now agree to take part.")
        if form_act(request, form, record, done):
            return redirect("collaboration:engagement_detail", pk=engagement.pk)
    return render(
        request,
        "collaboration/engagement_detail.html",
        _engagement_context(request, engagement, meeting_form=form),
    )


@login_required
def engagement_agree(request, pk):
    """Confirm the password again, then agree for one's own party."""
    engagement = _open_engagement(request, pk)
    agreed = signed_saying(
        engagement,
        complete_status=Engagement.Status.ENROLLED,
        complete=_("Agreed. Every key leader has agreed: enrolled."),
        waiting=_("Agreed. Enrollment waits for the other leaders."),
    )
    signed = sign_after_password(
        request,
        sign=partial(enrollment.engagement_agree, by=request.user, engagement_id=engagement.pk),
        done=agreed,
        signed_url=reverse("collaboration:engagement_detail", kwargs={"pk": engagement.pk}),
    )
    return signed or render(
        request, "collaboration/engagement_agree.html", _engagement_context(request, engagement)
    )


@login_required
@require_POST
def engagement_withdraw(request, pk):
    engagement = _open_engagement(request, pk)
    withdraw = partial(enrollment.engagement_withdraw, engagement_id=engagement.pk, by=request.user)
    act_and_say(request, withdraw, _("Closed."))
    return redirect("collaboration:engagement_detail", pk=engagement.pk)


def _open_partnership(request) -> Roles:
    """The partnership overview and its download: for facilitators and the state's staff."""
    roles = roles_of(request.user)
    if not (is_partnership_staff(roles) or roles.is_state_staff):
        raise Http404(_("This page is for the partnership's staff."))
    return roles


def _engagement_filters(request) -> tuple[dict, list[str]]:
    """The overview's filters from the query string, unknown values left out; and the regions."""
    regions = sorted(
        District.objects.exclude(region="").values_list("region", flat=True).distinct()
    )
    status = request.GET.get("status")
    region = request.GET.get("region")
    filters = {
        "program_id": int_or_none(request.GET.get("program")),
        "status": status if status in Engagement.Status.values else None,
        "region": region if region in regions else None,
    }
    return filters, regions


@login_required
def partnership(request):
    """The partnership's view: engagements with filters, and districts engaged over time."""
    roles = _open_partnership(request)
    filters, regions = _engagement_filters(request)
    selected = {
        "program": filters["program_id"],
        "status": filters["status"],
        "region": filters["region"],
    }
    day = roles.day
    years, by_program = engaged_over_time(group_by="program", day=day)
    _years, by_region = engaged_over_time(group_by="region", day=day)
    return render(
        request,
        "collaboration/partnership.html",
        {
            "page": Paginator(engagement_list(**filters), 25).get_page(request.GET.get("page")),
            "programs": Program.objects.all(),
            "statuses": Engagement.Status.choices,
            "regions": regions,
            "selected": selected,
            "csv_query": urlencode({key: value for key, value in selected.items() if value}),
            "years": years,
            "by_program": by_program,
            "by_region": by_region,
            "is_facilitator": is_partnership_staff(roles),
        },
    )


@login_required
def partnership_csv(request):
    """The overview's inquiries and enrollments, every page of them, under the same filters."""
    _open_partnership(request)
    filters, _regions = _engagement_filters(request)
    return csv_response(
        filename=f"engagements-{timezone.localdate():%Y-%m-%d}.csv",
        header=[
            _("District"),
            _("Region"),
            _("Program"),
            _("Status"),
            _("Inquired on"),
            _("First meeting on"),
            _("Enrolled on"),
            _("Ended on"),
            _("Facilitator"),
        ],
        rows=(
            [
                e.team.district.name,
                e.team.district.region,
                e.program.name,
                e.get_status_display(),
                e.inquired_on,
                e.first_meeting_on,
                e.enrolled_on,
                e.ended_on,
                e.team.facilitator,
            ]
            for e in engagement_list(**filters)
        ),
    )
