"""The talent dashboard on a small built district, with the arithmetic written out."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.dashboards.talent import MOVED_ON, TalentFilters, median, talent_figures
from tandem.hiring.models import Application
from tandem.hiring.tests.factories import ApplicationFactory, PostingFactory, VacancyFactory
from tandem.licensure.tests.factories import LicenseFactory
from tandem.offers.models import Offer
from tandem.offers.tests.factories import OFFER_TERMS
from tandem.organizations.tests.factories import SchoolFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import RoleGrantFactory
from tandem.selection.selectors import LicenseFit

pytestmark = pytest.mark.django_db

Stage, Outcome = Application.Stage, Application.Outcome
OPENED = datetime.date(2026, 11, 1)
YEAR = "2027-28"  # the vacancies start on 30 August 2027


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def _offer(application, hr, *, sent, answered=None, status=Offer.Status.SENT):
    return Offer.objects.create(
        application=application,
        sent_by=hr,
        sent_at=_at(sent),
        responded_at=_at(answered) if answered else None,
        status=status,
        **OFFER_TERMS,
    )


@pytest.fixture
def world():
    """One school's four postings opened on 1 November 2026:

    - P1: a1 hired (offer 1 Dec, accepted 11 Dec: 30 and 40 days, the license held),
      a2 withdrew at screening, a3 not selected at interviews;
    - P2: a4 hired (offer 10 Jan 2027, accepted 20 Jan: 70 and 80 days, license pending),
      a5 still at applied;
    - P3: a6 declined an offer of 20 May 2027 (200 days), a7 hired (offer 15 June, accepted
      20 June: 226 and 231 days; no license: out of field);
    - P4: nobody applied.
    """
    school = SchoolFactory()
    district = school.district
    hr = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR, district=district).user
    postings = [
        PostingFactory(vacancy=VacancyFactory(school=school), opens_on=OPENED) for _ in range(4)
    ]

    def apply(posting, stage, outcome=Outcome.IN_PROGRESS):
        ended = _at(datetime.date(2027, 6, 20)) if outcome else None
        return ApplicationFactory(posting=posting, stage=stage, outcome=outcome, ended_at=ended)

    a1 = apply(postings[0], Stage.OFFER, Outcome.HIRED)
    apply(postings[0], Stage.SCREENING, Outcome.WITHDRAWN)
    apply(postings[0], Stage.INTERVIEW, Outcome.NOT_SELECTED)
    a4 = apply(postings[1], Stage.OFFER, Outcome.HIRED)
    apply(postings[1], Stage.APPLIED)
    a6 = apply(postings[2], Stage.OFFER, Outcome.OFFER_DECLINED)
    a7 = apply(postings[2], Stage.OFFER, Outcome.HIRED)
    LicenseFactory(person=a1.person, expires_on=datetime.date(2030, 6, 30))
    LicenseFactory(person=a4.person, issued_on=datetime.date(2027, 7, 1), expires_on=None)
    accepted = Offer.Status.ACCEPTED
    _offer(
        a1,
        hr,
        sent=datetime.date(2026, 12, 1),
        answered=datetime.date(2026, 12, 11),
        status=accepted,
    )
    _offer(
        a4,
        hr,
        sent=datetime.date(2027, 1, 10),
        answered=datetime.date(2027, 1, 20),
        status=accepted,
    )
    _offer(
        a6,
        hr,
        sent=datetime.date(2027, 5, 20),
        answered=datetime.date(2027, 5, 22),
        status=Offer.Status.DECLINED,
    )
    _offer(
        a7,
        hr,
        sent=datetime.date(2027, 6, 15),
        answered=datetime.date(2027, 6, 20),
        status=accepted,
    )
    return district, school, hr, postings


def _exact(district):
    return talent_figures(TalentFilters(YEAR, district.pk), aggregates_only=False)


def _row(figure, key):
    return next(row for row in figure.rows if row.key == key)


def _cells(figure, key):
    row = _row(figure, key)
    return {
        column: count for (column, _l), (count, _s) in zip(figure.columns, row.cells, strict=True)
    }


def test_median_days_to_fill_and_to_offer(world):
    district, school, _hr, _postings = world
    figures = _exact(district)
    # Accepted offers took 40, 80 and 231 days from the opening: the median is 80.
    fill = figures["time_to_fill"]
    assert fill.median_of(_row(fill, school.pk)) == 80
    assert _cells(fill, school.pk) == {"up_to_30": 0, "31_60": 1, "61_90": 1, "over_90": 1}
    # Offers were sent after 30, 70, 200 and 226 days: the median is (70 + 200) / 2 = 135.
    offer = figures["time_to_offer"]
    assert offer.median_of(_row(offer, "all")) == 135
    assert _row(offer, "all").total == 4


def test_offers_made_before_june(world):
    district, school, _hr, _postings = world
    june = _exact(district)["offers_by_june"]
    # Three of the year's four offers were sent by 31 May 2027: 75%.
    row = _row(june, school.pk)
    assert _cells(june, school.pk) == {"by_june": 3, "after": 1}
    assert row.cells[0][1] == 75


def test_applicants_per_posting(world):
    district, school, _hr, _postings = world
    applicants = _exact(district)["applicants"]
    # Three postings had 3, 2 and 2 applicants (1 to 4), one had none.
    assert _cells(applicants, school.pk) == {"none": 1, "1_4": 3, "5_9": 0, "10_more": 0}
    assert "7 applications" in applicants.note


def test_each_stage_counts_who_reached_it_and_who_dropped_out(world):
    district, _school, _hr, _postings = world
    stages = _exact(district)["stages"]
    # All 7 applied; one is still there and the 6 others moved on.
    assert _row(stages, Stage.APPLIED).total == 7
    assert _cells(stages, Stage.APPLIED)[MOVED_ON] == 6
    # 6 reached screening: one withdrew there, 5 moved on.
    screening = _cells(stages, Stage.SCREENING)
    assert (screening[Outcome.WITHDRAWN], screening[MOVED_ON]) == (1, 5)
    # 5 reached interviews: one was not selected, 4 moved on.
    interview = _cells(stages, Stage.INTERVIEW)
    assert (interview[Outcome.NOT_SELECTED], interview[MOVED_ON]) == (1, 4)
    # 4 reached the offer: 3 hired, 1 declined.
    offer = _cells(stages, Stage.OFFER)
    assert (offer[Outcome.HIRED], offer[Outcome.OFFER_DECLINED], offer[MOVED_ON]) == (3, 1, 0)


def test_license_fit_of_hires(world):
    district, school, _hr, _postings = world
    fit = _exact(district)["license_fit"]
    assert _cells(fit, school.pk) == {LicenseFit.HELD: 1, LicenseFit.PENDING: 1, LicenseFit.NONE: 1}


def test_one_query_per_figure_however_many_applications(world):
    """The figures ask the same queries for 7 applications as for 27."""
    district, _school, hr, postings = world

    def count():
        with CaptureQueriesContext(connection) as queries:
            _exact(district)
        return len(queries)

    before = count()
    for _ in range(20):
        application = ApplicationFactory(
            posting=postings[3],
            stage=Stage.OFFER,
            outcome=Outcome.HIRED,
            ended_at=_at(datetime.date(2027, 2, 2)),
        )
        _offer(
            application,
            hr,
            sent=datetime.date(2027, 2, 1),
            answered=datetime.date(2027, 2, 2),
            status=Offer.Status.ACCEPTED,
        )
    assert count() == before


def test_hr_sees_the_district_exact_and_downloads_it(client, world):
    district, school, hr, _postings = world
    client.force_login(hr)
    url = reverse("dashboards:district_talent", args=[district.pk])
    page = client.get(url, {"year": YEAR})
    assert page.status_code == 200
    assert "Not shown" not in page.content.decode()
    assert "80 days" in page.content.decode()
    download = client.get(url, {"year": YEAR, "format": "csv", "table": "time_to_fill"})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][-2] == "Median days"
    school_row = next(r for r in rows if r[0] == school.name)
    assert school_row[1:7] == ["3", "0", "1", "1", "1", "80.0"]
    xlsx = client.get(url, {"year": YEAR, "format": "xlsx", "table": "stages"})
    assert xlsx.status_code == 200


@pytest.mark.parametrize("role", [RoleGrant.Role.UNION_LEADER, RoleGrant.Role.SCHOOL_COMMITTEE])
def test_leaders_see_small_cells_hidden(client, world, role):
    """Three hires are fewer than 6: a leader sees the row hidden, its median with it."""
    district, school, _hr, _postings = world
    client.force_login(RoleGrantFactory(role=role, district=district).user)
    url = reverse("dashboards:district_talent", args=[district.pk])
    page = client.get(url, {"year": YEAR, "school": school.pk}).content.decode()
    assert "Not shown: fewer than 6 counted" in page
    assert "80 days" not in page
    assert "Counts only are narrowed by year and district" in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    url, {"year": YEAR, "format": "csv", "table": "time_to_fill"}
                ).content.decode("utf-8-sig")
            )
        )
    )
    school_row = next(r for r in rows if r[0] == school.name)
    assert school_row[1:-1] == ["", "", "", "", "", ""]


def test_the_state_sees_aggregates_only(client, world, user_of):
    district, _school, _hr, _postings = world
    client.force_login(user_of("analyst@example.org"))
    page = client.get(reverse("dashboards:state_talent"), {"year": YEAR})
    assert page.status_code == 200
    district_page = client.get(
        reverse("dashboards:district_talent", args=[district.pk]), {"year": YEAR}
    ).content.decode()
    assert "80 days" not in district_page


@pytest.mark.parametrize("who", ["teacher", "other_hr", "applicant"])
def test_who_may_not_see_the_district_figures(client, world, who, user_of):
    district, _school, _hr, postings = world
    if who == "teacher":
        user = user_of("teacher@example.org")
    elif who == "other_hr":
        user = RoleGrantFactory(
            role=RoleGrant.Role.DISTRICT_HR, district=SchoolFactory().district
        ).user
    else:
        user = Application.objects.filter(posting=postings[0]).first().person.user
    client.force_login(user)
    assert client.get(reverse("dashboards:district_talent", args=[district.pk])).status_code == 404
    assert client.get(reverse("dashboards:state_talent")).status_code == 404


def test_a_bad_year_is_named_and_filters_nothing(client, world):
    district, _school, hr, _postings = world
    client.force_login(hr)
    page = client.get(
        reverse("dashboards:district_talent", args=[district.pk]), {"year": "1999-00"}
    )
    assert "There is no hiring year 1999-00" in page.content.decode()


def test_median_of_a_histogram():
    assert median({}) is None
    assert median({40: 1, 80: 1, 231: 1}) == 80
    assert median({30: 1, 70: 1, 200: 1, 226: 1}) == 135
