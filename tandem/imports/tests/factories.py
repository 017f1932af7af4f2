"""Files to import, as a district's HR system would write them."""

import csv
import io

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


def checked(*, district, by, upload, kind="educators"):
    """Start a run and check it as the worker would."""
    run = services.run_start(district=district, kind=kind, upload=upload, by=by)
    return services.run_check(run.pk)


def applied(run, *, by, absent_means="", end_date=None):
    services.run_apply_request(
        run=run, by=by, version=run.version, absent_means=absent_means, end_date=end_date
    )
    return services.run_apply(run.pk)
