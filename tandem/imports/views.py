"""The import pages: start a run, watch its check, read its report, apply it."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tandem.errors import DomainError
from tandem.imports import selectors, services
from tandem.imports.forms import RunApplyForm, RunStartForm
from tandem.imports.kinds import KINDS
from tandem.imports.models import ImportChange, ImportRun
from tandem.organizations.models import District, StateAgency
from tandem.records.uploads import upload_limit, upload_refused
from tandem.records.versions import StaleVersion
from tandem.ui.spreadsheet import csv_response, xlsx_response

# The page lists the first problems; the CSV has every one the check kept.
PROBLEMS_SHOWN = 200
CHANGES_PER_PAGE = 100


@dataclass(frozen=True)
class DemoFile:
    kind: str
    label: str
    purpose: str


# The files the demo generator writes for its first district (``tandem.demo.import_files``),
# in the order a new user tries them.
DEMO_FILES = {
    "educators-with-problems.csv": DemoFile(
        "educators",
        gettext_lazy("Educators, with mistakes"),
        gettext_lazy("a bad row of every kind the check finds"),
    ),
    "educators.csv": DemoFile(
        "educators",
        gettext_lazy("Educators"),
        gettext_lazy(
            "four new hires, three corrections, and two who left: say what leaving out means"
        ),
    ),
    "assignments-with-problems.csv": DemoFile(
        "assignments",
        gettext_lazy("Assignments, with mistakes"),
        gettext_lazy("a bad row of every kind"),
    ),
    "assignments.csv": DemoFile(
        "assignments",
        gettext_lazy("Assignments"),
        gettext_lazy("the new hires' schools: once the educators are in"),
    ),
    "schools-with-problems.csv": DemoFile(
        "schools", gettext_lazy("Schools, with mistakes"), gettext_lazy("a bad row of every kind")
    ),
    "schools.csv": DemoFile(
        "schools", gettext_lazy("Schools"), gettext_lazy("the district's schools and one it opens")
    ),
    "licenses-with-problems.csv": DemoFile(
        "licenses", gettext_lazy("Licenses, with mistakes"), gettext_lazy("a bad row of every kind")
    ),
    "licenses.csv": DemoFile(
        "licenses",
        gettext_lazy("Licenses"),
        gettext_lazy("every license the staff hold, and one new license"),
    ),
    "evaluator-assignments-with-problems.csv": DemoFile(
        "evaluator_assignments",
        gettext_lazy("Evaluator assignments, with mistakes"),
        gettext_lazy("a bad row of every kind"),
    ),
    "evaluator-assignments.csv": DemoFile(
        "evaluator_assignments",
        gettext_lazy("Evaluator assignments"),
        gettext_lazy("who evaluates whom, every year, and one co-observer added"),
    ),
    "prior-ratings-with-problems.csv": DemoFile(
        "prior_ratings",
        gettext_lazy("Ratings from before Tandem, with mistakes"),
        gettext_lazy("a bad row of every kind"),
    ),
    "prior-ratings.csv": DemoFile(
        "prior_ratings",
        gettext_lazy("Ratings from before Tandem"),
        gettext_lazy("two earlier years of the teachers' summative ratings"),
    ),
    "oneroster-with-problems.zip": DemoFile(
        "oneroster",
        gettext_lazy("OneRoster 1.2, with mistakes"),
        gettext_lazy("a bad row of every kind, each problem named by its file in the set"),
    ),
    "oneroster-bulk.zip": DemoFile(
        "oneroster",
        gettext_lazy("OneRoster 1.2, bulk"),
        gettext_lazy("the student-information system's whole set: staff, schools, a new school"),
    ),
    "oneroster-delta.zip": DemoFile(
        "oneroster",
        gettext_lazy("OneRoster 1.2, delta"),
        gettext_lazy("what changed since: one leaves, one changes her name, one moves school"),
    ),
}


def demo_file_path(district, name: str) -> str:
    return f"demo-imports/{district.org_code}/{name}"


def _demo_files(districts) -> list[tuple[str, DemoFile]]:
    """The demo's files (name, what it is) for the first of these districts that has them."""
    if not settings.DEMO_MODE:
        return []
    for district in districts:
        if default_storage.exists(demo_file_path(district, "educators.csv")):
            return list(DEMO_FILES.items())
    return []


def _importer(request) -> tuple[frozenset[int], frozenset[int]]:
    """The districts and states the user imports for; neither is a 404."""
    districts = selectors.importing_districts(request.user)
    states = selectors.importing_states(request.user)
    if not districts and not states:
        raise Http404(
            _("Imports are for a district's HR and administrators, and the state administrator.")
        )
    return districts, states


def _run(request, pk) -> ImportRun:
    run = get_object_or_404(
        ImportRun.objects.select_related("district", "state", "started_by"), pk=pk
    )
    if not request.user.has_perm("imports.view_run", run):
        raise Http404(_("No such import among your district's."))
    return run


def _kind(request, slug):
    _importer(request)
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404(_("Tandem does not import that kind of file."))
    return kind


@login_required
@upload_limit("IMPORT_MAX_BYTES")
def run_list(request):
    district_ids, state_ids = _importer(request)
    districts = District.objects.filter(pk__in=district_ids)
    form = RunStartForm(
        request.POST or None,
        request.FILES or None,
        districts=districts,
        states=StateAgency.objects.filter(pk__in=state_ids),
    )
    if not upload_refused(request, form) and request.method == "POST" and form.is_valid():
        district = form.cleaned_data.get("district")
        state = form.cleaned_data.get("state")
        if not request.user.has_perm("imports.start_run", district or state):
            raise Http404
        try:
            run = services.run_start(
                district=district,
                state=state,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error("file", error)
        else:
            return redirect(run)
    runs = Paginator(selectors.runs_visible(request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/run_list.html",
        {
            "form": form,
            "page": runs,
            "kinds": KINDS.values(),
            "demo_files": _demo_files(districts),
        },
        status=400 if form.errors else 200,
    )


@login_required
def kind_help(request, kind):
    return render(request, "imports/kind_help.html", {"kind": _kind(request, kind)})


def _template_kind(request, slug):
    kind = _kind(request, slug)
    if not kind.has_template:
        raise Http404(_("This kind has no template: its file is the one your system exports."))
    return kind


def _example(kind) -> list[list[str]]:
    return [[str(column.example) for column in kind.columns]]


@login_required
def kind_template_csv(request, kind):
    kind = _template_kind(request, kind)
    return csv_response(
        filename=f"tandem-{kind.slug}.csv", header=kind.headers, rows=_example(kind)
    )


@login_required
def kind_template_xlsx(request, kind):
    kind = _template_kind(request, kind)
    return xlsx_response(
        filename=f"tandem-{kind.slug}.xlsx", header=kind.headers, rows=_example(kind)
    )


@login_required
def demo_file(request, name):
    """One of the demo's files to import, for HR of the district it was written for."""
    if not settings.DEMO_MODE or name not in DEMO_FILES:
        raise Http404(_("No such demo file."))
    district_ids, _states = _importer(request)
    for district in District.objects.filter(pk__in=district_ids).order_by("pk"):
        path = demo_file_path(district, name)
        if default_storage.exists(path):
            return FileResponse(
                default_storage.open(path, "rb"),
                as_attachment=True,
                filename=f"demo-{name}",
                content_type="application/zip" if name.endswith(".zip") else "text/csv",
            )
    raise Http404(_("The demo wrote no files for your district."))


def _report(request, run: ImportRun) -> dict:
    action = request.GET.get("action")
    changes = run.changes.all()
    if action in ImportChange.Action.values:
        changes = changes.filter(action=action)
    return {
        "run": run,
        "problems": run.problems.all()[:PROBLEMS_SHOWN],
        "changes": Paginator(changes, CHANGES_PER_PAGE).get_page(request.GET.get("page")),
        "action": action if action in ImportChange.Action.values else "",
        "actions": ImportChange.Action.choices,
    }


@login_required
def run_detail(request, pk):
    run = _run(request, pk)
    context = _report(request, run)
    context["apply_form"] = RunApplyForm(initial={"version": run.version})
    context["applied_before"] = selectors.same_file_applied(run)
    template = "imports/_changes.html" if request.htmx else "imports/run_detail.html"
    return render(request, template, context)


@login_required
def run_status(request, pk):
    """The run's progress, polled by its page while the check or apply works."""
    run = _run(request, pk)
    response = render(request, "imports/_run_status.html", {"run": run})
    if not run.is_working:
        # The report appears once the work is done: the whole page is loaded again.
        response["HX-Refresh"] = "true"
    return response


@login_required
def run_problems_csv(request, pk):
    run = _run(request, pk)
    return csv_response(
        filename=f"import-{run.pk}-problems.csv",
        header=[_("File"), _("Line"), _("Column"), _("Value"), _("Problem")],
        rows=(
            (
                problem.file or run.file_name,
                problem.row or "",
                problem.column,
                problem.value,
                problem.reason,
            )
            for problem in run.problems.all().iterator()
        ),
    )


@login_required
def run_changes_csv(request, pk):
    run = _run(request, pk)
    return csv_response(
        filename=f"import-{run.pk}-changes.csv",
        header=[_("What"), _("Line"), _("Record"), _("Field"), _("Before"), _("After")],
        rows=selectors.change_rows(run),
    )


@login_required
def run_file(request, pk):
    run = _run(request, pk)
    extension = run.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        run.file.open("rb"),
        as_attachment=True,
        filename=f"import-{run.pk}.{extension}",
        content_type={"csv": "text/csv", "xml": "application/xml"}.get(
            extension, "application/octet-stream"
        ),
    )


@login_required
@require_POST
def run_apply(request, pk):
    run = _run(request, pk)
    if not request.user.has_perm("imports.apply_run", run):
        raise Http404
    form = RunApplyForm(request.POST)
    if form.is_valid():
        try:
            services.run_apply_request(
                run=run,
                by=request.user,
                version=form.cleaned_data["version"],
                absent_means=form.cleaned_data["absent_means"],
                end_date=form.cleaned_data["end_date"],
            )
        except StaleVersion:
            messages.error(
                request, _("Someone else acted on this import meanwhile: read it again.")
            )
            return redirect(run)
        except DomainError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The import is being applied."))
            return redirect(run)
    context = _report(request, run)
    context["apply_form"] = form
    return render(request, "imports/run_detail.html", context, status=400)
