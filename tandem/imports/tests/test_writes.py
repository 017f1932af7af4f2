"""What an apply's adds write: each record once, with its history row by the person who
applied, on new ids (never one a deleted record had)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tandem.imports.kinds import educators
from tandem.imports.tests.factories import applied, checked, csv_file, educator
from tandem.organizations.tests.factories import SchoolFactory
from tandem.people.models import Employment, Person, StaffAssignment
from tandem.people.tests.factories import PersonFactory, RoleGrantFactory

pytestmark = pytest.mark.django_db


def test_adds_are_written_with_their_history_on_fresh_ids():
    hr = RoleGrantFactory()
    school = SchoolFactory(district=hr.district)
    gone = PersonFactory()
    gone_id = gone.pk
    gone.delete()
    run = checked(district=hr.district, by=hr.user, upload=csv_file([educator(1), educator(2)]))
    applied(run, by=hr.user)
    people = Person.objects.filter(state_id__in=["90000001", "90000002"]).order_by("pk")
    assert [p.pk > gone_id for p in people] == [True, True]
    for person in people:
        (history,) = person.history.all()
        assert (history.history_type, history.history_user) == ("+", hr.user)
        assert history.last_name == person.last_name
    employment = Employment.objects.get(person=people[0])
    assert employment.start_date == datetime.date(2020, 8, 24)
    assert employment.history.get().history_user == hr.user

    row = {
        "employee_number": "E00001",
        "school": school.org_code,
        "position": "classroom_teacher",
        "fte": "0.50",
        "start_date": "2024-08-26",
    }
    run = checked(
        district=hr.district,
        by=hr.user,
        upload=csv_file([row], kind="assignments"),
        kind="assignments",
    )
    applied(run, by=hr.user)
    assignment = StaffAssignment.objects.get(employment=employment)
    assert (assignment.fte, assignment.school) == (Decimal("0.50"), school)
    (history,) = assignment.history.all()
    assert (history.history_type, history.fte, history.history_user) == (
        "+",
        Decimal("0.50"),
        hr.user,
    )


def test_the_history_of_adds_is_each_record_field_by_field_at_one_date_a_table():
    hr = RoleGrantFactory()
    before = timezone.now()
    run = checked(district=hr.district, by=hr.user, upload=csv_file([educator(1), educator(2)]))
    applied(run, by=hr.user)
    for model in (Person, Employment):
        dates = set()
        records = model.objects.filter(pk__in=_added(model, hr.district))
        assert records.count() == 2
        for record in records:
            (history,) = record.history.all()
            for f in model._meta.concrete_fields:
                assert getattr(history, f.attname) == getattr(record, f.attname), f.name
            assert (history.history_type, history.history_user, history.history_change_reason) == (
                "+",
                hr.user,
                None,
            )
            dates.add(history.history_date)
        (date,) = dates
        assert before <= date <= timezone.now()


def _added(model, district):
    if model is Person:
        return Person.objects.filter(employments__district=district).values("pk")
    return Employment.objects.filter(district=district).values("pk")


def test_the_history_of_adds_on_ids_with_gaps_is_each_record_once(monkeypatch):
    """Others may take ids between an apply's: each run of its ids is copied, nothing else."""
    hr = RoleGrantFactory()
    take = educators._new_ids
    others = []

    def with_gaps(model, count):
        # One id in two is taken by someone else's record, written before the apply's.
        ids = take(model, 2 * count)
        if model is Person:
            others.extend(PersonFactory(pk=pk) for pk in ids[1::2])
        return ids[::2]

    monkeypatch.setattr(educators, "_new_ids", with_gaps)
    monkeypatch.setattr(educators, "INSERT_BATCH", 2)
    monkeypatch.setattr(educators, "RANGES_A_STATEMENT", 2)
    rows = [educator(n) for n in range(1, 6)]
    histories = Person.history.count(), Employment.history.count()
    run = checked(district=hr.district, by=hr.user, upload=csv_file(rows))
    applied(run, by=hr.user)
    people = list(Person.objects.filter(employments__district=hr.district).order_by("pk"))
    assert len(people) == 5
    # More runs than a statement takes, so the copy is made in several statements.
    assert len(educators._ranges([p.pk for p in people])) > educators.RANGES_A_STATEMENT
    for person in people:
        (history,) = person.history.all()
        assert (history.history_type, history.last_name) == ("+", person.last_name)
    assert [other.history.count() for other in others] == [1] * len(others)
    assert (Person.history.count(), Employment.history.count()) == (
        histories[0] + 5 + len(others),
        histories[1] + 5,
    )


def test_ids_read_as_runs_of_consecutive_ids():
    assert educators._ranges([4]) == [(4, 4)]
    assert educators._ranges([1, 2, 3, 7, 8, 10]) == [(1, 3), (7, 8), (10, 10)]
    assert educators._ranges([5, 6, 2, 3]) == [(5, 6), (2, 3)]
