"""Insights benchmark: the insights selectors and the figures' API endpoints, state and
district, with and without each filter, at --scale 250.

    .venv/bin/python bench/insights.py [--scale 250] [--database sqlite|postgres]
        [--calls 20] [--url PATH ...] [--as EMAIL]

The selectors are called in this process (``--calls`` times each: at the state's size a
live count takes seconds), counting live and then, after the rebuild is timed, from the
precomputed figures, as the API then reads them. The API endpoints are requested over HTTP
from gunicorn, at least 200 GETs each (``--requests``), spread over the filters' values and
over the state analyst (aggregates only: suppressed), a district administrator (exact) and a
union leader (suppressed), beside the bare-view floor. Pages (the dashboards, their
downloads) are added with ``--url``, requested as ``--as`` (the state analyst unless told); a
path with ``format=`` or ending in .csv, .xlsx or .pdf is a download, whose target is 2 s.
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

PAGE_TARGET_MS = 300
DOWNLOAD_TARGET_MS = 2000
DOWNLOADS = (".csv", ".xlsx", ".pdf", "format=")


def options(parser) -> None:
    parser.add_argument("--calls", type=int, default=20, help="calls of each selector (20)")
    parser.add_argument(
        "--url", action="append", default=[], help="a page or download to time (repeatable)"
    )
    parser.add_argument("--as", dest="email", default="analyst@example.org")


def world() -> dict:
    """The years, districts and schools the requests are drawn from."""
    from tandem.insights.selectors.retention import year_pairs
    from tandem.organizations.models import School
    from tandem.people.models import RoleGrant, User
    from tandem.people.selectors import roles_of

    admin = User.objects.get(email="district.admin@example.org")
    district_id = next(iter(roles_of(admin).personnel_districts))
    leader = RoleGrant.objects.filter(
        user__email="union.president@example.org", role=RoleGrant.Role.UNION_LEADER
    ).first()
    pairs = year_pairs()
    return {
        "year": pairs[-1][0],  # the last year whose cycles have all ended
        "district_id": district_id,
        "leader_district_id": leader.district_id,
        "schools": list(
            School.objects.filter(district_id=district_id).values_list("pk", flat=True)
        ),
    }


def selectors(found: dict, how: str) -> dict:
    """Each selector call timed, by the name it is reported under (``how`` they count:
    live, or from the precomputed figures)."""
    from tandem.insights.selectors import equity, figures, retention
    from tandem.organizations.vocabulary import PlanType, RoleGroup

    year, district_id = found["year"], found["district_id"]
    rng = random.Random(2026)
    state, district = figures.Filters(year), figures.Filters(year, district_id)

    calls = {
        "selector: ratings, state": lambda: figures.rating_population(state),
        "selector: ratings, state × role group": lambda: figures.rating_population(
            figures.Filters(year, role_group=rng.choice(RoleGroup.values))
        ),
        "selector: ratings, state × plan type": lambda: figures.rating_population(
            figures.Filters(year, plan_type=rng.choice(PlanType.values))
        ),
        "selector: ratings, district": lambda: figures.rating_population(district),
        "selector: ratings, district × school": lambda: figures.rating_population(
            figures.Filters(year, district_id, rng.choice(found["schools"]))
        ),
        "selector: ratings suppressed, state": lambda: figures.rating_distribution(
            state, aggregates_only=True
        ),
        "selector: equity schools, state": lambda: equity.schools(year),
        "selector: equity schools, district": lambda: equity.schools(year, district_id),
        "selector: equity gaps, state": lambda: equity.gaps(year),
        "selector: equity tables suppressed, state": lambda: figures.equity_tables(
            state, aggregates_only=True
        ),
        "selector: equity tables suppressed, district": lambda: figures.equity_tables(
            district, aggregates_only=True
        ),
        "selector: retention, state": lambda: retention.retention(
            year, figures.next_year(year), retention.STATE
        ),
        "selector: retention, state × experience": lambda: retention.retention(
            year, figures.next_year(year), retention.STATE, "experience"
        ),
        "selector: retention, state × last rating": lambda: retention.retention(
            year, figures.next_year(year), retention.STATE, "last_rating"
        ),
        "selector: retention, district": lambda: retention.retention(
            year, figures.next_year(year), retention.DISTRICT, None, district_id
        ),
    }
    return {f"{name} ({how})": call for name, call in calls.items()}


def time_selectors(calls: dict, count: int) -> list:
    rows = []
    for name, call in calls.items():
        call()  # warm-up
        times = []
        for _ in range(count):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        rows.append(harness.Row(name, times))
        print(f"  {name}: p95 {rows[-1].p95:.1f} ms", flush=True)
    return rows


def pages(port: int, args, found: dict) -> dict:
    from tandem.insights.selectors.retention import GROUPINGS
    from tandem.organizations.vocabulary import PlanType, RoleGroup

    analyst = harness.sign_in(port, "analyst@example.org")
    admin = harness.sign_in(port, "district.admin@example.org")
    leader = harness.sign_in(port, "union.president@example.org")
    year, district = found["year"], found["district_id"]
    ratings, equity, retention = (
        f"/api/insights/{name}?year={year}" for name in ("ratings", "equity", "retention")
    )
    requested = {
        "floor: bare Django view": [(admin, "/bench/floor")],
        "API ratings, state (analyst)": [(analyst, ratings)],
        "API ratings, state × role group": [
            (analyst, f"{ratings}&role_group={group}") for group in RoleGroup.values
        ],
        "API ratings, state × plan type": [
            (analyst, f"{ratings}&plan_type={plan}") for plan in PlanType.values
        ],
        "API ratings, district (admin: exact)": [(admin, f"{ratings}&district_id={district}")],
        "API ratings, district × school": [
            (admin, f"{ratings}&school_id={school}") for school in found["schools"]
        ],
        "API ratings, district (union: suppressed)": [
            (leader, f"{ratings}&district_id={found['leader_district_id']}")
        ],
        "API equity, state (analyst)": [(analyst, equity)],
        "API equity, district (admin: exact)": [(admin, f"{equity}&district_id={district}")],
        "API equity, district (union: suppressed)": [
            (leader, f"{equity}&district_id={found['leader_district_id']}")
        ],
        "API retention, state (analyst)": [(analyst, retention)],
        "API retention, state × grouping": [(analyst, f"{retention}&by={by}") for by in GROUPINGS],
        "API retention, district (admin: exact)": [(admin, f"{retention}&district_id={district}")],
    }
    if args.url:
        reader = harness.sign_in(port, args.email)
        for path in args.url:
            requested[path] = [(reader, path)]
    return requested


def target(page: str) -> int | None:
    if page.startswith("floor"):
        return None
    if page.startswith("/") and any(mark in page for mark in DOWNLOADS):
        return DOWNLOAD_TARGET_MS
    return PAGE_TARGET_MS


def main() -> None:
    args = harness.arguments(__doc__.splitlines()[0], options)
    harness.with_database(args)
    built = harness.build(args.scale)
    found = world()
    from tandem.insights import services
    from tandem.insights.models import FiguresBuild

    FiguresBuild.objects.all().delete()
    print(f"Selectors live, {args.calls} calls each, school year {found['year']}:", flush=True)
    rows = time_selectors(selectors(found, "live"), args.calls)
    started = time.perf_counter()
    services.figures_refresh()
    refresh_s = time.perf_counter() - started
    print(f"Rebuilt the precomputed figures in {refresh_s:.1f} s.", flush=True)
    print("Selectors from the precomputed figures:", flush=True)
    rows += time_selectors(selectors(found, "built"), args.calls)
    server = harness.Server(args.workers)
    try:
        print(f"Requests, {args.requests} each:", flush=True)
        rows += harness.measure_pages(pages(server.port, args, found), args.requests)
    finally:
        server.stop()
    print()
    print(f"Rebuilding the precomputed figures (insights_refresh): {refresh_s:.1f} s")
    print(
        harness.report(
            f"Insights benchmark, --scale {args.scale}, {args.database}, "
            f"{args.workers} gunicorn workers",
            rows,
            built,
            {row.page: target(row.page) for row in rows if target(row.page)},
        )
    )


if __name__ == "__main__":
    main()
