"""The three leaders' inboxes (issue 16, "Must show"): a draft plan that waits on each party's
key leader is found on each one's home page, signed from the link there, and leaves every
inbox once the last signature adopts it."""

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import _violations
from tests.browser.test_evaluation_cycle import _confirm_password_if_asked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each key leader in the order they sign, with the office and party their inbox names.
SIGNERS = (
    ("union_president", "Union president", "Union"),
    ("superintendent", "Superintendent", "Management"),
    ("committee_chair", "School committee chair", "School committee"),
)


def _draft_and_leaders():
    """The demo's first district has an adopted plan and a complete second version that no
    party has signed yet: it waits on all three key leaders."""
    from tandem.collaboration.models import PlanVersion
    from tandem.people.models import RoleGrant

    draft = PlanVersion.objects.select_related("plan__team").get(
        status=PlanVersion.Status.DRAFT, number=2, party_signatures__isnull=True
    )
    grants = RoleGrant.objects.filter(
        district=draft.plan.team.district, end_date__isnull=True
    ).exclude(office="")
    return draft, {g.office: g.user.email for g in grants}


def _inbox_link(page, draft, party):
    section = page.locator("section[aria-labelledby=team-waiting-h]")
    return section.get_by_role(
        "link",
        name=f"Sign version {draft.number} of the plan “{draft.plan.title}” for {party}",
    )


def test_each_leader_finds_the_draft_in_their_inbox_and_signs_it_in_turn(browser, demo_server):
    from tandem.collaboration.models import PlanVersion

    base = demo_server.url
    draft, leaders = _draft_and_leaders()
    sign_path = f"/plans/{draft.plan_id}/sign/"
    pages = {}
    for n, (office, office_label, party) in enumerate(SIGNERS):
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        sign_in(page, base, leaders[office])
        pages[office] = (context, page)
        assert page.url.rstrip("/") == base.rstrip("/"), f"{office} landed on {page.url}"
        assert _violations(page) == [], f"{office}'s home page"
        # The leaders before have signed: it waits on this one, and no longer on them.
        _inbox_link(page, draft, party).click()
        _confirm_password_if_asked(page)
        assert page.url.endswith(sign_path), f"{office}'s link landed on {page.url}"
        assert page.get_by_text(f"You sign as {office_label}").is_visible()
        assert _violations(page) == [], f"{office}'s signing page"
        page.get_by_role("button", name="Sign the plan").click()
        page.wait_for_load_state()
        last = n == len(SIGNERS) - 1
        waits = "Every party has signed: the plan is adopted." if last else "Adoption waits"
        assert page.get_by_text(waits).first.is_visible()
        page.goto(base + "/")
        assert _inbox_link(page, draft, party).count() == 0, f"{office} still sees it"

    draft.refresh_from_db()
    assert draft.status == PlanVersion.Status.ADOPTED
    # Adopted, it waits on no one: each leader's inbox, read again, no longer lists it.
    for office, _office_label, party in SIGNERS:
        context, page = pages[office]
        page.goto(base + "/")
        assert _inbox_link(page, draft, party).count() == 0, f"{office} still sees it"
        assert _violations(page) == [], f"{office}'s home page after the adoption"
        context.close()
