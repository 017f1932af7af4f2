"""The public careers pages: open external postings for everyone, internal ones for the
district's own staff only, searched and filtered, in few queries, with JobPosting data."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from tandem.hiring.models import Posting
from tandem.hiring.tests.factories import PostingFactory, RequiredLicenseFactory, VacancyFactory
from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import RoleGrantFactory

pytestmark = pytest.mark.django_db


def _listed(client, url, **query):
    return {posting.pk for posting in client.get(url, query).context["page"]}


@pytest.fixture
def internal(school):
    return PostingFactory(
        vacancy=VacancyFactory(school=school, title="Internal reading specialist"),
        audience=Posting.Audience.INTERNAL,
    )


@pytest.fixture
def external(school):
    return PostingFactory(vacancy=VacancyFactory(school=school))


def test_an_anonymous_visitor_sees_external_postings_only(client, district, internal, external):
    for url in [
        reverse("hiring:careers"),
        reverse("hiring:careers_district", args=[district.org_code]),
    ]:
        listed = _listed(client, url)
        assert external.pk in listed
        assert internal.pk not in listed
    assert client.get(reverse("hiring:careers_posting", args=[internal.pk])).status_code == 404
    assert (
        "Internal reading specialist" not in client.get(reverse("hiring:careers")).content.decode()
    )


@pytest.mark.parametrize("who", ["other_hr", "principal_elsewhere"])
def test_another_districts_staff_never_see_an_internal_posting(client, request, who, internal):
    if who == "other_hr":
        user = request.getfixturevalue("other_hr")
    else:
        other = SchoolFactory()
        user = RoleGrantFactory(
            district=other.district, school=other, role=RoleGrant.Role.PRINCIPAL
        ).user
    client.force_login(user)
    assert internal.pk not in _listed(client, reverse("hiring:careers"))
    assert client.get(reverse("hiring:careers_posting", args=[internal.pk])).status_code == 404


def test_the_districts_own_staff_see_its_internal_postings(client, teacher, internal):
    client.force_login(teacher)
    assert internal.pk in _listed(client, reverse("hiring:careers"))
    response = client.get(reverse("hiring:careers_posting", args=[internal.pk]))
    assert response.status_code == 200
    assert "only the district's staff may apply" in response.content.decode()


def test_postings_not_yet_open_or_closed_are_not_listed(client, district, school):
    upcoming = PostingFactory(
        vacancy=VacancyFactory(school=school), opens_on=datetime.date(2026, 12, 1)
    )
    past = PostingFactory(
        vacancy=VacancyFactory(school=school),
        opens_on=datetime.date(2026, 10, 1),
        closes_on=datetime.date(2026, 11, 23),
    )
    early = PostingFactory(
        vacancy=VacancyFactory(school=school), closed_on=datetime.date(2026, 11, 20)
    )
    url = reverse("hiring:careers_district", args=[district.org_code])
    assert _listed(client, url) == set()
    assert client.get(reverse("hiring:careers_posting", args=[upcoming.pk])).status_code == 404
    closed_page = client.get(reverse("hiring:careers_posting", args=[past.pk]))
    assert "This posting is closed" in closed_page.content.decode()
    assert "application/ld+json" not in closed_page.content.decode()
    assert (
        "This posting is closed"
        in client.get(reverse("hiring:careers_posting", args=[early.pk])).content.decode()
    )


def test_the_filters_narrow_by_each_field(client, district, school):
    other = SchoolFactory(district=DistrictFactory(region="Cape and Islands"))
    maths = PostingFactory(vacancy=VacancyFactory(school=school, grade_levels="6-8"))
    RequiredLicenseFactory(vacancy=maths.vacancy, field="Mathematics", grade_levels="5-8")
    science = PostingFactory(
        vacancy=VacancyFactory(
            school=other, title="Chemistry teacher", subject="Science", grade_levels="9-12"
        ),
        description="Labs every week with a chemistry team.",
    )
    RequiredLicenseFactory(vacancy=science.vacancy, field="Chemistry", grade_levels="8-12")
    kinder = PostingFactory(
        vacancy=VacancyFactory(
            school=school, title="Kindergarten teacher", subject="Early childhood", grade_levels="K"
        )
    )
    url = reverse("hiring:careers")
    mine = {maths.pk, science.pk, kinder.pk}

    def listed(**query):
        return _listed(client, url, **query) & mine

    assert listed() == mine
    assert listed(q="labs every") == {science.pk}
    assert listed(q="CHEMISTRY") == {science.pk}
    assert listed(district=district.pk) == {maths.pk, kinder.pk}
    assert listed(region="Cape and Islands") == {science.pk}
    assert listed(subject="science") == {science.pk}
    assert listed(grade="7") == {maths.pk}
    assert listed(grade="0") == {kinder.pk}
    assert listed(grade="12") == {science.pk}
    assert listed(license="Mathematics") == {maths.pk}
    assert listed(subject="Science", grade="7") == set()
    # A value typed into the address that is no choice filters nothing.
    assert listed(grade="thirteen") == mine
    assert listed(district="99999999999999999999999") == mine


def test_a_district_page_lists_that_district_only(client, district, external):
    elsewhere = PostingFactory()
    listed = _listed(client, reverse("hiring:careers_district", args=[district.org_code]))
    assert listed == {external.pk}
    assert elsewhere.pk not in listed
    assert client.get(reverse("hiring:careers_district", args=["99999999"])).status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_the_careers_page_reads_in_few_queries_whatever_the_rows(
    client, django_assert_max_num_queries, school, count
):
    for n in range(count):
        posting = PostingFactory(vacancy=VacancyFactory(school=school, title=f"Position {n}"))
        RequiredLicenseFactory(vacancy=posting.vacancy)
    url = reverse("hiring:careers_district", args=[school.district.org_code])
    client.get(url)
    with django_assert_max_num_queries(8):
        response = client.get(url, {"subject": "Mathematics", "grade": "7"})
    assert response.context["page"].paginator.count == count
    with django_assert_max_num_queries(8):
        client.get(reverse("hiring:careers"), {"q": "position"})


def test_the_list_pages_twenty_a_page(client, school):
    for n in range(25):
        PostingFactory(vacancy=VacancyFactory(school=school, title=f"Position {n}"))
    url = reverse("hiring:careers_district", args=[school.district.org_code])
    assert len(client.get(url).context["page"]) == 20
    assert len(client.get(url, {"page": 2}).context["page"]) == 5


def _structured_data(response) -> dict:
    body = response.content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_a_posting_page_has_its_job_posting_data(client, school):
    vacancy = VacancyFactory(school=school, fte="0.5", salary_min=52000, salary_max=61000)
    RequiredLicenseFactory(vacancy=vacancy, field="Mathematics", grade_levels="5-8")
    posting = PostingFactory(vacancy=vacancy)
    response = client.get(reverse("hiring:careers_posting", args=[posting.pk]))
    data = _structured_data(response)
    assert data["@type"] == "JobPosting"
    assert data["title"] == vacancy.title
    assert data["description"] == posting.description
    assert data["datePosted"] == "2026-11-01"
    assert data["validThrough"].startswith("2026-12-31T23:59:59")
    assert data["employmentType"] == "PART_TIME"
    assert data["hiringOrganization"] == {"@type": "Organization", "name": school.district.name}
    assert data["jobLocation"]["name"] == school.name
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "YEAR",
        "minValue": 52000,
        "maxValue": 61000,
    }
    assert data["qualifications"] == "Mathematics (5-8)"
    assert data["url"].endswith(reverse("hiring:careers_posting", args=[posting.pk]))


def test_a_full_time_posting_without_salary_has_no_base_salary(client, school):
    posting = PostingFactory(
        vacancy=VacancyFactory(school=school, salary_min=None, salary_max=None)
    )
    data = _structured_data(client.get(reverse("hiring:careers_posting", args=[posting.pk])))
    assert data["employmentType"] == "FULL_TIME"
    assert "baseSalary" not in data


def test_a_title_that_closes_the_script_stays_inside_it(client, school):
    title = 'Teacher</script><script>alert("x")</script> & <b>'
    posting = PostingFactory(
        vacancy=VacancyFactory(school=school, title=title), description="</SCRIPT> too"
    )
    response = client.get(reverse("hiring:careers_posting", args=[posting.pk]))
    body = response.content.decode()
    assert '<script>alert("x")' not in body
    block = body.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block
    data = _structured_data(response)
    assert (data["title"], data["description"]) == (title, "</SCRIPT> too")


def test_the_posting_page_keeps_to_the_content_security_policy(client, external):
    """The JSON-LD is a data block, which script-src 'self' allows: no inline script runs,
    so the policy needs no 'unsafe-inline' and no hash."""
    response = client.get(reverse("hiring:careers_posting", args=[external.pk]))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    body = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", body)
    assert inline == [' type="application/ld+json"']


def test_an_open_posting_links_to_applying_and_a_closed_one_does_not(client, external):
    apply_url = reverse("applicants:apply", args=[external.pk])
    page = client.get(reverse("hiring:careers_posting", args=[external.pk])).content.decode()
    assert f'href="{apply_url}"' in page
    Posting.objects.filter(pk=external.pk).update(closes_on=datetime.date(2026, 11, 23))
    page = client.get(reverse("hiring:careers_posting", args=[external.pk])).content.decode()
    assert apply_url not in page


def test_the_applicants_pages_are_not_read_as_a_district(client):
    assert client.get("/careers/account/").status_code == 200


def test_the_pages_name_their_atom_feed(client, district, external):
    for url, feed in [
        (reverse("hiring:careers"), reverse("hiring:careers_feed")),
        (
            reverse("hiring:careers_district", args=[district.org_code]),
            reverse("hiring:careers_district_feed", args=[district.org_code]),
        ),
        (
            reverse("hiring:careers_posting", args=[external.pk]),
            reverse("hiring:careers_district_feed", args=[district.org_code]),
        ),
    ]:
        body = client.get(url).content.decode()
        assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in body
