import difflib
import itertools
import json
import re

import pytest
from django.core.exceptions import ValidationError

from tandem.errors import DomainError
from tandem.rubrics import interchange, selectors, services
from tandem.rubrics.models import Element, Framework, FrameworkVersion
from tandem.rubrics.tests.factories import ElementFactory, published_framework_version

pytestmark = pytest.mark.django_db

SHIPPED = sorted(services.MODEL_FRAMEWORKS_DIR.glob("*.json"))


def test_the_four_model_rubrics_are_installed():
    assert set(Framework.objects.values_list("role_group", flat=True)) == {
        "teacher",
        "sisp",
        "school_admin",
        "superintendent",
    }


def test_the_teacher_rubric_has_4_standards_16_indicators_33_elements_and_is_published():
    version = FrameworkVersion.objects.get(framework__slug="ma-teacher-2012")
    assert version.is_published
    standards = list(selectors.standards_with_elements(version=version))
    assert [s.code for s in standards] == ["I", "II", "III", "IV"]
    indicators = [i for s in standards for i in s.indicators.all()]
    assert len(indicators) == 16
    assert len([e for i in indicators for e in i.elements.all()]) == 33
    assert (
        Element.objects.get(indicator__standard__framework_version=version, code="II-A-3").name
        == "Meeting Diverse Needs"
    )


@pytest.mark.parametrize("slug", ["ma-sisp-2012", "ma-school-admin-2012", "ma-superintendent-2012"])
def test_rubrics_with_unverified_element_lists_ship_as_drafts(slug):
    assert FrameworkVersion.objects.get(framework__slug=slug).status == "draft"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_no_two_descriptors_of_a_framework_are_more_than_60_percent_alike(path):
    """Issue 3: descriptors are our own, specific to their element, and distinct."""
    data = json.loads(path.read_text())
    texts = []
    for standard in data["standards"]:
        for indicator in standard["indicators"]:
            for element in indicator["elements"]:
                for level, text in element["descriptors"].items():
                    for token in (element["code"], element["name"]):
                        text = re.sub(re.escape(token), "", text, flags=re.IGNORECASE)
                    texts.append((f"{element['code']}/{level}", " ".join(text.split()).lower()))
    assert len(texts) >= 4 * 30
    too_alike = []
    for (a, ta), (b, tb) in itertools.combinations(texts, 2):
        matcher = difflib.SequenceMatcher(None, ta, tb)
        if (
            matcher.real_quick_ratio() > 0.6
            and matcher.quick_ratio() > 0.6
            and matcher.ratio() > 0.6
        ):
            too_alike.append((a, b))
    assert too_alike == []


def _csv(rows):
    header = ",".join(interchange.CSV_COLUMNS)
    return (header + "\n" + "\n".join(rows) + "\n").encode()


GOOD = 'I,Planning,,I-A,Units,,I-A-1,Unit design,"Plans units that colleagues borrow as models","Plans coherent units toward clear standards","Plans units that drift from the standards at times","Plans no units; lessons stand alone"'


def test_a_csv_with_bad_rows_reports_each_with_its_line_and_loads_nothing():
    before = FrameworkVersion.objects.count()
    bad_code = GOOD.replace("I-A-1,", "II-B-1,", 1).replace("Unit design", "Other")
    empty = 'I,Planning,,I-A,Units,,I-A-2,,"a","b","c","d"'
    with pytest.raises(interchange.ImportRejected) as rejected:
        interchange.parse_framework(
            upload=_csv([GOOD, bad_code, empty]),
            file_format="csv",
            meta={
                "slug": "lowell-teacher",
                "name": "Lowell",
                "role_group": "teacher",
                "edition": "2026",
            },
        )
    problems = rejected.value.problems
    assert any(
        p.startswith("line 3:") and "does not belong to indicator I-A" in p for p in problems
    )
    assert any(p.startswith("line 4:") and "element_name is empty" in p for p in problems)
    assert FrameworkVersion.objects.count() == before


def test_a_csv_missing_columns_is_refused_on_line_1():
    with pytest.raises(interchange.ImportRejected) as rejected:
        interchange.parse_framework(upload=b"standard_code,name\nI,x\n", file_format="csv", meta={})
    assert rejected.value.problems[0].startswith("Line 1:")


def test_malformed_json_names_its_line():
    with pytest.raises(interchange.ImportRejected) as rejected:
        interchange.parse_framework(upload=b'{\n "standards": [\n oops]}', file_format="json")
    assert "Line 3" in rejected.value.problems[0]


def test_a_framework_exported_as_csv_imports_back_identical():
    version = FrameworkVersion.objects.get(framework__slug="ma-teacher-2012")
    exported = interchange.export_csv(selectors.standards_with_elements(version=version))
    document = interchange.parse_framework(
        upload=exported.encode(),
        file_format="csv",
        meta={"slug": "copy-teacher", "name": "Copy", "role_group": "teacher", "edition": "2012"},
    )
    copy = services.framework_version_create(document=document)
    again = interchange.export_csv(selectors.standards_with_elements(version=copy))
    assert again == exported


def test_a_published_version_cannot_be_changed():
    version = published_framework_version()
    element = Element.objects.get(indicator__standard__framework_version=version)
    element.proficient = "changed"
    with pytest.raises(ValidationError):
        element.save()
    version.note = "changed"
    with pytest.raises(ValidationError):
        version.save()


def test_revising_a_published_version_makes_a_new_draft_and_keeps_the_old(user_of):
    version = FrameworkVersion.objects.get(framework__slug="ma-teacher-2012")
    draft = services.framework_version_revise(
        version_id=version.pk, by=user_of("state.admin@example.org")
    )
    assert (draft.number, draft.status, draft.based_on_id) == (2, "draft", version.pk)
    assert Element.objects.filter(indicator__standard__framework_version=draft).count() == 33
    version.refresh_from_db()
    assert version.is_published


def test_publishing_with_a_stale_version_number_is_refused():
    draft = ElementFactory().indicator.standard.framework_version
    with pytest.raises(DomainError):
        services.framework_version_publish(version_id=draft.pk, version=draft.version + 1, by=None)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_import_page_lists_problems_and_stores_nothing(client, user_of):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(user_of("state.admin@example.org"))
    before = FrameworkVersion.objects.count()
    upload = SimpleUploadedFile("f.csv", _csv([GOOD, GOOD]), content_type="text/csv")
    response = client.post(
        "/rubrics/import/",
        {
            "file": upload,
            "file_format": "csv",
            "slug": "dup",
            "name": "Dup",
            "role_group": "teacher",
            "edition": "1",
        },
    )
    assert response.status_code == 200
    assert "line 3: element I-A-1 appears twice." in response.content.decode()
    assert FrameworkVersion.objects.count() == before


def test_a_district_administrator_may_not_publish_the_states_model_framework(client, user_of):
    client.force_login(user_of("district.admin@example.org"))
    draft = FrameworkVersion.objects.get(framework__slug="ma-sisp-2012")
    response = client.post(f"/rubrics/versions/{draft.pk}/publish/", {"version": draft.version})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.fixture
def state_draft():
    """A state draft no district has adopted yet (the demo's first district has adopted the
    shipped ones)."""
    source = FrameworkVersion.objects.get(framework__slug="ma-sisp-2012")
    standards = source.standards.prefetch_related("indicators__elements")
    document = interchange.parse_framework(
        upload=interchange.export_json(source, standards).encode(), file_format="json"
    )
    document.slug, document.name = "state-draft-test", "A state draft"
    return services.framework_version_create(document=document)


def test_the_demos_first_district_has_published_its_own_copies_of_the_state_drafts():
    own = FrameworkVersion.objects.filter(framework__district__isnull=False, status="published")
    assert {v.based_on.framework.slug for v in own} == {
        "ma-sisp-2012",
        "ma-school-admin-2012",
        "ma-superintendent-2012",
    }


def test_a_district_adopts_a_state_draft_checks_it_and_publishes_its_own_copy(
    client, user_of, state_draft
):
    admin = user_of("district.admin@example.org")
    client.force_login(admin)
    page = client.get(f"/rubrics/versions/{state_draft.pk}/").content.decode()
    assert "Adopt for" in page
    response = client.post(
        f"/rubrics/versions/{state_draft.pk}/adopt/",
        {"district": str(next(iter(_admin_districts(admin))))},
    )
    own = FrameworkVersion.objects.get(framework__district__isnull=False, based_on=state_draft)
    assert response.headers["Location"] == f"/rubrics/versions/{own.pk}/"
    assert _structure(own) == _structure(state_draft)
    response = client.post(f"/rubrics/versions/{own.pk}/publish/", {"version": own.version})
    own.refresh_from_db()
    state_draft.refresh_from_db()
    assert (own.status, state_draft.status) == ("published", "draft")


def test_a_district_adopts_a_framework_once(user_of, state_draft):
    from tandem.organizations.models import District

    admin = user_of("district.admin@example.org")
    district = District.objects.get(pk=next(iter(_admin_districts(admin))))
    services.framework_adopt(version_id=state_draft.pk, district=district, by=admin)
    with pytest.raises(DomainError, match="already adopted"):
        services.framework_adopt(version_id=state_draft.pk, district=district, by=admin)


@pytest.mark.parametrize(
    "email",
    ["teacher@example.org", "principal@example.org", "hr@example.org", "analyst@example.org"],
)
def test_only_a_district_administrator_may_adopt_for_their_district(
    client, user_of, email, state_draft
):
    from tandem.organizations.models import District

    client.force_login(user_of(email))
    assert "Adopt for" not in client.get(f"/rubrics/versions/{state_draft.pk}/").content.decode()
    for district_id in District.objects.values_list("pk", flat=True):
        response = client.post(
            f"/rubrics/versions/{state_draft.pk}/adopt/", {"district": str(district_id)}
        )
        assert response.status_code == 403
    assert not Framework.objects.filter(slug__startswith="state-draft-test-").exists()


def test_a_district_administrator_may_not_adopt_for_another_district(client, user_of, state_draft):
    from tandem.organizations.models import District

    admin = user_of("district.admin@example.org")
    client.force_login(admin)
    other = District.objects.exclude(pk__in=_admin_districts(admin)).first()
    response = client.post(f"/rubrics/versions/{state_draft.pk}/adopt/", {"district": other.pk})
    assert response.status_code == 403


def _admin_districts(user):
    from tandem.people.models import RoleGrant
    from tandem.people.selectors import roles_of

    return roles_of(user).districts_with(RoleGrant.Role.DISTRICT_ADMIN)


def _structure(version):
    return list(
        Element.objects.filter(indicator__standard__framework_version=version)
        .order_by("code")
        .values_list(
            "code", "name", "exemplary", "proficient", "needs_improvement", "unsatisfactory"
        )
    )
