"""The Ed-Fi export page: ask for an export, watch it being written, download the zip."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tandem.interop import selectors, services
from tandem.interop.forms import EdfiExportForm
from tandem.interop.models import EdfiExport
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of


@login_required
def export_list(request):
    roles = roles_of(request.user)
    districts = list(selectors.exportable_districts(roles=roles))
    state = roles.holds(RoleGrant.Role.STATE_ADMIN)
    if not districts and not state:
        raise Http404(_("You do not export records."))
    form = EdfiExportForm(request.POST or None, districts=districts, state=state)
    if request.method == "POST" and form.is_valid():
        export = services.edfi_export_start(user=request.user, district=form.district())
        return redirect(export)
    return render(
        request,
        "interop/export_list.html",
        {"form": form, "exports": selectors.export_list(user=request.user)[:20]},
    )


def _export_or_404(request, pk) -> EdfiExport:
    export = selectors.export_get(user=request.user, export_id=pk)
    if export is None or not request.user.has_perm("interop.view_export", export):
        raise Http404(_("No such export."))
    return export


@login_required
def export_detail(request, pk):
    export = _export_or_404(request, pk)
    template = "interop/_export_status.html" if request.htmx else "interop/export_detail.html"
    return render(request, template, {"export": export})


@login_required
def export_download(request, pk):
    export = _export_or_404(request, pk)
    if export.status != EdfiExport.Status.DONE:
        raise Http404(_("The export is not ready."))
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.file.name.rsplit("/", 1)[-1],
        content_type="application/zip",
    )
