"""The Atom feeds of new postings, read as a feed reader would: valid Atom with ids, updated
times and links, external postings only."""

import datetime

import pytest
from defusedxml import ElementTree
from django.urls import reverse

from tandem.hiring.models import Posting
from tandem.hiring.tests.factories import PostingFactory, VacancyFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def _is_time(text: str) -> bool:
    return datetime.datetime.fromisoformat(text).tzinfo is not None


def test_a_districts_feed_has_its_open_external_postings_with_ids_times_and_links(client, school):
    district = school.district
    newer = PostingFactory(
        vacancy=VacancyFactory(school=school, title="Newer"), opens_on=datetime.date(2026, 11, 20)
    )
    older = PostingFactory(vacancy=VacancyFactory(school=school, title="Older"))
    internal = PostingFactory(
        vacancy=VacancyFactory(school=school, title="Staff only"),
        audience=Posting.Audience.INTERNAL,
    )
    PostingFactory(
        vacancy=VacancyFactory(school=school, title="Not yet"), opens_on=datetime.date(2026, 12, 1)
    )
    root = _feed(client, reverse("hiring:careers_district_feed", args=[district.org_code]))
    assert district.name in root.findtext(f"{ATOM}title")
    assert root.findtext(f"{ATOM}id")
    assert _is_time(root.findtext(f"{ATOM}updated"))
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"].endswith(reverse("hiring:careers_district_feed", args=[district.org_code]))
    assert links["alternate"].endswith(reverse("hiring:careers_district", args=[district.org_code]))
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title").split(",")[0] for e in entries] == ["Newer", "Older"]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 2
    for entry, posting in zip(entries, [newer, older], strict=True):
        link = entry.find(f"{ATOM}link").get("href")
        assert link.endswith(reverse("hiring:careers_posting", args=[posting.pk]))
        assert _is_time(entry.findtext(f"{ATOM}updated"))
        assert entry.findtext(f"{ATOM}published").startswith(posting.opens_on.isoformat())
        assert entry.findtext(f"{ATOM}summary") == posting.description
    assert "Staff only" not in ElementTree.tostring(root, encoding="unicode")
    assert internal.pk not in ids


def test_the_state_feed_has_every_districts_postings(client, school):
    mine = PostingFactory(vacancy=VacancyFactory(school=school))
    elsewhere = PostingFactory()
    root = _feed(client, reverse("hiring:careers_feed"))
    links = {e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")}
    for posting in (mine, elsewhere):
        assert any(
            link.endswith(reverse("hiring:careers_posting", args=[posting.pk])) for link in links
        )


def test_an_unknown_districts_feed_is_not_found(client):
    assert client.get(reverse("hiring:careers_district_feed", args=["99999999"])).status_code == 404
