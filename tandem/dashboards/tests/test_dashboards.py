"""The dashboards on the demo Commonwealth: who opens which, exact figures and drill-down for
a district's HR, the same suppressed cells in page, CSV and XLSX for a union leader, filters
from the address, and a public page with no name and no small group."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook

from tandem.dashboards import published
from tandem.dashboards.figures import RATING_FIGURES, Filters, behind, figures, filters_from
from tandem.evaluation.models import EvaluationCycle
from tandem.insights import services
from tandem.organizations.models import District
from tandem.people.models import Person, RoleGrant
from tandem.people.selectors import roles_of
from tandem.records.models import AccessLogEntry
from tandem.records.suppression import MINIMUM_GROUP

pytestmark = pytest.mark.django_db

YEAR = "2025-26"


@pytest.fixture
def district(user_of):
    return District.objects.get(pk=min(roles_of(user_of("hr@example.org")).personnel_districts))


def _dashboard(district, **params):
    return reverse("dashboards:district", args=[district.pk]), {"year": YEAR, **params}


def _rated_in_the_year(district):
    return EvaluationCycle.objects.filter(
        district=district,
        end_date__range=(datetime.date(2025, 7, 1), datetime.date(2026, 6, 30)),
        step="complete",
    )


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(response) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _hidden_labels(rows) -> list[str]:
    """Rows of a download whose last column says why they are not shown."""
    return [row[0] for row in rows[1:] if row[-1]]


# -- who may open what ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "state", "district_status", "drill"),
    [
        ("teacher@example.org", 404, 404, 404),
        ("union.president@example.org", 404, 200, 404),
        ("committee.chair@example.org", 404, 200, 404),
        ("hr@example.org", 404, 200, 200),
        ("analyst@example.org", 200, 200, 404),
        ("state.admin@example.org", 200, 200, 404),
    ],
)
def test_who_opens_which_dashboard(client, user_of, district, email, state, district_status, drill):
    client.force_login(user_of(email))
    assert client.get(reverse("dashboards:state")).status_code == state
    assert (
        client.get(reverse("dashboards:district", args=[district.pk])).status_code
        == district_status
    )
    url = reverse("dashboards:district_educators", args=[district.pk, "ratings"])
    assert client.get(url, {"row": "all", "column": "proficient"}).status_code == drill


def test_another_districts_hr_sees_neither_dashboard_nor_names(client, district):
    other = RoleGrant.objects.filter(role="district_hr").exclude(district=district).first().user
    client.force_login(other)
    assert client.get(reverse("dashboards:district", args=[district.pk])).status_code == 404
    url = reverse("dashboards:district_educators", args=[district.pk, "staff"])
    assert client.get(url, {"row": "all", "column": "4_10"}).status_code == 404
    assert client.get(reverse("dashboards:state")).status_code == 404


def test_anonymous_is_sent_to_sign_in_except_for_the_public_figures(client, district):
    for url in (
        reverse("dashboards:state"),
        reverse("dashboards:district", args=[district.pk]),
        reverse("dashboards:district_educators", args=[district.pk, "ratings"]),
    ):
        assert client.get(url).status_code == 302
    assert client.get(reverse("dashboards:public")).status_code == 200


# -- exact figures and drill-down ----------------------------------------------------------


def test_district_hr_sees_exact_counts_and_follows_one_to_its_educators(client, user_of, district):
    hr = user_of("hr@example.org")
    client.force_login(hr)
    url, params = _dashboard(district)
    page = client.get(url, params).content.decode()
    assert "Not shown" not in page
    # A rating counts in the year its cycle ended (July 1 to June 30), as the state report
    # counts it: a two-year plan begun the year before counts here, not there.
    rated = _rated_in_the_year(district).filter(overall_rating="proficient")
    expected = rated.count()
    assert expected > rated.filter(school_year__name=YEAR).count() > 0
    shown = figures(Filters(YEAR, district.pk), aggregates_only=False)["ratings"]
    assert shown.table.cell("all", "proficient") == expected
    links = re.findall(
        r'href="([^"]*/ratings/educators/\?[^"]*row=all[^"]*column=proficient)"', page
    )
    assert links, "the count links to the educators behind it"
    before = AccessLogEntry.objects.filter(user=hr).count()
    listing = client.get(links[0].replace("&amp;", "&"))
    assert listing.status_code == 200
    assert listing.context["page"].paginator.count == expected
    names = {str(c.person) for c in rated.select_related("person")}
    assert {str(record.person) for record, _e, _a in listing.context["rows"]} <= names
    # Every cycle listed on the page is logged as read by this HR user.
    assert AccessLogEntry.objects.filter(user=hr).count() - before == len(listing.context["rows"])


def test_a_staff_count_drills_down_to_the_employments_it_counts(client, user_of, district):
    client.force_login(user_of("hr@example.org"))
    shown = figures(Filters(YEAR, district.pk), aggregates_only=False)["staff"]
    count = shown.table.cell("teacher", "4_10")
    url = reverse("dashboards:district_educators", args=[district.pk, "staff"])
    listing = client.get(url, {"year": YEAR, "row": "teacher", "column": "4_10"})
    assert listing.context["page"].paginator.count == count > 0
    assert all(e.role_group == "teacher" for _r, e, _a in listing.context["rows"])


# -- the same suppression in every format --------------------------------------------------


def test_a_union_leader_sees_the_same_cells_hidden_in_page_csv_and_xlsx(client, user_of, district):
    client.force_login(user_of("union.president@example.org"))
    url, params = _dashboard(district)
    page = client.get(url, params)
    html = page.content.decode()
    assert "dashboard/ratings/educators/" not in html, "no drill-down for aggregates only"
    hidden_somewhere = False
    for shown in page.context["figures"]:
        figure = shown.figure
        on_page = [row.label for row in figure.rows if row.hidden]
        as_csv = _csv(client.get(url, {**params, "format": "csv", "table": figure.name}))
        as_xlsx = _xlsx(client.get(url, {**params, "format": "xlsx", "table": figure.name}))
        assert (
            [str(label) for label in on_page] == _hidden_labels(as_csv) == _hidden_labels(as_xlsx)
        )
        for rows in (as_csv, as_xlsx):
            for row in rows[1:]:
                if row[-1]:
                    assert all(cell == "" for cell in row[1:-1]), "nothing of a hidden row"
        hidden_somewhere = hidden_somewhere or bool(on_page)
        for row in figure.rows:
            if not row.hidden and row.total:
                assert row.total >= MINIMUM_GROUP
    assert hidden_somewhere, "the demo district has small groups to hide"
    assert html.count("Not shown:") >= 1


def test_the_exact_reader_and_the_leader_see_the_same_rows_but_not_the_same_cells(district):
    filters = Filters(YEAR, district.pk)
    exact = figures(filters, aggregates_only=False)
    counts = figures(filters, aggregates_only=True)
    assert exact.keys() == counts.keys()
    for name in exact:
        assert [r.key for r in exact[name].rows] == [r.key for r in counts[name].rows]
        for full, shown in zip(exact[name].rows, counts[name].rows, strict=True):
            if not shown.hidden:
                assert shown.cells == full.cells
    assert any(r.hidden for f in counts.values() for r in f.rows)


# -- filters -------------------------------------------------------------------------------


def test_filters_in_the_address_change_the_numbers(client, user_of, district):
    client.force_login(user_of("hr@example.org"))
    url, params = _dashboard(district)
    everyone = client.get(url, params).context["figures"]
    teachers = client.get(url, {**params, "role_group": "teacher"}).context["figures"]
    whole = {s.figure.name: s.figure for s in everyone}["ratings"].table.grand_total
    only = {s.figure.name: s.figure for s in teachers}["ratings"].table.grand_total
    expected = (
        _rated_in_the_year(district)
        .filter(employment__role_group="teacher")
        .exclude(overall_rating="")
        .count()
    )
    assert only == expected < whole
    as_csv = _csv(
        client.get(url, {**params, "role_group": "teacher", "format": "csv", "table": "ratings"})
    )
    assert as_csv[1][:2] == ["All", str(only)]


def test_a_bad_filter_is_named_and_filters_nothing(district, rf):
    filters, problems = filters_from({"year": "1999-00", "plan_type": "secret"}, district=district)
    assert filters.year == "2025-26" and filters.plan_type == ""
    assert len(problems) == 2 and "1999-00" in problems[0]


def test_the_state_dashboard_filters_to_one_district_and_its_schools(client, user_of, district):
    client.force_login(user_of("analyst@example.org"))
    page = client.get(reverse("dashboards:state"), {"year": YEAR, "district": district.pk})
    ratings = {s.figure.name: s.figure for s in page.context["figures"]}["ratings"]
    assert {row.key for row in ratings.rows} - {"all"} == set(
        district.schools.values_list("pk", flat=True)
    )
    assert "dashboard/ratings/educators/" not in page.content.decode()


# -- PDF and public figures ----------------------------------------------------------------


def _pdf_text(client, monkeypatch, url, params) -> str:
    """The text of the PDF the dashboard answers, as WeasyPrint laid it out to write it."""
    import weasyprint

    written = []

    class Recorded(weasyprint.HTML):
        def write_pdf(self, *args, **kwargs):
            written.append(self)
            return super().write_pdf(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", Recorded)
    response = client.get(url, {**params, "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(written) == 1

    def texts(box):
        if getattr(box, "text", None):
            yield box.text
        for child in getattr(box, "children", ()):
            yield from texts(child)

    return " ".join(" ".join(texts(page._page_box)) for page in written[0].render().pages)


def test_the_pdf_says_as_of_when_the_counts_were_decided(client, user_of, district, monkeypatch):
    client.force_login(user_of("union.president@example.org"))
    url, params = _dashboard(district)
    text = _pdf_text(client, monkeypatch, url, params)
    made = published.decision(YEAR).made_at
    assert f"Counts as of {date_format(timezone.localtime(made), 'DATETIME_FORMAT')}" in text
    assert "Summative ratings" in text
    client.force_login(user_of("hr@example.org"))
    assert "as of" not in _pdf_text(client, monkeypatch, url, params), "exact and live"


def test_ratings_read_from_the_precomputed_figures_agree_with_a_recount_and_say_as_of(
    client, user_of, district, monkeypatch
):
    """The dashboards' overall ratings are the insights' precomputed counts while recent: the
    same rows for exact readers and the same joint decision for readers of counts as counted
    from the records, said to be as of the build on the page and in the PDF; the due steps
    and the standards stay live, and so does the drill-down."""
    filters = Filters(YEAR, district.pk)
    live = figures(filters, aggregates_only=False)
    decided_live = published.make_decision(YEAR)
    build = services.figures_refresh()
    read = figures(filters, aggregates_only=False)
    for name in RATING_FIGURES:
        assert read[name].rows == live[name].rows, name
        assert read[name].as_of == build.built_at
    assert read["steps"].as_of is None and read["standards"].as_of is None
    decided = published.make_decision(YEAR)
    assert decided.made_at == build.built_at
    assert decided.views == decided_live.views
    row = next(r for r in read["ratings"].rows if r.key != "all" and r.total)
    assert behind(filters, "ratings", str(row.key), "proficient").count() == row.cells[1][0]

    client.force_login(user_of("hr@example.org"))
    url, params = _dashboard(district)
    when = date_format(timezone.localtime(build.built_at), "DATETIME_FORMAT")
    page = client.get(url, params).content.decode()
    assert f"Overall ratings counted as of {when}" in page
    assert f"Overall ratings counted as of {when}" in _pdf_text(client, monkeypatch, url, params)


def test_the_public_page_shows_no_name_and_no_small_group(client):
    page = client.get(reverse("dashboards:public"), {"year": YEAR})
    html = page.content.decode()
    for first, last in Person.objects.values_list("first_name", "last_name"):
        assert f"{first} {last}" not in html
        assert f"{last}, {first}" not in html
    from tandem.dashboards.public import public_figures

    shown = public_figures(Filters(YEAR))
    assert {f.name for f in shown} >= {"ratings", "equity_ineffective"}
    for figure in shown:
        for row in figure.rows:
            if not row.hidden and row.total:
                assert row.total >= MINIMUM_GROUP, (figure.name, row.label)
                present = [count for count, _share in row.cells if count]
                assert len(present) > 1, "an all-alike group is never shown"
    assert "Not shown:" in html


def test_home_and_the_district_page_link_to_the_dashboards(client, user_of, district):
    state, mine = reverse("dashboards:state"), reverse("dashboards:district", args=[district.pk])
    for email, expected, absent in [
        ("analyst@example.org", state, mine),
        ("hr@example.org", mine, state),
        ("union.president@example.org", mine, state),
    ]:
        client.force_login(user_of(email))
        home = client.get(reverse("home")).content.decode()
        assert f'href="{expected}"' in home and f'href="{absent}"' not in home
    client.force_login(user_of("teacher@example.org"))
    assert "/dashboard" not in client.get(reverse("home")).content.decode()
    page = client.get(reverse("organizations:district_detail", args=[district.pk]))
    assert f'href="{mine}"' not in page.content.decode()
    client.force_login(user_of("union.president@example.org"))
    page = client.get(reverse("organizations:district_detail", args=[district.pk]))
    assert f'href="{mine}"' in page.content.decode()


def test_every_exact_count_is_the_number_of_records_behind_it(district):
    filters = Filters(YEAR, district.pk)
    for name, figure in figures(filters, aggregates_only=False).items():
        for row in figure.rows:
            for (column, _label), (count, _share) in zip(figure.columns, row.cells, strict=True):
                found = behind(filters, name, str(row.key), column).count()
                assert found == count, (name, row.key, column)
