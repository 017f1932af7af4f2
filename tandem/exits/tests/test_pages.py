import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.exits import services
from tandem.exits.models import Separation
from tandem.exits.tests.factories import LAST_DAY, hr_of, leaver
from tandem.people.tests.factories import RoleGrantFactory
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def _separated(employment, hr):
    return services.separation_record(
        employment_id=employment.pk,
        by=hr,
        last_day=LAST_DAY,
        kind="retired",
        reason="retirement",
        send_survey=False,
    )


def test_the_form_asks_on_a_page_of_its_own_before_it_ends_access(client):
    employment = leaver()
    hr = hr_of(employment.district)
    client.force_login(hr)
    url = reverse("exits:separation_new", args=[employment.pk])
    fields = {"last_day": "2026-12-18", "kind": "resigned", "reason": "workload", "note": "n"}
    assert client.get(url).status_code == 200
    confirm = client.post(url, fields)
    assert confirm.status_code == 200
    assert b"This ends access to the district" in confirm.content
    assert b"2026-12-19" in confirm.content
    assert not Separation.objects.filter(employment=employment).exists()
    done = client.post(url, fields | {"confirmed": "yes"})
    separation = Separation.objects.get(employment=employment)
    assert done.url == separation.get_absolute_url()
    page = client.get(done.url)
    assert page.status_code == 200
    assert AccessLogEntry.objects.filter(
        user=hr, content_type__app_label="exits", object_id=separation.pk
    ).exists()


def test_a_bad_date_is_named_and_nothing_is_saved(client):
    employment = leaver()
    client.force_login(hr_of(employment.district))
    response = client.post(
        reverse("exits:separation_new", args=[employment.pk]),
        {"last_day": "2015-01-01", "kind": "resigned", "reason": "workload", "confirmed": "yes"},
    )
    assert response.status_code == 200
    assert b"before the employment began" in response.content
    assert not Separation.objects.filter(employment=employment).exists()


def test_the_leaver_opens_the_districts_pages_on_the_last_day_and_not_after(client, monkeypatch):
    employment = leaver()
    _separated(employment, hr_of(employment.district))
    client.force_login(employment.person.user)
    directory = reverse("people:educator_list")
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: LAST_DAY)
    assert client.get(directory).status_code == 200
    monkeypatch.setattr(
        timezone, "localdate", lambda *a, **k: LAST_DAY + datetime.timedelta(days=1)
    )
    assert client.get(directory).status_code == 404


def test_who_may_not_see_separations(client):
    employment = leaver()
    hr = hr_of(employment.district)
    separation = _separated(employment, hr)
    colleague = leaver(district=employment.district)
    outsiders = [
        hr_of(leaver().district),  # another district's HR
        colleague.person.user,  # a teacher (and principal) of the same district
        employment.person.user,  # the leaver
        RoleGrantFactory(role="state_analyst", district=None).user,
    ]
    for user in outsiders:
        client.force_login(user)
        for url in (
            reverse("exits:separation_detail", args=[separation.pk]),
            reverse("exits:separation_correct", args=[separation.pk]),
            reverse("exits:separation_new", args=[colleague.pk]),
        ):
            assert client.get(url).status_code == 404, (user, url)
        listing = client.get(reverse("exits:separation_list"))
        assert listing.status_code == 404 or employment.person.last_name.encode() not in (
            listing.content
        )


def test_the_list_filters_and_downloads(client):
    employment = leaver()
    hr = hr_of(employment.district)
    _separated(employment, hr)
    other = leaver(district=employment.district)
    services.separation_record(
        employment_id=other.pk,
        by=hr,
        last_day=LAST_DAY,
        kind="resigned",
        reason="workload",
        send_survey=False,
    )
    client.force_login(hr)
    name, other_name = employment.person.last_name, other.person.last_name
    page = client.get(reverse("exits:separation_list"), {"kind": "retired"}).content.decode()
    assert name in page and other_name not in page
    page = client.get(reverse("exits:separation_list"), {"reason": "workload"}).content.decode()
    assert other_name in page and name not in page
    page = client.get(reverse("exits:separation_list"), {"year": "2026"}).content.decode()
    assert name in page and other_name in page
    # A year with no separation is not offered; asking for it says so.
    page = client.get(reverse("exits:separation_list"), {"year": "2025"}).content.decode()
    assert "Select a valid choice" in page
    csv = client.get(reverse("exits:separation_csv"), {"kind": "retired"}).content.decode()
    assert name in csv and other_name not in csv and "2026-27" in csv
    assert AccessLogEntry.objects.filter(user=hr, channel="export").count() == 1


def test_a_correction_on_the_page_keeps_the_history(client):
    employment = leaver()
    hr = hr_of(employment.district)
    separation = _separated(employment, hr)
    client.force_login(hr)
    url = reverse("exits:separation_correct", args=[separation.pk])
    fields = {"last_day": "2026-12-31", "kind": "retired", "reason": "retirement", "version": 1}
    missing_why = client.post(url, fields)
    assert missing_why.status_code == 200
    assert client.post(url, fields | {"why": "The date was typed wrong."}).status_code == 302
    detail = client.get(reverse("exits:separation_detail", args=[separation.pk]))
    assert b"The date was typed wrong." in detail.content
    assert b"2026-12-18" in detail.content and b"2026-12-31" in detail.content


def test_results_and_leavers_pages_open_for_their_readers_only(client):
    employment = leaver()
    district = employment.district
    results = reverse("exits:exit_survey_results", args=[district.pk])
    leavers = reverse("exits:where_leavers_went")
    client.force_login(hr_of(district))
    assert client.get(results).status_code == 200
    assert client.get(leavers).status_code == 200
    client.force_login(RoleGrantFactory(role="state_analyst", district=None).user)
    assert client.get(results).status_code == 200
    state = client.get(leavers)
    assert state.status_code == 200 and b"The state" in state.content
    for outsider in (hr_of(leaver().district), employment.person.user):
        client.force_login(outsider)
        assert client.get(results).status_code == 404
    client.force_login(employment.person.user)
    assert client.get(leavers).status_code == 404


def test_the_educators_record_and_home_lead_hr_to_the_separation(client):
    employment = leaver()
    hr = hr_of(employment.district)
    client.force_login(hr)
    record = reverse("people:educator_detail", args=[employment.pk])
    assert b"Record a separation" in client.get(record).content
    separation = _separated(employment, hr)
    assert separation.get_absolute_url().encode() in client.get(record).content
    home = client.get(reverse("home")).content
    assert separation.get_absolute_url().encode() in home  # its last day is still ahead
    # The educator's own record, opened by themselves, offers no such link.
    client.force_login(employment.person.user)
    assert b"Record a separation" not in client.get(record).content
