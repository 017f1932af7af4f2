"""The import pipeline: a run is started on a file, checked in the background, and applied in
one transaction only when its check found no problem and the records have not moved since."""

import datetime
import hashlib
import json
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.imports.kinds import KINDS
from tandem.imports.kinds.base import DISTRICT, STATE, Kind, PlanUnreadable
from tandem.imports.models import ImportChange, ImportProblem, ImportRun
from tandem.imports.readers import XLSX_MAGIC, FileRefused
from tandem.records.versions import version_check

# Progress is written every this many rows; problems beyond the cap are counted, not kept.
PROGRESS_EVERY = 1000
PROBLEMS_KEPT = 5000


def run_start(*, kind: str, upload, by, district=None, state=None) -> ImportRun:
    """Keep the file and queue its check; a file over the limit is refused before it is read.

    A run loads into a district or, for the state's organizations, into the state."""
    if kind not in KINDS:
        raise DomainError(_("Tandem does not import “%(kind)s”.") % {"kind": kind})
    if (district is None) == (state is None):
        raise DomainError(_("Choose the district the file is for, or the state."))
    scope = STATE if state is not None else DISTRICT
    if scope not in KINDS[kind].scopes:
        message = (
            _("%(kind)s are imported for a district, not for the state.")
            if scope == STATE
            else _("%(kind)s are imported by the state administrator, for the state.")
        )
        raise DomainError(message % {"kind": KINDS[kind].label})
    limit = settings.IMPORT_MAX_BYTES
    if upload.size > limit:
        raise DomainError(
            _("The file is %(size)d MB; an import file may be at most %(limit)d MB.")
            % {"size": upload.size // (1024 * 1024), "limit": limit // (1024 * 1024)}
        )
    if upload.size == 0:
        raise DomainError(_("The file is empty."))
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    extension = _extension(KINDS[kind], upload.read(4))
    upload.seek(0)
    run = ImportRun(
        district=district,
        state=state,
        kind=kind,
        file_name=upload.name[:200],
        file_size=upload.size,
        sha256=digest.hexdigest(),
        started_by=by,
    )
    run.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
    run.save()
    _queue(run, "check")
    return run


def _extension(kind: Kind, start: bytes) -> str:
    """What the stored file is named as: an interchange is XML whatever it begins with."""
    if kind.takes_xml:
        return "xml"
    if start == XLSX_MAGIC:
        return "zip" if kind.takes_zip else "xlsx"
    return "csv"


def _queue(run: ImportRun, what: str) -> None:
    from tandem.imports import tasks

    task = tasks.import_check if what == "check" else tasks.import_apply
    transaction.on_commit(lambda: task.enqueue(run.pk))


@dataclass
class Plan:
    """What reading the file against the records found."""

    rows: int = 0
    problems: int = 0
    added: int = 0
    changed: int = 0
    # The rows to write, kept for an apply only: a check counts them (its report is written).
    adds: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    absent: list = field(default_factory=list)
    unchanged: int = 0
    digest: str = ""


def _plan(run: ImportRun, kind: Kind, context, *, on_rows=None, keep=True) -> Plan:
    """Read every row, check it and compare it with the record it matches.

    With ``keep``, problems and changes are written as they are found (the check's report)
    and only counted in memory; without, the rows to write are kept in the plan (an apply's);
    ``on_rows`` is called every ``PROGRESS_EVERY`` rows so the page can show progress.
    """
    plan = Plan()
    digest = hashlib.sha256()
    seen: dict[str, int] = {}
    matched: dict[str, int] = {}
    problems: list[ImportProblem] = []
    changes: list[ImportChange] = []

    def flush():
        if keep:
            ImportProblem.objects.bulk_create(problems)
            ImportChange.objects.bulk_create(changes)
        problems.clear()
        changes.clear()

    def problem(line, column, value, reason, file=""):
        plan.problems += 1
        if keep and plan.problems <= PROBLEMS_KEPT:
            problems.append(
                ImportProblem(
                    run=run, file=file, row=line, column=column, value=value, reason=reason[:300]
                )
            )

    try:
        with run.file.open("rb") as stream:
            for row in kind.rows(stream, context):
                plan.rows += 1
                line = row.line
                kind.check(row, context)
                for name in kind.file_keys(row.values):
                    if name in seen:
                        row.problems.append(
                            ("", name, _("is also on line %(line)d") % {"line": seen[name]})
                        )
                    else:
                        seen[name] = line
                key = kind.match(row.values, context) if not row.problems else None
                if key is not None and key in matched:
                    row.problems.append(
                        (
                            "",
                            "",
                            _("updates the same record as line %(line)d") % {"line": matched[key]},
                        )
                    )
                for file, at, column, value, reason in row.located():
                    problem(at, column, value, reason, file)
                if row.problems:
                    pass
                elif key is None:
                    after = kind.comparable(row.values)
                    plan.added += 1
                    if not keep:
                        plan.adds.append(row.values)
                    digest.update(json.dumps(["add", after], sort_keys=True).encode())
                    if keep:
                        changes.append(
                            ImportChange(
                                run=run,
                                action=ImportChange.Action.ADD,
                                row=line,
                                key=", ".join(kind.file_keys(row.values))[:100],
                                label=kind.label_of(row.values)[:200],
                                fields=kind.planned(row.values),
                            )
                        )
                else:
                    matched[key] = line
                    before = context.current[key][-1]
                    after = kind.comparable(row.values)
                    differ = {
                        name: [before.get(name, ""), value]
                        for name, value in after.items()
                        if before.get(name, "") != value
                    }
                    if differ:
                        plan.changed += 1
                        if not keep:
                            plan.changes.append((key, row.values))
                        digest.update(json.dumps(["change", key, differ], sort_keys=True).encode())
                        if keep:
                            changes.append(
                                ImportChange(
                                    run=run,
                                    action=ImportChange.Action.CHANGE,
                                    row=line,
                                    key=key[:100],
                                    label=kind.label_of(row.values)[:200],
                                    fields=differ,
                                )
                            )
                    else:
                        plan.unchanged += 1
                if plan.rows % PROGRESS_EVERY == 0:
                    flush()
                    if on_rows:
                        on_rows(plan)
    except FileRefused as refused:
        problem(None, "", "", str(refused), refused.file)
    if kind.ends_absent and not plan.problems:
        for key in sorted(context.active - matched.keys()):
            plan.absent.append(key)
            digest.update(json.dumps(["absent", key]).encode())
            if keep:
                changes.append(
                    ImportChange(
                        run=run,
                        action=ImportChange.Action.ABSENT,
                        key=key[:100],
                        label=kind.label_of(context.current[key][-1])[:200],
                    )
                )
    flush()
    plan.digest = digest.hexdigest()
    return plan


def _stored_plan(run: ImportRun, kind: Kind, context) -> Plan | None:
    """The check's plan read back from its changes, for records unchanged since the check:
    the file is not read, checked and compared again. None when it does not read back whole."""
    plan = Plan(rows=run.rows_read, unchanged=run.unchanged, digest=run.plan_digest)
    names = kind.headers
    try:
        for action, key, fields in run.changes.values_list("action", "key", "fields").iterator(
            chunk_size=5000
        ):
            if action == ImportChange.Action.ADD:
                plan.adds.append(kind.from_plan(fields, context))
            elif action == ImportChange.Action.CHANGE:
                stored = context.current[key][-1]
                text = {name: stored.get(name, "") for name in names}
                text.update((name, after) for name, (_before, after) in fields.items())
                plan.changes.append((key, kind.from_plan(text, context)))
            else:
                plan.absent.append(key)
    except (PlanUnreadable, KeyError):
        return None
    if (len(plan.adds), len(plan.changes), len(plan.absent)) != (
        run.added,
        run.changed,
        run.absent,
    ):
        return None
    return plan


def run_check(run_id: int) -> ImportRun:
    """The background check: every problem and every planned change, written for the report."""
    run = ImportRun.objects.select_related("district", "state").get(pk=run_id)
    run.problems.all().delete()
    run.changes.all().delete()
    run.status = ImportRun.Status.CHECKING
    run.rows_read = run.problem_count = 0
    run.save()
    kind = KINDS[run.kind]

    def progress(plan: Plan) -> None:
        ImportRun.objects.filter(pk=run.pk).update(rows_read=plan.rows, problem_count=plan.problems)

    try:
        context = kind.context(run.scope)
        plan = _plan(run, kind, context, on_rows=progress)
    except Exception as error:
        run.status = ImportRun.Status.FAILED
        run.failure = _("The check stopped on an error: %(error)s") % {"error": error}
        run.save()
        raise
    run.rows_read = plan.rows
    run.problem_count = plan.problems
    run.added, run.changed = plan.added, plan.changed
    run.unchanged, run.absent = plan.unchanged, len(plan.absent)
    run.plan_digest = plan.digest
    run.state_digest = kind.state_digest(context)
    run.checked_at = timezone.now()
    if plan.problems:
        run.status = ImportRun.Status.PROBLEMS
    elif plan.added or plan.changed or plan.absent:
        run.status = ImportRun.Status.READY
    else:
        run.status = ImportRun.Status.UNCHANGED
    run.version += 1
    run.save()
    return run


def run_apply_request(
    *, run: ImportRun, by, version: int, absent_means: str, end_date: datetime.date | None
) -> ImportRun:
    """Queue the apply of a checked run, once the person said what records left out mean."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        version_check(run, version)
        if not run.may_apply:
            raise DomainError(
                _("Only a run whose check found no problem can be applied (this one: %(s)s).")
                % {"s": run.get_status_display()}
            )
        if run.absent:
            if absent_means not in (ImportRun.Absent.IGNORE, ImportRun.Absent.END):
                raise DomainError(
                    _(
                        "Say what the %(n)d records the file leaves out mean: leave them as they "
                        "are, or end them on a date."
                    )
                    % {"n": run.absent}
                )
            if absent_means == ImportRun.Absent.END and end_date is None:
                raise DomainError(_("Give the date on which the records left out end."))
        run.absent_means = absent_means if run.absent else ""
        run.absent_end_date = end_date if absent_means == ImportRun.Absent.END else None
        run.status = ImportRun.Status.APPLYING
        run.applied_by = by
        run.applied_at = timezone.now()
        run.failure = ""
        run.version += 1
        run.save()
        _queue(run, "apply")
    return run


def run_apply(run_id: int) -> ImportRun:
    """The background apply, in one transaction: when the records the check compared the file
    with are as they were (its ``state_digest``), the check's stored plan is written; otherwise
    the file is read and compared again, and if the plan moved since the check, nothing is
    written and the run is checked again."""
    run = ImportRun.objects.select_related("district", "state", "applied_by").get(pk=run_id)
    kind = KINDS[run.kind]
    try:
        with transaction.atomic():
            locked = ImportRun.objects.select_for_update().get(pk=run.pk)
            if locked.status != ImportRun.Status.APPLYING:
                return locked
            context = kind.context(run.scope)
            plan = None
            if run.state_digest and kind.state_digest(context) == run.state_digest:
                plan = _stored_plan(run, kind, context)
            if plan is None:
                plan = _plan(run, kind, context, keep=False)
                if plan.problems or plan.digest != run.plan_digest:
                    raise RecordsMoved
            ending = run.absent_means == ImportRun.Absent.END
            kind.apply(
                context,
                adds=plan.adds,
                changes=plan.changes,
                absent=plan.absent if ending else [],
                end_date=run.absent_end_date if ending else None,
                by=run.applied_by,
            )
            locked.status = ImportRun.Status.APPLIED
            locked.applied_at = timezone.now()
            locked.version += 1
            locked.save()
            return locked
    except RecordsMoved:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.QUEUED,
            failure=_(
                "Nothing was changed: the district's records changed after this file was "
                "checked, so it is being checked again. Apply it once the new check is done."
            ),
            version=F("version") + 1,
        )
        _queue(run, "check")
    except Exception as error:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.READY,
            failure=_("Nothing was changed: applying stopped on an error (%(error)s).")
            % {"error": error},
            version=F("version") + 1,
        )
        raise
    return ImportRun.objects.get(pk=run.pk)


class RecordsMoved(Exception):
    """What the apply read differs from what the check planned."""
