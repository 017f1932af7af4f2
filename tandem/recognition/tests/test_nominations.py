"""Nominating and applying: who nominates, the invitation on the nominee's home page, the
deadline, eligibility refusing with reasons, and who may NOT read a nomination."""

import datetime

import pytest
from django.urls import reverse

from tandem.errors import DomainError
from tandem.people.tests.factories import UserFactory
from tandem.recognition.models import Application, Nomination, Program, Stage
from tandem.recognition.selectors import invitations_of
from tandem.recognition.services import application_submit, nomination_create
from tandem.recognition.tests.factories import TODAY, CycleFactory, NominationFactory
from tandem.recognition.tests.helpers import district_hr, educator, state_admin
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db
COLLEAGUE = Nomination.Relationship.COLLEAGUE


def _nominate(cycle, nominator, nominee, relationship=COLLEAGUE, reason="A fine teacher."):
    return nomination_create(
        cycle=cycle, nominator=nominator, nominee=nominee, relationship=relationship, reason=reason
    )


def test_anyone_signed_in_nominates_and_the_nominee_is_invited_on_their_home_page(client):
    cycle = CycleFactory()
    nominee = educator()
    nominator = UserFactory()  # no role at all
    nomination = _nominate(cycle, nominator, nominee.person)
    assert nomination.district == nominee.district
    assert list(invitations_of(nominee.person.pk, TODAY)) == [nomination]

    client.force_login(nominee.person.user)
    page = client.get(reverse("home")).content.decode()
    assert f"You are nominated for {cycle}: apply" in page
    assert reverse("recognition:apply", args=[cycle.pk]) in page

    # Once applied, or once applications close, the invitation is gone.
    application_submit(cycle=cycle, person_id=nominee.person.pk, statement="Why I teach.")
    assert not invitations_of(nominee.person.pk, TODAY).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("closed", "Nominations for"),
        ("no_reason", "Say why"),
        ("self_as_colleague", "self-nomination"),
        ("former", "No district employs"),
        ("twice", "already nominated"),
        ("other_district", "is for educators of"),
    ],
)
def test_a_refused_nomination_says_why_and_records_nothing(change, message):
    cycle = CycleFactory(closed=[Stage.Kind.NOMINATION] if change == "closed" else [])
    nominee = educator(end_date=datetime.date(2025, 6, 30)) if change == "former" else educator()
    nominator = nominee.person.user if change == "self_as_colleague" else UserFactory()
    if change == "twice":
        _nominate(cycle, nominator, nominee.person)
    if change == "other_district":
        cycle.program.district = educator().district
        cycle.program.save()
    before = Nomination.objects.count()
    with pytest.raises(DomainError, match=message):
        _nominate(
            cycle, nominator, nominee.person, reason="  " if change == "no_reason" else "Great."
        )
    assert Nomination.objects.count() == before


def test_self_nomination():
    cycle = CycleFactory()
    me = educator()
    nomination = _nominate(cycle, me.person.user, me.person, Nomination.Relationship.SELF)
    assert nomination.person == me.person


def test_the_nomination_page_by_email_and_a_clear_message_for_an_unknown_educator(client):
    cycle = CycleFactory()
    nominee = educator()
    client.force_login(UserFactory())
    url = reverse("recognition:nominate", args=[cycle.pk])
    response = client.post(
        url, {"nominee": "nobody@example.test", "relationship": COLLEAGUE, "reason": "Great."}
    )
    assert "No educator has this state educator identifier" in response.content.decode()
    assert not Nomination.objects.filter(cycle=cycle).exists()
    response = client.post(
        url, {"nominee": nominee.person.email.upper(), "relationship": COLLEAGUE, "reason": "Yes"}
    )
    nomination = Nomination.objects.get(cycle=cycle)
    assert response.url == nomination.get_absolute_url()


def test_who_reads_a_nomination_and_every_other_readers_opening_is_logged(client):
    cycle = CycleFactory()
    nominee = educator()
    nominator = UserFactory()
    nomination = NominationFactory(
        cycle=cycle, person=nominee.person, district=nominee.district, nominator=nominator
    )
    url = nomination.get_absolute_url()
    readers = {"nominee": nominee.person.user, "nominator": nominator, "staff": state_admin()}
    strangers = {
        "colleague": educator(district=nominee.district).person.user,
        "district HR": district_hr(nominee.district),  # a state program: not its staff
        "another nominator": NominationFactory(cycle=cycle, person=nominee.person).nominator,
    }
    for who, user in readers.items():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, who
        assert nomination.reason in response.content.decode()
    for who, user in strangers.items():
        client.force_login(user)
        assert client.get(url).status_code == 404, who
    client.logout()
    assert client.get(url).status_code == 302

    logged = AccessLogEntry.objects.filter(object_id=nomination.pk, subject=nominee.person)
    assert set(logged.values_list("user_id", flat=True)) == {
        readers["nominator"].pk,
        readers["staff"].pk,
    }


def test_a_district_programs_staff_are_its_hr_and_the_cycle_page_lists_only_ones_own(client):
    employment = educator()
    cycle = CycleFactory(
        program=Program.objects.create(name="Honours", district=employment.district)
    )
    mine = UserFactory()
    own = NominationFactory(cycle=cycle, person=employment.person, nominator=mine)
    other = NominationFactory(cycle=cycle, person=employment.person)
    client.force_login(mine)
    page = client.get(cycle.get_absolute_url()).content.decode()
    assert own.get_absolute_url() in page and other.get_absolute_url() not in page
    client.force_login(district_hr(employment.district))
    page = client.get(cycle.get_absolute_url()).content.decode()
    assert own.get_absolute_url() in page and other.get_absolute_url() in page
    client.force_login(state_admin())
    assert client.get(other.get_absolute_url()).status_code == 404


def test_an_eligible_nominee_applies_with_their_school_and_district():
    cycle = CycleFactory(program__rules=True)
    nominee = educator()
    NominationFactory(cycle=cycle, person=nominee.person)
    application = application_submit(cycle=cycle, person_id=nominee.person.pk, statement="Hi")
    assignment = nominee.assignments.get()
    assert (application.school, application.district) == (assignment.school, nominee.district)
    with pytest.raises(DomainError, match="already applied"):
        application_submit(cycle=cycle, person_id=nominee.person.pk, statement="Again")


def test_an_ineligible_nominee_is_refused_with_each_unmet_rule():
    cycle = CycleFactory(program__rules=True)
    nominee = educator(licensed=False, start_date=datetime.date(2024, 8, 26))
    NominationFactory(cycle=cycle, person=nominee.person)
    with pytest.raises(DomainError) as refusal:
        application_submit(cycle=cycle, person_id=nominee.person.pk, statement="Hi")
    assert [m.split(":")[0] for m in refusal.value.messages] == [
        "Years of experience",
        "Licensed for what they teach",
    ]
    assert not Application.objects.filter(cycle=cycle).exists()


def test_applying_needs_a_nomination_and_an_open_application_stage(client):
    cycle = CycleFactory(closed=[Stage.Kind.APPLICATION])
    nominee, stranger = educator(), educator()
    NominationFactory(cycle=cycle, person=nominee.person)
    with pytest.raises(DomainError, match="Only an educator nominated"):
        application_submit(cycle=cycle, person_id=stranger.person.pk, statement="Hi")
    with pytest.raises(DomainError, match="Applications for"):
        application_submit(cycle=cycle, person_id=nominee.person.pk, statement="Hi")
    client.force_login(stranger.person.user)
    assert client.get(reverse("recognition:apply", args=[cycle.pk])).status_code == 404


def test_the_apply_page_shows_each_rule_with_its_reason(client):
    cycle = CycleFactory(program__rules=True)
    nominee = educator(licensed=False)
    NominationFactory(cycle=cycle, person=nominee.person)
    client.force_login(nominee.person.user)
    page = client.get(reverse("recognition:apply", args=[cycle.pk])).content.decode()
    assert "8 whole years of teaching on record" in page
    assert "No license in force covers: Mathematics grade 4." in page
    assert 'name="statement"' not in page  # not offered while a rule is unmet
