"""The Ed-Fi API's organizations, staff and rubric definitions (issue 12, item 4): the export's
documents, paged and filtered as the Ed-Fi resources API does, to those who may read them."""

import json
from decimal import Decimal

import pytest

from tandem.interop import selectors, services
from tandem.interop.documents import organizations as organization_documents
from tandem.interop.documents import staff as staff_documents
from tandem.interop.documents.markup import text
from tandem.interop.tests.conformance import _resources, problems
from tandem.interop.writers import Interchanges
from tandem.licensure.models import License
from tandem.organizations.models import District, School
from tandem.people.models import Employment, Person
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db

API = "/api/ed-fi"
ORGANIZATIONS = ["localEducationAgencies", "schools"]
STAFF = [
    "staffs",
    "credentials",
    "staffEducationOrganizationEmploymentAssociations",
    "staffEducationOrganizationAssignmentAssociations",
    "staffSchoolAssociations",
]
DEFINITIONS = ["evaluationObjectives", "evaluationElements", "rubricDimensions"]
# Each staff resource's entity in the export, to compare the two.
ENTITY = {
    "staffs": "Staff",
    "credentials": "Credential",
    "staffEducationOrganizationEmploymentAssociations": (
        "StaffEducationOrganizationEmploymentAssociation"
    ),
    "staffEducationOrganizationAssignmentAssociations": (
        "StaffEducationOrganizationAssignmentAssociation"
    ),
    "staffSchoolAssociations": "StaffSchoolAssociation",
}


@pytest.fixture
def hr(user_of):
    return user_of("hr@example.org")


def _district(user):
    return user.role_grants.get().district


def _all(client, resource, **filters) -> list[dict]:
    """Every document of a resource, page by page."""
    out, offset = [], 0
    while page := client.get(f"{API}/{resource}", {"limit": 500, "offset": offset, **filters}):
        documents = page.json()
        out += documents
        if len(documents) < 500:
            return out
        offset += 500
    return out


def _total(client, resource, **filters) -> int:
    response = client.get(f"{API}/{resource}", {"limit": 1, "totalCount": "true", **filters})
    assert response.status_code == 200
    return int(response["Total-Count"])


@pytest.fixture
def exported(tmp_path, hr):
    """The HR user's district export: its entity counts and its folder."""
    result = services.edfi_export_write(
        district=_district(hr), folder=tmp_path, reader=hr, path="/test"
    )
    return result["counts"], tmp_path


@pytest.mark.parametrize("resource", STAFF)
def test_the_district_hr_reads_every_staff_entity_its_export_holds(
    signed_in, hr, exported, resource
):
    counts, _folder = exported
    assert _total(signed_in(hr), resource) == counts[ENTITY[resource]] > 0


@pytest.mark.parametrize("resource", DEFINITIONS)
def test_the_rubric_definitions_are_the_exports_documents(signed_in, hr, exported, resource):
    _counts, folder = exported
    written = json.loads((folder / "json" / f"{resource}.json").read_text())
    served = _all(signed_in(hr), resource)
    key = lambda d: json.dumps(d, sort_keys=True)  # noqa: E731
    assert sorted(map(key, served)) == sorted(map(key, written))
    validator = _resources()[resource]
    assert [e.message for d in served[:50] for e in validator.iter_errors(d)] == []


def _leaves(value) -> set[str]:
    """The values of a JSON document or an XML node's children, written alike."""
    if isinstance(value, dict):
        return set().union(*map(_leaves, value.values()))
    if isinstance(value, list):
        return set().union(*map(_leaves, value)) if value else set()
    if isinstance(value, tuple):  # an XML node
        return _leaves(value[1])
    if isinstance(value, float | int) and not isinstance(value, bool):
        return {text(Decimal(str(value)))}
    return set() if value is None else {text(value)}


def _twins():
    """A few of each core entity as (interchange, XML node, JSON document)."""
    for district in selectors.districts(None)[:2]:
        yield (
            "EducationOrganization",
            organization_documents.local_education_agency(district),
            organization_documents.local_education_agency_json(district),
        )
    for school in selectors.schools(None)[:3]:
        yield (
            "EducationOrganization",
            organization_documents.school(school),
            organization_documents.school_json(school),
        )
    for license in License.objects.filter(person__state_id__isnull=False)[:3]:
        yield (
            "StaffAssociation",
            staff_documents.credential(license),
            staff_documents.credential_json(license),
        )
    for employment in selectors.employments(None)[:3]:
        numbers = list(employment.person.licenses.values_list("license_number", flat=True))
        yield (
            "StaffAssociation",
            staff_documents.staff(employment.person, numbers),
            staff_documents.staff_json(employment.person, numbers),
        )
        yield (
            "StaffAssociation",
            staff_documents.employment_association(employment),
            staff_documents.employment_association_json(employment),
        )
    for assignment in selectors.assignments(None).filter(school__isnull=False)[:3]:
        yield (
            "StaffAssociation",
            staff_documents.assignment_association(assignment),
            staff_documents.assignment_association_json(assignment),
        )
        yield (
            "StaffAssociation",
            staff_documents.school_association(assignment),
            staff_documents.school_association_json(assignment),
        )


def test_each_core_document_says_what_its_schema_valid_xml_twin_says(tmp_path):
    """The kit has no JSON schema for Data Standard entities: each JSON document holds the same
    values as its XML twin, and the twins validate against the official XSDs."""
    twins = list(_twins())
    with Interchanges(tmp_path) as out:
        for interchange, node, _document in twins:
            out.xml(interchange, node)
    assert problems(tmp_path) == []
    assert len({node[0] for _, node, _ in twins}) == 7
    for _interchange, node, document in twins:
        assert _leaves(document) == _leaves(node), node[0]


@pytest.mark.parametrize("resource", [*ORGANIZATIONS, *STAFF, *DEFINITIONS])
def test_pages_follow_one_another(signed_in, hr, resource):
    client = signed_in(hr)
    whole = client.get(f"{API}/{resource}", {"limit": 40, "offset": 3}).json()
    assert len(whole) == min(40, _total(client, resource) - 3)
    pieces = [
        client.get(f"{API}/{resource}", {"limit": limit, "offset": offset}).json()
        for offset, limit in [(3, 7), (10, 13), (23, 20)]
    ]
    assert [d for piece in pieces for d in piece] == whole


@pytest.mark.parametrize("resource", [*STAFF, *DEFINITIONS])
@pytest.mark.parametrize(
    "email", ["teacher@example.org", "principal@example.org", "analyst@example.org"]
)
def test_who_may_not_export_reads_no_staff_or_definitions(signed_in, user_of, resource, email):
    response = signed_in(user_of(email)).get(f"{API}/{resource}")
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not AccessLogEntry.objects.filter(user__email=email).exists()


@pytest.mark.parametrize("resource", [*ORGANIZATIONS, *STAFF, *DEFINITIONS])
def test_no_one_signed_out_reads_anything(client, resource):
    assert client.get(f"{API}/{resource}").status_code == 401


@pytest.mark.parametrize("resource", ORGANIZATIONS)
def test_organizations_are_open_to_every_signed_in_user(signed_in, user_of, resource):
    response = signed_in(user_of("teacher@example.org")).get(f"{API}/{resource}", {"limit": 500})
    assert response.status_code == 200
    model = District if resource == "localEducationAgencies" else School
    assert len(response.json()) == model.objects.count()


def _elsewhere(hr) -> Person:
    """A person with a state identifier and a license, employed only outside the HR's district."""
    here = Employment.objects.filter(district=_district(hr)).values("person_id")
    return (
        Person.objects.filter(state_id__isnull=False, employments__isnull=False)
        .exclude(pk__in=here)
        .filter(licenses__isnull=False, employments__assignments__school__isnull=False)
        .first()
    )


@pytest.mark.parametrize("resource", [r for r in STAFF if r != "credentials"])
def test_a_districts_hr_does_not_read_another_districts_staff(signed_in, hr, resource):
    person = _elsewhere(hr)
    client = signed_in(hr)
    assert client.get(f"{API}/{resource}", {"staffUniqueId": person.state_id}).json() == []


def test_a_districts_hr_does_not_read_another_districts_licenses(signed_in, hr):
    license = License.objects.filter(person=_elsewhere(hr)).first()
    client = signed_in(hr)
    found = client.get(f"{API}/credentials", {"credentialIdentifier": license.license_number})
    assert found.json() == []


@pytest.mark.parametrize("resource", [r for r in STAFF if r != "credentials"])
def test_the_state_administrator_reads_every_districts_staff(signed_in, user_of, hr, resource):
    person = _elsewhere(hr)
    client = signed_in(user_of("state.admin@example.org"))
    found = client.get(f"{API}/{resource}", {"staffUniqueId": person.state_id}).json()
    assert found
    ids = {
        d["staffUniqueId"] if "staffUniqueId" in d else d["staffReference"]["staffUniqueId"]
        for d in found
    }
    assert ids == {person.state_id}


def test_another_districts_hr_reads_its_own_and_not_the_first(signed_in, hr, user_of):
    from tandem.people.models import RoleGrant

    other = (
        RoleGrant.objects.filter(role="district_hr").exclude(district=_district(hr)).first().user
    )
    codes = {
        d["educationOrganizationReference"]["educationOrganizationId"]
        for d in _all(signed_in(other), "staffEducationOrganizationEmploymentAssociations")
    }
    assert codes == {int(_district(other).org_code)}


def test_every_personnel_record_read_is_logged(signed_in, hr):
    client = signed_in(hr)
    resource = "staffEducationOrganizationEmploymentAssociations"
    served = client.get(f"{API}/{resource}", {"limit": 7, "offset": 4}).json()
    logged = AccessLogEntry.objects.filter(user=hr, channel=AccessLogEntry.Channel.API)
    assert logged.count() == len(served) == 7
    employments = Employment.objects.filter(pk__in=logged.values("object_id"))
    assert {e.person.state_id for e in employments} == {
        d["staffReference"]["staffUniqueId"] for d in served
    }


def test_reading_staff_logs_their_personnel_records_in_the_district(signed_in, hr):
    served = signed_in(hr).get(f"{API}/staffs", {"limit": 5}).json()
    logged = AccessLogEntry.objects.filter(user=hr, channel=AccessLogEntry.Channel.API)
    ids = {d["staffUniqueId"] for d in served}
    assert set(logged.values_list("object_id", flat=True)) == set(
        Employment.objects.filter(person__state_id__in=ids, district=_district(hr)).values_list(
            "pk", flat=True
        )
    )


def test_a_staff_lists_their_credentials(signed_in, hr):
    person = (
        Person.objects.filter(employments__district=_district(hr), licenses__isnull=False)
        .exclude(state_id=None)
        .first()
    )
    (found,) = signed_in(hr).get(f"{API}/staffs", {"staffUniqueId": person.state_id}).json()
    numbers = {c["credentialReference"]["credentialIdentifier"] for c in found["credentials"]}
    assert numbers == set(person.licenses.values_list("license_number", flat=True))


def test_the_key_filters_narrow(signed_in, hr):
    client = signed_in(hr)
    school = School.objects.filter(district=_district(hr)).first()
    school_id = int(school.org_code)
    at_school = _all(client, "staffSchoolAssociations", schoolId=school_id)
    assert at_school and {d["schoolReference"]["schoolId"] for d in at_school} == {school_id}
    assigned = _all(
        client,
        "staffEducationOrganizationAssignmentAssociations",
        educationOrganizationId=school_id,
    )
    assert {d["educationOrganizationReference"]["educationOrganizationId"] for d in assigned} == {
        school_id
    }
    district_id = int(_district(hr).org_code)
    schools = _all(client, "schools", localEducationAgencyId=district_id)
    assert len(schools) == School.objects.filter(district=_district(hr)).count()
    (one,) = client.get(f"{API}/schools", {"schoolId": school_id}).json()
    assert one["nameOfInstitution"] == school.name
    leas = client.get(f"{API}/localEducationAgencies", {"localEducationAgencyId": district_id})
    (lea,) = leas.json()
    assert lea["localEducationAgencyId"] == district_id


def test_the_rubric_filters_narrow_to_one_element(signed_in, hr):
    client = signed_in(hr)
    element = client.get(f"{API}/evaluationElements", {"limit": 1, "offset": 9}).json()[0]
    reference = element["evaluationObjectiveReference"]
    wanted = {
        "educationOrganizationId": reference["educationOrganizationId"],
        "schoolYear": reference["schoolYear"],
        "performanceEvaluationTypeDescriptor": reference["performanceEvaluationTypeDescriptor"],
        "evaluationTitle": reference["evaluationTitle"],
        "evaluationObjectiveTitle": reference["evaluationObjectiveTitle"],
        "evaluationElementTitle": element["evaluationElementTitle"],
    }
    assert client.get(f"{API}/evaluationElements", wanted).json() == [element]
    dimensions = client.get(f"{API}/rubricDimensions", wanted).json()
    assert [d["dimensionOrder"] for d in dimensions] == [1, 2, 3, 4]
    assert _total(client, "evaluationObjectives", evaluationTitle="No such rubric") == 0


@pytest.mark.parametrize(
    "query",
    [
        {"schoolId": "-1"},
        {"schoolId": "x"},
        {"staffUniqueId": "9" * 33},
        {"hireDate": "2024-13-01"},
        {"evaluationElementTitle": "x" * 256},
    ],
)
def test_a_bad_filter_is_refused_with_a_message(signed_in, hr, query):
    resource = {
        "schoolId": "schools",
        "staffUniqueId": "staffs",
        "hireDate": "staffEducationOrganizationEmploymentAssociations",
        "evaluationElementTitle": "rubricDimensions",
    }[next(iter(query))]
    response = signed_in(hr).get(f"{API}/{resource}", query)
    assert response.status_code == 422
    assert response.json()["detail"]


@pytest.mark.parametrize("resource", [*ORGANIZATIONS, *STAFF, *DEFINITIONS])
def test_a_page_takes_the_same_queries_however_deep(
    signed_in, hr, resource, django_assert_num_queries
):
    client = signed_in(hr)
    last = _total(client, resource) - 2
    with django_assert_num_queries(QUERIES[resource]):
        shallow = client.get(f"{API}/{resource}", {"limit": 2})
    with django_assert_num_queries(QUERIES[resource]):
        deep = client.get(f"{API}/{resource}", {"limit": 2, "offset": last})
    assert len(shallow.json()) == len(deep.json()) == 2


QUERIES = {
    "localEducationAgencies": 8,
    "schools": 8,
    "staffs": 11,
    "credentials": 8,
    "staffEducationOrganizationEmploymentAssociations": 10,
    "staffEducationOrganizationAssignmentAssociations": 9,
    "staffSchoolAssociations": 9,
    "evaluationObjectives": 11,
    "evaluationElements": 11,
    "rubricDimensions": 11,
}


def test_every_resource_is_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for resource in [*ORGANIZATIONS, *STAFF, *DEFINITIONS]:
        operation = paths[f"{API}/{resource}"]["get"]
        names = {p["name"] for p in operation["parameters"]}
        assert {"offset", "limit", "totalCount"} <= names, resource
