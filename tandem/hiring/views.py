"""The district's vacancy and posting pages (its HR and administrators), and the public
careers pages (no sign-in)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tandem.hiring import selectors, services
from tandem.hiring.forms import (
    GRADE_CHOICES,
    CloseForm,
    PostingForm,
    RepostForm,
    VacancyEditForm,
    VacancyForm,
    careers_filters,
)
from tandem.hiring.models import Posting, Vacancy
from tandem.hiring.structured_data import as_script_text, job_posting
from tandem.organizations.models import District
from tandem.people.selectors import roles_of
from tandem.ui.forms import form_act, form_act_with_messages
from tandem.ui.params import int_or_none

PAGE_SIZE = 20


def _managed_district(request, pk) -> District:
    district = get_object_or_404(District, pk=pk)
    if not request.user.has_perm("hiring.manage_postings", district):
        raise Http404(_("No such district among those whose hiring you manage."))
    return district


def _managed_vacancy(request, pk) -> Vacancy:
    vacancy = get_object_or_404(Vacancy.objects.select_related("district", "school"), pk=pk)
    if not request.user.has_perm("hiring.manage_postings", vacancy.district):
        raise Http404(_("No such vacancy among those you manage."))
    return vacancy


def _managed_posting(request, pk) -> Posting:
    posting = get_object_or_404(
        Posting.objects.select_related("vacancy__district", "vacancy__school", "reposted_from"),
        pk=pk,
    )
    if not request.user.has_perm("hiring.manage_postings", posting.vacancy.district):
        raise Http404(_("No such posting among those you manage."))
    return posting


STATUS_CHOICES = [
    (Posting.Status.OPEN, gettext_lazy("Open")),
    (Posting.Status.UPCOMING, gettext_lazy("Upcoming")),
    (Posting.Status.CLOSED, gettext_lazy("Closed")),
    (selectors.VACANCY_STATUS_UNPOSTED, gettext_lazy("Not posted")),
]


@login_required
def district_postings(request, pk):
    district = _managed_district(request, pk)
    q = request.GET.get("q", "").strip()
    school_id = int_or_none(request.GET.get("school"))
    subject = request.GET.get("subject", "")
    status = request.GET.get("status", "")
    if status not in dict(STATUS_CHOICES):
        status = ""
    vacancies = selectors.district_vacancy_list(
        district=district, q=q, school_id=school_id, subject=subject, status=status
    )
    context = {
        "district": district,
        "page": Paginator(vacancies, PAGE_SIZE).get_page(request.GET.get("page")),
        "q": q,
        "school_id": school_id,
        "schools": district.schools.order_by("name"),
        "subject": subject,
        "subjects": selectors.district_subjects(district),
        "status": status,
        "statuses": STATUS_CHOICES,
        "status_labels": dict(STATUS_CHOICES),
    }
    template = "hiring/_vacancy_rows.html" if request.htmx else "hiring/district_postings.html"
    return render(request, template, context)


def _licenses_text(vacancy: Vacancy) -> str:
    return "\n".join(
        f"{license.field}, {license.grade_levels}" if license.grade_levels else license.field
        for license in vacancy.required_licenses.all()
    )


@login_required
def vacancy_create(request, pk):
    district = _managed_district(request, pk)
    form = VacancyForm(request.POST or None, district=district)
    if request.method == "POST":
        vacancy = form_act(
            request,
            form,
            lambda **data: services.vacancy_create(district=district, by=request.user, **data),
            _("Vacancy saved. Post it when it is ready."),
        )
        if vacancy:
            return redirect("hiring:vacancy_detail", vacancy.pk)
    return render(request, "hiring/vacancy_form.html", {"form": form, "district": district})


@login_required
def vacancy_edit(request, pk):
    vacancy = _managed_vacancy(request, pk)
    initial = {
        **{name: getattr(vacancy, name) for name in services.VACANCY_FIELDS},
        "licenses": _licenses_text(vacancy),
        "version": vacancy.version,
    }
    form = VacancyEditForm(request.POST or None, initial=initial, district=vacancy.district)
    if request.method == "POST":
        saved = form_act(
            request,
            form,
            lambda **data: services.vacancy_update(vacancy, by=request.user, **data),
            _("Vacancy saved."),
        )
        if saved:
            return redirect("hiring:vacancy_detail", vacancy.pk)
    context = {"form": form, "district": vacancy.district, "vacancy": vacancy}
    return render(request, "hiring/vacancy_form.html", context)


@login_required
def vacancy_detail(request, pk):
    vacancy = _managed_vacancy(request, pk)
    context = {
        "vacancy": vacancy,
        "licenses": vacancy.required_licenses.all(),
        "postings": vacancy.postings.select_related("reposted_from"),
        "today": timezone.localdate(),
    }
    return render(request, "hiring/vacancy_detail.html", context)


@login_required
def posting_create(request, pk):
    vacancy = _managed_vacancy(request, pk)
    form = PostingForm(request.POST or None, initial={"opens_on": timezone.localdate()})
    if request.method == "POST":
        posting = form_act(
            request,
            form,
            lambda **data: services.posting_create(vacancy, by=request.user, **data),
            _("Posted."),
        )
        if posting:
            return redirect("hiring:posting_detail", posting.pk)
    return render(request, "hiring/posting_form.html", {"form": form, "vacancy": vacancy})


@login_required
def posting_detail(request, pk):
    posting = _managed_posting(request, pk)
    in_progress, ended = selectors.application_counts(posting)
    context = {
        "posting": posting,
        "vacancy": posting.vacancy,
        "status": posting.status(),
        "questions": posting.questions.all(),
        "reposts": posting.reposts.all(),
        "in_progress": in_progress,
        "ended": ended,
        "total": sum(row.count for row in in_progress + ended),
        "close_form": CloseForm(initial={"version": posting.version}),
    }
    return render(request, "hiring/posting_detail.html", context)


@require_POST
@login_required
def posting_close(request, pk):
    posting = _managed_posting(request, pk)
    form_act_with_messages(
        request,
        CloseForm(request.POST),
        lambda version: services.posting_close(posting, by=request.user, version=version),
        _("Closed: the posting takes no more applications."),
    )
    return redirect("hiring:posting_detail", posting.pk)


@login_required
def posting_repost(request, pk):
    posting = _managed_posting(request, pk)
    form = RepostForm(
        request.POST or None,
        initial={"audience": posting.audience, "opens_on": timezone.localdate()},
    )
    if request.method == "POST":
        repost = form_act(
            request,
            form,
            lambda **data: services.posting_repost(posting, by=request.user, **data),
            _("Reposted, with the description and questions of the posting it follows."),
        )
        if repost:
            return redirect("hiring:posting_detail", repost.pk)
    return render(request, "hiring/posting_repost.html", {"form": form, "posting": posting})


def _careers(request, district: District | None):
    staff_districts = roles_of(request.user).staff_districts
    filters = careers_filters(request.GET, district_id=district.pk if district else None)
    page = Paginator(
        selectors.open_postings(filters, staff_districts=staff_districts), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "district": district,
        "filters": filters,
        "page": page,
        "choices": selectors.careers_choices(
            district_id=district.pk if district else None, staff_districts=staff_districts
        ),
        "grades": GRADE_CHOICES[1:],
        "grade": "" if filters.grade is None else str(filters.grade),
        "feed_url": (
            reverse("hiring:careers_district_feed", args=[district.org_code])
            if district
            else reverse("hiring:careers_feed")
        ),
    }
    template = "hiring/_careers_rows.html" if request.htmx else "hiring/careers.html"
    return render(request, template, context)


def careers(request):
    return _careers(request, None)


def careers_district(request, org_code):
    return _careers(request, get_object_or_404(District, org_code=org_code))


def careers_posting(request, pk):
    posting = selectors.posting_get(pk)
    if posting is None or not request.user.has_perm("hiring.read_posting", posting):
        raise Http404(_("No such posting is open to you."))
    is_open = posting.is_open()
    url = request.build_absolute_uri(reverse("hiring:careers_posting", args=[posting.pk]))
    context = {
        "posting": posting,
        "vacancy": posting.vacancy,
        "is_open": is_open,
        "licenses": posting.vacancy.required_licenses.all(),
        "apply_url": reverse("applicants:apply", args=[posting.pk]) if is_open else None,
        # A closed posting keeps its page for those who saved the link, without the data
        # that tells job boards to list it.
        "structured_data": as_script_text(job_posting(posting, url=url)) if is_open else None,
        "feed_url": reverse(
            "hiring:careers_district_feed", args=[posting.vacancy.district.org_code]
        ),
    }
    return render(request, "hiring/careers_posting.html", context)
