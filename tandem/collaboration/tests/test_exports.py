"""What teams take out on paper and in spreadsheets: a plan version or an agreement as a PDF,
and the partnership's engagements as CSV, each open to whoever may open its page."""

import csv
import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode

from tandem.collaboration.models import Engagement, JointAgreement, PlanVersion
from tandem.collaboration.services.agreements import agreement_draft
from tandem.collaboration.services.plans import plan_sign, plan_start
from tandem.collaboration.tests.first_team import TODAY
from tandem.organizations.models import District
from tandem.people.models import RoleGrant
from tandem.ui import pdf
from tandem.ui.spreadsheet import spreadsheet_cell

pytestmark = pytest.mark.django_db

DRAFT_ONLY = "Open the first teacher-leader positions"  # a step only the demo plan's draft has
HEADER = [
    "District",
    "Region",
    "Program",
    "Status",
    "Inquired on",
    "First meeting on",
    "Enrolled on",
    "Ended on",
    "Facilitator",
]


@pytest.fixture
def printed(monkeypatch):
    """The HTML each PDF was made from, exactly as WeasyPrint received it."""
    pages = []

    def render(template, context):
        pages.append(render_to_string(template, context))
        return pages[-1]

    monkeypatch.setattr(pdf, "render_to_string", render)
    return pages


@pytest.fixture
def plan(team):
    """The first district's plan: version 1 adopted and published, version 2 a draft."""
    return team.plans.get()


@pytest.fixture
def outsiders(team, people, other_facilitator):
    """A teacher of the district, another district's superintendent, another facilitator."""
    other_leader = (
        RoleGrant.objects.exclude(district=team.district)
        .filter(office=RoleGrant.Office.SUPERINTENDENT)
        .first()
        .user
    )
    return [people["teacher"], other_leader, other_facilitator]


def _plan_pdf_url(plan, number):
    return reverse("collaboration:plan_version_pdf", kwargs={"pk": plan.pk, "number": number})


def _agreement_pdf_url(agreement):
    return reverse(
        "collaboration:agreement_pdf",
        kwargs={"pk": agreement.team_id, "agreement_pk": agreement.pk},
    )


def _assert_pdf_download(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")


def _assert_signed_by(html, signatures):
    for signed in signatures:
        assert escape(str(signed.grant.user)) in html
        assert escape(signed.get_party_display()) in html
        assert signed.signature.digest[:19] in html


# Joint strategic plans


def test_the_adopted_plan_prints_with_its_content_and_signatures(client, plan, people, printed):
    adopted = plan.versions.get(status=PlanVersion.Status.ADOPTED)
    client.force_login(people["principal"])
    _assert_pdf_download(client.get(_plan_pdf_url(plan, adopted.number)))
    html = printed[-1]
    for fact in (
        plan.team.district.name,
        plan.team.name,
        plan.title,
        adopted.content["vision"],
        adopted.content["theory_of_action"],
        "Keep more of our new teachers",
        "Baseline: 72% of first-year teachers returned in 2024. Target: 85% return by 2028-06-30.",
        "First-year teachers who return for a second year",
        "Mentoring for every new teacher",
        "Train and pay mentors",
        "Run the summer mentor training: Professional development office, due 2026-08-15",
    ):
        assert escape(fact) in html, fact
    _assert_signed_by(html, adopted.party_signatures.select_related("grant__user", "signature"))
    assert "lapsed" not in html and "Changed since signing" not in html
    assert DRAFT_ONLY not in html


def test_the_page_footer_names_the_teams_plan_and_its_version_not_a_personnel_record(
    client, plan, people, printed
):
    client.force_login(people["union"])
    client.get(_plan_pdf_url(plan, 1))
    html = printed[-1]
    footer = f"Joint strategic plan of the {plan.team.name}, version 1: Adopted"
    assert f'<p class="small document">{escape(footer)}</p>' in html
    assert "string(document)" in html and "Confidential" not in html


def test_a_draft_prints_as_a_draft_with_what_it_adds(client, plan, people, printed):
    client.force_login(people["facilitator"])
    _assert_pdf_download(client.get(_plan_pdf_url(plan, 2)))
    html = printed[-1]
    assert "version 2: Draft" in html and DRAFT_ONLY in html
    assert html.count("Not signed yet.") == 3


def test_the_plan_pdf_says_when_the_text_changed_since_signing(client, plan, people, printed):
    adopted = plan.versions.get(status=PlanVersion.Status.ADOPTED)
    PlanVersion.objects.filter(pk=adopted.pk).update(
        content={**adopted.content, "vision": "Edited in the database."}
    )
    client.force_login(people["principal"])
    client.get(_plan_pdf_url(plan, adopted.number))
    assert "Changed since signing" in printed[-1]


def _union_president_leaves(team):
    grant = RoleGrant.objects.get(
        district=team.district, office=RoleGrant.Office.UNION_PRESIDENT, end_date__isnull=True
    )
    RoleGrant.objects.filter(pk=grant.pk).update(end_date=TODAY - datetime.timedelta(days=1))


def test_an_adopted_plans_signatures_stand_after_an_office_changes_hands(
    client, team, plan, people, printed
):
    _union_president_leaves(team)
    client.force_login(people["principal"])
    client.get(_plan_pdf_url(plan, 1))
    html = printed[-1]
    assert escape(str(people["union"])) in html
    assert "lapsed" not in html and "Not signed yet." not in html


def test_the_adopted_versions_page_keeps_its_signers_after_an_office_changes_hands(
    client, team, plan, people
):
    _union_president_leaves(team)
    client.force_login(people["principal"])
    page = client.get(f"/plans/{plan.pk}/versions/1/").content.decode()
    assert "by the signature of each party" in page
    assert escape(str(people["union"])) in page
    assert "lapsed" not in page and "Office vacant" not in page


def test_a_drafts_signature_lapses_when_its_signer_leaves_the_office(
    client, team, plan, people, printed
):
    draft = plan.versions.get(status=PlanVersion.Status.DRAFT)
    plan_sign(by=people["union"], version_id=draft.pk)
    _union_president_leaves(team)
    client.force_login(people["principal"])
    client.get(_plan_pdf_url(plan, draft.number))
    html = printed[-1]
    assert escape(str(people["union"])) in html
    assert html.count("this signature has lapsed") == 1


def test_nobody_off_the_team_gets_the_plan_pdf(client, plan, outsiders, printed):
    for outsider in outsiders:
        client.force_login(outsider)
        for number in (1, 2):
            assert client.get(_plan_pdf_url(plan, number)).status_code == 404, outsider
    assert printed == []


def test_every_signed_in_user_gets_only_the_published_version_from_the_gallery(
    client, plan, people, printed
):
    url = reverse("collaboration:gallery_plan_pdf", kwargs={"pk": plan.pk})
    for role in ("teacher", "principal"):
        client.force_login(people[role])
        _assert_pdf_download(client.get(url))
        html = printed[-1]
        assert "version 1: Adopted" in html and "Keep more of our new teachers" in html
        assert DRAFT_ONLY not in html and "88% return" not in html
        assert "reading" not in html.lower()


def test_the_gallery_pdf_of_an_unpublished_plan_is_404(client, team, people, printed):
    unpublished = plan_start(team_id=team.pk, by=people["principal"], title="Q")
    for role in ("teacher", "principal"):
        client.force_login(people[role])
        url = reverse("collaboration:gallery_plan_pdf", kwargs={"pk": unpublished.pk})
        assert client.get(url).status_code == 404
    assert printed == []


# Joint agreements


def test_an_agreement_prints_with_its_text_status_issue_and_signatures(
    client, team, people, printed
):
    tentative = team.agreements.get(kind=JointAgreement.Kind.TENTATIVE)
    client.force_login(people["union"])
    _assert_pdf_download(client.get(_agreement_pdf_url(tentative)))
    html = printed[-1]
    for fact in (
        team.district.name,
        "Tentative agreement",
        tentative.title,
        tentative.body,
        "In effect",
        tentative.issue.title,
    ):
        assert escape(fact) in html, fact
    _assert_signed_by(html, tentative.signatures.select_related("grant__user", "signature"))
    assert "Not signed yet." not in html and "Changed since signing" not in html


def test_a_draft_agreement_prints_as_a_draft_that_nobody_has_signed(client, team, people, printed):
    draft = agreement_draft(
        team_id=team.pk,
        by=people["principal"],
        kind=JointAgreement.Kind.MOU,
        title="Mentor stipends this year",
        body="Each mentor receives a stipend for the school year.",
    )
    client.force_login(people["facilitator"])
    _assert_pdf_download(client.get(_agreement_pdf_url(draft)))
    html = printed[-1]
    assert "Memorandum of understanding of the" in html and "version 1: Draft" in html
    assert "Each mentor receives a stipend for the school year." in html
    assert html.count("Not signed yet.") == 3


def test_the_agreement_pdf_says_when_the_text_changed_since_signing(client, team, people, printed):
    tentative = team.agreements.get(kind=JointAgreement.Kind.TENTATIVE)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {JointAgreement._meta.db_table} SET body = %s WHERE id = %s",
            ["Three paid mentors per school.", tentative.pk],
        )
    client.force_login(people["committee"])
    client.get(_agreement_pdf_url(tentative))
    assert "Changed since signing" in printed[-1]


def test_nobody_off_the_team_gets_the_agreement_pdf(client, team, outsiders, printed):
    tentative = team.agreements.get(kind=JointAgreement.Kind.TENTATIVE)
    for outsider in outsiders:
        client.force_login(outsider)
        assert client.get(_agreement_pdf_url(tentative)).status_code == 404, outsider
    assert printed == []


def test_the_plan_and_agreement_pages_link_to_their_pdfs(client, team, plan, people):
    tentative = team.agreements.get(kind=JointAgreement.Kind.TENTATIVE)
    client.force_login(people["principal"])
    for page, pdf_url in (
        (f"/plans/{plan.pk}/", _plan_pdf_url(plan, 1)),
        (f"/plans/{plan.pk}/versions/2/", _plan_pdf_url(plan, 2)),
        (f"/gallery/{plan.pk}/", f"/gallery/{plan.pk}/pdf/"),
        (f"/teams/{team.pk}/agreements/{tentative.pk}/", _agreement_pdf_url(tentative)),
    ):
        assert f'href="{pdf_url}"' in client.get(page).content.decode(), page


# The partnership's engagements


def _csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(response.content.decode("utf-8-sig").splitlines()))


def _withdrawn_inquiries(count):
    earlier = Engagement.objects.order_by("inquired_on").first()
    Engagement.objects.bulk_create(
        Engagement(
            team=earlier.team,
            program=earlier.program,
            status=Engagement.Status.WITHDRAWN,
            inquired_by=earlier.inquired_by,
            inquired_on=earlier.inquired_on - datetime.timedelta(days=30 + n),
            inquiry="An earlier inquiry, withdrawn.",
        )
        for n in range(count)
    )


def test_the_csv_holds_every_engagement_under_a_header(client, user_of):
    """The page shows 25 rows at a time; the download holds them all."""
    _withdrawn_inquiries(25)
    client.force_login(user_of("facilitator@example.org"))
    header, *rows = _csv_rows(client.get(reverse("collaboration:partnership_csv")))
    assert header == HEADER
    assert len(rows) == Engagement.objects.count() > 25
    first = Engagement.objects.order_by("-inquired_on", "-pk").first()
    assert rows[0][:5] == [
        first.team.district.name,
        first.team.district.region,
        first.program.name,
        first.get_status_display(),
        first.inquired_on.isoformat(),
    ]


def test_the_csv_takes_the_same_queries_however_many_rows(client, user_of):
    client.force_login(user_of("facilitator@example.org"))
    url = reverse("collaboration:partnership_csv")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    _withdrawn_inquiries(10)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_the_csv_takes_the_same_filters_as_the_page(client, user_of):
    client.force_login(user_of("analyst@example.org"))
    enrolled = Engagement.objects.filter(status=Engagement.Status.ENROLLED).first()
    region = enrolled.team.district.region
    query = {"region": region, "program": enrolled.program_id, "status": "enrolled"}
    _header, *rows = _csv_rows(client.get(reverse("collaboration:partnership_csv"), query))
    page = client.get(reverse("collaboration:partnership"), query).context["page"]
    assert len(rows) == page.paginator.count > 0
    assert len(rows) < Engagement.objects.count()
    assert {(row[1], row[2], row[3]) for row in rows} == {
        (region, enrolled.program.name, "Enrolled")
    }
    assert all(row[6] for row in rows)  # every enrolled row has its date


def test_the_page_links_to_the_csv_with_its_filters_but_not_its_page(client, user_of):
    client.force_login(user_of("state.admin@example.org"))
    engagement = Engagement.objects.first()
    region = engagement.team.district.region
    html = client.get(
        reverse("collaboration:partnership"),
        {"program": engagement.program_id, "region": region, "status": "bogus", "page": "2"},
    ).content.decode()
    query = urlencode({"program": engagement.program_id, "region": region})
    assert f'href="{reverse("collaboration:partnership_csv")}?{escape(query)}"' in html


def test_a_value_that_looks_like_a_formula_reaches_the_csv_as_text(client, user_of):
    district = Engagement.objects.order_by("-inquired_on", "-pk").first().team.district
    District.objects.filter(pk=district.pk).update(name='=HYPERLINK("http://evil.test","x")')
    client.force_login(user_of("facilitator@example.org"))
    _header, first, *_rows = _csv_rows(client.get(reverse("collaboration:partnership_csv")))
    assert first[0] == '\'=HYPERLINK("http://evil.test","x")'


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Lee-Ann", "Lee-Ann"),
        (None, ""),
        (datetime.date(2026, 11, 24), "2026-11-24"),
    ],
)
def test_a_spreadsheet_cell_never_starts_a_formula(value, cell):
    assert spreadsheet_cell(value) == cell


@pytest.mark.parametrize(
    "email", ["teacher@example.org", "superintendent@example.org", "union.president@example.org"]
)
def test_the_csv_is_refused_to_anyone_but_the_partnership_and_the_state(client, user_of, email):
    client.force_login(user_of(email))
    assert client.get(reverse("collaboration:partnership_csv")).status_code == 404
