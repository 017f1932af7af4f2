"""A district's labor-management team in a browser: from the first inquiry to enrollment, which
waits for every key leader's own agreement, then a joint plan drafted and adopted, and an
interest-based decision with every party's stance and a tentative agreement all three sign."""

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

    # An interest-based decision: issue, interests, options, criteria, weighing, consensus.
    union.goto(f"{base}/teams/{team.pk}/issues/")
    union.get_by_label("Title").fill("Mentor time")
    union.get_by_label("Issue statement").fill(
        "New teachers and their mentors rarely have time together during the school day."
    )
    union.get_by_role("button", name="Raise the issue").click()
    issue_url = union.url
    # Moving the whole team on asks first: a dismissed question leaves the issue where it was.
    union.once("dialog", lambda dialog: dialog.dismiss())
    union.get_by_role("button", name="Move on to: Interests").click()
    union.wait_for_load_state()
    assert union.get_by_role("heading", name="2. Interests").count() == 0
    union.on("dialog", lambda dialog: dialog.accept())
    union.get_by_role("button", name="Move on to: Interests").click()
    union.get_by_label("Interest", exact=True).fill("Mentors need paid time to do the work well")
    union.get_by_role("button", name="Add an interest (Union)").click()
    union.get_by_role("button", name="Move on to: Options").click()
    union.get_by_label("Option", exact=True).fill("A common planning period for each pair")
    union.get_by_role("button", name="Add the option").click()
    union.get_by_role("button", name="Move on to: Criteria").click()
    union.get_by_label("Criterion", exact=True).fill("Costs no more than the mentoring budget")
    union.get_by_role("button", name="Add the criterion").click()
    union.get_by_role("button", name="Move on to: Weighing").click()
    union.locator("select[name^=meets_]").first.select_option("yes")
    union.get_by_role("button", name="Save the weighing").click()
    union.get_by_role("button", name="Check for consensus on this option").click()
    # A stance below "can live with it" needs a comment: refused without one.
    union.goto(issue_url.rstrip("/") + "/consensus/")
    union.get_by_label("4 · Need more discussion").check()
    union.get_by_role("button", name="Record my stance").click()
    assert union.get_by_text("say what concerns you").first.is_visible()
    for page, gradient in (
        (union, "2 · Agree"),
        (superintendent, "1 · Wholehearted"),
        (committee, "3 · Support"),
    ):
        page.goto(issue_url.rstrip("/") + "/consensus/")
        page.get_by_label(gradient).check()
        page.get_by_role("button", name="Record my stance").click()
    assert committee.get_by_text("Consensus holds.").is_visible()
    committee.get_by_label("What the team decided").fill(
        "Each mentor and new teacher share a planning period from January."
    )
    committee.get_by_role("button", name="Record the decision").click()

    # The tentative agreement that sets the decision down, signed by each party.
    union.goto(issue_url)
    union.get_by_role("link", name="Draft a tentative agreement from this decision").click()
    union.get_by_label("Title").fill("Tentative agreement: mentor planning time")
    union.get_by_label("Text of the agreement").fill(
        "From January, each mentor and the new teacher they support share one planning period."
    )
    union.get_by_role("button", name="Save the draft").click()
    agreement_url = union.url
    for page in (union, superintendent, committee):
        page.goto(agreement_url)
        page.get_by_role("link", name="Sign for the").click()
        _confirm_password_if_asked(page)
        page.get_by_role("button", name="Sign", exact=True).click()
    committee.goto(agreement_url)
    assert committee.get_by_text("In effect").first.is_visible()
    for c in (context, superintendent_context, committee_context):
        c.close()
