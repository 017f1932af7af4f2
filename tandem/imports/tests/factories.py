"""Files to import, as a district's HR system would write them."""

import csv
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.imports import services
from tandem.imports.kinds import KINDS


def csv_file(rows: list[dict], *, kind: str = "educators", name: str = "staff.csv", bom=False):
    """A CSV upload with the kind's whole header and these rows (missing columns empty)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=KINDS[kind].headers, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8")
    return SimpleUploadedFile(name, (b"\xef\xbb\xbf" if bom else b"") + data, "text/csv")


def educator(n: int, **values) -> dict:
    row = {
        "state_id": f"{90000000 + n}",
        "employee_number": f"E{n:05d}",
        "first_name": f"Ada{n}",
        "last_name": f"Imported{n:03d}",
        "email": f"ada{n}@district.example.org",
        "role_group": "teacher",
        "start_date": "2020-08-24",
        "has_pts": "N",
    }
    row.update(values)
    return row


def checked(*, by, upload, kind="educators", district=None, state=None):
    """Start a run and check it as the worker would."""
    run = services.run_start(district=district, state=state, kind=kind, upload=upload, by=by)
    return services.run_check(run.pk)


def _csv_text(header: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def oneroster_zip(
    *, orgs=(), users=(), roles=(), mode="bulk", bom=False, manifest=None, headers=None
):
    """A OneRoster 1.2 CSV zip: these rows (missing columns empty) under the binding's
    headers (or ``headers`` by file), with a manifest giving ``mode`` to each file."""
    from tandem.imports.kinds.oneroster_binding import HEADERS, MANIFEST, ORGS, ROLES, USERS

    headers = {**HEADERS, **(headers or {})}
    if manifest is None:
        manifest = {
            "manifest.version": "1.0",
            "oneroster.version": "1.2",
            "file.academicSessions": "absent",
            "file.orgs": mode,
            "file.users": mode,
            "file.roles": mode,
        }
    files = {ORGS: orgs, USERS: users, ROLES: roles}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if manifest:
            rows = [{"propertyName": k, "value": v} for k, v in manifest.items()]
            archive.writestr(MANIFEST, _csv_text(headers[MANIFEST], rows))
        for name, rows in files.items():
            if manifest.get(f"file.{name.removesuffix('.csv')}", "absent") != "absent":
                text = _csv_text(headers[name], list(rows))
                archive.writestr(name, ("\ufeff" if bom else "") + text)
    return SimpleUploadedFile("oneroster.zip", out.getvalue(), "application/zip")


def checked_rows(hr, rows: list[dict], kind: str):
    """Check a CSV of these rows of ``kind`` as ``hr`` (a district HR grant) would upload it."""
    return checked(district=hr.district, by=hr.user, upload=csv_file(rows, kind=kind), kind=kind)


def employed(district, n: int, **values):
    """An employment in ``district`` with employee number En and MEPID 9000000n, the names
    the files of these tests give."""
    from tandem.people.tests.factories import EmploymentFactory, PersonFactory

    return EmploymentFactory(
        district=district,
        employee_number=f"E{n}",
        person=PersonFactory(state_id=f"{90000000 + n}"),
        **values,
    )


def applied(run, *, by, absent_means="", end_date=None):
    services.run_apply_request(
        run=run, by=by, version=run.version, absent_means=absent_means, end_date=end_date
    )
    return services.run_apply(run.pk)
