"""The staff roster for the state (issue 12, item 5): its rows, their problems, the exceptions,
and the file with the configured codes (evaluation.md §7)."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from tandem.errors import DomainError
from tandem.evaluation.models import SummativeEvaluation
from tandem.evaluation.tests.factories import EvaluationCycleFactory
from tandem.organizations.tests.factories import SchoolFactory
from tandem.people.selectors import roles_of
from tandem.people.tests.factories import EmploymentFactory, StaffAssignmentFactory
from tandem.records.models import AccessLogEntry
from tandem.reporting import services
from tandem.reporting.codes import state_reporting_codes
from tandem.reporting.models import ReportingException
from tandem.reporting.selectors import ProblemKind, staff_roster
from tandem.reporting.tests.factories import (
    ReportingExceptionFactory,
    SharedFormativeEvaluationFactory,
    StandardRatingFactory,
)

pytestmark = pytest.mark.django_db
CODES = ["I", "II", "III", "IV"]


def _rows(user, district, year):
    return staff_roster(roles=roles_of(user), district=district, school_year=year)


def _kinds(row):
    return [problem.kind for problem in row.problems]


def _mark(user, district, year, person_id, reason):
    return services.reporting_exception_add(
        by=user, district=district, school_year=year, person_id=person_id, reason=reason
    )


def _export(user, district, year):
    return services.staff_roster_export(by=user, district=district, school_year=year, path="/x")


def test_the_file_has_the_configured_codes_as_headers_and_values(
    hr, district, year, educator, rated
):
    proficient = educator(has_pts=True, person__last_name="Abbott")
    rated(
        proficient,
        "proficient",
        {"I": "proficient", "II": "exemplary", "III": "proficient", "IV": "needs_improvement"},
    )
    exemplary = educator(person__last_name="Baker")
    rated(exemplary, "exemplary")

    header, rows = _export(hr, district, year)

    assert header == [
        "MEPID", "LastName", "FirstName", "DistrictCode", "SchoolCode",
        "SR28", "SR29", "SR30", "SR31", "SR32", "SR33", "EvaluationPlanType",
    ]  # fmt: skip
    school = proficient.assignments.get().school.org_code
    assert rows == [
        [proficient.person.state_id, "Abbott", proficient.person.first_name, district.org_code,
         school, "01", "02", "02", "01", "02", "03", "03"],
        [exemplary.person.state_id, "Baker", exemplary.person.first_name, district.org_code,
         school, "00", "01", "01", "01", "01", "01", "03"],
    ]  # fmt: skip


def test_professional_teacher_status_granted_after_the_year_is_not_reported_in_it(
    hr, district, year, educator, rated
):
    rated(educator(has_pts=True, pts_date=datetime.date(2027, 8, 1)))

    _header, [row] = _export(hr, district, year)

    assert row[5] == "00"


def test_the_codes_are_settings(settings, hr, district, year, educator, rated):
    settings.STATE_REPORTING = {
        **settings.STATE_REPORTING,
        "elements": {**settings.STATE_REPORTING["elements"], "overall": "OVERALL"},
        "ratings": {**settings.STATE_REPORTING["ratings"], "proficient": "P"},
        "pts": {"yes": "Y", "no": "N"},
    }
    rated(educator())

    header, [row] = _export(hr, district, year)

    assert header[6] == "OVERALL"
    assert row[5:11] == ["N", "P", "P", "P", "P", "P"]


def test_a_setting_with_a_value_code_missing_stops_with_its_name(settings):
    settings.STATE_REPORTING = {
        **settings.STATE_REPORTING,
        "ratings": {"exemplary": "01", "proficient": "02", "needs_improvement": "03"},
    }
    with pytest.raises(ImproperlyConfigured, match="unsatisfactory"):
        state_reporting_codes()


def test_an_educator_not_evaluated_is_reported_with_the_not_evaluated_code(
    hr, district, year, educator
):
    employment = educator(person__last_name="Carter")
    ReportingExceptionFactory(district=district, school_year=year, person=employment.person, by=hr)

    _header, [row] = _export(hr, district, year)

    assert row[6:11] == ["05"] * 5
    assert row[11] == ""


def test_the_formative_evaluation_of_a_two_year_plan_is_reported_in_its_first_year(
    hr, district, year, educator, standards
):
    employment = educator()
    formative = SharedFormativeEvaluationFactory(cycle__employment=employment)
    for code in CODES:
        StandardRatingFactory(
            summative=None, formative=formative, standard=standards[code], level="exemplary"
        )

    [row] = _rows(hr, district, year)
    _header, [values] = _export(hr, district, year)

    assert row.report == formative
    assert row.problems == []
    assert values[6:12] == ["01", "01", "01", "01", "01", "01"]


def test_a_summative_not_yet_signed_is_not_a_rating(hr, district, year, educator, rated):
    employment = educator()
    rated(employment, status=SummativeEvaluation.Status.DRAFT)

    [row] = _rows(hr, district, year)

    assert row.report is None
    assert _kinds(row) == [ProblemKind.NO_RATING]


def test_the_primary_assignment_is_the_largest_fte_then_the_earliest_start(
    hr, district, year, educator, rated
):
    employment = educator()
    employment.assignments.update(fte="0.40")
    earlier = SchoolFactory(district=district)
    later = SchoolFactory(district=district)
    StaffAssignmentFactory(
        employment=employment, school=later, fte="0.60", start_date=datetime.date(2020, 9, 1)
    )
    StaffAssignmentFactory(
        employment=employment, school=earlier, fte="0.60", start_date=datetime.date(2019, 9, 1)
    )
    # An assignment that ended before the year does not count, however large.
    StaffAssignmentFactory(
        employment=employment,
        school=SchoolFactory(district=district),
        fte="1.00",
        end_date=datetime.date(2025, 6, 20),
    )

    [row] = _rows(hr, district, year)

    assert row.school == earlier


def test_each_problem_is_named_with_a_link_to_where_it_is_fixed(
    hr, district, year, educator, rated
):
    pending = educator(person__state_id=None, person__last_name="Adams")
    rated(pending)
    unassigned = educator(person__last_name="Brown")
    unassigned.assignments.all().delete()
    rated(unassigned)
    partly_rated = educator(person__last_name="Clark")
    summative = rated(partly_rated, levels={"I": "proficient", "II": "proficient"})
    no_summative = educator(person__last_name="Davis")
    cycle = EvaluationCycleFactory(employment=no_summative)
    no_cycle = educator(person__last_name="Evans")

    rows = {row.employment: row for row in _rows(hr, district, year)}

    educator_page = f"/educators/{pending.pk}/"
    assert [(p.kind, p.fix_url) for p in rows[pending].problems] == [
        (ProblemKind.NO_STATE_ID, educator_page)
    ]
    assert [(p.kind, p.fix_url) for p in rows[unassigned].problems] == [
        (ProblemKind.NO_ASSIGNMENT, f"/educators/{unassigned.pk}/")
    ]
    [missing] = rows[partly_rated].problems
    assert missing.kind == ProblemKind.STANDARDS_MISSING
    assert "III, IV" in missing.message
    assert missing.fix_url == f"/cycles/{summative.cycle_id}/summative/"
    assert [(p.kind, p.fix_url) for p in rows[no_summative].problems] == [
        (ProblemKind.NO_RATING, f"/cycles/{cycle.pk}/summative/")
    ]
    assert [(p.kind, p.fix_url) for p in rows[no_cycle].problems] == [
        (ProblemKind.NO_RATING, f"/educators/{no_cycle.pk}/")
    ]


def test_the_state_administrator_gets_no_link_to_pages_she_may_not_open(
    state_admin, district, year, educator
):
    employment = educator(person__state_id=None)
    EvaluationCycleFactory(employment=employment)

    [row] = _rows(state_admin, district, year)

    assert _kinds(row) == [ProblemKind.NO_STATE_ID, ProblemKind.NO_RATING]
    assert [problem.fix_url for problem in row.problems] == [None, None]


def test_the_roster_holds_everyone_employed_at_any_time_in_the_year_and_no_one_else(
    hr, district, year, educator, rated
):
    left_in_the_year = educator(end_date=datetime.date(2026, 10, 30))
    left_before = educator(end_date=datetime.date(2026, 6, 30))
    elsewhere = EmploymentFactory()

    people = {row.employment for row in _rows(hr, district, year)}

    assert left_in_the_year in people
    assert left_before not in people
    assert elsewhere not in people


def test_the_file_is_refused_while_a_row_has_a_problem_and_logs_nothing(
    hr, district, year, educator, rated
):
    rated(educator())
    educator()

    with pytest.raises(DomainError, match="1 row has a problem"):
        _export(hr, district, year)
    assert not AccessLogEntry.objects.filter(user=hr).exists()


def test_an_exception_lets_the_row_go_and_removing_it_stops_the_file_again(
    administrator, district, year, educator
):
    employment = educator()

    exception = _mark(administrator, district, year, employment.person_id, "On leave all year.")
    _export(administrator, district, year)
    services.reporting_exception_remove(by=administrator, exception_id=exception.pk)

    with pytest.raises(DomainError):
        _export(administrator, district, year)
    assert exception.history.count() == 2


def test_an_exception_is_refused_without_a_reason(administrator, district, year, educator):
    employment = educator()

    with pytest.raises(DomainError, match="Say why"):
        _mark(administrator, district, year, employment.person_id, "   ")
    assert not ReportingException.objects.exists()


def test_an_exception_is_refused_for_a_row_without_a_problem_or_off_the_roster(
    administrator, district, year, educator, rated
):
    fine = educator()
    rated(fine)
    elsewhere = EmploymentFactory()

    for person_id, message in ((fine.person_id, "no problem"), (elsewhere.person_id, "not on")):
        with pytest.raises(DomainError, match=message):
            _mark(administrator, district, year, person_id, "Because.")
    assert not ReportingException.objects.exists()


def test_hr_reads_the_roster_but_does_not_mark_exceptions(hr, district, year, educator):
    employment = educator()

    with pytest.raises(PermissionDenied):
        _mark(hr, district, year, employment.person_id, "On leave.")


def test_the_file_writes_the_access_log_for_every_record_it_reports(
    hr, district, year, educator, rated
):
    first = educator()
    summative = rated(first)
    second = educator()
    ReportingExceptionFactory(district=district, school_year=year, person=second.person, by=hr)

    _export(hr, district, year)

    logged = AccessLogEntry.objects.filter(user=hr)
    assert sorted((e.content_type.model, e.object_id) for e in logged) == sorted(
        [("employment", first.pk), ("employment", second.pk), ("summativeevaluation", summative.pk)]
    )
    assert {(e.channel, e.district_id) for e in logged} == {("export", district.pk)}
    assert {e.subject_id for e in logged} == {first.person_id, second.person_id}
