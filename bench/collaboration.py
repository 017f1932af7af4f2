"""Collaboration benchmark: a team's page, its plan, the plan gallery and a published plan,
at --scale 250.

    .venv/bin/python bench/collaboration.py [--scale 250] [--database sqlite|postgres]

Signs in as the union presidents of ten districts whose teams have a plan (key leaders, so
they open every part of their team's work) and as a teacher of another district, and times at
least 200 GETs per page spread over those teams, their plans, the gallery's search terms and
pages, and the published plans of the whole state.
"""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

TARGETS = {
    "team page": 100,
    "plan page": 100,
    "plan gallery (search, topic, pages)": 100,
    "published plan in the gallery": 100,
}
LEADERS = 10
SEARCHES = ["", "mentor", "teacher leadership", "stipend", "return", "career lattice"]


def people():
    from tandem.collaboration.models import StrategicPlan, Topic
    from tandem.people.models import RoleGrant

    rng = random.Random(2026)
    plans = list(
        StrategicPlan.objects.select_related("team")
        .order_by("pk")
        .values_list("pk", "team_id", "team__district_id")
    )
    chosen = rng.sample(plans, min(LEADERS, len(plans)))
    presidents = {
        g.district_id: g.user.email
        for g in RoleGrant.objects.filter(
            office=RoleGrant.Office.UNION_PRESIDENT,
            end_date__isnull=True,
            district_id__in=[district for _p, _t, district in chosen],
        ).select_related("user")
    }
    published = list(
        StrategicPlan.objects.filter(published_version__isnull=False).values_list("pk", flat=True)
    )
    teacher = (
        RoleGrant.objects.filter(office=RoleGrant.Office.UNION_PRESIDENT)
        .exclude(district_id__in=presidents)
        .select_related("user")
        .first()
        .user.email
    )
    return {
        "leaders": [(presidents[d], plan, team) for plan, team, d in chosen],
        "published": rng.sample(published, min(200, len(published))),
        "topics": ["", *Topic.objects.values_list("slug", flat=True)],
        "pages": max(1, len(published) // 20),
        "reader": teacher,
        "rng": rng,
    }


def pages(port, args):
    found = people()
    rng = found["rng"]
    leaders = [(harness.sign_in(port, email), plan, team) for email, plan, team in found["leaders"]]
    reader = harness.sign_in(port, found["reader"])
    return {
        "floor: bare Django view": [(reader, "/bench/floor")],
        "team page": [(client, f"/teams/{team}/") for client, _plan, team in leaders],
        "plan page": [(client, f"/plans/{plan}/") for client, plan, _team in leaders],
        "plan gallery (search, topic, pages)": [
            (
                reader,
                "/gallery/?q={}&topic={}&page={}".format(
                    rng.choice(SEARCHES).replace(" ", "+"),
                    rng.choice(found["topics"]),
                    rng.randint(1, found["pages"]),
                ),
            )
            for _ in range(args.requests)
        ],
        "published plan in the gallery": [(reader, f"/gallery/{pk}/") for pk in found["published"]],
    }


if __name__ == "__main__":
    harness.run(__doc__, name="Collaboration", pages=pages, targets=TARGETS)
