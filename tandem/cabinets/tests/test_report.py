"""The annual report: a PDF of the year's members, meetings, topics and feedback."""

import datetime

import pytest
from django.urls import reverse

from tandem.cabinets import services
from tandem.cabinets.tests.factories import (
    MeetingFactory,
    RoundFactory,
    TermFactory,
    TopicFactory,
    state_admin,
)
from tandem.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _pdf_text(client, monkeypatch, url) -> str:
    """The text of the PDF answered, as WeasyPrint laid it out to write it."""
    import weasyprint

    written = []

    class Recorded(weasyprint.HTML):
        def write_pdf(self, *args, **kwargs):
            written.append(self)
            return super().write_pdf(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", Recorded)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(written) == 1

    def texts(box):
        if getattr(box, "text", None):
            yield box.text
        for child in getattr(box, "children", ()):
            yield from texts(child)

    return " ".join(" ".join(texts(page._page_box)) for page in written[0].render().pages)


def test_the_report_says_who_served_what_met_and_what_the_feedback_said(client, monkeypatch):
    round = RoundFactory(
        school_year="2026-27",
        term_starts_on=datetime.date(2026, 7, 1),
        term_ends_on=datetime.date(2027, 6, 30),
    )
    cabinet = round.cabinet
    term = TermFactory(cabinet=cabinet, person__first_name="Rosa", person__last_name="Okafor")
    TermFactory(
        cabinet=cabinet,
        starts_on=datetime.date(2024, 7, 1),
        ends_on=datetime.date(2025, 6, 30),
        person__first_name="Left",
        person__last_name="Early",
    )
    MeetingFactory(cabinet=cabinet, subject="Autumn convening", minutes="Equity plan root causes.")
    topic = TopicFactory(cabinet=cabinet, title="Teacher of the Year process")
    services.feedback_save(
        topic_id=topic.pk, by=term.person.user, text="Add a video round.", version=0
    )
    client.force_login(state_admin())
    text = _pdf_text(client, monkeypatch, reverse("cabinets:report", args=[round.pk]))
    for expected in (
        "annual report 2026-27",
        "Rosa Okafor",
        "Autumn convening",
        "Equity plan root causes.",
        "Teacher of the Year process",
        "Add a video round.",
        "1 response",
    ):
        assert expected in text
    assert "Left Early" not in text


def test_only_state_staff_open_the_report(client):
    round = RoundFactory()
    url = reverse("cabinets:report", args=[round.pk])
    for user in (TermFactory(cabinet=round.cabinet).person.user, PersonFactory(signs_in=True).user):
        client.force_login(user)
        assert client.get(url).status_code == 404
