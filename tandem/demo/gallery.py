"""More districts' plans in the gallery: a team that has not published a plan through the
partnership shares the one its three leaders adopted before they came to it (as district teams
wrote plans together at the labor-management conferences), so the gallery offers plans on
different work from several districts.

Drawn from a generator of its own, so every other choice of the demo stays as it was.
"""

import datetime
import random

from django.utils import timezone

from tandem.collaboration.models import (
    KEY_OFFICES,
    MeasureProgress,
    PlanVersion,
    StrategicPlan,
    Team,
    Topic,
)
from tandem.collaboration.plan_content import counts_whole, lines, measures
from tandem.demo.plans import adoption_sign
from tandem.people.models import RoleGrant


def _goal(key, title, baseline, target, measure, unit, start, end):
    return {
        "key": key,
        "title": title,
        "baseline": baseline,
        "target": target,
        "target_date": "2028-06-30",
        "measures": [
            {"key": f"m{key[1:]}", "name": measure, "unit": unit, "baseline": start, "target": end}
        ],
    }


def _strategy(key, title, goal, initiative, steps):
    return {
        "key": key,
        "title": title,
        "goal_keys": [goal],
        "initiatives": [
            {
                "key": f"i{key[1:]}",
                "title": initiative,
                "steps": [
                    {"key": step_key, "title": step, "owner": owner, "due": due}
                    for step_key, step, owner, due in steps
                ],
            }
        ],
    }


GALLERY_PLANS = [
    {
        "title": "Educator-led professional learning",
        "topics": ("professional-learning", "evaluation"),
        "content": {
            "vision": (
                "Teachers plan and lead most of their own professional learning, and what they "
                "learn shows in their students' work."
            ),
            "theory_of_action": (
                "If teacher teams choose the focus of their learning and have time to meet, and "
                "if evaluation feedback points each educator to that learning, then it is used "
                "in classrooms and students gain."
            ),
            "goals": [
                _goal(
                    "g1",
                    "Professional learning that teachers plan",
                    "A quarter of the district's learning days were planned by teacher teams",
                    "Three quarters",
                    "Learning days planned by teacher teams",
                    "%",
                    25.0,
                    75.0,
                ),
                _goal(
                    "g2",
                    "Learning that teachers find useful",
                    "48% of teachers rated their learning days useful",
                    "80%",
                    "Teachers who rate their learning days useful",
                    "%",
                    48.0,
                    80.0,
                ),
            ],
            "strategies": [
                _strategy(
                    "s1",
                    "Teacher learning teams",
                    "g1",
                    "Time for teams to meet",
                    [
                        (
                            "a1",
                            "Agree a weekly common planning period",
                            "Bargaining teams",
                            "2025-06-30",
                        ),
                        (
                            "a2",
                            "Train a facilitator for each team",
                            "Professional development office",
                            "2025-10-15",
                        ),
                    ],
                ),
                _strategy(
                    "s2",
                    "Feedback that leads to learning",
                    "g2",
                    "Link evaluation feedback to the year's courses",
                    [
                        (
                            "a3",
                            "Map the rubric's indicators to the courses offered",
                            "Joint working group",
                            "2026-01-31",
                        ),
                    ],
                ),
            ],
        },
    },
    {
        "title": "Schools and families together",
        "topics": ("school-community", "trust-building"),
        "content": {
            "vision": (
                "Every family knows their child's teachers, is welcome in the school, and has a "
                "say in how it serves the community."
            ),
            "theory_of_action": (
                "If teachers have time and support to reach every family, and if the community's "
                "partners work with the schools on one shared plan, then families take part and "
                "students come to school ready to learn."
            ),
            "goals": [
                _goal(
                    "g1",
                    "Every family at the fall conferences",
                    "54% of families came to a fall conference",
                    "80%",
                    "Families at a fall conference",
                    "%",
                    54.0,
                    80.0,
                ),
                _goal(
                    "g2",
                    "A community partner for every school",
                    "4 schools worked with a community partner",
                    "All 10 schools",
                    "Schools working with a community partner",
                    "schools",
                    4.0,
                    10.0,
                ),
            ],
            "strategies": [
                _strategy(
                    "s1",
                    "Time to reach families",
                    "g1",
                    "Conferences at times families can come",
                    [
                        (
                            "a1",
                            "Agree evening conference hours and the time given back",
                            "Bargaining teams",
                            "2025-08-15",
                        ),
                        (
                            "a2",
                            "Offer interpreters at every conference",
                            "Family engagement office",
                            "2025-10-01",
                        ),
                    ],
                ),
                _strategy(
                    "s2",
                    "One plan with the community",
                    "g2",
                    "A school-community council",
                    [
                        (
                            "a3",
                            "Invite partners to a first joint council meeting",
                            "Superintendent's office",
                            "2026-02-15",
                        ),
                    ],
                ),
            ],
        },
    },
]


class GalleryPlans:
    def __init__(self, *, rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today
        self.shared = 0

    def share(self, *, team: Team | None) -> StrategicPlan | None:
        """Publish a plan the team's leaders adopted earlier, unless it has published one."""
        if team is None or team.plans.filter(published_version__isnull=False).exists():
            return None
        spec = GALLERY_PLANS[self.shared % len(GALLERY_PLANS)]
        self.shared += 1
        adopted_on = self.today - datetime.timedelta(days=self.rng.randint(420, 640))
        signers = [
            grant.user
            for offices in KEY_OFFICES.values()
            if (
                grant := RoleGrant.objects.active_on(adopted_on)
                .filter(district=team.district, office__in=offices)
                .order_by("office", "pk")
                .first()
            )
        ]
        year = adopted_on.year
        plan = StrategicPlan.objects.create(
            team=team, title=f"{spec['title']} {year}–{year + 3}", created_by=signers[0]
        )
        plan.topics.set(Topic.objects.filter(slug__in=spec["topics"]))
        version = PlanVersion.objects.create(
            plan=plan,
            number=1,
            content=spec["content"],
            created_by=signers[0],
            status=PlanVersion.Status.ADOPTED,
            started_on=adopted_on - datetime.timedelta(days=self.rng.randint(45, 90)),
            adopted_on=adopted_on,
        )
        for user in signers:
            adoption_sign(version, user, adopted_on)
        plan.published_version = version
        plan.published_at = timezone.make_aware(
            datetime.datetime.combine(adopted_on + datetime.timedelta(days=7), datetime.time(12))
        )
        plan.search_text = " ".join([plan.title, team.district.name, *lines(spec["content"])])
        plan.save()
        self._progress(plan, signers[0], adopted_on)
        return plan

    def _progress(self, plan: StrategicPlan, by, since: datetime.date) -> None:
        readings = []
        for _goal, measure in measures(plan.published_version.content):
            value, step = measure["baseline"], (measure["target"] - measure["baseline"]) / 6
            day = since
            while day < self.today:
                readings.append(
                    MeasureProgress(
                        plan=plan,
                        measure_key=measure["key"],
                        recorded_on=day,
                        value=round(value) if counts_whole(measure["unit"]) else round(value, 1),
                        recorded_by=by,
                    )
                )
                value += step * self.rng.uniform(0.4, 1.3)
                day += datetime.timedelta(days=120)
        MeasureProgress.objects.bulk_create(readings)
