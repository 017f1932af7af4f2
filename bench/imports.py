"""Imports benchmark: check, apply and re-import a district's educators and assignments files.

    .venv/bin/python bench/imports.py [--scale 250 | --rows N] [--database sqlite|postgres]

Writes a CSV of ``--rows`` educators (by default the ``--scale`` population, 600 a unit of
scale: 150,000 at 250) and
one of a third more assignments (200,000), for one district in a fresh database: the imports
read only the district, its schools and bargaining units, so the rest of the demo
Commonwealth would change nothing but the build time. Then it times, each phase in a process
of its own (so that its peak resident memory is its own, as the task worker's would be): the
check of each file, the apply of each, and a re-import of both unchanged files; and, as the
floor, a raw ``executemany`` (``COPY`` on PostgreSQL) of the same rows into the same tables,
history tables included, rolled back (on PostgreSQL, the foreign-key checks that the rollback
skips and an apply's commit makes are timed apart). Targets: apply at least 50% of the
floor's rate, the re-import under 60 s, peak memory under 400 MiB.
"""

import argparse
import csv
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

APPLY_SHARE_TARGET = 0.5
REIMPORT_TARGET_S = 60
MEMORY_TARGET_MIB = 400
WORK = harness.VAR / "imports"
# The demo Commonwealth has about 600 educators at --scale 1.
EDUCATORS_PER_SCALE = 600
HR = "bench.hr@example.org"
POSITIONS = ["classroom_teacher", "classroom_teacher", "classroom_teacher", "counselor", "nurse"]
ROLE_GROUPS = ["teacher"] * 8 + ["sisp", "school_admin"]
SUBJECTS = ["Mathematics", "English", "Science", "History", "Art", "Music"]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=250, help="the population's scale (250)")
    parser.add_argument("--rows", type=int, help="educators (600 x scale)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.rows = args.rows or EDUCATORS_PER_SCALE * args.scale
    return args


def with_database(args) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tandem.settings"
    os.environ["PYTHONPATH"] = str(harness.ROOT)
    os.environ["TANDEM_FILES_DIR"] = str(WORK / "files")
    if args.database == "postgres":
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            os.execv(
                str(harness.ROOT / "scripts" / "with-postgres"),
                ["with-postgres", harness.PYTHON, *sys.argv],
            )
        harness._create_database(os.environ["DATABASE_URL"])
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'imports.sqlite3'}"


# -- the files ----------------------------------------------------------------------------


def schools_for(rows: int) -> int:
    return max(4, rows // 500)


def files_write(rows: int) -> tuple[Path, Path, int]:
    """The district's HR export: every educator once, a third of them with two assignments."""
    from tandem.imports.kinds import KINDS

    educators, assignments = WORK / "educators.csv", WORK / "assignments.csv"
    schools = schools_for(rows)
    written = 0
    with educators.open("w", newline="") as e_out, assignments.open("w", newline="") as a_out:
        e_csv, a_csv = csv.writer(e_out), csv.writer(a_out)
        e_csv.writerow(KINDS["educators"].headers)
        a_csv.writerow(KINDS["assignments"].headers)
        for n in range(rows):
            role_group = ROLE_GROUPS[n % len(ROLE_GROUPS)]
            start = datetime.date(2000 + n % 25, 8, 20 + n % 7)
            pts = role_group in ("teacher", "sisp") and n % 3 == 0
            e_csv.writerow(
                [
                    f"{20000000 + n}",
                    f"E{n:07d}",
                    f"First{n}",
                    f"Last{n}",
                    f"educator{n}@district.example.org",
                    role_group,
                    start,
                    start,
                    "Y" if pts else "N",
                    start.replace(year=start.year + 3) if pts else "",
                    "A" if role_group != "school_admin" else "B",
                    "",
                    "",
                ]
            )
            count = 2 if n % 3 == 0 else 1
            for k in range(count):
                school = f"0990{(n + k) % schools + 1:04d}"
                a_csv.writerow(
                    [
                        f"E{n:07d}",
                        "",
                        school,
                        POSITIONS[n % len(POSITIONS)],
                        SUBJECTS[n % len(SUBJECTS)],
                        str(n % 12 + 1),
                        "1.00" if count == 1 else "0.50",
                        start,
                        "",
                    ]
                )
                written += 1
    return educators, assignments, written


def district_make(rows: int) -> None:
    from tandem.organizations.models import BargainingUnit, District, School, StateAgency
    from tandem.people.models import RoleGrant, User

    state = StateAgency.objects.create(name="Commonwealth", code="00000000")
    district = District.objects.create(
        state=state, name="Bench Public Schools", org_code="09900000"
    )
    School.objects.bulk_create(
        School(district=district, name=f"School {i}", org_code=f"0990{i:04d}", level="elementary")
        for i in range(1, schools_for(rows) + 1)
    )
    for code in ("A", "B"):
        BargainingUnit.objects.create(district=district, name=f"Unit {code}", code=code)
    user = User.objects.create_user(username=HR, email=HR)
    RoleGrant.objects.create(
        user=user, role=RoleGrant.Role.DISTRICT_HR, district=district, start_date="2000-01-01"
    )


# -- the phases, each run in a child process ------------------------------------------------


def _context():
    from tandem.organizations.models import District
    from tandem.people.models import User

    return District.objects.get(org_code="09900000"), User.objects.get(email=HR)


def phase_check(kind: str, path: str) -> dict:
    from django.core.files import File

    from tandem.imports import services

    district, user = _context()
    with open(path, "rb") as stream:
        run = services.run_start(
            district=district, kind=kind, upload=File(stream, name=Path(path).name), by=user
        )
    started = time.perf_counter()
    run = services.run_check(run.pk)
    return {"seconds": time.perf_counter() - started, "status": run.status, "run": run.pk}


def phase_apply(kind: str, path: str) -> dict:
    from tandem.imports import services
    from tandem.imports.models import ImportRun

    _district, user = _context()
    run = ImportRun.objects.filter(kind=kind).latest("pk")
    started = time.perf_counter()
    services.run_apply_request(
        run=run, by=user, version=run.version, absent_means="", end_date=None
    )
    run = services.run_apply(run.pk)
    return {"seconds": time.perf_counter() - started, "status": run.status, "run": run.pk}


def phase_reimport(educators: str, assignments: str) -> dict:
    first = phase_check("educators", educators)
    second = phase_check("assignments", assignments)
    statuses = f"{first['status']}, {second['status']}"
    return {"seconds": first["seconds"] + second["seconds"], "status": statuses}


def phase_floor(educators: str, assignments: str) -> dict:
    """The same records and history rows written raw, in one transaction rolled back."""
    from django.db import connection, transaction
    from django.utils import timezone

    from tandem.people.models import Employment, Person, StaffAssignment

    district, user = _context()
    units = dict(district.bargaining_units.values_list("code", "pk"))
    schools = dict(district.schools.values_list("org_code", "pk"))
    now = timezone.now()
    base = 10_000_000
    people, employments, assignment_rows, by_number = [], [], [], {}
    with open(educators, newline="") as stream:
        for n, row in enumerate(csv.DictReader(stream)):
            pk = base + n
            by_number[row["employee_number"]] = pk
            people.append([pk, row["state_id"], row["first_name"], row["last_name"], row["email"]])
            employments.append(
                [
                    pk,
                    pk,
                    district.pk,
                    units[row["bargaining_unit"]],
                    row["employee_number"],
                    row["role_group"],
                    row["start_date"],
                    None,
                    row["role_start_date"],
                    row["has_pts"] == "Y",
                    row["pts_date"] or None,
                    "",
                ]
            )
    with open(assignments, newline="") as stream:
        for n, row in enumerate(csv.DictReader(stream)):
            assignment_rows.append(
                [
                    base + n,
                    by_number[row["employee_number"]],
                    schools[row["school"]],
                    row["position"],
                    row["subject"],
                    row["grade_level"],
                    row["fte"],
                    row["start_date"],
                    None,
                ]
            )
    tables = [
        (Person, ["id", "state_id", "first_name", "last_name", "email"], people),
        (
            Employment,
            [
                "id",
                "person_id",
                "district_id",
                "bargaining_unit_id",
                "employee_number",
                "role_group",
                "start_date",
                "end_date",
                "role_start_date",
                "has_pts",
                "pts_date",
                "separation_reason",
            ],
            employments,
        ),
        (
            StaffAssignment,
            [
                "id",
                "employment_id",
                "school_id",
                "position",
                "subject",
                "grade_level",
                "fte",
                "start_date",
                "end_date",
            ],
            assignment_rows,
        ),
    ]
    history = ["history_date", "history_type", "history_user_id", "history_change_reason"]
    started = time.perf_counter()
    with transaction.atomic():
        for model, columns, rows in tables:
            extra = [now, "+", user.pk, None]
            _write(connection, model._meta.db_table, columns, rows)
            _write(
                connection,
                model.history.model._meta.db_table,
                columns + history,
                (row + extra for row in rows),
            )
        seconds = time.perf_counter() - started
        checks = _key_checks(connection)
        transaction.set_rollback(True)
    return {"seconds": seconds, "checks": checks, "status": "rolled back"}


def _key_checks(connection) -> float:
    """Seconds the foreign keys of the rows written take to check, as a commit would: on
    PostgreSQL, Django's keys are deferred to the commit, which the rolled-back floor never
    reaches (an apply's commit does); SQLite looks each key up as it writes the row."""
    if connection.vendor != "postgresql":
        return 0.0
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return time.perf_counter() - started


def _write(connection, table, columns, rows) -> None:
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))


PHASES = {
    "check-educators": lambda e, a: phase_check("educators", e),
    "apply-educators": lambda e, a: phase_apply("educators", e),
    "check-assignments": lambda e, a: phase_check("assignments", a),
    "apply-assignments": lambda e, a: phase_apply("assignments", a),
    "reimport": phase_reimport,
    "floor": phase_floor,
}


def child(phase: str) -> dict:
    """Run one phase in a process of its own; its result and its peak resident memory."""
    process = subprocess.Popen(
        [harness.PYTHON, __file__, "--phase", phase], cwd=harness.ROOT, stdout=subprocess.PIPE
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"The phase {phase} failed.")
    result = json.loads(output.decode().strip().splitlines()[-1])
    result["peak_mib"] = usage.ru_maxrss / 1024  # KiB on Linux
    return result


def main() -> None:
    args = arguments()
    if args.phase:
        harness.setup_django()
        educators, assignments = str(WORK / "educators.csv"), str(WORK / "assignments.csv")
        print(json.dumps(PHASES[args.phase](educators, assignments)), flush=True)
        return
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    with_database(args)
    harness.manage("migrate", "--noinput", "-v0")
    harness.setup_django()
    district_make(args.rows)
    print(f"Writing {args.rows:,} educators and their assignments ...", flush=True)
    _educators, _assignments, assignment_count = files_write(args.rows)
    counts = {
        "check-educators": args.rows,
        "apply-educators": args.rows,
        "check-assignments": assignment_count,
        "apply-assignments": assignment_count,
        "reimport": args.rows + assignment_count,
        "floor": args.rows + assignment_count,
    }
    results = {}
    for phase in ["floor", *[p for p in PHASES if p != "floor"]]:
        print(f"  {phase} ...", flush=True)
        results[phase] = child(phase)
    report(args, counts, results)


def report(args, counts, results) -> None:
    floor = "COPY" if args.database == "postgres" else "executemany"
    print()
    print(
        f"Imports benchmark, {args.rows:,} educators and {counts['check-assignments']:,} "
        f"assignments, {args.database}"
    )
    print(f"{'phase':<28}{'rows':>10}{'seconds':>10}{'rows/s':>10}{'peak MiB':>10}  status")
    for phase, result in results.items():
        rate = counts[phase] / result["seconds"]
        label = f"floor: raw {floor}" if phase == "floor" else phase
        print(
            f"{label:<28}{counts[phase]:>10,}{result['seconds']:>10.1f}{rate:>10,.0f}"
            f"{result['peak_mib']:>10.0f}  {result['status']}"
        )
    applied = results["apply-educators"]["seconds"] + results["apply-assignments"]["seconds"]
    share = results["floor"]["seconds"] / applied
    checks = results["floor"]["checks"]
    if checks:
        seconds = results["floor"]["seconds"] + checks
        print(
            f"{'floor + its key checks':<28}{counts['floor']:>10,}{seconds:>10.1f}"
            f"{counts['floor'] / seconds:>10,.0f}{'':>10}  checked as a commit would"
        )
    peak = max(result["peak_mib"] for phase, result in results.items() if phase != "floor")
    reimport = results["reimport"]["seconds"]
    print()
    print(
        f"apply rate {share:.0%} of the floor's (target >= {APPLY_SHARE_TARGET:.0%}"
        f"{'' if share >= APPLY_SHARE_TARGET else ' MISSED'}); "
        f"re-import {reimport:.1f} s (target < {REIMPORT_TARGET_S} s"
        f"{'' if reimport < REIMPORT_TARGET_S else ' MISSED'}); "
        f"peak memory {peak:.0f} MiB (target < {MEMORY_TARGET_MIB} MiB"
        f"{'' if peak < MEMORY_TARGET_MIB else ' MISSED'})"
    )
    if checks:
        print(
            f"apply rate {(results['floor']['seconds'] + checks) / applied:.0%} of the floor's "
            "with the key checks its rollback skips"
        )


if __name__ == "__main__":
    main()
