"""points_record, the learning catalog's way into the ledger: bad input changes nothing."""

import datetime

import pytest

from tandem.errors import DomainError
from tandem.licensure.models import Ipdp, IpdpReview, PointsEntry, RenewalRules, Topic
from tandem.licensure.renewal import rules_in_force
from tandem.licensure.services import points_record, review_due_on
from tandem.licensure.tests.factories import ProfessionalLicenseFactory
from tandem.people.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 5, 2)


def _record(person, **changes):
    values = {
        "points": 22.5,
        "topic": Topic.CONTENT,
        "content_field": "Mathematics",
        "source_kind": "offering",
        "source_id": 41,
        "earned_on": DAY,
        "description": "Graduate course, one semester hour",
        **changes,
    }
    return points_record(person, **values)


def test_an_offering_records_once_per_source_and_topic():
    person = PersonFactory()
    entry = _record(person)
    assert entry.points == 22.5 and entry.status == PointsEntry.Status.APPROVED
    with pytest.raises(DomainError, match="already in the ledger"):
        _record(person)
    _record(person, topic=Topic.PEDAGOGY, content_field="")
    assert person.points_entries.count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"points": 0}, "positive number"),
        ({"points": "1.25"}, "at most one decimal"),
        ({"points": "many"}, "not a number"),
        ({"topic": "cooking"}, "not a topic"),
        ({"content_field": ""}, "name the license field"),
        ({"source_kind": "rumour"}, "not a source"),
        ({"earned_on": datetime.date(2027, 1, 1)}, "future"),
    ],
)
def test_bad_input_is_refused_with_its_reason(changes, message):
    person = PersonFactory()
    with pytest.raises(DomainError, match=message):
        _record(person, **changes)
    assert not PointsEntry.objects.exists()


def test_the_rules_in_force_are_the_newest_version_begun():
    seeded = rules_in_force(DAY)
    assert (seeded.total_points, seeded.topic_minimum, seeded.topic_counts_from) == (150, 15, 10)
    newer = RenewalRules.objects.create(
        name="Later", effective_from=datetime.date(2026, 1, 1), total_points=160
    )
    assert rules_in_force(DAY) == seeded
    assert rules_in_force(datetime.date(2026, 1, 1)) == newer
    with pytest.raises(DomainError, match="No renewal rules"):
        rules_in_force(datetime.date(2018, 1, 1))


def test_the_plan_is_reviewed_two_years_after_approval_then_after_each_review():
    license = ProfessionalLicenseFactory()
    user = UserFactory()
    ipdp = Ipdp.objects.create(
        license=license,
        goals="Goals",
        starts_on=datetime.date(2021, 7, 1),
        ends_on=datetime.date(2026, 6, 30),
        written_by=user,
    )
    assert review_due_on(ipdp) is None
    ipdp.approved_on = datetime.date(2021, 9, 1)
    assert review_due_on(ipdp) == datetime.date(2023, 9, 1)
    IpdpReview.objects.create(ipdp=ipdp, reviewed_on=datetime.date(2023, 8, 20), reviewed_by=user)
    assert review_due_on(ipdp) == datetime.date(2025, 8, 20)
    IpdpReview.objects.create(ipdp=ipdp, reviewed_on=datetime.date(2025, 8, 1), reviewed_by=user)
    assert review_due_on(ipdp) is None  # the next would fall past the plan's end
