"""Applicant accounts: made on the careers pages, confirmed by e-mail before they sign in, and
shut out of everything but their own applications and the public pages."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tandem.applicants.models import ApplicantAccount
from tandem.applicants.tests.factories import applicant
from tandem.hiring.tests.factories import ApplicationFactory
from tandem.people.models import Person, User
from tandem.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long Passphrase 2026!"


def _sign_up(client, email="new.applicant@example.test", **changes):
    data = {
        "first_name": "Rosa",
        "last_name": "Quintero",
        "email": email,
        "password": PASSWORD,
        "password_again": PASSWORD,
        **changes,
    }
    return client.post(reverse("applicants:account_create"), data)


def test_the_account_page_is_public(client):
    response = client.get(reverse("applicants:account_create"))
    assert response.status_code == 200
    assert b"Create an applicant account" in response.content


def test_signing_up_makes_a_user_and_a_person_with_the_identifier_pending(client):
    response = _sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.applicant@example.test")
    person = Person.objects.get(user=user)
    assert (person.first_name, person.last_name, person.state_id) == ("Rosa", "Quintero", None)
    assert ApplicantAccount.objects.filter(user=user).exists()
    assert not EmailAddress.objects.get(user=user).verified
    # Not signed in until the address is confirmed.
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1 and "new.applicant@example.test" in mail.outbox[0].to


def test_the_account_signs_in_only_once_its_address_is_confirmed(client):
    _sign_up(client)
    user = User.objects.get(email="new.applicant@example.test")
    login = {"login": user.email, "password": PASSWORD}
    response = client.post(reverse("account_login"), login)
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[1]
    client.post(path)
    assert EmailAddress.objects.get(user=user).verified
    response = client.post(reverse("account_login"), login)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("home"))["Location"] == reverse("applicants:mine")


def test_staff_accounts_still_sign_in_without_confirming(client):
    staff = UserFactory(password=PASSWORD)
    assert not EmailAddress.objects.filter(user=staff).exists()
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] != reverse("account_email_verification_sent")
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_a_taken_address_or_a_weak_password_is_refused_and_nothing_is_made(client, user_of):
    before = User.objects.count()
    response = _sign_up(client, email="teacher@example.org")
    assert "An account with this e-mail address exists already" in response.content.decode()
    response = _sign_up(client, password="short", password_again="short")
    assert "Nothing was saved" in response.content.decode()
    response = _sign_up(client, password_again="something else")
    assert "The two passwords differ" in response.content.decode()
    assert User.objects.count() == before


def test_allauths_own_sign_up_stays_closed(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "x@example.test", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert not User.objects.filter(email="x@example.test").exists()
    assert response.status_code in (200, 302)


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("people:educator_list", {}),
        ("evaluation:cycle_list", {}),
        ("dashboards:state", {}),
        ("collaboration:team_list", {}),
        ("organizations:district_list", {}),
        ("imports:run_list", {}),
        ("api:list_educators", {}),
        ("api:list_cycles", {}),
    ],
)
def test_an_applicant_account_sees_no_staff_page(client, name, kwargs):
    user = applicant()
    ApplicationFactory(person=user.person)
    client.force_login(user)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 404
    assert b"Factoryson" not in response.content


def test_an_applicant_account_sees_its_own_pages_and_the_public_ones(client):
    user = applicant()
    client.force_login(user)
    assert client.get(reverse("applicants:mine")).status_code == 200
    assert client.get(reverse("applicants:profile")).status_code == 200
    assert client.get(reverse("dashboards:public")).status_code == 200
    page = client.get(reverse("applicants:mine")).content.decode()
    assert "My profile" in page and 'href="/educators' not in page


def test_a_hired_applicant_is_staff_again(client, user_of):
    """Once a district employs the person, the account opens what their employment opens."""
    from tandem.people.tests.factories import EmploymentFactory

    user = applicant()
    EmploymentFactory(person=user.person)
    client.force_login(user)
    assert client.get(reverse("evaluation:cycle_list")).status_code == 200
