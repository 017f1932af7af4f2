"""Each factory of people builds a row its model accepts, and a dated row is in force today."""

import pytest

from tandem.organizations.tests.factories import SchoolFactory
from tandem.people.models import Employment, RoleGrant
from tandem.people.selectors import roles_of
from tandem.people.tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory",
    [
        factories.UserFactory,
        factories.PersonFactory,
        factories.EmploymentFactory,
        factories.StaffAssignmentFactory,
        factories.EvaluatorAssignmentFactory,
        factories.RoleGrantFactory,
        factories.ApiTokenFactory,
    ],
    ids=lambda f: f.__name__,
)
def test_the_factory_builds_a_valid_row(factory):
    factory().full_clean()


def test_a_person_who_signs_in_has_a_user_of_the_same_name():
    person = factories.PersonFactory(signs_in=True)
    person.user.full_clean()
    assert (person.user.first_name, person.user.email) == (person.first_name, person.email)


def test_an_employment_is_in_force_and_its_assignment_is_at_a_school_of_its_district():
    assignment = factories.StaffAssignmentFactory()
    assert assignment.school.district == assignment.employment.district
    assert Employment.objects.active_on().filter(pk=assignment.employment_id).exists()


def test_an_evaluator_assignment_puts_the_educator_on_the_evaluators_caseload():
    assignment = factories.EvaluatorAssignmentFactory()
    assert assignment.school_year.district == assignment.evaluatee.district
    assert roles_of(assignment.evaluator.user).evaluatee_ids == {assignment.evaluatee_id}


def test_a_role_grant_gives_its_role_in_its_district():
    grant = factories.RoleGrantFactory()
    assert roles_of(grant.user).personnel_districts == {grant.district_id}
    principal = factories.RoleGrantFactory(
        role=RoleGrant.Role.PRINCIPAL, district=None, school=SchoolFactory()
    )
    principal.full_clean()
    assert roles_of(principal.user).principal_schools == {principal.school_id}
