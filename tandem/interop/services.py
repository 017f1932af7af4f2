"""The Ed-Fi export: a district's or the state's records as Data Standard 5.2 and TPDM 1.1
interchanges and TPDM resources-API JSON, written to a folder and zipped (issue 12, item 3)."""

import datetime
import tempfile
import zipfile
from collections import defaultdict
from itertools import islice
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from tandem.evaluation.models import PriorRating, SummativeEvaluation
from tandem.interop import descriptors, selectors
from tandem.interop.documents import evaluation as evaluation_documents
from tandem.interop.documents import organizations as organization_documents
from tandem.interop.documents import staff as staff_documents
from tandem.interop.documents.keys import (
    EvaluationKey,
    ObjectiveKey,
    PerformanceEvaluationKey,
    rating_moment,
)
from tandem.interop.documents.ratings import RatingWriter
from tandem.interop.documents.rubric import Rubric
from tandem.interop.models import EdfiExport
from tandem.interop.writers import Interchanges
from tandem.organizations.models import District
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_owners

EDORG = "EducationOrganization"
STAFF = "StaffAssociation"
EVALUATION = "PerformanceEvaluation"
LOG_BATCH = 1000


def edfi_export_write(*, district: District | None, folder: Path, reader, path: str) -> dict:
    """Write the export into ``folder``; log each summative in it as read by ``reader``.

    Returns the entities written and what was left out (people without a state educator
    identifier, whom Ed-Fi cannot key).
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
        "prior_ratings": selectors.prior_ratings_without_state_id(district),
    }
    return {"counts": out.counts, "left_out": {k: v for k, v in left_out.items() if v}}


def _descriptors(out: Interchanges) -> None:
    for name, values in descriptors.TANDEM_DESCRIPTORS.items():
        for code, description in values:
            out.xml("Descriptors", evaluation_documents.descriptor(name, code, description))


def _organizations(out: Interchanges, district: District | None) -> None:
    for state in selectors.state_agencies(district):
        out.xml(EDORG, organization_documents.state_education_agency(state))
    for each in selectors.districts(district):
        out.xml(EDORG, organization_documents.local_education_agency(each))
    for school in selectors.schools(district).iterator(chunk_size=2000):
        out.xml(EDORG, organization_documents.school(school))


class _Person(NamedTuple):
    state_id: str
    first_name: str
    last_name: str


class _Organization(NamedTuple):
    org_code: str


class _Employment(NamedTuple):
    person: _Person
    district: _Organization
    role_group: str
    has_pts: bool
    start_date: datetime.date
    end_date: datetime.date | None


class _AssignedIn(NamedTuple):
    """An assignment's employment: whose it is, and in which district."""

    person: _Person
    district: _Organization


class _Assignment(NamedTuple):
    employment: _AssignedIn
    school: _Organization | None
    position: str
    start_date: datetime.date
    end_date: datetime.date | None
    fte: object
    subject: str
    grade_level: str


class _License(NamedTuple):
    license_number: str
    field: str
    grade_levels: str
    stage: str
    issued_on: datetime.date
    expires_on: datetime.date | None


def _staff(out: Interchanges, district: District | None) -> None:
    """The staff documents from ``selectors`` tuples, each as the record the documents read
    (the attributes of its model that they use)."""
    held: dict[int, list[str]] = defaultdict(list)
    for person_id, *license in selectors.license_rows(district).iterator(chunk_size=2000):
        out.xml(STAFF, staff_documents.credential(_License(*license)))
        held[person_id].append(license[0])
    last_person = None
    for row in selectors.employment_rows(district).iterator(chunk_size=2000):
        person_id, state_id, first_name, last_name, org_code, *employment = row
        person = _Person(state_id, first_name, last_name)
        if person_id != last_person:  # ordered by person: each Staff once
            out.xml(STAFF, staff_documents.staff(person, held.get(person_id, ())))
            last_person = person_id
        employment = _Employment(person, _Organization(org_code), *employment)
        out.xml(STAFF, staff_documents.employment_association(employment))
    seen_at_school: set[tuple[int, int]] = set()
    for row in selectors.assignment_rows(district).iterator(chunk_size=2000):
        person_id, state_id, district_code, school_id, school_code, *assignment = row
        employment = _AssignedIn(_Person(state_id, "", ""), _Organization(district_code))
        school = None if school_id is None else _Organization(school_code)
        assignment = _Assignment(employment, school, *assignment)
        out.xml(STAFF, staff_documents.assignment_association(assignment))
        at_school = (person_id, school_id)
        if school_id and at_school not in seen_at_school:
            out.xml(STAFF, staff_documents.school_association(assignment))
            seen_at_school.add(at_school)


def _evaluations(out: Interchanges, district: District | None, *, reader, path: str) -> None:
    """Each performance evaluation (the rubric's organization, school year, plan type) with
    the rubrics its ratings used, then each educator's rating, overall and on each standard: signed
    summatives, then ratings from before Tandem. Tandem rates standards, not elements, so no
    EvaluationElementRating goes out."""
    summatives = selectors.signed_summatives(district)
    version_ids = set(
        summatives.values_list("cycle__framework_version", flat=True).order_by().distinct()
    )
    rubrics = {
        pk: Rubric.of(version, standards)
        for pk, (version, standards) in selectors.rubrics(version_ids).items()
    }
    keys = _Keys(out)
    ratings = RatingWriter(out)
    log = {"user": reader, "channel": AccessLogEntry.Channel.EXPORT, "path": path}
    rows = selectors.summative_rows(district).iterator(chunk_size=LOG_BATCH)
    while batch := list(islice(rows, LOG_BATCH)):
        levels = defaultdict(list)
        for summative_id, standard_id, level in selectors.standard_levels([r[0] for r in batch]):
            levels[summative_id].append((standard_id, level))
        for row in batch:
            *_, status, shared_at, cycle_end, version_id, first_name, last_name = row
            evaluator = None if first_name is None else Reviewer(first_name, last_name)
            _rating(
                ratings,
                keys,
                row,
                rubrics[version_id],
                rating_moment(shared_at, cycle_end),
                levels[row[0]],
                status=descriptors.STATUS_CODES[status],
                evaluator=evaluator,
            )
        access_log_owners(model=SummativeEvaluation, owners=_owners(batch), **log)
    prior = Rubric.prior()
    rows = selectors.prior_ratings(district).iterator(chunk_size=LOG_BATCH)
    while batch := list(islice(rows, LOG_BATCH)):
        for row in batch:
            *standards, evaluated_on = row[len(selectors.RATED) :]
            levels = [(n, level) for n, level in enumerate(standards, start=1) if level]
            _rating(
                ratings,
                keys,
                row,
                prior,
                datetime.datetime.combine(evaluated_on, datetime.time()),
                levels,
                status=descriptors.PRIOR_STATUS,
                evaluator=None,
            )
        access_log_owners(model=PriorRating, owners=_owners(batch), **log)


class Reviewer(NamedTuple):
    first_name: str
    last_name: str


def _owners(batch) -> list[tuple[int, int, int]]:
    """(pk, person, district) of ``selectors.RATED`` rows, as the access log reads them."""
    return [(row[0], row[6], row[1]) for row in batch]


class _Keys:
    """The keys of the export's performance evaluations and their rubrics, each made once
    (and its reference written once), each defined in the export as it is first used."""

    def __init__(self, out: Interchanges):
        self.out = out
        self.performances: dict[tuple, PerformanceEvaluationKey] = {}
        self.evaluations: dict[tuple, EvaluationKey] = {}
        self.objectives: dict[tuple, ObjectiveKey] = {}

    def performance(self, row) -> PerformanceEvaluationKey:
        """The performance evaluation of a ``selectors.RATED`` row."""
        _pk, _district_id, org_code, _year_id, year_end, plan_type, *_ = row
        at = (org_code, year_end.year, plan_type)
        key = self.performances.get(at)
        if key is None:
            key = self.performances[at] = PerformanceEvaluationKey(
                int(org_code), year_end.year, plan_type
            )
            self.out.both(
                EVALUATION,
                "performanceEvaluations",
                evaluation_documents.performance_evaluation(key),
            )
        return key

    def evaluation(self, row, rubric: Rubric) -> EvaluationKey:
        performance = self.performance(row)
        at = (performance, id(rubric))
        key = self.evaluations.get(at)
        if key is None:
            key = self.evaluations[at] = EvaluationKey(performance, rubric.title)
            rubric.write(self.out, performance)
        return key

    def objective(self, evaluation: EvaluationKey, rubric: Rubric, standard) -> ObjectiveKey:
        at = (evaluation, standard)
        key = self.objectives.get(at)
        if key is None:
            key = self.objectives[at] = ObjectiveKey(evaluation, rubric.objectives[standard])
        return key


def _rating(
    ratings: RatingWriter, keys: _Keys, row, rubric: Rubric, when, levels, *, status, evaluator
) -> None:
    """A ``selectors.RATED`` row's ratings: overall, on the rubric, and on each standard in
    ``levels`` (standard, level)."""
    evaluation = keys.evaluation(row, rubric)
    ratings.write(
        evaluation,
        [(keys.objective(evaluation, rubric, standard), level) for standard, level in levels],
        person_id=row[7],
        when=when,
        level=row[8],
        status=status,
        evaluator=evaluator,
    )


def zip_name(district: District | None) -> str:
    return f"edfi-{district.org_code if district else 'state'}-{timezone.localdate():%Y%m%d}.zip"


def edfi_export_zip(*, district: District | None, reader, path: str, dest: Path) -> dict:
    """Write the export and zip it as ``dest``; returns what ``edfi_export_write`` does."""
    with tempfile.TemporaryDirectory() as folder:
        result = edfi_export_write(district=district, folder=Path(folder), reader=reader, path=path)
        # The fastest deflate: the keys repeat in every entity, and level 6 took twice the
        # time for a third less size.
        with zipfile.ZipFile(
            dest, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1
        ) as archive:
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
