import hashlib
import os
import sqlite3
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from tandem.demo import accounts, commonwealth
from tandem.people.models import Employment, EvaluatorAssignment, RoleGrant, User

pytestmark = pytest.mark.django_db


def test_the_generator_refuses_outside_demo_mode():
    with override_settings(DEMO_MODE=False), pytest.raises(ImproperlyConfigured):
        commonwealth.generate(seed=1, scale=1)


def test_scale_1_makes_3_districts_12_schools_and_about_600_educators():
    from tandem.organizations.models import District, School

    assert District.objects.count() == 3
    assert School.objects.count() == 12
    # On staff today; those who left in the past years come on top.
    assert 550 <= Employment.objects.filter(end_date=None).count() <= 650


def test_staff_turn_over_across_the_years():
    """Leavers each past year, and teachers who moved between schools of their district."""
    left = Employment.objects.exclude(end_date=None)
    assert {e.end_date.year for e in left} == {2023, 2024, 2025, 2026}
    assert all(e.separation_reason for e in left)
    moved = Employment.objects.filter(end_date=None, assignments__end_date__isnull=False).exclude(
        assignments__fte=0.5
    )
    assert moved.exists()
    for employment in moved[:5]:
        old, new = sorted(employment.assignments.all(), key=lambda a: a.start_date)
        assert old.school != new.school and old.end_date < new.start_date


def test_every_demo_sign_in_exists_and_every_role_is_granted():
    for account in accounts.DEMO_ACCOUNTS:
        assert User.objects.filter(email=account.email).exists(), account.email
    assert set(RoleGrant.objects.values_list("role", flat=True)) == set(RoleGrant.Role.values)


def test_the_superintendent_is_evaluated_by_the_school_committee():
    superintendent = Employment.objects.filter(role_group="superintendent").first()
    assignment = EvaluatorAssignment.objects.get(evaluatee=superintendent)
    assert assignment.by_school_committee and assignment.evaluator is None


def test_some_itinerant_staff_hold_two_half_time_assignments():
    from django.db.models import Count, Q

    # Two at once: a teacher who moved between schools held two one after the other.
    itinerant = Employment.objects.annotate(
        n=Count("assignments", filter=Q(assignments__end_date=None))
    ).filter(n=2)
    assert itinerant.exists()
    assert all(a.fte == 0.5 for e in itinerant for a in e.assignments.all())


def _generate_into(path, seed):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "TANDEM_FILES_DIR": str(path.parent / "files"),
        "TANDEM_DEMO": "1",
    }
    for command in (
        ["migrate", "-v0"],
        ["demo_commonwealth", f"--seed={seed}", "--today=2026-11-24"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command], env=env, check=True, capture_output=True
        )
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT p.first_name, p.last_name, p.state_id, e.role_group, e.start_date, e.has_pts "
            "FROM people_person p JOIN people_employment e ON e.person_id = p.id ORDER BY p.id"
        ).fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest(), len(rows)


@pytest.mark.django_db(False)
def test_the_same_seed_makes_the_same_commonwealth(tmp_path):
    first = _generate_into(tmp_path / "a.sqlite3", 7)
    second = _generate_into(tmp_path / "b.sqlite3", 7)
    other = _generate_into(tmp_path / "c.sqlite3", 8)
    assert first == second
    assert first[0] != other[0]
