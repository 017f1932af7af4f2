"""Joint strategic plans at every stage (a draft, an adopted plan and a new draft of it), their
readings of progress, and the gallery's comments; with the first plan, the library.

Adoptions are signed through ``records.signature_sign`` and written here rather than by
``collaboration``'s ``plan_sign``, which would give the same rows but checks each signer's
office on the clock's today: a demo built for a ``--today`` whose school year has not begun
by the clock would be refused.
"""

import copy
import datetime
import random

from django.utils import timezone

from tandem.collaboration.models import (
    PARTY_OF_OFFICE,
    ActionItem,
    GalleryComment,
    MeasureProgress,
    PlanSignature,
    PlanVersion,
    StrategicPlan,
    Team,
    Topic,
)
from tandem.collaboration.plan_content import lines
from tandem.demo.leaders import DistrictLeaders
from tandem.demo.library import resources_share
from tandem.demo.meetings import STEP_OF_ACTION
from tandem.people.models import RoleGrant, User
from tandem.records.models import Signature
from tandem.records.services import signature_sign

PLAN_CONTENT = {
    "vision": (
        "Every student learns from teachers who are well prepared, well supported and want to "
        "stay, in schools where educators lead their own professional growth."
    ),
    "theory_of_action": (
        "If new teachers have a trained mentor and time to learn from colleagues, and if "
        "experienced teachers can grow into leadership roles without leaving the classroom, "
        "then more good teachers stay and students' learning improves."
    ),
    "goals": [
        {
            "key": "g1",
            "title": "Keep more of our new teachers",
            "baseline": "72% of first-year teachers returned in 2024",
            "target": "85% return",
            "target_date": "2028-06-30",
            "measures": [
                {
                    "key": "m1",
                    "name": "First-year teachers who return for a second year",
                    "unit": "%",
                    "baseline": 72.0,
                    "target": 85.0,
                }
            ],
        },
        {
            "key": "g2",
            "title": "Grow teacher leadership",
            "baseline": "4 teacher-leader roles",
            "target": "20 teacher-leader roles",
            "target_date": "2028-06-30",
            "measures": [
                {
                    "key": "m2",
                    "name": "Teachers in leadership roles",
                    "unit": "teachers",
                    "baseline": 4.0,
                    "target": 20.0,
                }
            ],
        },
    ],
    "strategies": [
        {
            "key": "s1",
            "title": "Mentoring for every new teacher",
            "goal_keys": ["g1"],
            "initiatives": [
                {
                    "key": "i1",
                    "title": "Train and pay mentors",
                    "steps": [
                        {
                            "key": "a1",
                            "title": "Agree the mentor stipend in a memorandum",
                            "owner": "Bargaining teams",
                            "due": "2026-03-01",
                        },
                        {
                            "key": "a2",
                            "title": "Run the summer mentor training",
                            "owner": "Professional development office",
                            "due": "2026-08-15",
                        },
                    ],
                }
            ],
        },
        {
            "key": "s2",
            "title": "A career lattice for teachers",
            "goal_keys": ["g2"],
            "initiatives": [
                {
                    "key": "i2",
                    "title": "Define the teacher-leader roles",
                    "steps": [
                        {
                            "key": "a3",
                            "title": "Draft role descriptions with building representatives",
                            "owner": "Joint working group",
                            "due": "2026-12-15",
                        }
                    ],
                }
            ],
        },
    ],
}


def adoption_sign(version: PlanVersion, user: User, day: datetime.date) -> None:
    """``user`` signs the version's adoption for their party, dated ``day``."""
    grant = (
        RoleGrant.objects.filter(user=user, district=version.plan.team.district)
        .exclude(office="")
        .first()
    )
    signature = signature_sign(signer=user, record=version, capacity=grant.get_office_display())
    Signature.objects.filter(pk=signature.pk).update(
        signed_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(16)))
    )
    PlanSignature.objects.create(
        plan_version=version,
        party=PARTY_OF_OFFICE[grant.office],
        grant=grant,
        signature=signature,
    )


class PlanBuilder:
    """Plans at every stage, a gallery with comments, and the partnership's resources."""

    def __init__(self, *, rng: random.Random, today: datetime.date, facilitator: User):
        self.rng = rng
        self.today = today
        self.topics = {t.slug: t for t in Topic.objects.all()}
        resources_share(facilitator=facilitator, topics=self.topics)

    def build(self, *, team: Team, leaders: DistrictLeaders, stage: str) -> None:
        plan = StrategicPlan.objects.create(
            team=team, title="Joint strategic plan 2025–2028", created_by=leaders.superintendent
        )
        plan.topics.set([self.topics["induction-mentoring"], self.topics["career-lattices"]])
        content = copy.deepcopy(PLAN_CONTENT)
        if stage == "workshops":
            content["strategies"] = []
            PlanVersion.objects.create(
                plan=plan,
                number=1,
                content=content,
                created_by=leaders.superintendent,
                started_on=self.today - datetime.timedelta(days=30),
            )
            return
        adopted_on = self.today - datetime.timedelta(days=self.rng.randint(300, 420))
        adopted = PlanVersion.objects.create(
            plan=plan,
            number=1,
            content=content,
            created_by=leaders.superintendent,
            status=PlanVersion.Status.ADOPTED,
            started_on=adopted_on - datetime.timedelta(days=60),
            adopted_on=adopted_on,
        )
        for user in (leaders.superintendent, leaders.union_president, leaders.committee_chair):
            adoption_sign(adopted, user, adopted_on)
        plan.published_version = adopted
        plan.published_at = timezone.make_aware(
            datetime.datetime.combine(adopted_on, datetime.time(12))
        )
        plan.search_text = " ".join([plan.title, team.district.name, *lines(content)])
        plan.save()
        self._progress(plan, leaders.superintendent, adopted_on)
        # The meetings' tasks that carry one of the plan's action steps forward name it.
        for item in ActionItem.objects.filter(meeting__team=team):
            if step := STEP_OF_ACTION.get(item.description):
                ActionItem.objects.filter(pk=item.pk).update(plan=plan, plan_step_key=step)
        if stage == "first":
            draft = copy.deepcopy(content)
            draft["goals"][0]["target"] = "88% return"
            draft["goals"][0]["measures"][0]["target"] = 88.0
            draft["strategies"][1]["initiatives"][0]["steps"].append(
                {
                    "key": "a4",
                    "title": "Open the first teacher-leader positions",
                    "owner": "Human resources",
                    "due": "2027-02-01",
                }
            )
            PlanVersion.objects.create(
                plan=plan,
                number=2,
                content=draft,
                created_by=leaders.union_president,
                started_on=self.today - datetime.timedelta(days=21),
            )
            GalleryComment.objects.bulk_create(
                [
                    GalleryComment(
                        plan=plan,
                        author=leaders.principal,
                        body="The mentor stipend language is a model for us. How did you "
                        "fund the summer training?",
                        status=GalleryComment.Status.APPROVED,
                    ),
                    GalleryComment(
                        plan=plan,
                        author=leaders.teachers[0],
                        body="Could you share the role descriptions for the lattice?",
                    ),
                ]
            )

    def _progress(self, plan: StrategicPlan, by: User, since: datetime.date) -> None:
        readings = []
        for key, start, step in (("m1", 72.0, 3.0), ("m2", 4.0, 3.0)):
            value = start
            day = since
            while day < self.today:
                readings.append(
                    MeasureProgress(
                        plan=plan,
                        measure_key=key,
                        recorded_on=day,
                        # m2 counts teachers: whole people, never 9.68 of them.
                        value=round(value) if key == "m2" else round(value, 1),
                        recorded_by=by,
                    )
                )
                value += step * self.rng.uniform(0.3, 1.2)
                day += datetime.timedelta(days=120)
        MeasureProgress.objects.bulk_create(readings)
