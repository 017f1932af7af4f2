"""The base layout in USWDS: the header's sections, messages as alerts, the official banner."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import resolve

from tandem.ui.templatetags.tandem_ui import alert_kind, alert_role, nav_section

pytestmark = pytest.mark.django_db


def _section(path):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return nav_section({"request": request})


def test_the_header_marks_the_section_a_page_belongs_to():
    assert _section("/") == "home"
    assert _section("/cycles/") == "evaluations"
    assert _section("/schools/") == "schools"
    assert _section("/districts/") == "districts"
    assert _section("/learning/") == "learning"
    assert _section("/learning/mine/") == "learning"


def test_a_page_of_no_section_marks_none():
    assert nav_section({"request": RequestFactory().get("/nowhere/")}) == ""


@pytest.mark.parametrize(
    ("level", "kind", "role"),
    [
        (constants.SUCCESS, "success", "status"),
        (constants.INFO, "info", "status"),
        (constants.DEBUG, "info", "status"),
        (constants.WARNING, "warning", "alert"),
        (constants.ERROR, "error", "alert"),
    ],
)
def test_a_message_is_an_alert_whose_role_interrupts_only_for_errors_and_warnings(
    level, kind, role
):
    message = Message(level, "Saved.")
    assert (alert_kind(message), alert_role(message)) == (kind, role)


def test_a_signed_in_page_has_the_skip_link_header_and_alerts(client, user_of):
    client.force_login(user_of("teacher@example.org"))
    html = client.get("/", follow=True).content.decode()
    assert '<a class="usa-skipnav" href="#main">' in html
    assert 'class="usa-menu-btn"' in html
    assert "uswds/js/uswds.min.js" in html
    assert "usa-banner" not in html


def test_the_header_leads_everyone_signed_in_to_the_learning_catalog(client, user_of):
    """A facilitator who holds no employment finds the offerings they run from any page."""
    client.force_login(user_of("facilitator@example.org"))
    html = client.get("/", follow=True).content.decode()
    assert 'href="/learning/"><span>Learning</span>' in html


def test_the_official_banner_is_off_unless_a_government_is_named(settings):
    template = Template("{% load tandem_ui %}{% official_banner %}")
    assert template.render(Context()).strip() == ""
    settings.OFFICIAL_SITE_OF = "the Commonwealth of Massachusetts"
    html = template.render(Context())
    assert "An official website of the Commonwealth of Massachusetts" in html
    assert 'class="usa-banner"' in html
