"""The demo's students per school and year: plausible counts that differ from school to school.

Each district has a poverty level of its own (some towns far poorer than others) and each
school varies around it; the share of students of color rises with poverty, so the
highest- and lowest-poverty and -minority quarters of schools differ, as the equity plan's
comparisons need. The counts drift a little from year to year.
"""

import random

from simple_history.utils import bulk_create_with_history

from tandem.organizations.models import School, SchoolEnrollment, SchoolYear

SIZES = {
    School.Level.ELEMENTARY: (320, 560),
    School.Level.MIDDLE: (480, 820),
    School.Level.HIGH: (780, 1450),
    School.Level.K12: (400, 900),
}
# Of the students of color, the share in each group (a rough mix, Hispanic or Latino first).
MIX = {
    "hispanic_latino": 0.45,
    "black_african_american": 0.24,
    "asian": 0.18,
    "multiracial": 0.1,
    "american_indian_alaska_native": 0.02,
    "native_hawaiian_pacific_islander": 0.01,
}


def _part(total: int, share: float) -> int:
    return max(0, min(total, round(total * share)))


class EnrollmentBuilder:
    def __init__(self, *, rng: random.Random):
        self.rng = rng

    def build(self, district, schools: list[School]) -> None:
        rng = self.rng
        poverty = rng.choice([0.08, 0.15, 0.25, 0.35, 0.5, 0.7])
        years = list(SchoolYear.objects.filter(district=district).order_by("start_date"))
        enrollments = []
        for school in schools:
            size = rng.randint(*SIZES[school.level])
            school_poverty = min(0.95, max(0.02, poverty + rng.uniform(-0.12, 0.12)))
            color = min(0.97, max(0.03, 0.1 + 0.9 * school_poverty + rng.uniform(-0.1, 0.1)))
            for year in years:
                size = max(150, round(size * rng.uniform(0.96, 1.04)))
                poor = school_poverty * rng.uniform(0.95, 1.05)
                of_color = _part(size, color * rng.uniform(0.97, 1.03))
                races = {name: _part(of_color, share) for name, share in MIX.items()}
                races["hispanic_latino"] += of_color - sum(races.values())
                enrollments.append(
                    SchoolEnrollment(
                        school=school,
                        school_year=year,
                        total=size,
                        economically_disadvantaged=_part(size, poor),
                        english_learners=_part(size, 0.03 + 0.25 * poor),
                        with_disabilities=_part(size, rng.uniform(0.14, 0.21)),
                        white=size - of_color,
                        **races,
                    )
                )
        bulk_create_with_history(enrollments, SchoolEnrollment)
