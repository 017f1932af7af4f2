"""The open cycles, the honourees, and a cycle's page for its staff and for a reader make as
many queries for 30 rows as for 3 (STYLE.md §9: an N+1 fails here)."""

import pytest
from django.urls import reverse

from tandem.people.tests.factories import UserFactory
from tandem.recognition.models import Application, Reader
from tandem.recognition.tests.factories import (
    ApplicationFactory,
    CycleFactory,
    NominationFactory,
    ProgramFactory,
)
from tandem.recognition.tests.helpers import educator, state_admin

pytestmark = pytest.mark.django_db


def _applications(cycle, rows, **fields):
    out = []
    for _n in range(rows):
        employment = educator(signs_in=False, licensed=False)
        NominationFactory(cycle=cycle, person=employment.person, district=employment.district)
        out.append(
            ApplicationFactory(
                cycle=cycle,
                person=employment.person,
                district=employment.district,
                school=employment.assignments.get().school,
                **fields,
            )
        )
    return out


def test_the_open_cycles(rows, signed_in, pinned_queries):
    for _n in range(rows):
        CycleFactory(program=ProgramFactory())
    signed_in(UserFactory())
    response = pinned_queries(reverse("recognition:cycle_list"), 6)
    assert len([c for c in response.context["cycles"] if c.year == 2027]) >= rows


def test_the_honourees(rows, client, django_assert_num_queries):
    _applications(
        CycleFactory(), rows, status=Application.Status.SELECTED, citation="For her readers."
    )
    url = reverse("recognition:honourees")
    client.get(url)
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response.content.decode().count("For her readers.") >= rows


def test_a_cycle_for_its_staff(rows, signed_in, pinned_queries):
    cycle = CycleFactory()
    _applications(cycle, rows)
    signed_in(state_admin())
    response = pinned_queries(cycle.get_absolute_url(), 17)
    assert len(response.context["applications"]) == rows
    assert len(response.context["nominations"]) == rows


def test_a_cycle_for_a_reader(rows, signed_in, pinned_queries):
    cycle = CycleFactory()
    _applications(cycle, rows)
    reader = UserFactory()
    Reader.objects.create(cycle=cycle, user=reader)
    signed_in(reader)
    response = pinned_queries(cycle.get_absolute_url(), 15)
    assert len(response.context["reading"]) == rows
