"""Evaluation benchmark: the evaluator's caseload, the cycle page, the principal's and the
district's progress pages, at --scale 250.

    .venv/bin/python bench/evaluation.py [--scale 250] [--database sqlite|postgres]

Signs in as ten principals of different districts (each with a caseload of about 45), the
demo district administrator and the state analyst, and times at least 200 GETs per page
spread over those people, their schools, districts and cycles (this year's and earlier).
"""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

TARGETS = {
    "caseload (an evaluator's home page)": 100,
    "cycle page": 100,
    "principal's progress page": 300,
    "district progress page (HR: whole)": 300,
    "district progress page (analyst: counts)": 300,
}
PRINCIPALS = 10


def people():
    """The e-mails and objects the requests are drawn from."""
    from tandem.evaluation.models import EvaluationCycle
    from tandem.organizations.models import District
    from tandem.people.models import RoleGrant, User
    from tandem.people.selectors import roles_of

    rng = random.Random(2026)
    grants = list(
        RoleGrant.objects.filter(role=RoleGrant.Role.PRINCIPAL)
        .select_related("user")
        .order_by("district_id", "school_id")
    )
    chosen = rng.sample(grants, min(PRINCIPALS, len(grants)))
    admin = User.objects.get(email="district.admin@example.org")
    district_id = next(iter(roles_of(admin).personnel_districts))
    cycles = list(
        EvaluationCycle.objects.filter(district_id=district_id).values_list("pk", flat=True)
    )
    return {
        "principals": [(g.user.email, g.school_id) for g in chosen],
        "district_id": district_id,
        "cycles": rng.sample(cycles, min(200, len(cycles))),
        "districts": list(District.objects.values_list("pk", flat=True)),
        "rng": rng,
    }


def pages(port, args):
    found = people()
    rng = found["rng"]
    principals = [
        (harness.sign_in(port, email), school_id) for email, school_id in found["principals"]
    ]
    admin = harness.sign_in(port, "district.admin@example.org")
    analyst = harness.sign_in(port, "analyst@example.org")
    return {
        "floor: bare Django view": [(admin, "/bench/floor")],
        "caseload (an evaluator's home page)": [(client, "/") for client, _ in principals],
        "cycle page": [(admin, f"/cycles/{pk}/") for pk in found["cycles"]],
        "principal's progress page": [
            (client, f"/schools/{school}/evaluations/")
            for client, school in principals
            for _ in range(2)
        ]
        + [(client, f"/schools/{school}/evaluations/?overdue=1") for client, school in principals],
        "district progress page (HR: whole)": [
            (admin, f"/districts/{found['district_id']}/evaluations/")
        ],
        "district progress page (analyst: counts)": [
            (analyst, f"/districts/{rng.choice(found['districts'])}/evaluations/")
            for _ in range(args.requests)
        ],
    }


if __name__ == "__main__":
    harness.run(__doc__, name="Evaluation", pages=pages, targets=TARGETS)
