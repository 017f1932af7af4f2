"""The rubric browser, import, export, publish, revise and adopt."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.errors import DomainError
from tandem.organizations.models import District
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of
from tandem.rubrics import interchange, selectors, services
from tandem.rubrics.forms import FrameworkImportForm
from tandem.rubrics.models import FrameworkVersion
from tandem.ui.forms import act_and_say
from tandem.ui.params import int_or_none


@login_required
def framework_list(request):
    search = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    versions = selectors.framework_version_list(search=search, status=status)
    return render(
        request,
        "rubrics/framework_list.html",
        {
            "versions": versions,
            "q": search,
            "status": status,
            "statuses": FrameworkVersion.Status.choices,
            "can_import": request.user.has_perm("rubrics.manage_framework", None),
        },
    )


def _version_or_404(pk) -> FrameworkVersion:
    version = selectors.framework_version_get(version_id=pk)
    if version is None:
        raise Http404(_("No such framework version."))
    return version


@login_required
def framework_version_detail(request, pk):
    version = _version_or_404(pk)
    return render(
        request,
        "rubrics/framework_version_detail.html",
        {
            "version": version,
            "standards": selectors.standards_with_elements(version=version),
            "can_manage": request.user.has_perm("rubrics.manage_framework", version.framework),
            "adopt_districts": _adopt_districts(request.user, version),
        },
    )


def _adopt_districts(user, version: FrameworkVersion):
    """The districts for which ``user`` may adopt this version (none unless it is the state's)."""
    if not user.has_perm("rubrics.adopt_framework", version.framework):
        return District.objects.none()
    return District.objects.filter(
        pk__in=roles_of(user).districts_with(RoleGrant.Role.DISTRICT_ADMIN)
    ).order_by("name")


@login_required
def framework_version_export(request, pk, file_format):
    version = _version_or_404(pk)
    standards = selectors.standards_with_elements(version=version)
    if file_format == "json":
        body, content_type = interchange.export_json(version, standards), "application/json"
    else:
        body, content_type = interchange.export_csv(standards), "text/csv"
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    filename = f"{version.framework.slug}-v{version.number}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def framework_import(request):
    if not request.user.has_perm("rubrics.manage_framework", None):
        raise PermissionDenied
    form = FrameworkImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        meta = {k: form.cleaned_data[k] for k in ("slug", "name", "role_group", "edition")}
        roles = roles_of(request.user)
        admin_districts = sorted(roles.districts_with(RoleGrant.Role.DISTRICT_ADMIN))
        district_id = None if roles.holds(RoleGrant.Role.STATE_ADMIN) else admin_districts[0]
        try:
            document = interchange.parse_framework(
                upload=upload.read(interchange.MAX_UPLOAD_BYTES + 1),
                file_format=form.cleaned_data["file_format"],
                meta=meta,
            )
            version = services.framework_version_create(
                document=document,
                district=District.objects.get(pk=district_id) if district_id else None,
                by=request.user,
            )
        except interchange.ImportRejected as rejection:
            problems = rejection.problems
        except DomainError as error:
            problems = error.messages
        else:
            messages.success(request, _("Imported as a draft. Check it, then publish it."))
            return redirect("rubrics:version_detail", pk=version.pk)
    return render(request, "rubrics/framework_import.html", {"form": form, "problems": problems})


def _managed_version(request, pk) -> FrameworkVersion:
    version = _version_or_404(pk)
    if not request.user.has_perm("rubrics.manage_framework", version.framework):
        raise PermissionDenied
    return version


@login_required
@require_POST
def framework_version_publish(request, pk):
    version = _managed_version(request, pk)
    try:
        services.framework_version_publish(
            version_id=version.pk,
            version=int_or_none(request.POST.get("version")) or 0,
            by=request.user,
        )
        messages.success(request, _("Published. This version can no longer change."))
    except (DomainError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect("rubrics:version_detail", pk=version.pk)


@login_required
@require_POST
def framework_version_revise(request, pk):
    version = _managed_version(request, pk)
    draft = services.framework_version_revise(version_id=version.pk, by=request.user)
    messages.success(
        request, _("A new draft version was made from version %(n)d.") % {"n": version.number}
    )
    return redirect("rubrics:version_detail", pk=draft.pk)


@login_required
@require_POST
def framework_version_adopt(request, pk):
    version = _version_or_404(pk)
    district = (
        _adopt_districts(request.user, version)
        .filter(pk=int_or_none(request.POST.get("district")))
        .first()
    )
    if district is None:
        raise PermissionDenied
    draft = act_and_say(
        request,
        partial(
            services.framework_adopt, version_id=version.pk, district=district, by=request.user
        ),
        _(
            "%(district)s's own draft was made. Check it against the state's document, then publish it."
        )
        % {"district": district.name},
    )
    return redirect("rubrics:version_detail", pk=(draft or version).pk)
