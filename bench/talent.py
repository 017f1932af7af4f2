"""Talent benchmark: the public careers pages, a posting's candidate list and HR's home page,
at --scale 250.

    .venv/bin/python bench/talent.py [--scale 250] [--database sqlite|postgres]

Times at least 200 GETs per page beside the bare-view floor: the state's careers page
(anonymous, no sign-in) spread over searches and the filters by district, region, subject,
grade and license; a district's careers page; the candidate lists of the open postings of
the districts whose HR signs in (the demo's HR of the first district, and HR of nine others);
HR's home page; and each of those districts' talent dashboard (issue 14, item 7), as HR sees
it, exact.
"""

import datetime
import random
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

TARGETS = {
    "careers page, state (search and filters)": 100,
    "careers page, a district": 100,
    "posting's candidate list (HR)": 100,
    "HR's home page": 100,
    "talent dashboard, a district (HR)": 300,
}
HR_DISTRICTS = 10
SEARCHES = ["", "", "teacher", "mathematics", "grade 7", "science", "special education"]


def world():
    from tandem.demo.vocabulary import REGIONS, SUBJECTS
    from tandem.hiring.models import Posting
    from tandem.people.models import RoleGrant

    today = datetime.date.fromisoformat(harness.TODAY)
    rng = random.Random(2026)
    open_postings = list(
        Posting.objects.open_on(today)
        .filter(audience=Posting.Audience.EXTERNAL)
        .values_list("pk", "vacancy__district_id", "vacancy__district__org_code")
    )
    grants = list(
        RoleGrant.objects.filter(role=RoleGrant.Role.DISTRICT_HR, end_date__isnull=True)
        .order_by("district_id", "pk")
        .values_list("district_id", "user__email")
    )
    # One HR sign-in per district: the demo's own first, then others at random.
    by_district = dict(reversed(grants))
    districts = [grants[0][0], *rng.sample(sorted(by_district)[1:], k=HR_DISTRICTS - 1)]
    districts = [d for d in dict.fromkeys(districts) if d in by_district][:HR_DISTRICTS]
    return {
        "rng": rng,
        "hr": [
            (by_district[d], d, [p for p, pd, _c in open_postings if pd == d]) for d in districts
        ],
        "district_codes": sorted({code for _p, _d, code in open_postings}),
        "district_ids": sorted({d for _p, d, _c in open_postings}),
        "regions": REGIONS,
        "subjects": SUBJECTS,
    }


def careers_query(rng: random.Random, found: dict) -> str:
    """A search with none, one or two filters, as people narrow a list."""
    terms = [("q", rng.choice(SEARCHES))]
    filters = [
        ("district", lambda: str(rng.choice(found["district_ids"]))),
        ("region", lambda: rng.choice(found["regions"])),
        ("subject", lambda: rng.choice(found["subjects"])),
        ("grade", lambda: str(rng.randint(1, 12))),
        ("license", lambda: rng.choice(found["subjects"])),
    ]
    terms += [(name, make()) for name, make in rng.sample(filters, k=rng.randint(0, 2))]
    return "/careers/?" + urlencode([(k, v) for k, v in terms if v])


def pages(port, args):
    found = world()
    rng = found["rng"]
    anonymous = harness.Client(port)
    hr = [
        (harness.sign_in(port, email), district, postings)
        for email, district, postings in found["hr"]
    ]
    candidates = [
        (client, f"/postings/{pk}/candidates/") for client, _d, postings in hr for pk in postings
    ]
    return {
        "floor: bare Django view": [(anonymous, "/bench/floor")],
        "careers page, state (search and filters)": [
            (anonymous, careers_query(rng, found)) for _ in range(args.requests)
        ],
        "careers page, a district": [
            (anonymous, f"/careers/{code}/") for code in found["district_codes"]
        ],
        "posting's candidate list (HR)": candidates,
        "HR's home page": [(client, "/") for client, _d, _postings in hr],
        "talent dashboard, a district (HR)": [
            (client, f"/districts/{district}/dashboard/talent/") for client, district, _p in hr
        ],
    }


if __name__ == "__main__":
    harness.run(__doc__, name="Talent", pages=pages, targets=TARGETS)
