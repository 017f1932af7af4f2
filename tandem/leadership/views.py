"""The role catalog and a role's holders, posting a role, a district's lattice, where an
educator stands on it and HR's list of who may reach their next level."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.errors import DomainError
from tandem.hiring.rules import may_manage_postings
from tandem.leadership import rules, selectors, services
from tandem.leadership.forms import (
    CatalogFilterForm,
    EligibleFilterForm,
    LevelForm,
    RoleForm,
    RolePostForm,
    TenureForm,
)
from tandem.leadership.models import DOMAIN_DESCRIPTIONS, Domain, LatticeLevel
from tandem.organizations.models import District, School
from tandem.people.models import Employment
from tandem.people.selectors import roles_of
from tandem.records.services import access_log_request


@login_required
def role_list(request):
    form = CatalogFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    roles = selectors.role_list(
        search=chosen.get("q", "").strip(),
        kind=chosen.get("kind", ""),
        domain=chosen.get("domain", ""),
        district=chosen.get("district", ""),
    )
    page = Paginator(roles, 20).get_page(request.GET.get("page"))
    template = "leadership/_role_rows.html" if request.htmx else "leadership/role_list.html"
    context = {
        "form": form,
        "page": page,
        "domains": [(d.label, DOMAIN_DESCRIPTIONS[d]) for d in Domain],
        "may_add": _role_districts(request.user).exists()
        or rules.manages_roles_of(request.user, None),
    }
    return render(request, template, context)


def _role_districts(user):
    return District.objects.filter(pk__in=roles_of(user).personnel_districts)


@login_required
def role_create(request):
    districts = _role_districts(request.user)
    statewide = rules.manages_roles_of(request.user, None)
    if not districts.exists() and not statewide:
        raise Http404(_("Only HR, district administrators and the state add roles."))
    form = RoleForm(request.POST or None, districts=districts, statewide=statewide)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            role = services.role_create(by=request.user, **data)
        except DomainError as error:
            for problem in error.messages:
                form.add_error(None, problem)
        else:
            messages.success(request, _("The role is in the catalog."))
            return redirect(role)
    return render(request, "leadership/role_form.html", {"form": form})


def _role(pk):
    role = selectors.role_get(pk)
    if role is None:
        raise Http404(_("There is no such role."))
    return role


def _tenure_form(request, role, data=None):
    districts = roles_of(request.user).personnel_districts
    if role.district_id is not None:
        districts = districts & {role.district_id}
    if not districts:
        return None
    day = timezone.localdate()
    employments = (
        Employment.objects.filter(district__in=districts)
        .active_on(day)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    return TenureForm(
        data, employments=employments, schools=School.objects.filter(district__in=districts)
    )


@login_required
def role_detail(request, pk):
    role = _role(pk)
    context = {
        "role": role,
        "domains": [
            (Domain(d.domain).label, DOMAIN_DESCRIPTIONS[d.domain]) for d in role.domains.all()
        ],
        "holders": selectors.holders_of(role),
        "today": timezone.localdate(),
        "tenure_form": _tenure_form(request, role),
        "may_post": bool(_posting_districts(request.user, role)),
    }
    return render(request, "leadership/role_detail.html", context)


@login_required
@require_POST
def role_tenure(request, pk):
    role = _role(pk)
    form = _tenure_form(request, role, request.POST)
    if form is None:
        raise Http404(_("Only HR and administrators of a district record who holds a role."))
    if form.is_valid():
        try:
            services.tenure_record(role=role, by=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Recorded."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(role)


def _posting_districts(user, role):
    ids = roles_of(user).personnel_districts
    if role.district_id is not None:
        ids = ids & {role.district_id}
    return [d for d in District.objects.filter(pk__in=ids) if may_manage_postings(user, d)]


@login_required
def role_post(request, pk):
    role = _role(pk)
    districts = _posting_districts(request.user, role)
    if not districts:
        raise Http404(_("Only those who post a district's vacancies post its roles."))
    form = RolePostForm(
        request.POST or None,
        districts=District.objects.filter(pk__in=[d.pk for d in districts]),
        initial={"district": districts[0].pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            posting = services.role_post(role=role, by=request.user, **form.cleaned_data)
        except DomainError as error:
            for problem in error.messages:
                form.add_error(None, problem)
        except PermissionDenied as denied:
            raise Http404(
                _("Only those who post a district's vacancies post its roles.")
            ) from denied
        else:
            messages.success(request, _("The role is posted to the district's staff."))
            return redirect("hiring:posting_detail", posting.pk)
    return render(request, "leadership/role_post.html", {"role": role, "form": form})


def _district(request, pk, predicate):
    district = get_object_or_404(District, pk=pk)
    if not predicate(request.user, district.pk):
        raise Http404(_("There is no such lattice of yours."))
    return district


@login_required
def lattice(request, pk):
    district = _district(request, pk, rules.reads_lattice)
    edits = rules.edits_lattice(request.user, district.pk)
    form = LevelForm(request.POST or None) if edits else None
    if request.method == "POST":
        if not edits:
            raise Http404(_("Only the district's HR and administrators change its lattice."))
        if form.is_valid():
            try:
                services.level_save(district_id=district.pk, by=request.user, **form.cleaned_data)
            except DomainError as error:
                for problem in error.messages:
                    form.add_error(None, problem)
            else:
                messages.success(request, _("The level is added."))
                return redirect(request.path)
    context = {
        "district": district,
        "levels": selectors.lattice_of(district.pk),
        "form": form,
        "edits": edits,
    }
    return render(request, "leadership/lattice.html", context)


@login_required
def level_edit(request, pk):
    level = get_object_or_404(LatticeLevel.objects.select_related("district"), pk=pk)
    if not rules.edits_lattice(request.user, level.district_id):
        raise Http404(_("Only the district's HR and administrators change its lattice."))
    form = LevelForm.of(level, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.level_save(
                district_id=level.district_id, by=request.user, level=level, **form.cleaned_data
            )
        except DomainError as error:
            for problem in error.messages:
                form.add_error(None, problem)
        else:
            messages.success(request, _("The level is saved."))
            return redirect("leadership:lattice", level.district_id)
    return render(request, "leadership/level_form.html", {"level": level, "form": form})


def _log(request, positions):
    """The signed ratings shown are the evaluation cycles' own: every read by someone other
    than the educator goes in the access log."""
    person_id = roles_of(request.user).person_id
    access_log_request(
        request,
        [
            p.rating_cycle
            for p in positions
            if p.rating_cycle is not None and p.rating_cycle.person_id != person_id
        ],
    )


def _show_position(request, employment):
    position = selectors.position_of(employment, day=timezone.localdate())
    _log(request, [position])
    context = {
        "position": position,
        "employment": employment,
        "levels": selectors.lattice_of(employment.district_id),
        "awards": rules.reads_eligibility(request.user, employment.district_id),
    }
    return render(request, "leadership/position.html", context)


@login_required
def position(request, pk):
    employment = get_object_or_404(Employment.objects.select_related("person", "district"), pk=pk)
    if not rules.reads_position(request.user, employment):
        raise Http404(_("There is no such educator of yours."))
    return _show_position(request, employment)


@login_required
def my_position(request):
    roles = roles_of(request.user)
    employment = (
        Employment.objects.filter(pk__in=roles.employment_ids)
        .select_related("person", "district")
        .order_by("pk")
        .first()
    )
    if employment is None:
        raise Http404(_("Only educators employed by a district stand on its lattice."))
    return _show_position(request, employment)


@login_required
def eligible(request, pk):
    district = _district(request, pk, rules.reads_eligibility)
    form = EligibleFilterForm(request.GET or None, district_id=district.pk)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    positions = selectors.eligible_for_next(
        district.pk,
        day=timezone.localdate(),
        school=chosen.get("school"),
        level=chosen.get("level"),
    )
    _log(request, positions)
    context = {"district": district, "form": form, "positions": positions}
    return render(request, "leadership/eligible.html", context)


@login_required
@require_POST
def level_award(request, pk):
    employment = get_object_or_404(Employment, pk=pk)
    if not rules.reads_eligibility(request.user, employment.district_id):
        raise Http404(_("Only the district's HR and administrators award levels."))
    level = get_object_or_404(LatticeLevel, pk=request.POST.get("level", 0) or 0)
    try:
        award = services.level_award(employment=employment, level=level, by=request.user)
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as denied:
        raise Http404(_("There is no such level of this district.")) from denied
    else:
        messages.success(request, _("%(level)s awarded.") % {"level": award.level.title})
    return redirect("leadership:position", employment.pk)
