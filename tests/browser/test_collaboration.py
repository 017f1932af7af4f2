"""A district's labor-management team in a browser: from the first inquiry to enrollment, which
waits for every key leader's own agreement, then a joint plan drafted and adopted."""

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_evaluation_cycle import _confirm_password_if_asked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _leaders():
    """The key leaders of the demo's second district, whose team has only asked about a
    workshop so far."""
    from tandem.collaboration.models import Team
    from tandem.people.models import RoleGrant

    team = Team.objects.get(engagements__status="inquired")
    grants = RoleGrant.objects.filter(district=team.district, end_date__isnull=True).exclude(
        office=""
    )
    return team, {g.office: g.user.email for g in grants}


def _as(browser, base, email):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, base, email)
    return context, page


def _agree(page, base, engagement_path, office):
    page.goto(base + engagement_path)
    page.get_by_role("link", name=f"Agree as {office}").click()
    _confirm_password_if_asked(page)
    page.get_by_role("button", name="Agree and sign").click()
    page.wait_for_load_state()


def test_from_inquiry_to_enrollment_to_an_adopted_plan(browser, demo_server):
    base = demo_server.url
    team, leaders = _leaders()

    # The union president inquires about the District Capacity Project.
    context, union = _as(browser, base, leaders["union_president"])
    union.get_by_role("link", name="Teams").click()
    union.get_by_role("link", name="Inquire about a program").click()
    union.get_by_label("Program").select_option(label="District Capacity Project")
    union.get_by_label("What would the district like to work on?").fill(
        "We want a joint project on mentoring new teachers in their first two years."
    )
    union.get_by_role("button", name="Send the inquiry").click()
    assert union.get_by_text("Inquiry received").is_visible()
    engagement_path = union.url.removeprefix(base)

    # The partnership's facilitator records the first meeting.
    facilitator_context, facilitator = _as(browser, base, "facilitator@example.org")
    facilitator.goto(base + engagement_path)
    facilitator.get_by_label("Date of the first meeting").fill("2026-11-24")
    facilitator.get_by_label("Notes of the first meeting").fill(
        "All three leaders came and chose mentoring as the project."
    )
    facilitator.get_by_role("button", name="Record the meeting").click()
    assert facilitator.get_by_text("First meeting held").is_visible()
    facilitator_context.close()

    # Two leaders agree, each in their own session: the district is not enrolled yet.
    _agree(union, base, engagement_path, "Union president")
    assert union.get_by_text("Enrollment waits for the other leaders.").is_visible()
    superintendent_context, superintendent = _as(browser, base, leaders["superintendent"])
    _agree(superintendent, base, engagement_path, "Superintendent")
    superintendent.goto(base + engagement_path)
    assert superintendent.get_by_text("First meeting held").is_visible()
    committee_row = superintendent.get_by_role("row", name="School committee")
    assert "Not yet" in committee_row.inner_text()
    # The superintendent cannot agree for the committee: there is no button for it.
    assert superintendent.get_by_role("link", name="Agree as School committee chair").count() == 0

    # The committee chair's agreement completes it.
    committee_context, committee = _as(browser, base, leaders["committee_chair"])
    _agree(committee, base, engagement_path, "School committee chair")
    assert committee.get_by_text("Every key leader has agreed: enrolled.").is_visible()

    # The team drafts a plan together.
    union.goto(f"{base}/teams/{team.pk}/")
    union.get_by_text("Start a plan").click()
    union.get_by_label("Title of the plan").fill("Mentoring plan 2027–2030")
    union.get_by_role("button", name="Start the draft").click()
    union.get_by_label("Shared vision").fill("Every new teacher is welcomed and supported.")
    union.get_by_label("Theory of action").fill(
        "If every new teacher has a trained mentor, more of them stay and grow."
    )
    union.get_by_role("button", name="Save the vision").click()
    # "Add a goal" and "Add a strategy" stand open while the draft has none.
    union.locator("#new-goal").get_by_label("Goal").fill("Keep our new teachers")
    union.locator("#new-goal").get_by_label("Where we are now (baseline)").fill("70% return")
    union.locator("#new-goal").get_by_label("Where we aim to be (target)").fill("85% return")
    union.locator("#new-goal").get_by_label("By when").fill("2030-06-30")
    union.get_by_role("button", name="Add the goal").click()
    union.get_by_text("Add a measure of success").click()
    union.locator("#g1-new").get_by_label("Measure of success").fill("New teachers who return")
    union.locator("#g1-new").get_by_label("Unit").fill("%")
    union.locator("#g1-new").get_by_label("Baseline value").fill("70")
    union.locator("#g1-new").get_by_label("Target value").fill("85")
    union.get_by_role("button", name="Add the measure").click()
    union.locator("#new-strategy").get_by_label("Title").fill("Mentors for all")
    union.get_by_role("button", name="Add the strategy").click()
    union.get_by_text("Add an initiative").click()
    union.locator("#s1-new").get_by_label("Title").fill("Train mentors")
    union.get_by_role("button", name="Add the initiative").click()
    union.get_by_text("Add an action step").click()
    union.locator("#i1-new").get_by_label("Action step").fill("Hold the summer training")
    union.locator("#i1-new").get_by_label("Owner").fill("PD office")
    union.locator("#i1-new").get_by_label("Due").fill("2027-08-15")
    union.get_by_role("button", name="Add the step").click()
    union.get_by_role("link", name="Back to the plan").click()

    # Each party's key leader signs; the third signature adopts it.
    for page, office in ((union, "Union president"), (superintendent, "Superintendent")):
        page.goto(union.url)
        page.get_by_role("link", name=f"Sign as {office}").click()
        _confirm_password_if_asked(page)
        page.get_by_role("button", name="Sign the plan").click()
        assert page.get_by_text("Adoption waits for the other parties.").is_visible()
    committee.goto(union.url)
    committee.get_by_role("link", name="Sign as School committee chair").click()
    _confirm_password_if_asked(committee)
    committee.get_by_role("button", name="Sign the plan").click()
    assert committee.get_by_text("Every party has signed: the plan is adopted.").is_visible()
    assert committee.get_by_text("New teachers who return").first.is_visible()
    for c in (context, superintendent_context, committee_context):
        c.close()
