"""The files a new user imports into the demo's first district: its HR system's export as of
today (a few new hires, a few corrections, two educators who left), and the same with mistakes;
the other kinds' files (``record_files``) and the student-information system's OneRoster sets
(``oneroster_files``) beside them.

Written from the district's own records, so the clean files check clean against the demo: the
educators file first, then the assignments file, which names the new hires.
"""

import csv
import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tandem.demo import oneroster_files, record_files
from tandem.demo.accounts import DEMO_ACCOUNTS
from tandem.imports.kinds import KINDS
from tandem.imports.kinds.base import as_text
from tandem.imports.views import DEMO_FILES, demo_file_path
from tandem.organizations.models import District
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import Employment, StaffAssignment

Position = StaffAssignment.Position
# (first name, last name, role group, position, subject, grade)
NEW_HIRES = [
    ("Imani", "Okafor", RoleGroup.TEACHER, Position.CLASSROOM_TEACHER, "Mathematics", "3"),
    ("Tomas", "Rivera", RoleGroup.TEACHER, Position.CLASSROOM_TEACHER, "English", "4"),
    ("Grace", "Lindqvist", RoleGroup.TEACHER, Position.CLASSROOM_TEACHER, "Science", "5"),
    ("Devi", "Raman", RoleGroup.SISP, Position.COUNSELOR, "", ""),
]
# Who leaves out of the clean educators file: the two educators who left in the fall.
LEFT = 2
# How many current educators the clean file corrects (a new surname, a new e-mail).
CORRECTED = 3


def files_write(district: District, today: datetime.date) -> None:
    """Write the district's demo files where the Imports page offers them (``DEMO_FILES``)."""
    educators, assignments = _educator_rows(district, today), _assignment_rows(district, today)
    schools = record_files.school_rows(district)
    licenses = record_files.license_rows(district)
    evaluators = record_files.evaluator_rows(district)
    ratings = record_files.prior_rating_rows(district, today)
    rows = {
        "educators.csv": educators,
        "educators-with-problems.csv": _educator_mistakes(district, educators),
        "assignments.csv": assignments,
        "assignments-with-problems.csv": _assignment_mistakes(assignments),
        "schools.csv": schools,
        "schools-with-problems.csv": record_files.school_mistakes(district, schools),
        "licenses.csv": licenses,
        "licenses-with-problems.csv": record_files.license_mistakes(district, licenses),
        "evaluator-assignments.csv": evaluators,
        "evaluator-assignments-with-problems.csv": record_files.evaluator_mistakes(
            district, evaluators
        ),
        "prior-ratings.csv": ratings,
        "prior-ratings-with-problems.csv": record_files.prior_rating_mistakes(ratings),
    }
    written = {name: _csv(DEMO_FILES[name].kind, file_rows) for name, file_rows in rows.items()}
    written["oneroster-bulk.zip"] = oneroster_files.bulk_set(
        district, today, new_hires=NEW_HIRES, left=LEFT
    )
    written["oneroster-delta.zip"] = oneroster_files.delta_set(district, today)
    written["oneroster-with-problems.zip"] = oneroster_files.problems_set(district, today)
    for name, content in written.items():
        path = demo_file_path(district, name)
        if default_storage.exists(path):
            default_storage.delete(path)
        default_storage.save(path, ContentFile(content))


def _csv(kind: str, rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=KINDS[kind].headers, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _employments(district):
    return (
        Employment.objects.filter(district=district, end_date=None)
        .select_related("person", "bargaining_unit")
        .order_by("pk")
    )


def _educator_rows(district, today) -> list[dict]:
    current = list(_employments(district))
    rows = []
    # Neither the leavers nor the corrected are demo sign-ins, whose names the guide gives.
    sign_ins = {account.email for account in DEMO_ACCOUNTS}
    teachers = [
        e for e in current if e.role_group == RoleGroup.TEACHER and e.person.email not in sign_ins
    ]
    left = {e.pk for e in teachers[-LEFT:]}
    corrected = {e.pk for e in teachers[:CORRECTED]}
    for employment in current:
        if employment.pk in left:
            continue
        person = employment.person
        row = {
            "state_id": as_text(person.state_id),
            "employee_number": employment.employee_number,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "role_group": employment.role_group,
            "start_date": as_text(employment.start_date),
            "role_start_date": as_text(employment.role_start_date),
            "has_pts": as_text(employment.has_pts),
            "pts_date": as_text(employment.pts_date),
            "bargaining_unit": employment.bargaining_unit.code
            if employment.bargaining_unit
            else "",
        }
        if employment.pk in corrected:
            row["last_name"] = f"{person.last_name}-Hale"
            row["email"] = f"{employment.employee_number.lower()}@example.org"
        rows.append(row)
    start = today - datetime.timedelta(days=14)
    for n, (first, last, role_group, *_assignment) in enumerate(NEW_HIRES, start=1):
        rows.append(
            {
                "state_id": f"98{district.pk:02d}{n:04d}",
                "employee_number": f"HR-9{n:04d}",
                "first_name": first,
                "last_name": last,
                "email": f"{first}.{last}@example.org".lower(),
                "role_group": role_group,
                "start_date": start.isoformat(),
                "has_pts": "N",
                "bargaining_unit": "Unit A",
            }
        )
    return rows


def _assignment_rows(district, today) -> list[dict]:
    current = (
        StaffAssignment.objects.filter(employment__district=district, employment__end_date=None)
        .select_related("employment", "school")
        .order_by("pk")
    )
    rows = [
        {
            "employee_number": a.employment.employee_number,
            "school": a.school.org_code if a.school else "",
            "position": a.position,
            "subject": a.subject,
            "grade_level": a.grade_level,
            "fte": as_text(a.fte),
            "start_date": as_text(a.start_date),
            "end_date": as_text(a.end_date),
        }
        for a in current
    ]
    school = district.schools.order_by("pk").first().org_code
    start = (today - datetime.timedelta(days=14)).isoformat()
    for n, (_first, _last, _role_group, position, subject, grade) in enumerate(NEW_HIRES, start=1):
        rows.append(
            {
                "employee_number": f"HR-9{n:04d}",
                "school": school,
                "position": position,
                "subject": subject,
                "grade_level": grade,
                "fte": "1.00",
                "start_date": start,
            }
        )
    return rows


def _educator_mistakes(district, rows: list[dict]) -> list[dict]:
    """The clean file with one mistake of each kind the check finds, each on a row of its own."""
    rows = [dict(row) for row in rows]
    new = rows[-len(NEW_HIRES) :]
    admin = next(row for row in rows if row["role_group"] == RoleGroup.SCHOOL_ADMIN)
    someone = (
        Employment.objects.exclude(district=district)
        .exclude(person__state_id=None)
        .values("person__state_id")
        .order_by("pk")
        .first()
    )
    new[0]["start_date"] = "2026-02-30"  # a date that does not exist
    new[1]["role_group"] = "coach"  # no such role group
    new[2]["state_id"] = "98-1234"  # not a MEPID
    new[3]["state_id"] = someone["person__state_id"]  # someone else's MEPID
    admin["has_pts"] = "Y"  # PTS is for teachers and SISP only
    rows[6]["bargaining_unit"] = "Unit Z"  # no such unit
    rows[7]["email"] = "not an address"
    rows[8]["end_date"] = "2001-01-01"  # before the start
    rows[9]["separation_reason"] = "retired"  # without an end date
    rows[10]["last_name"] = ""  # required
    rows.append(dict(rows[11]))  # the same educator twice
    return rows


def _assignment_mistakes(rows: list[dict]) -> list[dict]:
    rows = [dict(row) for row in rows]
    rows[1]["school"] = "99999999"  # no school of this district
    rows[2]["fte"] = "1.5"
    rows[3]["position"] = "janitor"
    rows[4]["employee_number"] = "HR-00000"  # nobody of this district
    rows[5]["start_date"] = "next Monday"
    rows.append(dict(rows[6]))  # the same assignment twice
    return rows
