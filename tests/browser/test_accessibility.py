"""Each role signs in, lands on its home page, and every page it can reach passes axe-core (WCAG 2.1 AA)."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.conftest import sign_in
from tests.test_permission_matrix import EMAILS, MATRIX

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Routes that answer with something other than an HTML page: JSON, files, a script.
NOT_PAGES = (
    "api:",
    "rubrics:version_export",
    "healthz",
    "evaluation:capture_service_worker",
    "evaluation:record_archive",
    "collaboration:plan_version_pdf",
    "collaboration:gallery_plan_pdf",
    "collaboration:agreement_pdf",
    "collaboration:partnership_csv",
    "people:access_log_csv",
    "collaboration:resource_file",
    "hiring:careers_feed",
    "hiring:careers_district_feed",
    "applicants:document_file",
    "selection:interview_ics",
    "selection:candidate_document",
    "induction:report_csv",
    "exits:separation_csv",
    "learning:certificate",
    "licensure:summary_csv",
    "newsletter:feed",
    "cabinets:calendar",
    "cabinets:report",
)


def _args(kind):
    from tandem.evaluation.models import EvaluationCycle
    from tandem.people.models import StaffAssignment, User
    from tandem.rubrics.models import FrameworkVersion

    teacher = User.objects.get(email="teacher@example.org").person.employments.get()
    school = StaffAssignment.objects.filter(employment=teacher).first().school
    colleague = (
        StaffAssignment.objects.filter(school=school).exclude(employment=teacher).first().employment
    )
    version = FrameworkVersion.objects.get(framework__slug="ma-teacher-2012")
    from tandem.organizations.models import SettingsProposal

    proposal = SettingsProposal.objects.get(district_id=teacher.district_id, status="proposed")
    cycle = (
        EvaluationCycle.objects.filter(
            employment__assignments__school=school,
            employment__role_group="teacher",
            goals__isnull=False,
        )
        .exclude(person__user__email__in=["teacher@example.org", "union.president@example.org"])
        .first()
    )
    team = teacher.district.team
    return {
        "team": {"pk": team.pk},
        "caucus": {"pk": team.pk, "party": "union"},
        "engagement": {"pk": team.engagements.get(status="met").pk},
        "plan": {"pk": team.plans.get().pk},
        "plan_version": {"pk": team.plans.get().pk, "number": 1},
        "meeting": {
            "pk": team.pk,
            "meeting_pk": team.meetings.filter(action_items__isnull=False).first().pk,
        },
        "issue": {"pk": team.pk, "issue_pk": team.issues.get(stage="consensus").pk},
        "agreement": {
            "pk": team.pk,
            "agreement_pk": team.agreements.get(kind="shared_vision").pk,
        },
        "cycle": {"pk": cycle.pk},
        "none": {},
        "district": {"pk": teacher.district_id},
        "school": {"pk": school.pk},
        "colleague": {"pk": colleague.pk},
        "version": {"pk": version.pk},
        "proposal": {"pk": teacher.district_id, "proposal_pk": proposal.pk},
    }[kind]


def _violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))",
        TAGS,
    )
    return result


def test_the_sign_in_page_is_accessible(browser, demo_server):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{demo_server.url}/accounts/login/")
    assert _violations(page) == []
    context.close()


@pytest.mark.parametrize("role", sorted(EMAILS))
def test_every_page_a_role_can_reach_is_accessible(browser, demo_server, role):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, demo_server.url, EMAILS[role])
    assert page.url.rstrip("/") == demo_server.url.rstrip("/"), f"{role} landed on {page.url}"
    assert page.get_by_role("heading", level=1).first.inner_text().startswith("Welcome")
    failures = {}
    visited = 0
    for name, (kind, expected) in MATRIX.items():
        if (
            name.startswith(NOT_PAGES)
            or expected[role] != 200
            or kind
            not in (
                *("none", "district", "school", "colleague", "version", "cycle"),
                *(
                    "team",
                    "caucus",
                    "engagement",
                    "plan",
                    "plan_version",
                    "proposal",
                    "meeting",
                    "issue",
                    "agreement",
                ),
            )
        ):
            continue
        url = demo_server.url + reverse(name, kwargs=_args(kind))
        response = page.goto(url)
        assert response.status == 200, (name, response.status)
        violations = _violations(page)
        if violations:
            failures[name] = violations
        visited += 1
    context.close()
    assert visited >= 8
    assert failures == {}


def test_the_teachers_own_cycle_pages_are_accessible(browser, demo_server):
    """The forms the educator fills in: the self-assessment and the goals."""
    from tandem.evaluation.models import EvaluationCycle

    cycle = EvaluationCycle.objects.get(person__user__email="teacher@example.org")
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, demo_server.url, EMAILS["teacher"])
    failures = {}
    for name in ("evaluation:cycle_detail", "evaluation:self_assessment", "evaluation:plan"):
        page.goto(demo_server.url + reverse(name, kwargs={"pk": cycle.pk}))
        violations = _violations(page)
        if violations:
            failures[name] = violations
    context.close()
    assert failures == {}


def test_the_settings_forms_are_accessible(browser, demo_server):
    """The forms behind a password check, which the matrix above only sees as redirects: just
    signed in, the superintendent proposes and the union president agrees."""
    from tandem.organizations.models import SettingsProposal

    proposal = SettingsProposal.objects.get(status="proposed", district__name__startswith="Ashford")
    district = proposal.district_id
    failures = {}
    for role, name, kwargs in [
        ("superintendent", "bargaining:settings_propose", {"pk": district}),
        (
            "union",
            "bargaining:settings_proposal_agree",
            {"pk": district, "proposal_pk": proposal.pk},
        ),
        (
            "union",
            "bargaining:settings_proposal_decline",
            {"pk": district, "proposal_pk": proposal.pk},
        ),
    ]:
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        sign_in(page, demo_server.url, EMAILS[role])
        response = page.goto(demo_server.url + reverse(name, kwargs=kwargs))
        assert response.status == 200, (name, response.status, page.url)
        violations = _violations(page)
        if violations:
            failures[name] = violations
        context.close()
    assert failures == {}
