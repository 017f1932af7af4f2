"""Ed-Fi benchmark: the state's whole export and the Ed-Fi API's list pages, at --scale 250.

    .venv/bin/python bench/edfi.py [--scale 250] [--database sqlite|postgres]

Times ``manage.py edfi_export --state`` as the state administrator (wall time, CPU time in
all and per rating, peak resident memory, size of the zip; target under 60 s, memory flat),
then GETs of the Ed-Fi API's list endpoints on first and deep pages (the last ten; for the
ratings also by ``pageToken``, the keyset paging a whole state's reader uses) beside the
bare-view floor (target p95 under 100 ms).
"""

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

EXPORT_TARGET_S = 60
TARGETS = {
    "performanceEvaluationRatings, first page": 100,
    "performanceEvaluationRatings, deep page": 100,
    "evaluationObjectiveRatings, deep page": 100,
    "performanceEvaluationRatings, deep page by pageToken": 100,
    "evaluationObjectiveRatings, deep page by pageToken": 100,
    "performanceEvaluations, first page": 100,
}
# The other resources, each timed on its first page and its last ten (the deepest).
RESOURCES = (
    "localEducationAgencies",
    "schools",
    "staffs",
    "credentials",
    "staffEducationOrganizationEmploymentAssociations",
    "staffEducationOrganizationAssignmentAssociations",
    "staffSchoolAssociations",
    "evaluationObjectives",
    "evaluationElements",
    "rubricDimensions",
)
TARGETS |= {f"{r}, {depth} page": 100 for r in RESOURCES for depth in ("first", "deep")}
STATE_ADMIN = "state.admin@example.org"
LIMIT = 100


def export() -> str:
    """The state's export, in a process of its own so that its peak memory and CPU time are
    its own; the CPU time is also given per rating exported (PerformanceEvaluationRating)."""
    with tempfile.TemporaryDirectory() as dest:
        started = time.monotonic()
        child = subprocess.Popen(
            [
                harness.PYTHON,
                "manage.py",
                "edfi_export",
                "--state",
                "--dest",
                dest,
                "--as",
                STATE_ADMIN,
            ],
            cwd=harness.ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        printed = child.stdout.read()  # a few lines: the counts of what was written
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.monotonic() - started
        if os.waitstatus_to_exitcode(status):
            sys.exit("The export failed.")
        size = sum(p.stat().st_size for p in Path(dest).glob("*.zip")) / 2**20
    ratings = re.search(r"PerformanceEvaluationRating: (\d+)", printed)
    cpu = usage.ru_utime + usage.ru_stime
    per_rating = f", {cpu * 1000 / int(ratings[1]):.2f} ms CPU per rating" if ratings else ""
    mark = "" if seconds < EXPORT_TARGET_S else " MISSED"
    return (
        f"Export of the state: {seconds:.1f} s (target < {EXPORT_TARGET_S} s{mark}), "
        f"CPU {cpu:.1f} s{per_rating}, peak memory {usage.ru_maxrss / 1024:.0f} MiB, "
        f"zip {size:.1f} MiB"
    )


def total_count(client, path: str) -> int:
    """The resource's Total-Count, asked for once before it is timed."""
    cookies = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    client.connection.request(
        "GET", f"{path}?limit=1&totalCount=true", headers={"Host": "127.0.0.1", "Cookie": cookies}
    )
    response = client.connection.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"{path} answered {response.status}.")
    return int(response.getheader("Total-Count"))


def pages(port, args):
    from tandem.evaluation.models import StandardRating
    from tandem.interop import selectors
    from tandem.people.models import User
    from tandem.people.selectors import roles_of

    summatives = selectors.signed_summatives(None).count()
    standards = StandardRating.objects.filter(summative__status__in=selectors.SIGNED).count()
    admin = harness.sign_in(port, STATE_ADMIN)
    api = "/api/ed-fi"
    roles = roles_of(User.objects.get(email=STATE_ADMIN))

    def by_token(resource, ids):
        """The last ten pages again, each asked after the id that ends the page before it."""
        ids = list(ids)
        starts = [max(len(ids) - LIMIT * (n + 1), 1) for n in range(10)]
        return [
            (admin, f"{api}/{resource}?limit={LIMIT}&pageToken={ids[start - 1]}")
            for start in starts
        ]

    def deep(resource, total):
        return [
            (admin, f"{api}/{resource}?limit={LIMIT}&offset={max(total - LIMIT * (n + 1), 0)}")
            for n in range(10)
        ]

    return {
        "floor: bare Django view": [(admin, "/bench/floor")],
        "performanceEvaluationRatings, first page": [
            (admin, f"{api}/performanceEvaluationRatings?limit={LIMIT}&totalCount=true")
        ],
        "performanceEvaluationRatings, deep page": deep("performanceEvaluationRatings", summatives),
        "evaluationObjectiveRatings, deep page": deep("evaluationObjectiveRatings", standards),
        "performanceEvaluationRatings, deep page by pageToken": by_token(
            "performanceEvaluationRatings", selectors.readable_rating_ids(roles=roles)
        ),
        "evaluationObjectiveRatings, deep page by pageToken": by_token(
            "evaluationObjectiveRatings", selectors.readable_standard_rating_ids(roles=roles)
        ),
        "performanceEvaluations, first page": [
            (admin, f"{api}/performanceEvaluations?limit={LIMIT}")
        ],
        **{
            f"{resource}, {depth} page": paths
            for resource in RESOURCES
            for depth, paths in (
                ("first", [(admin, f"{api}/{resource}?limit={LIMIT}")]),
                ("deep", deep(resource, total_count(admin, f"{api}/{resource}"))),
            )
        },
    }


if __name__ == "__main__":
    args = harness.arguments(__doc__.splitlines()[0])
    harness.with_database(args)
    built = harness.build(args.scale)
    exported = export()
    print(exported, flush=True)
    server = harness.Server(args.workers)
    try:
        rows = harness.measure_pages(pages(server.port, args), args.requests)
    finally:
        server.stop()
    print()
    title = f"Ed-Fi benchmark, --scale {args.scale}, {args.database}, {args.workers} workers"
    print(harness.report(title, rows, built, TARGETS))
    print()
    print(exported)
