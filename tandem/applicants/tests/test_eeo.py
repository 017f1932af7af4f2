"""Equal-opportunity answers: voluntary, counted per posting with nothing per applicant, and
shown only as suppressed counts to district HR and the state, never beside a name."""

import pytest
from django.urls import reverse

from tandem.applicants import eeo, selectors
from tandem.applicants.models import EqualOpportunityTally
from tandem.applicants.tests.factories import applicant
from tandem.hiring.models import Application
from tandem.hiring.tests.factories import PostingFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db


def _apply(client, posting, **eeo_answers):
    user = applicant()
    client.force_login(user)
    client.post(reverse("applicants:apply", args=[posting.pk]), eeo_answers)
    assert Application.objects.filter(posting=posting, person=user.person).exists()
    return user


def _tallies(posting):
    return {
        (t.question, t.answer): t.count
        for t in EqualOpportunityTally.objects.filter(posting=posting)
    }


@pytest.mark.parametrize(
    "hispanic,races,category",
    [
        ("yes", ["white"], "hispanic"),
        ("no", ["asian"], "asian"),
        ("no", ["asian", "white"], "two_or_more"),
        ("decline", [], "declined"),
        ("", ["decline"], "declined"),
        ("no", [], "declined"),
    ],
)
def test_the_two_questions_give_one_reporting_category(hispanic, races, category):
    assert eeo.ethnicity_race_category(hispanic, races) == category


def test_answers_only_add_to_the_postings_counts(client):
    posting = PostingFactory()
    _apply(client, posting, hispanic="no", races=["black", "white"], sex="female")
    _apply(client, posting, hispanic="decline", races=["decline"], sex="decline")
    _apply(client, posting)  # answers nothing
    assert _tallies(posting) == {
        ("ethnicity_race", "two_or_more"): 1,
        ("ethnicity_race", "declined"): 1,
        ("sex", "female"): 1,
        ("sex", "declined"): 1,
    }
    # Nothing of the answers is kept with an application or a person.
    fields = {f.name for f in EqualOpportunityTally._meta.get_fields()}
    assert fields == {"id", "posting", "question", "answer", "count"}


def test_the_applicant_may_prefer_not_to_say(client):
    posting = PostingFactory()
    client.force_login(applicant())
    page = client.get(reverse("applicants:apply", args=[posting.pk])).content.decode()
    assert page.count("I prefer not to say") == 3
    assert "voluntary" in page


def _hr_of(district):
    user = UserFactory(two_factor=True)
    RoleGrantFactory(user=user, role=RoleGrant.Role.DISTRICT_HR, district=district)
    return user


def test_a_small_group_is_hidden_and_no_name_is_beside_the_counts(client):
    small = PostingFactory()
    large = PostingFactory(vacancy__school=small.vacancy.school)
    names = []
    for i in range(8):
        user = _apply(
            client, large, hispanic="no", races=["white" if i % 2 else "asian"], sex="female"
        )
        names.append(user.last_name)
    names.append(_apply(client, small, hispanic="yes", sex="male").last_name)
    hr = _hr_of(small.vacancy.district)
    client.force_login(hr)
    page = client.get(reverse("applicants:eeo_report")).content.decode()
    assert "Hidden: too few applicants to show" in page
    for name in names:
        assert name not in page
    # The small posting's one applicant cannot be read off the total less the large posting.
    table = selectors.eeo_tables([small, large], by="posting")["ethnicity_race"]
    assert table.hidden(small.pk)
    assert table.hidden(large.pk) or table.hidden("all")
    district_page = client.get(reverse("applicants:eeo_report") + "?by=district").content
    for name in names:
        assert name.encode() not in district_page


def test_who_may_not_read_the_counts(client, user_of):
    posting = PostingFactory()
    for user in (applicant(), user_of("teacher@example.org"), user_of("principal@example.org")):
        client.force_login(user)
        assert client.get(reverse("applicants:eeo_report")).status_code == 404
    # Another district's HR sees only their own district's postings.
    other_hr = _hr_of(PostingFactory().vacancy.district)
    client.force_login(other_hr)
    page = client.get(reverse("applicants:eeo_report") + "?by=district").content.decode()
    assert posting.vacancy.district.name not in page
    client.force_login(user_of("analyst@example.org"))
    assert client.get(reverse("applicants:eeo_report")).status_code == 200


def test_the_application_pages_never_show_the_answers(client):
    posting = PostingFactory()
    user = _apply(client, posting, hispanic="yes", races=["asian"], sex="male")
    application = Application.objects.get(person=user.person)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Hispanic" not in page and "Asian" not in page


def test_hr_home_leads_to_the_counts_and_a_teachers_does_not(client, user_of):
    client.force_login(user_of("hr@example.org"))
    assert reverse("applicants:eeo_report") in client.get(reverse("home")).content.decode()
    client.force_login(user_of("teacher@example.org"))
    assert reverse("applicants:eeo_report") not in client.get(reverse("home")).content.decode()
