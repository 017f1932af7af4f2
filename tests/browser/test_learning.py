"""Professional learning in a browser, the whole way (issue 15): an educator finds an offering
suggested for what they work on in their evaluation, joins its waitlist, is promoted when a
colleague cancels, attends every session, passes, downloads the certificate that anyone can
check, and sees the points on their license's renewal progress. Every page is axe clean."""

import datetime
from decimal import Decimal

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import _violations
from tests.browser.test_evaluation_cycle import _download_pdf
from tests.browser.test_phone_width import OVERFLOW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEACHER = "teacher@example.org"
COLLEAGUE = "union.president@example.org"
FACILITATOR = "facilitator@example.org"
TITLE = "Questioning that deepens discussion"


def _educator():
    """A demo educator who signs in, holds a license in force and works on something a course
    could serve (a goal's evidence or an indicator rated below Proficient): the user, the
    indicator and the license."""
    from conftest import TODAY
    from tandem.demo.accounts import DEMO_ACCOUNTS
    from tandem.evaluation.selectors import growth_areas_of
    from tandem.licensure.models import License

    demo_emails = {a.email for a in DEMO_ACCOUNTS} - {TEACHER}
    licenses = (
        License.objects.filter(
            issued_on__lte=TODAY, expires_on__gt=TODAY, person__user__isnull=False
        )
        .exclude(person__user__email__in=demo_emails)
        .select_related("person__user")
        .order_by("person_id")
    )
    for license in sorted(licenses[:400], key=lambda lic: lic.person.user.email != TEACHER):
        areas = growth_areas_of(license.person_id)
        if areas:
            return license.person.user, areas[0].indicator_id, license
    raise AssertionError("no demo educator with a license works on an indicator")


def _offering(indicator_id, educator):
    """A pedagogy workshop of two sessions on the educator's indicator, 15 points, one place,
    which a colleague already holds. The demo has no offerings of its own yet."""
    from conftest import TODAY
    from tandem.learning import services
    from tandem.learning.tests.factories import OfferingFactory
    from tandem.people.models import User
    from tandem.people.selectors import roles_of

    colleague = User.objects.filter(person__isnull=False, email=COLLEAGUE).exclude(pk=educator.pk)
    colleague = (
        colleague.first()
        or User.objects.filter(person__isnull=False)
        .exclude(pk=educator.pk)
        .exclude(email__in=[FACILITATOR])
        .order_by("pk")
        .first()
    )
    offering = OfferingFactory(
        title=TITLE,
        topic="pedagogy",
        units=Decimal("15"),
        hours=Decimal("15"),
        capacity=1,
        starts_on=TODAY + datetime.timedelta(days=7),
        facilitator=User.objects.get(email=FACILITATOR),
        sessions=2,
    )
    offering.indicators.set([indicator_id])
    services.registration_register(offering_id=offering.pk, person_id=roles_of(colleague).person_id)
    return colleague.email


def _as(browser, base, email, **options):
    context = browser.new_context(bypass_csp=True, accept_downloads=True, **options)
    page = context.new_page()
    sign_in(page, base, email)
    return context, page


def _clean(page, failures):
    """axe on the page as it stands; its violations kept by address."""
    violations = _violations(page)
    if violations:
        failures[page.url] = [v["id"] for v in violations]


def _total_counted(page) -> Decimal:
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Total", exact=True)
    )
    return Decimal(row.locator("td").nth(1).inner_text())


def test_from_a_suggestion_to_points_on_the_renewal(browser, demo_server):
    base = demo_server.url
    educator, indicator_id, license = _educator()
    colleague_email = _offering(indicator_id, educator)
    failures = {}

    # Before: the educator's renewal progress of the license in force, from the home page.
    teacher_context, teacher = _as(browser, base, educator.email)
    teacher.get_by_role("link", name="Your licenses and their renewal").click()
    _clean(teacher, failures)
    renewal_url = f"/licenses/{license.pk}/renewal/"
    teacher.locator(f'a[href="{renewal_url}"]').click()
    before = _total_counted(teacher)

    # The offering is suggested, with the reason, and full: the teacher joins its waitlist.
    teacher.get_by_role("button", name="Growth").click()
    teacher.locator("#nav-growth").get_by_role("link", name="Professional learning").click()
    teacher.get_by_role("link", name="My learning and suggestions").click()
    _clean(teacher, failures)
    suggestion = teacher.locator(".usa-summary-box", has_text=TITLE)
    assert "indicator" in suggestion.inner_text()
    suggestion.get_by_role("link", name=TITLE).click()
    assert teacher.get_by_text("1 of 1 taken").is_visible()
    teacher.get_by_role("button", name="Join the waitlist").click()
    assert teacher.get_by_text("you are on its waitlist").is_visible()
    assert teacher.get_by_text("You are number 1 on the waitlist").is_visible()
    _clean(teacher, failures)
    offering_url = teacher.url

    # The colleague cancels from their own learning page; the teacher is promoted, and told.
    colleague_context, colleague = _as(browser, base, colleague_email)
    colleague.goto(base + "/learning/mine/")
    colleague.get_by_role("link", name=TITLE).click()
    colleague.get_by_role("button", name="Cancel my registration").click()
    assert colleague.get_by_text("Your registration is cancelled.").is_visible()
    _clean(colleague, failures)
    colleague_context.close()
    teacher.goto(offering_url)
    assert teacher.get_by_text("moved you from the waitlist").is_visible()
    _clean(teacher, failures)

    # The facilitator finds the offering in the catalog and takes attendance at each session.
    facilitator_context, facilitator = _as(browser, base, FACILITATOR)
    facilitator.get_by_role("button", name="Growth").click()
    facilitator.locator("#nav-growth").get_by_role("link", name="Professional learning").click()
    facilitator.get_by_label("Search titles and descriptions").fill(TITLE)
    # The rows reload as one types (HTMX, which then pushes the address): no navigation.
    facilitator.wait_for_url("**q=*")
    facilitator.get_by_role("link", name=TITLE).wait_for()
    _clean(facilitator, failures)
    facilitator.get_by_role("link", name=TITLE).click()
    _clean(facilitator, failures)
    for n in range(2):
        facilitator.get_by_role("link", name="Sign-in sheet").nth(n).click()
        # The educator ticks their own name on the tablet: the label is what one touches.
        facilitator.get_by_text(str(educator.person), exact=True).click()
        assert facilitator.get_by_role("checkbox").is_checked()
        facilitator.get_by_role("button", name="Save attendance").click()
        assert facilitator.get_by_text("Attendance saved: 1 present.").is_visible()
        _clean(facilitator, failures)
        facilitator.get_by_role("link", name=TITLE).click()

    # The assessment of learning: passed.
    facilitator.get_by_role("link", name="Assessment of learning and completion").click()
    assert facilitator.get_by_role("cell", name="2 of 2").is_visible()
    _clean(facilitator, failures)
    facilitator.get_by_role("button", name=f"Passed {educator.person}", exact=True).click()
    assert facilitator.get_by_text("Completion recorded for").is_visible()
    _clean(facilitator, failures)
    facilitator_context.close()

    # The teacher downloads the certificate and finds the address anyone may check it at.
    teacher.goto(base + "/learning/mine/")
    row = teacher.get_by_role("row").filter(has_text=TITLE)
    assert "Completed" in row.inner_text()
    _clean(teacher, failures)
    assert _download_pdf(teacher, "Certificate (PDF)").endswith(".pdf")
    check = teacher.get_by_role("link", name="Public check page").get_attribute("href")

    # Anyone, signed in or not, checks it, at a phone's width.
    anonymous = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    stranger = anonymous.new_page()
    stranger.goto(base + check)
    assert stranger.get_by_text("This certificate is genuine.").is_visible()
    assert stranger.get_by_text(TITLE).is_visible()
    assert stranger.evaluate(OVERFLOW) == []
    _clean(stranger, failures)
    anonymous.close()

    # The points count toward the renewal, in the ledger and the total.
    teacher.goto(base + renewal_url)
    ledger_row = teacher.get_by_role("row").filter(has_text=TITLE)
    assert "Pedagogy" in ledger_row.inner_text()
    # At least its 15: points below a topic's floor of 10 may now count beside them.
    assert _total_counted(teacher) >= before + 15
    _clean(teacher, failures)
    teacher_context.close()

    assert failures == {}
