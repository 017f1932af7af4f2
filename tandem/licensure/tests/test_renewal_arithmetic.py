"""The renewal arithmetic of 603 CMR 44.00 (2018) against hand-computed ledgers."""

import datetime
from decimal import Decimal

import pytest

from tandem.licensure.models import License, SeiEndorsement, Topic
from tandem.licensure.renewal import renewal_progress
from tandem.licensure.services import performance_assessment_record, points_record
from tandem.licensure.tests.factories import PointsEntryFactory, ProfessionalLicenseFactory
from tandem.people.tests.factories import EmploymentFactory

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 3, 1)


def _ledger(person, **by_topic):
    """Entries of ``points`` by topic; content is in Music unless a field is given."""
    for topic, points in by_topic.items():
        PointsEntryFactory(
            person=person,
            topic=topic,
            points=Decimal(points),
            content_field="Music" if topic == Topic.CONTENT else "",
        )


def _shorts(progress):
    return {r.label: r.short_by for r in progress.requirements if not r.met}


def test_the_full_150_with_fifteen_in_each_topic_renews():
    license = ProfessionalLicenseFactory()
    _ledger(license.person, sei=15, disabilities=15, content=15, pedagogy=15, other=90)
    progress = renewal_progress(license, ON)
    assert progress.total.counted == 150
    assert progress.met and progress.short == []


def test_149_is_one_short_of_the_total():
    license = ProfessionalLicenseFactory()
    _ledger(license.person, sei=15, disabilities=15, content=15, pedagogy=15, other=89)
    progress = renewal_progress(license, ON)
    assert not progress.met
    assert _shorts(progress) == {"Total": 1}
    assert progress.short == ["Total: 149 of 150 points, 1 short."]


def test_each_required_topic_needs_fifteen():
    license = ProfessionalLicenseFactory()
    # 14 in SEI counts (it is 10 or more) but is one short of the topic's 15; total 149.
    _ledger(license.person, sei=14, disabilities=15, content=15, pedagogy=15, other=100)
    progress = renewal_progress(license, ON)
    assert progress.total.counted == 159
    assert _shorts(progress) == {"SEI, ESL or bilingual education": 1}


def test_a_topic_under_ten_counts_for_nothing_even_toward_the_total():
    license = ProfessionalLicenseFactory()
    # 9.5 disabilities points do not count: the total is 150 - 0 = 150 only if the rest is 150.
    _ledger(license.person, sei=15, disabilities=9.5, content=15, pedagogy=15, other=105)
    progress = renewal_progress(license, ON)
    assert progress.total.counted == 150
    assert _shorts(progress) == {"Students with disabilities and diverse learners": 15}
    assert progress.not_counted == [
        "Students with disabilities and diverse learners has 9.5 points: a topic counts from 10."
    ]


def test_content_counts_in_the_license_field_only():
    license = ProfessionalLicenseFactory(field="Music")
    _ledger(license.person, sei=15, disabilities=15, pedagogy=15, other=90)
    PointsEntryFactory(
        person=license.person, topic=Topic.CONTENT, content_field="Physics", points=15
    )
    progress = renewal_progress(license, ON)
    assert progress.total.counted == 150
    assert _shorts(progress) == {"Content: Music": 15}


def test_each_further_license_adds_thirty_with_fifteen_in_its_content():
    license = ProfessionalLicenseFactory(field="Music")
    ProfessionalLicenseFactory(person=license.person, field="Visual Art")
    _ledger(license.person, sei=15, disabilities=15, content=15, pedagogy=15, other=90)
    progress = renewal_progress(license, ON)
    # 150 + 30 for the second license; nothing yet in Visual Art.
    assert _shorts(progress) == {"Total": 30, "Content of the further license Visual Art": 15}
    PointsEntryFactory(
        person=license.person, topic=Topic.CONTENT, content_field="visual art", points=20
    )
    progress = renewal_progress(license, ON)
    assert _shorts(progress) == {"Total": 10}
    PointsEntryFactory(person=license.person, topic=Topic.OTHER, points=10)
    assert renewal_progress(license, ON).met


def test_an_expired_or_not_professional_further_license_adds_nothing():
    license = ProfessionalLicenseFactory()
    ProfessionalLicenseFactory(
        person=license.person, issued_on=datetime.date(2015, 7, 1), expires_on=ON.replace(year=2020)
    )
    ProfessionalLicenseFactory(person=license.person, stage=License.Stage.INITIAL)
    assert renewal_progress(license, ON).total.needed == 150


def test_the_performance_assessment_earns_90_content_and_30_pedagogy():
    license = ProfessionalLicenseFactory(field="Music")
    performance_assessment_record(
        license.person, content_field="Music", passed_on=datetime.date(2024, 5, 1), source_id=7
    )
    progress = renewal_progress(license, ON)
    assert progress.total.counted == 120
    assert _shorts(progress) == {
        "Total": 30,
        "SEI, ESL or bilingual education": 15,
        "Students with disabilities and diverse learners": 15,
    }
    _ledger(license.person, sei=15, disabilities=15)
    assert renewal_progress(license, ON).met


def test_a_core_academic_teacher_without_the_sei_endorsement_cannot_renew():
    license = ProfessionalLicenseFactory(field="Mathematics")
    _ledger(license.person, sei=15, disabilities=15, pedagogy=15, other=90)
    PointsEntryFactory(
        person=license.person, topic=Topic.CONTENT, content_field="Mathematics", points=15
    )
    progress = renewal_progress(license, ON)
    assert all(r.met for r in progress.requirements)
    assert not progress.met
    assert "SEI endorsement is missing" in progress.short[0]
    SeiEndorsement.objects.create(person=license.person, endorsed_on=datetime.date(2016, 6, 1))
    assert renewal_progress(license, ON).met


def test_music_needs_no_sei_endorsement_and_points_outside_the_cycle_do_not_count():
    license = ProfessionalLicenseFactory(field="Music")
    _ledger(license.person, sei=15, disabilities=15, content=15, pedagogy=15, other=90)
    PointsEntryFactory(person=license.person, points=50, earned_on=datetime.date(2021, 6, 30))
    assert renewal_progress(license, ON).total.counted == 150


def test_pending_and_declined_activities_do_not_count():
    license = ProfessionalLicenseFactory()
    _ledger(license.person, sei=15, disabilities=15, content=15, pedagogy=15, other=80)
    PointsEntryFactory(person=license.person, topic=Topic.OTHER, points=10, status="pending")
    PointsEntryFactory(person=license.person, topic=Topic.OTHER, points=10, status="declined")
    progress = renewal_progress(license, ON)
    assert progress.total.counted == 140 and progress.pending == 10


def test_the_ledger_follows_the_educator_across_districts():
    license = ProfessionalLicenseFactory()
    person = license.person
    first = EmploymentFactory(
        person=person, start_date=datetime.date(2018, 8, 1), end_date=datetime.date(2024, 6, 30)
    )
    second = EmploymentFactory(person=person, start_date=datetime.date(2024, 8, 15))
    for topic, points, day in [
        (Topic.SEI, 10, datetime.date(2022, 1, 10)),  # in the first district
        (Topic.SEI, 5, datetime.date(2025, 1, 10)),  # in the second: SEI reaches 15
        (Topic.DISABILITIES, 15, datetime.date(2023, 4, 1)),
        (Topic.PEDAGOGY, 15, datetime.date(2025, 2, 1)),
        (Topic.OTHER, 90, datetime.date(2023, 9, 1)),
    ]:
        points_record(
            person,
            points=points,
            topic=topic,
            source_kind="offering",
            earned_on=day,
            description="Course",
        )
    points_record(
        person,
        points=15,
        topic=Topic.CONTENT,
        content_field="Music",
        source_kind="offering",
        earned_on=datetime.date(2025, 3, 1),
        description="Choral methods",
    )
    districts = set(person.points_entries.values_list("district_id", flat=True))
    assert districts == {first.district_id, second.district_id}
    progress = renewal_progress(license, ON)
    assert progress.total.counted == 150 and progress.met
