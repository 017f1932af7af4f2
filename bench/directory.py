"""Directory benchmark: districts, schools and educators, pages and API, at --scale 250.

    .venv/bin/python bench/directory.py [--scale 250] [--database sqlite|postgres]

Builds the demo Commonwealth (or reuses var/bench/scale-N.sqlite3), serves it with gunicorn
on loopback, signs in as the demo district administrator and times at least 200 GETs per
page, spread over different objects, filters, search terms and deep pages. Prints p50/p95.
"""

import random
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

TARGETS = {
    "districts: list": 100,
    "districts: one district": 100,
    "schools: list": 100,
    "schools: one school": 100,
    "educators: list": 100,
    "educators: one educator (personnel record)": 100,
    "API: districts": 100,
    "API: schools": 100,
    "API: educators": 100,
    "API: assignments": 100,
    "API: frameworks": 100,
}


def paths(rng: random.Random, count: int) -> dict[str, list[str]]:
    """The requests of each page, drawn from the database so every one names a real object."""
    from tandem.organizations.models import District, School
    from tandem.organizations.vocabulary import RoleGroup
    from tandem.people.models import Employment, Person, User
    from tandem.people.selectors import roles_of

    admin = User.objects.get(email="district.admin@example.org")
    district_id = next(iter(roles_of(admin).personnel_districts))
    district_ids = list(District.objects.values_list("pk", flat=True))
    regions = sorted(set(District.objects.values_list("region", flat=True)))
    towns = sorted({name.split()[0] for name in District.objects.values_list("name", flat=True)})
    school_ids = list(School.objects.values_list("pk", flat=True))
    own_schools = list(School.objects.filter(district_id=district_id).values_list("pk", flat=True))
    employment_ids = list(
        Employment.objects.filter(district_id=district_id).values_list("pk", flat=True)
    )
    last_names = sorted(
        set(
            Person.objects.filter(employments__district_id=district_id).values_list(
                "last_name", flat=True
            )
        )
    )
    district_pages = District.objects.count() // 25 + 1
    school_pages = School.objects.count() // 25 + 1
    educator_pages = len(employment_ids) // 25 + 1
    levels = [choice for choice, _label in School.Level.choices]
    role_groups = [choice for choice, _label in RoleGroup.choices]
    sorts = ["name", "-name"]

    def spread(make):
        return [make(index) for index in range(count)]

    return {
        "floor: bare Django view": ["/bench/floor"],
        "districts: list": spread(
            lambda i: [
                f"/districts/?page={rng.randint(1, district_pages)}",
                f"/districts/?q={quote(rng.choice(towns))}",
                f"/districts/?region={quote(rng.choice(regions))}&sort={rng.choice(sorts)}",
                f"/districts/?page={district_pages}&sort=-name",
            ][i % 4]
        ),
        "districts: one district": spread(lambda i: f"/districts/{rng.choice(district_ids)}/"),
        "schools: list": spread(
            lambda i: [
                f"/schools/?page={rng.randint(1, school_pages)}",
                f"/schools/?q={quote(rng.choice(towns))}",
                f"/schools/?district={rng.choice(district_ids)}&level={rng.choice(levels)}",
                f"/schools/?level={rng.choice(levels)}&page={rng.randint(1, max(1, school_pages // 3))}"
                f"&sort={rng.choice(sorts)}",
            ][i % 4]
        ),
        "schools: one school": spread(lambda i: f"/schools/{rng.choice(school_ids)}/"),
        "educators: list": spread(
            lambda i: [
                f"/educators/?page={rng.randint(1, educator_pages)}",
                f"/educators/?q={quote(rng.choice(last_names)[:4])}",
                f"/educators/?school={rng.choice(own_schools)}&district={district_id}",
                f"/educators/?role_group={rng.choice(role_groups)}&sort={rng.choice(sorts)}",
            ][i % 4]
        ),
        "educators: one educator (personnel record)": spread(
            lambda i: f"/educators/{rng.choice(employment_ids)}/"
        ),
        "API: districts": spread(
            lambda i: (
                f"/api/districts?limit=50&offset={rng.randint(0, max(0, len(district_ids) - 50))}"
            )
        ),
        "API: schools": spread(
            lambda i: (
                f"/api/schools?district_id={rng.choice(district_ids)}"
                if i % 2
                else f"/api/schools?limit=100&offset={rng.randint(0, max(0, len(school_ids) - 100))}"
            )
        ),
        "API: educators": spread(
            lambda i: (
                f"/api/educators?q={quote(rng.choice(last_names)[:4])}"
                if i % 2
                else f"/api/educators?limit=50&offset={rng.randint(0, len(employment_ids) - 1)}"
            )
        ),
        "API: assignments": spread(
            lambda i: (
                f"/api/assignments?school_id={rng.choice(own_schools)}"
                if i % 2
                else f"/api/assignments?educator_id={rng.choice(employment_ids)}"
            )
        ),
        "API: frameworks": ["/api/frameworks", "/api/frameworks?status=published"],
    }


def api_token():
    """A token of the district administrator's, made for this run and revoked after it."""
    from tandem.people.models import User
    from tandem.people.services import api_token_create

    admin = User.objects.get(email="district.admin@example.org")
    return api_token_create(user=admin, name="benchmark")


def main() -> None:
    args = harness.arguments(__doc__.splitlines()[0])
    harness.with_database(args)
    built = harness.build(args.scale)
    from tandem.people.services import api_token_revoke

    rng = random.Random(2026)
    requests = paths(rng, args.requests)
    token, secret = api_token()
    server = harness.Server(args.workers)
    try:
        browser = harness.sign_in(server.port, "district.admin@example.org")
        api = harness.Client(server.port, headers={"Authorization": f"Bearer {secret}"})
        rows = harness.measure_pages(
            {
                page: [(api if page.startswith("API") else browser, path) for path in page_paths]
                for page, page_paths in requests.items()
            },
            args.requests,
        )
    finally:
        server.stop()
        api_token_revoke(user=token.user, token_id=token.pk)
    print()
    print(
        harness.report(
            f"Directory benchmark, --scale {args.scale}, {args.database}, "
            f"{args.workers} gunicorn workers, signed in as the district administrator",
            rows,
            built,
            TARGETS,
        )
    )


if __name__ == "__main__":
    main()
