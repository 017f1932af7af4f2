"""The evaluation interchange comes in (issue 12 items 2, 3): TPDM ratings as ratings from
before Tandem, every unknown descriptor and broken reference named, and the round trip."""

import datetime
import re
import shutil
from collections import Counter

import pytest
from django.db import transaction
from django.urls import reverse
from lxml import etree

from tandem.evaluation.models import PriorRating, StandardRating, SummativeEvaluation
from tandem.evaluation.tests.factories import (
    EvaluationCycleFactory,
    PriorRatingFactory,
    SummativeEvaluationFactory,
)
from tandem.imports.models import ImportRun
from tandem.imports.tests.factories import applied, checked
from tandem.imports.tests.test_edfi import example, problems_of, xml_file
from tandem.imports.tests.test_edfi_round_trip import Emptied, export, small_district
from tandem.interop.documents.keys import rating_moment
from tandem.interop.tests.canonical import diff, entities
from tandem.organizations.models import District
from tandem.organizations.tests.factories import (
    DistrictFactory,
    SchoolYearFactory,
    StateAgencyFactory,
)
from tandem.people.models import Employment, RoleGrant
from tandem.people.tests.factories import EmploymentFactory, PersonFactory, RoleGrantFactory
from tandem.rubrics.models import FrameworkVersion
from tandem.rubrics.tests.factories import ElementFactory, FrameworkVersionFactory

pytestmark = pytest.mark.django_db
RATINGS = "PerformanceEvaluation.xml"
YEARS = {
    "2023-24": (datetime.date(2023, 8, 28), datetime.date(2024, 6, 14)),
    "2024-25": (datetime.date(2024, 8, 27), datetime.date(2025, 6, 13)),
}


def school_years(district) -> dict:
    """The district's years: Tandem keeps them, Ed-Fi's organizations carry none."""
    return {
        name: SchoolYearFactory(district=district, name=name, start_date=start, end_date=end)
        for name, (start, end) in YEARS.items()
    }


def ratings(district, by, data: bytes):
    return checked(district=district, by=by, upload=xml_file(data), kind="edfi_ratings")


def four_standards() -> FrameworkVersion:
    """A published framework version with Standards I to IV, one element each."""
    version = FrameworkVersionFactory()
    for position, code in enumerate(("I", "II", "III", "IV"), start=1):
        ElementFactory(
            indicator__standard__framework_version=version,
            indicator__standard__code=code,
            indicator__standard__position=position,
        )
    FrameworkVersion.objects.filter(pk=version.pk).update(
        status=FrameworkVersion.Status.PUBLISHED, published_at=datetime.datetime.now(datetime.UTC)
    )
    return version


def rated_district():
    """``small_district`` with its years, ratings from before Tandem (one with no standards,
    one with Standard IV not recorded) and the teacher's signed summative of 2024-25."""
    district = small_district()
    years = school_years(district)
    of = {e.person.state_id: e for e in Employment.objects.filter(district=district)}
    teacher = of["10234567"]
    PriorRatingFactory(employment=teacher, school_year=years["2023-24"], standard_4="")
    PriorRatingFactory(
        employment=of["10234568"],
        school_year=years["2023-24"],
        plan_type="improvement",
        overall_rating="unsatisfactory",
        standard_1="",
        standard_2="",
        standard_3="",
        standard_4="",
        evaluated_on=datetime.date(2024, 4, 30),
    )
    PriorRatingFactory(
        employment=of["10234569"],
        school_year=years["2024-25"],
        plan_type="developing",
        overall_rating="exemplary",
        standard_2="exemplary",
        evaluated_on=datetime.date(2025, 5, 30),
    )
    version = four_standards()
    cycle = EvaluationCycleFactory(
        employment=teacher, school_year=years["2024-25"], framework_version=version
    )
    summative = SummativeEvaluationFactory(
        cycle=cycle,
        overall_rating="proficient",
        status=SummativeEvaluation.Status.LOCKED,
        shared_at=datetime.datetime(2025, 5, 20, 14, 30, tzinfo=datetime.UTC),
    )
    for standard, level in zip(
        version.standards.order_by("position"),
        ["exemplary", "proficient", "needs_improvement", "proficient"],
        strict=True,
    ):
        StandardRating.objects.create(summative=summative, standard=standard, level=level)
    return district, summative


def as_prior(summative) -> None:
    """What the summative arrives as elsewhere: a rating from before Tandem (the summative is
    made a draft, which the export leaves out)."""
    cycle = summative.cycle
    levels = dict(
        StandardRating.objects.filter(summative=summative).values_list(
            "standard__position", "level"
        )
    )
    PriorRating.objects.create(
        employment=cycle.employment,
        school_year=cycle.school_year,
        plan_type=cycle.plan_type,
        overall_rating=summative.overall_rating,
        **{f"standard_{n}": levels.get(n, "") for n in range(1, 5)},
        evaluated_on=rating_moment(summative.shared_at, cycle.end_date).date(),
    )
    SummativeEvaluation.objects.filter(pk=summative.pk).update(
        status=SummativeEvaluation.Status.DRAFT
    )


def _tags(found) -> Counter:
    return Counter(etree.QName(e).localname for e in found)


def _only(first, second) -> list:
    """The entities of ``first`` (canonical) that ``second`` does not hold."""
    theirs = {etree.tostring(e, method="c14n") for e in entities(second)}
    return [e for e in entities(first) if etree.tostring(e, method="c14n") not in theirs]


def test_an_export_with_ratings_round_trips_the_signed_summative_as_a_prior_rating(tmp_path):
    kept, expected = tmp_path / "kept", tmp_path / "expected"
    kept.mkdir()
    with pytest.raises(Emptied), transaction.atomic():
        district, summative = rated_district()
        reader = RoleGrantFactory(district=district).user
        first = export(tmp_path / "first", district, reader)
        for path in first.glob("*.xml"):
            shutil.copy(path, kept / path.name)
        as_prior(summative)
        export(expected, district, reader)
        raise Emptied
    assert not District.objects.filter(org_code="00350000").exists()

    state = StateAgencyFactory()
    admin = RoleGrantFactory(district=None, role=RoleGrant.Role.STATE_ADMIN).user
    for kind, name, scope in (
        ("edfi_organizations", "EducationOrganization.xml", {"state": state}),
        ("edfi_staff", "StaffAssociation.xml", None),
        ("edfi_ratings", RATINGS, None),
    ):
        if scope is None:
            scope = {"district": District.objects.get(org_code="00350000")}
            if kind == "edfi_staff":
                school_years(scope["district"])
        run = checked(by=admin, upload=xml_file((kept / name).read_bytes()), kind=kind, **scope)
        assert problems_of(run) == [], kind
        applied(run, by=admin)
    district = District.objects.get(org_code="00350000")
    assert PriorRating.objects.filter(employment__district=district).count() == 4

    second = export(tmp_path / "second", district, admin)
    names = sorted(p.name for p in kept.glob("*.xml"))
    assert names == sorted(p.name for p in second.glob("*.xml"))
    for name in names:
        if name != RATINGS:
            assert diff(kept / name, second / name) == [], name
    assert diff(expected / RATINGS, second / RATINGS) == []
    # Exactly one difference: the signed summative's rating now stands as a prior rating.
    gone, came = _only(kept / RATINGS, second / RATINGS), _only(second / RATINGS, kept / RATINGS)
    assert _tags(gone) == {
        "Evaluation": 1,  # the framework version's rubric, which no rating uses now
        "EvaluationObjective": 4,
        "EvaluationElement": 4,
        "RubricDimension": 16,
        "PerformanceEvaluationRating": 1,
        "EvaluationRating": 1,
        "EvaluationObjectiveRating": 4,
    }
    # (The rubric of ratings from before Tandem stands under 2024-25's Developing Educator
    # Plan already: the principal's rating uses it.)
    assert _tags(came) == {
        "PerformanceEvaluationRating": 1,
        "EvaluationRating": 1,
        "EvaluationObjectiveRating": 4,
    }
    ns = "{http://ed-fi.org/5.2.0}"
    for entity in gone + came:
        people = {n.text for n in entity.iter(f"{ns}PersonId")}
        assert people <= {"10234567"}
        assert {n.text for n in entity.iter(f"{ns}SchoolYear")} == {"2024-2025"}

    again = ratings(district, admin, (kept / RATINGS).read_bytes())
    assert (again.status, again.added, again.changed) == (ImportRun.Status.UNCHANGED, 0, 0)


@pytest.fixture
def exported(tmp_path):
    """A district's export of one rating from before Tandem, the rating then removed."""
    rating = PriorRatingFactory(
        employment__person__state_id="10234567", standard_4="", overall_rating="proficient"
    )
    district = rating.employment.district
    hr = RoleGrantFactory(district=district)
    folder = export(tmp_path / "out", district, hr.user)
    data = (folder / RATINGS).read_bytes()
    return hr, rating, data


def test_a_tandem_export_imported_again_changes_nothing(exported):
    hr, rating, data = exported
    run = ratings(hr.district, hr.user, data)
    assert problems_of(run) == [] and run.status == ImportRun.Status.UNCHANGED
    rating.delete()
    run = ratings(hr.district, hr.user, data)
    assert (run.status, run.added) == (ImportRun.Status.READY, 1)
    applied(run, by=hr.user)
    back = PriorRating.objects.get()
    assert (back.school_year.name, back.plan_type, back.overall_rating) == (
        "2023-24",
        "self_directed",
        "proficient",
    )
    assert (back.standard_1, back.standard_4, back.evaluated_on) == (
        "proficient",
        "",
        datetime.date(2024, 5, 20),
    )
    assert back.history.get().history_user == hr.user
    assert ratings(hr.district, hr.user, data).status == ImportRun.Status.UNCHANGED


def _in_rating(data: bytes, old: bytes, new: bytes) -> bytes:
    """``data`` with ``old`` replaced inside the PerformanceEvaluationRating only."""
    start = data.index(b"<PerformanceEvaluationRating>")
    end = data.index(b"</PerformanceEvaluationRating>")
    part = data[start:end]
    assert old in part
    return data[:start] + part.replace(old, new) + data[end:]


def test_a_bad_level_is_named_and_nothing_changes(exported):
    hr, rating, data = exported
    rating.delete()
    unknown = _in_rating(data, b"#Proficient</PerformanceEvaluationRatingLevel>", b"#Superb<")
    unknown = unknown.replace(b"#Superb<", b"#Superb</PerformanceEvaluationRatingLevel>")
    wrong = _in_rating(
        data,
        b"PerformanceEvaluationRatingLevelDescriptor#Proficient",
        b"EvaluationRatingLevelDescriptor#Proficient",
    )
    for changed, reason in (
        (
            unknown,
            "is not one of Tandem's own PerformanceEvaluationRatingLevelDescriptor values",
        ),
        (wrong, "is not one of Tandem's rating levels"),
    ):
        run = ratings(hr.district, hr.user, changed)
        ((_line, column, value, found),) = problems_of(run)
        assert column == "PerformanceEvaluationRatingLevel"
        assert found.startswith(reason) and value.rsplit("#", 1)[1] in ("Superb", "Proficient")
        assert run.status == ImportRun.Status.PROBLEMS
    assert not PriorRating.objects.exists()


def test_a_person_not_in_tandem_or_not_of_the_district_is_named(exported):
    hr, rating, data = exported
    rating.delete()
    EmploymentFactory(person=PersonFactory(state_id="10299999"))  # another district's
    for person, reason in (
        (b"10200000", "is not the state identifier of an educator in Tandem"),
        (b"10299999", "is an educator with no employment in this district"),
    ):
        run = ratings(hr.district, hr.user, _in_rating(data, b"10234567", person))
        found = [(c, v, r) for _line, c, v, r in problems_of(run)]
        assert found[0][:2] == ("PersonId", person.decode())
        assert found[0][2].startswith(reason)
    assert not PriorRating.objects.exists()


def test_an_unknown_year_and_a_rating_of_no_evaluation_in_the_file_are_named(exported):
    hr, rating, data = exported
    rating.delete()
    other_year = re.sub(rb"2023-2024", b"2030-2031", data)
    run = ratings(hr.district, hr.user, other_year)
    assert ("SchoolYear", "2030-2031") in [(c, v) for _l, c, v, _r in problems_of(run)]
    renamed = _in_rating(data, b"Educator evaluation (603 CMR 35)", b"Another evaluation")
    run = ratings(hr.district, hr.user, renamed)
    found = problems_of(run)
    # The rating's reference, and the rubric rating's to the rating as the file keyed it.
    assert [(c, r) for _l, c, _v, r in found] == [
        (
            "PerformanceEvaluationReference",
            "refers to a performance evaluation that is not in the file",
        ),
        (
            "PerformanceEvaluationRatingReference",
            "refers to a performance evaluation rating that is not in the file",
        ),
    ]
    assert "Another evaluation" in found[0][2]
    assert not PriorRating.objects.exists()


def test_the_kits_interchange_is_refused_with_every_unknown_descriptor_and_reference_named():
    hr = RoleGrantFactory(district=DistrictFactory(org_code="00900001", name="Example ISD"))
    school_years(hr.district)
    run = ratings(hr.district, hr.user, example("PerformanceEvaluation"))
    found = problems_of(run)
    assert run.status == ImportRun.Status.PROBLEMS
    reasons = {(c, v): r for _l, c, v, r in found}
    namespace = "is a descriptor of a namespace Tandem does not know (uri://example.org)"
    for column, value in (
        (
            "PerformanceEvaluationType",
            "uri://example.org/PerformanceEvaluationTypeDescriptor#Formal",
        ),
        ("EvaluationPeriod", "uri://example.org/EvaluationPeriodDescriptor#BOY"),
        (
            "PerformanceEvaluationRatingLevel",
            "uri://example.org/PerformanceEvaluationRatingLevelDescriptor#Proficient",
        ),
        ("ObjectiveRatingLevel", "uri://example.org/ObjectiveRatingLevelDescriptor#Proficient"),
    ):
        assert reasons[(column, value)].startswith(namespace)
    assert reasons[("PersonId", "EX-1001")].startswith(
        "is not the state identifier of an educator in Tandem"
    )
    assert reasons[("EvaluationObjectiveTitle", "Instruction")].startswith(
        "names none of the standards Tandem rates"
    )
    assert reasons[("EducationOrganizationId", "900001001")].startswith("is neither this district")
    # Every problem names the line of its element in the file.
    lines = example("PerformanceEvaluation").decode().splitlines()
    without = "\n".join(line for line in lines if not line.startswith("<Evaluation>"))
    broken = problems_of(ratings(hr.district, hr.user, without.encode()))
    # The objective's reference and the rubric rating's, each at its own line.
    assert [(line, c, r) for line, c, _v, r in broken if "not in the file" in r] == [
        (5, "EvaluationReference", "refers to an evaluation that is not in the file"),
        (8, "EvaluationReference", "refers to an evaluation that is not in the file"),
    ]
    assert not PriorRating.objects.exists()


def test_the_kind_page_says_what_is_read_and_why_a_signed_summative_comes_in_as_prior(client):
    hr = RoleGrantFactory(district=DistrictFactory())
    client.force_login(hr.user)
    page = client.get(reverse("imports:kind_help", args=["edfi_ratings"])).content.decode()
    assert "<code>PerformanceEvaluationRating</code>" in page
    assert "<code>EvaluationObjectiveRating</code>" in page
    assert "signatures are the signers&#x27; own acts" in page
    assert client.get(reverse("imports:template_csv", args=["edfi_ratings"])).status_code == 404
