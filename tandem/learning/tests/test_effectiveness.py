"""Professional learning effectiveness on a small built data set whose answer is worked out
by hand below, its suppression, and who may not see it."""

import datetime
import math

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.errors import DomainError
from tandem.evaluation.models import (
    EvaluationCycle,
    Goal,
    GoalAttainmentRating,
    StandardRating,
    SummativeEvaluation,
)
from tandem.evaluation.tests.factories import EvaluationCycleFactory
from tandem.learning import effectiveness
from tandem.learning.models import Completion, Registration, SurveyResponse
from tandem.learning.selectors import effectiveness_list, effectiveness_of
from tandem.learning.services import survey_answer
from tandem.learning.tests.factories import OfferingFactory
from tandem.organizations.tests.factories import DistrictFactory, SchoolYearFactory
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import EmploymentFactory, RoleGrantFactory, UserFactory
from tandem.rubrics.tests.factories import published_framework_version

pytestmark = pytest.mark.django_db

LEVEL = {1: "unsatisfactory", 2: "needs_improvement", 3: "proficient", 4: "exemplary"}
STARTS, ENDS = datetime.date(2024, 10, 1), datetime.date(2024, 12, 1)


class World:
    """One district, one rubric standard (with the indicator the offering addresses), the
    cycles of 2023-24 (before the offering) and 2025-26 (after it)."""

    def __init__(self):
        self.district = DistrictFactory()
        self.version = published_framework_version(standards=1)
        self.standard = self.version.standards.get()
        self.indicator = self.standard.indicators.get()
        self.years = [
            SchoolYearFactory(
                district=self.district,
                name=name,
                start_date=datetime.date(start, 8, 31),
                end_date=datetime.date(start + 1, 6, 18),
            )
            for name, start in (("2023-24", 2023), ("2025-26", 2025))
        ]
        self.writer = UserFactory()
        self.offering = OfferingFactory(starts_on=STARTS, ends_on=ENDS, capacity=30)
        self.offering.indicators.add(self.indicator)

    def educator(self, before, after, *, goals=(1, 1), role_group=RoleGroup.TEACHER):
        """An educator rated ``before`` then ``after`` (1–4) on the standard and overall,
        with goal attainment scores ``goals`` (0–4) in the two cycles."""
        employment = EmploymentFactory(district=self.district, role_group=role_group)
        for year, level, goal in zip(self.years, (before, after), goals, strict=True):
            cycle = EvaluationCycleFactory(
                employment=employment,
                school_year=year,
                framework_version=self.version,
                primary_evaluator=None,
                step=EvaluationCycle.Step.COMPLETE,
            )
            summative = SummativeEvaluation.objects.create(
                cycle=cycle,
                overall_rating=LEVEL[level],
                status=SummativeEvaluation.Status.LOCKED,
                locked_at=timezone.now(),
            )
            StandardRating.objects.create(
                summative=summative, standard=self.standard, level=LEVEL[level]
            )
            statement = Goal.objects.create(
                district=self.district, kind="professional_practice", created_by=self.writer
            )
            statement.cycles.add(cycle)
            GoalAttainmentRating.objects.create(
                summative=summative,
                goal=statement,
                attainment=effectiveness_goal_value(goal),
            )
        return employment.person

    def took(self, person, *, rating=None):
        registration = Registration.objects.create(
            offering=self.offering, person=person, status=Registration.Status.REGISTERED
        )
        Completion.objects.create(
            registration=registration,
            passed=True,
            points=10,
            topic="pedagogy",
            completed_on=ENDS,
            recorded_by=self.writer,
        )
        if rating:
            survey_answer(registration_id=registration.pk, person_id=person.pk, rating=rating)
        return registration


def effectiveness_goal_value(score):
    from tandem.evaluation.models import GoalAttainment

    return GoalAttainment.values[score]


@pytest.fixture
def world(settings):
    """Six matched participants, one unmatched, eight similar educators who did not take
    it, and one who registered but did not complete (in neither group)."""
    settings.LEARNING_EFFECTIVENESS_PARTICIPANTS = 6
    w = World()
    # Participants: from Needs Improvement, two rose and one stayed; from Proficient, one
    # rose and two stayed: changes +1 +1 0 +1 0 0, mean 0.5. Goals rose 1 -> 3 for each.
    for (before, after), rating in zip(
        [(2, 3), (2, 3), (2, 2), (3, 4), (3, 3), (3, 3)], [5, 4, 4, 3, 5, 4], strict=True
    ):
        w.took(w.educator(before, after, goals=(1, 3)), rating=rating)
    # A specialist has no similar educator who did not take it: unmatched.
    w.took(w.educator(2, 4, role_group=RoleGroup.SISP))
    # Did not take it: from Needs Improvement +1 0 0 0 (mean 0.25); from Proficient
    # 0 0 0 -1 (mean -0.25).
    for before, after in [(2, 3), (2, 2), (2, 2), (2, 2), (3, 3), (3, 3), (3, 3), (3, 2)]:
        w.educator(before, after, goals=(1, 2))
    # Registered but never completed: would lift the comparison were it counted.
    Registration.objects.create(
        offering=w.offering, person=w.educator(2, 4), status=Registration.Status.REGISTERED
    )
    return w


def test_the_known_answer(world):
    (effect,) = [e for e in effectiveness_list() if e.offering == world.offering]
    assert effect.completed == 7
    assert effect.satisfaction.responses == 6
    assert effect.satisfaction.mean == pytest.approx(25 / 6)
    rating, goals = effect.comparisons
    assert (rating.participants, rating.comparison, rating.unmatched) == (6, 8, 1)
    assert rating.participant_change == pytest.approx(0.5)
    # Each cell holds half the participants: 0.5 × 0.25 + 0.5 × (-0.25) = 0.
    assert rating.comparison_change == pytest.approx(0)
    assert rating.difference == pytest.approx(0.5)
    # Participants: sample variance 1.5 / 5 = 0.3, over 6 = 0.05. Comparison: each weighs
    # 3 / (6 × 4) = 1/8, sum of squares 1/8; weighted variance 0.25 / (1 - 1/8), times 1/8.
    error = math.sqrt(0.05 + 0.25 / 0.875 * 0.125)
    assert rating.low == pytest.approx(0.5 - 1.959964 * error)
    assert rating.high == pytest.approx(0.5 + 1.959964 * error)
    assert rating.measure == f"{world.indicator.code} {world.indicator.name}"
    # Every participant's goal attainment rose by the same two steps: its mean would tell
    # each one's, so it is hidden, the sample sizes still shown.
    assert goals.reason == "all alike"
    assert (goals.participants, goals.comparison, goals.difference) == (6, 8, None)


def test_the_district_scope_counts_only_its_educators(world):
    (effect,) = effectiveness_list(district_id=world.district.pk)
    assert effect.comparisons[0].difference == pytest.approx(0.5)
    assert effectiveness_list(district_id=DistrictFactory().pk) == []


def test_too_few_participants_are_not_measured(world, settings):
    settings.LEARNING_EFFECTIVENESS_PARTICIPANTS = 8
    assert effectiveness_list() == []
    assert effectiveness_of(world.offering.pk) is None


def test_small_groups_are_suppressed():
    like = ("d", "teacher", "4_10", 2)
    five = {p: (like, change) for p, change in enumerate([1, 0, 1, 0, 1])}
    others = {10 + p: (like, change) for p, change in enumerate([1, 0, 0, -1, 0, 1])}
    hidden = effectiveness.compare("x", five, others)
    assert (hidden.reason, hidden.participants, hidden.difference, hidden.low) == (
        "fewer than 6",
        5,
        None,
        None,
    )
    shown = effectiveness.compare("x", {**five, 5: (like, 0)}, others)
    assert not shown.hidden and shown.difference == pytest.approx(0.5 - 1 / 6)
    # One comparison educator differing from all the others hides it too.
    alike = {10 + p: (like, 0) for p in range(7)} | {20: (like, 1)}
    assert effectiveness.compare("x", {**five, 5: (like, 0)}, alike).reason == "one differs"
    few = effectiveness.satisfaction([5, 4, 3, 5, 4])
    assert (few.reason, few.mean, few.counts) == ("fewer than 6", None, {})


def test_the_survey_is_answered_once_by_its_participant(world):
    person = world.educator(3, 3)
    registration = world.took(person)
    other = world.educator(3, 3)
    with pytest.raises(DomainError, match="no such registration"):
        survey_answer(registration_id=registration.pk, person_id=other.pk, rating=4)
    with pytest.raises(DomainError, match="from 1 to 5"):
        survey_answer(registration_id=registration.pk, person_id=person.pk, rating=6)
    survey_answer(registration_id=registration.pk, person_id=person.pk, rating="4", comment=" ok ")
    with pytest.raises(DomainError, match="already answered"):
        survey_answer(registration_id=registration.pk, person_id=person.pk, rating=5)
    assert [
        (s.rating, s.comment) for s in SurveyResponse.objects.filter(registration=registration)
    ] == [(4, "ok")]


def test_who_may_see_it(client, world):
    district = world.district
    state = reverse("learning:effectiveness_state")
    mine = reverse("learning:effectiveness_district", args=[district.pk])
    detail = reverse(
        "learning:effectiveness_district_detail", args=[district.pk, world.offering.pk]
    )
    readers = {
        "hr": RoleGrantFactory(district=district).user,
        "union": RoleGrantFactory(district=district, role=RoleGrant.Role.UNION_LEADER).user,
        "analyst": RoleGrantFactory(district=None, role=RoleGrant.Role.STATE_ANALYST).user,
        "other_hr": RoleGrantFactory().user,
        "no role": UserFactory(),
    }
    seen = {}
    for name, user in readers.items():
        client.force_login(user)
        seen[name] = [client.get(url).status_code for url in (state, mine, detail)]
    assert seen == {
        "hr": [404, 200, 200],
        "union": [404, 200, 200],
        "analyst": [200, 200, 200],
        "other_hr": [404, 404, 404],
        "no role": [404, 404, 404],
    }


def test_the_pages_and_csv_write_the_caveats_beside_the_figures(client, world):
    client.force_login(RoleGrantFactory(district=None, role=RoleGrant.Role.STATE_ANALYST).user)
    page = client.get(reverse("learning:effectiveness_state")).content.decode()
    assert world.offering.title in page
    assert "not an experiment" in page
    assert "Small samples (6 and 8)" in page
    assert "1 participants had no similar educator" in page
    assert "everyone in a group changed alike" in page
    detail = client.get(reverse("learning:effectiveness_state_detail", args=[world.offering.pk]))
    assert "Satisfaction 4.2 of 5, from 6 survey answers" in detail.content.decode()
    download = client.get(reverse("learning:effectiveness_state") + "?format=csv")
    assert download["Content-Type"].startswith("text/csv")
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Offering,Provider,Starts,Completed")
    rating, goals = lines[1:]
    assert ",6,8,1,0.50,0.00,0.50," in rating
    assert ",6,8,1,,,,,,Not shown:" in goals


def test_the_survey_page(client, world):
    person = world.educator(3, 3)
    person.user = UserFactory()
    person.save()
    registration = world.took(person)
    client.force_login(person.user)
    url = reverse("learning:survey", args=[registration.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"rating": "5", "comment": "Useful on Monday."})
    assert registration.survey_response.rating == 5
    assert "already answered" not in client.get(url).content.decode()
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
