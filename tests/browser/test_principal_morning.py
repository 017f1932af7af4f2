"""A principal's morning, worked from "Waiting on you" on her home page (issue 11, "Must show"):
she approves and signs a plan, shares an observation's feedback before its deadline and signs
a summative below the observation minimum; each teacher's inbox then shows what arrived, the
summative with the real end of its response window. At a desktop's width and a phone's."""

import datetime

import pytest
from django.utils.formats import date_format

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import _violations
from tests.browser.test_evaluation_cycle import (
    _confirm_password_if_asked,
    summative_fill_proficient,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRINCIPAL = "principal@example.org"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
FEEDBACK = "The exit tickets showed who needed the second example."
EARLY = "The educator retires in December."


def _principals_cycle(step, **filters):
    """A cycle of a teacher who signs in, at ``step``, whose primary evaluator is the principal."""
    from tandem.evaluation.models import EvaluationCycle

    return (
        EvaluationCycle.objects.filter(
            step=step,
            primary_evaluator__user__email=PRINCIPAL,
            employment__role_group="teacher",
            person__user__isnull=False,
            **filters,
        )
        .select_related("person__user", "primary_evaluator__user", "settings_version")
        .order_by("pk")
        .first()
    )


def _observed_yesterday():
    """An observation the principal made yesterday, its written feedback not yet shared."""
    from conftest import TODAY
    from tandem.evaluation.services.observations import observation_record

    cycle = _principals_cycle("implementation")
    return observation_record(
        cycle_id=cycle.pk,
        by=cycle.primary_evaluator.user,
        kind="unannounced",
        observed_on=TODAY - datetime.timedelta(days=1),
        duration_minutes=15,
        notes="Worked examples, then exit tickets; most students finished both.",
    )


def _response_window_closes(cycle):
    """The day the calendar selector gives for the district's response window from today."""
    from conftest import TODAY
    from tandem.organizations.selectors import school_day_after, school_year_on

    return school_day_after(
        school_year=school_year_on(district_id=cycle.district_id, day=TODAY),
        start=TODAY,
        school_days=cycle.settings_version.values["response_school_days"],
    )


class Morning:
    """The browser sessions of one width, with the checks every page visited gets."""

    def __init__(self, browser, base, width):
        self.browser, self.base, self.width = browser, base, width
        self.viewport = VIEWPORTS[width]
        self.contexts = []

    def session(self, email):
        context = self.browser.new_context(viewport=self.viewport, bypass_csp=True)
        self.contexts.append(context)
        page = context.new_page()
        sign_in(page, self.base, email)
        return page

    def fits(self, page):
        """At a phone's width the page never scrolls sideways."""
        if self.width == "phone":
            page.wait_for_load_state()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= self.viewport["width"], f"{page.url} is {width} px wide"

    def inbox(self, page):
        """The home page's "Waiting on you", checked with axe and for its width."""
        page.goto(f"{self.base}/")
        self.fits(page)
        assert _violations(page) == [], page.url
        return page.get_by_role("region", name="Waiting on you", exact=True)

    def item(self, page, action):
        """The inbox item whose link starts with ``action``, within reach at this width."""
        link = self.inbox(page).get_by_role("link", name=action)
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= self.viewport["width"], action
        return link, link.locator("xpath=ancestor::li[1]")

    def open(self, page, action):
        """Open an inbox item; the text of its line (with its deadline) is returned."""
        link, line = self.item(page, action)
        text = line.inner_text()
        link.click()
        self.fits(page)
        return text

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.mark.parametrize("width", sorted(VIEWPORTS))
def test_a_principal_works_through_her_inbox_for_a_morning(browser, demo_server, width):
    from conftest import TODAY
    from tandem.evaluation.models import EducatorPlan, SummativeEvaluation
    from tandem.evaluation.selectors import observation_shortfall, with_observation_counts
    from tandem.evaluation.services.summative import next_plan_proposal

    plan_cycle = _principals_cycle("educator_plan", educator_plan__status="submitted")
    observation = _observed_yesterday()
    summative_cycle = _principals_cycle("summative")
    counted = with_observation_counts(type(summative_cycle).objects.filter(pk=summative_cycle.pk))
    assert observation_shortfall(counted.get())
    morning = Morning(browser, demo_server.url, width)
    principal = morning.session(PRINCIPAL)

    # 1. The plan waiting for approval: approving asks first and says what happens, then
    # leads straight to signing it, with the password asked again.
    morning.open(principal, f"Approve or return the educator plan of {plan_cycle.person}")
    principal.get_by_role("button", name="Approve the plan").click()
    approving = principal.get_by_role("dialog", name="Approve the educator plan?")
    approving.get_by_role("heading").wait_for()
    assert "The cycle moves to step 3" in approving.inner_text()
    assert "Next you sign the plan" in approving.inner_text()
    approving.get_by_role("button", name="Approve and go to signing").click()
    principal.wait_for_load_state()
    assert "/reauthenticate/" in principal.url
    morning.fits(principal)
    _confirm_password_if_asked(principal)
    principal.get_by_role("heading", name="Sign the educator plan").wait_for()
    morning.fits(principal)
    principal.get_by_role("button", name="Sign the plan").click()
    principal.get_by_text("Signed by the evaluator; the educator's signature (receipt)").wait_for()
    morning.fits(principal)
    assert EducatorPlan.objects.get(cycle=plan_cycle).status == "approved"
    teacher = morning.session(plan_cycle.person.user.email)
    morning.item(teacher, "Sign your approved educator plan (to acknowledge receipt)")

    # 2. The observation's feedback, due in a few school days: the inbox shows the deadline,
    # and sharing asks first.
    line = morning.open(
        principal, f"Write and share the feedback on your observation of {observation.cycle.person}"
    )
    assert observation.feedback_due >= TODAY
    assert f"due {date_format(observation.feedback_due, 'DATE_FORMAT')}" in line
    assert "past due" not in line
    principal.get_by_label("Written feedback to the educator").fill(FEEDBACK)
    principal.get_by_role("button", name="Share the feedback with the educator").click()
    sharing = principal.get_by_role("dialog", name="Share the feedback with the educator?")
    sharing.get_by_role("heading").wait_for()
    sharing.get_by_role("button", name="Share the feedback", exact=True).click()
    principal.get_by_text("The feedback is shared with the educator.").wait_for()
    morning.fits(principal)
    teacher = morning.session(observation.cycle.person.user.email)
    morning.item(
        teacher,
        f"Read the feedback on the observation of {date_format(observation.observed_on)}",
    )

    # 3. A summative with fewer observations than the minimum, signed months early: the page
    # warns of the minimum, the signing page again and asks why it is signed now.
    morning.open(principal, f"Write and sign the summative evaluation of {summative_cycle.person}")
    summative_fill_proficient(
        principal,
        rationale="Observations, unit assessments and the goal evidence agree.",
        next_plan=next_plan_proposal(summative_cycle, "proficient").plan_type,
    )
    principal.get_by_role("button", name="Save", exact=True).click()
    principal.wait_for_load_state()
    morning.fits(principal)
    assert "fewer observations than the district's minimum" in principal.content()
    principal.get_by_label("Why fewer observations than the minimum (if so)").fill(
        "A long leave this autumn; the visits before it are in the evidence."
    )
    principal.get_by_role("button", name="Save", exact=True).click()
    principal.get_by_role("link", name="Sign and share with the educator").click()
    principal.wait_for_load_state()
    _confirm_password_if_asked(principal)  # asked again once five minutes have passed
    principal.get_by_role(
        "heading", name="Fewer observations than the district's minimum"
    ).wait_for()
    principal.get_by_role("heading", name="This is early").wait_for()
    morning.fits(principal)
    principal.get_by_label("Why it is done now").fill(EARLY)
    principal.get_by_role("button", name="Sign the evaluation").click()
    principal.get_by_text("The educator may respond and sign until").wait_for()
    morning.fits(principal)

    closes = _response_window_closes(summative_cycle)
    summative = SummativeEvaluation.objects.get(cycle=summative_cycle)
    assert summative.status == "signed_by_evaluator" and summative.response_due == closes
    assert summative.early_reason == EARLY
    assert TODAY < closes < summative_cycle.end_date
    teacher = morning.session(summative_cycle.person.user.email)
    _link, line = morning.item(teacher, "Sign your summative evaluation")
    deadline = f"due {date_format(closes, 'DATE_FORMAT')}"
    assert deadline in line.inner_text()

    # Her morning's three items have left her inbox; the summative now waits on the teacher.
    waiting = morning.inbox(principal)
    mine = waiting.locator("ol").inner_text()
    for done in (
        f"Approve or return the educator plan of {plan_cycle.person}",
        f"Sign the approved educator plan of {plan_cycle.person}",
        f"Write and share the feedback on your observation of {observation.cycle.person}",
        f"Write and sign the summative evaluation of {summative_cycle.person}",
    ):
        assert done not in mine
    on_teacher = waiting.locator(
        "li", has_text=f"the signature of {summative_cycle.person} on the summative"
    )
    assert deadline in on_teacher.inner_text()
    morning.close()
