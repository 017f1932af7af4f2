"""The educator's whole evaluation record as one ZIP archive."""

import tempfile
import zipfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from tandem.evaluation import selectors
from tandem.evaluation.models import EvaluationCycle
from tandem.evaluation.views.printables import PRINTABLE_FORMS, pdf_context, printable
from tandem.people.selectors import roles_of
from tandem.records.files import stored_file_download_name
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_request
from tandem.ui.pdf import pdf_bytes


@login_required
def record_archive(request):
    """Everything of the educator's own evaluation record, in every district: each cycle's
    forms as PDFs with their signatures, the observation feedback shared with them, and the
    evidence files, as one ZIP archive."""
    roles = roles_of(request.user)
    if roles.person_id is None:
        raise Http404(_("Your account holds no educator record."))
    cycles = list(
        EvaluationCycle.objects.filter(person_id=roles.person_id)
        .select_related(
            "person",
            "district",
            "framework_version__framework",
            "primary_evaluator",
            "supervising_evaluator",
        )
        .order_by("start_date")
    )
    # FileResponse closes it once sent.
    archive = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115
    logged = []
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for cycle in cycles:
            folder = f"{cycle.start_date:%Y}-{cycle.end_date:%Y} {cycle.district.name}"
            logged.append(cycle)
            for form, _label in PRINTABLE_FORMS:
                record = printable(request, cycle, form)
                if record is not None:
                    zipped.writestr(
                        f"{folder}/{form}.pdf",
                        pdf_bytes(
                            template=f"evaluation/pdf/{form.replace('-', '_')}.html",
                            context=pdf_context(request, cycle, record),
                        ),
                    )
                    logged.append(record)
            for observation in selectors.observation_list(user=request.user, cycle=cycle):
                zipped.writestr(
                    f"{folder}/observation {observation.observed_on}.pdf",
                    pdf_bytes(
                        template="evaluation/pdf/observation.html",
                        context=pdf_context(request, cycle, observation),
                    ),
                )
                logged.append(observation)
            for item in cycle.evidence.filter(
                file__isnull=False, removed_at__isnull=True
            ).select_related("file"):
                with item.file.file.open("rb") as stored:
                    zipped.writestr(
                        f"{folder}/evidence/{item.pk} {stored_file_download_name(item.file)}",
                        stored.read(),
                    )
                logged.append(item)
    access_log_request(request, logged, channel=AccessLogEntry.Channel.EXPORT)
    archive.seek(0)
    response = FileResponse(
        archive,
        as_attachment=True,
        filename=f"evaluation-record-{request.user.last_name or 'educator'}.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
