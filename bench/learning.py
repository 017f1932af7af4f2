"""Learning benchmark: the effectiveness pages (state and district, list, detail and CSV),
beside the bare-view floor, at --scale 5.

    .venv/bin/python bench/learning.py [--scale 5] [--database sqlite|postgres]

The demo has no completed offerings yet, so the benchmark adds its own to the database
once (titled "Bench: …"): for each summer between two school years with locked summatives,
four state offerings addressing the first standard's indicators of the most used rubric,
each completed by a fifth of the educators rated in both years, three in four of whom
answered the survey. Signs in as the state analyst and a district administrator.
"""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

TARGETS = {
    "effectiveness, state": 300,
    "effectiveness, district": 300,
    "effectiveness detail, state": 300,
    "effectiveness detail, district": 300,
    "effectiveness CSV, state": 300,
}
PER_SUMMER = 4


def seed() -> None:
    """The bench's completed offerings, unless they are there already."""
    import datetime

    from django.db import transaction
    from django.db.models import Count

    from tandem.evaluation.models import SummativeEvaluation
    from tandem.learning.models import (
        Completion,
        Offering,
        PointsConversion,
        Provider,
        Registration,
        SurveyResponse,
    )
    from tandem.people.models import User
    from tandem.rubrics.models import Indicator

    if Offering.objects.filter(title__startswith="Bench: ").exists():
        return
    locked = SummativeEvaluation.objects.filter(status="locked").exclude(overall_rating="")
    rated = {}
    for person, start in locked.values_list("cycle__person_id", "cycle__start_date"):
        rated.setdefault(start.year, set()).add(person)
    version = (
        locked.values("cycle__framework_version")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["cycle__framework_version"]
    )
    indicators = list(
        Indicator.objects.filter(standard__framework_version=version).order_by(
            "standard__position", "position"
        )
    )
    first = [i for i in indicators if i.standard_id == indicators[0].standard_id]
    provider, _ = Provider.objects.get_or_create(
        name="Bench state learning", defaults={"kind": Provider.Kind.STATE}
    )
    conversion = PointsConversion.objects.order_by("points").first()
    recorder = User.objects.get(email="state.admin@example.org")
    rng = random.Random(2026)
    with transaction.atomic():
        for year in sorted(rated):
            both = sorted(rated[year] & rated.get(year + 1, set()))
            if len(both) < 20:
                continue
            for n in range(PER_SUMMER):
                offering = Offering.objects.create(
                    provider=provider,
                    title=f"Bench: summer institute {year + 1} ({n + 1})",
                    kind=Offering.Kind.COURSE,
                    topic="pedagogy",
                    conversion=conversion,
                    units=10,
                    hours=10,
                    capacity=len(both),
                    starts_on=datetime.date(year + 1, 7, 1),
                    ends_on=datetime.date(year + 1, 7, 31),
                )
                offering.indicators.set(first)
                people = rng.sample(both, len(both) // 5)
                registrations = Registration.objects.bulk_create(
                    Registration(offering=offering, person_id=p, status="registered")
                    for p in people
                )
                Completion.objects.bulk_create(
                    Completion(
                        registration=r,
                        passed=True,
                        points=offering.units * conversion.points,
                        topic="pedagogy",
                        completed_on=offering.ends_on,
                        recorded_by=recorder,
                    )
                    for r in registrations
                )
                SurveyResponse.objects.bulk_create(
                    SurveyResponse(registration=r, rating=rng.randint(2, 5))
                    for r in registrations
                    if rng.random() < 0.75
                )
    print(f"Added {Offering.objects.filter(title__startswith='Bench: ').count()} offerings.")


def pages(port: int, _args) -> dict:
    from tandem.learning.models import Offering
    from tandem.learning.selectors import effectiveness_list
    from tandem.people.models import User
    from tandem.people.selectors import roles_of

    seed()
    analyst = harness.sign_in(port, "analyst@example.org")
    admin = harness.sign_in(port, "district.admin@example.org")
    district = next(
        iter(roles_of(User.objects.get(email="district.admin@example.org")).personnel_districts)
    )
    offerings = list(
        Offering.objects.filter(title__startswith="Bench: ").values_list("pk", flat=True)
    )
    in_district = [e.offering.pk for e in effectiveness_list(district_id=district)]
    if not in_district:
        sys.exit("No bench offering is measured in the district administrator's district.")
    return {
        "floor: bare Django view": [(admin, "/bench/floor")],
        "effectiveness, state": [(analyst, "/learning/effectiveness/")],
        "effectiveness, district": [(admin, f"/districts/{district}/learning/effectiveness/")],
        "effectiveness detail, state": [
            (analyst, f"/learning/effectiveness/{pk}/") for pk in offerings
        ],
        "effectiveness detail, district": [
            (admin, f"/districts/{district}/learning/effectiveness/{pk}/") for pk in in_district
        ],
        "effectiveness CSV, state": [(analyst, "/learning/effectiveness/?format=csv")],
    }


if __name__ == "__main__":
    harness.run(__doc__, name="Learning", pages=pages, targets=TARGETS)
