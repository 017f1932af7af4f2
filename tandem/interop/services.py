"""The Ed-Fi export: a district's or the state's records as Data Standard 5.2 and TPDM 1.1
interchanges and TPDM resources-API JSON, written to a folder and zipped (issue 12, item 3)."""

import tempfile
import zipfile
from itertools import islice
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from tandem.interop import descriptors, documents, selectors
from tandem.interop.documents import (
    ElementKey,
    EvaluationKey,
    EvaluationRatingKey,
    ObjectiveKey,
    PerformanceEvaluationKey,
)
from tandem.interop.models import EdfiExport
from tandem.interop.writers import Interchanges
from tandem.organizations.models import District
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_record

EDORG = "EducationOrganization"
STAFF = "StaffAssociation"
EVALUATION = "PerformanceEvaluation"
LOG_BATCH = 1000


def edfi_export_write(*, district: District | None, folder: Path, reader, path: str) -> dict:
    """Write the export into ``folder``; log each summative in it as read by ``reader``.

    Returns the entities written and what was left out (people without a state educator
    identifier, whom Ed-Fi cannot key). Credentials wait for the licensure records.
    """
    if not reader.has_perm("interop.export", district):
        raise PermissionDenied
    with Interchanges(folder) as out:
        _descriptors(out)
        _organizations(out, district)
        _staff(out, district)
        _evaluations(out, district, reader=reader, path=path)
    left_out = {
        "employments": selectors.employments_without_state_id(district),
        "summatives": selectors.signed_summatives_without_state_id(district),
    }
    return {"counts": out.counts, "left_out": {k: v for k, v in left_out.items() if v}}


def _descriptors(out: Interchanges) -> None:
    for name, values in descriptors.TANDEM_DESCRIPTORS.items():
        for code, description in values:
            out.xml("Descriptors", documents.descriptor(name, code, description))


def _organizations(out: Interchanges, district: District | None) -> None:
    for state in selectors.state_agencies(district):
        out.xml(EDORG, documents.state_education_agency(state))
    for each in selectors.districts(district):
        out.xml(EDORG, documents.local_education_agency(each))
    for school in selectors.schools(district).iterator(chunk_size=2000):
        out.xml(EDORG, documents.school(school))


def _staff(out: Interchanges, district: District | None) -> None:
    last_person = None
    for employment in selectors.employments(district).iterator(chunk_size=2000):
        if employment.person_id != last_person:  # ordered by person: each Staff once
            out.xml(STAFF, documents.staff(employment.person))
            last_person = employment.person_id
        out.xml(STAFF, documents.employment_association(employment))
    seen_at_school: set[tuple[int, int]] = set()
    for assignment in selectors.assignments(district).iterator(chunk_size=2000):
        out.xml(STAFF, documents.assignment_association(assignment))
        at_school = (assignment.employment.person_id, assignment.school_id)
        if assignment.school_id and at_school not in seen_at_school:
            out.xml(STAFF, documents.school_association(assignment))
            seen_at_school.add(at_school)


def _evaluations(out: Interchanges, district: District | None, *, reader, path: str) -> None:
    """Each performance evaluation (district, school year, plan type) with the rubrics its
    signed summatives used, then each educator's rating, overall and on each standard.
    Tandem rates standards, not elements, so no EvaluationElementRating goes out."""
    summatives = selectors.signed_summatives(district)
    version_ids = set(
        summatives.values_list("cycle__framework_version", flat=True).order_by().distinct()
    )
    rubrics = selectors.rubrics(version_ids)
    performances: set[PerformanceEvaluationKey] = set()
    defined: set[tuple[PerformanceEvaluationKey, int]] = set()
    rows = summatives.iterator(chunk_size=1000)
    while batch := list(islice(rows, LOG_BATCH)):
        for summative in batch:
            key = EvaluationRatingKey.of(summative)
            performance, evaluation = key.rating.performance_evaluation, key.evaluation
            version, standards = rubrics[summative.cycle.framework_version_id]
            if performance not in performances:
                performances.add(performance)
                out.both(
                    EVALUATION,
                    "performanceEvaluations",
                    documents.performance_evaluation(performance),
                )
            if (performance, version.pk) not in defined:
                _rubric(out, evaluation, version, standards)
                defined.add((performance, version.pk))
            _rating(out, key, summative)
        access_log_record(
            user=reader, records=batch, channel=AccessLogEntry.Channel.EXPORT, path=path
        )


def _rubric(out: Interchanges, evaluation: EvaluationKey, version, standards) -> None:
    out.both(EVALUATION, "evaluations", documents.evaluation(evaluation, str(version)))
    for standard, elements in standards:
        objective = ObjectiveKey.of(evaluation, standard)
        out.both(
            EVALUATION,
            "evaluationObjectives",
            documents.evaluation_objective(
                objective, position=standard.position, description=standard.name
            ),
        )
        for position, element in enumerate(elements, start=1):
            key = ElementKey.of(objective, element)
            out.both(
                EVALUATION,
                "evaluationElements",
                documents.evaluation_element(key, position=position),
            )
            for pair in documents.rubric_dimensions(key, element):
                out.both(EVALUATION, "rubricDimensions", pair)


def _rating(out: Interchanges, key: EvaluationRatingKey, summative) -> None:
    out.both(
        EVALUATION,
        "performanceEvaluationRatings",
        documents.performance_evaluation_rating(key, summative),
    )
    out.both(EVALUATION, "evaluationRatings", documents.evaluation_rating(key, summative))
    for standard_rating in summative.standard_ratings.all():
        objective = ObjectiveKey.of(key.evaluation, standard_rating.standard)
        out.both(
            EVALUATION,
            "evaluationObjectiveRatings",
            documents.evaluation_objective_rating(key, objective, standard_rating.level),
        )


def zip_name(district: District | None) -> str:
    return f"edfi-{district.org_code if district else 'state'}-{timezone.localdate():%Y%m%d}.zip"


def edfi_export_zip(*, district: District | None, reader, path: str, dest: Path) -> dict:
    """Write the export and zip it as ``dest``; returns what ``edfi_export_write`` does."""
    with tempfile.TemporaryDirectory() as folder:
        result = edfi_export_write(district=district, folder=Path(folder), reader=reader, path=path)
        with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(Path(folder).rglob("*")):
                if file.is_file():
                    archive.write(file, file.relative_to(folder).as_posix())
    return result


@transaction.atomic
def edfi_export_start(*, user, district: District | None) -> EdfiExport:
    """Ask for an export; it is written in the background (``tasks.edfi_export_run``)."""
    from tandem.interop.tasks import edfi_export_run

    if not user.has_perm("interop.export", district):
        raise PermissionDenied
    export = EdfiExport.objects.create(district=district, requested_by=user)
    transaction.on_commit(lambda: edfi_export_run.enqueue(export_id=export.pk))
    return export


def edfi_export_run_now(*, export_id: int) -> EdfiExport:
    """Write a queued export's zip and keep it with the export."""
    queued = EdfiExport.objects.filter(pk=export_id, status=EdfiExport.Status.QUEUED)
    claimed = queued.update(status=EdfiExport.Status.RUNNING)  # one worker takes it
    export = EdfiExport.objects.select_related("district", "requested_by").get(pk=export_id)
    if not claimed:
        return export
    try:
        with tempfile.TemporaryDirectory() as folder:
            name = zip_name(export.district)
            dest = Path(folder) / name
            # No transaction around it: on SQLite one would hold the write lock for the
            # whole export. Each batch's access-log rows are written as it goes out.
            result = edfi_export_zip(
                district=export.district,
                reader=export.requested_by,
                path=export.get_absolute_url(),
                dest=dest,
            )
            with open(dest, "rb") as handle:
                export.file.save(name, File(handle), save=False)
    except Exception:
        export.status = EdfiExport.Status.FAILED
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "finished_at"])
        raise
    export.status = EdfiExport.Status.DONE
    export.finished_at = timezone.now()
    export.counts, export.left_out = result["counts"], result["left_out"]
    export.save(update_fields=["status", "finished_at", "counts", "left_out", "file"])
    return export
