import datetime

import pytest

from tandem.bargaining.services import DEFAULT_EVALUATION_SETTINGS
from tandem.bargaining.tests.factories import settings_bargain
from tandem.errors import DomainError
from tandem.evaluation import selectors
from tandem.evaluation.models import EvaluationCycle
from tandem.evaluation.services.cycles import cycle_start, framework_for
from tandem.organizations.models import SchoolYear
from tandem.organizations.vocabulary import PlanType, RoleGroup
from tandem.people.models import Employment
from tandem.records.models import AccessLogEntry
from tandem.rubrics.services import framework_version_publish, framework_version_revise

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)


def _fresh_start(employment: Employment) -> EvaluationCycle:
    """Close the demo's cycle so that a new one may begin."""
    EvaluationCycle.objects.filter(employment=employment).update(
        step=EvaluationCycle.Step.COMPLETE, overall_rating="proficient"
    )
    return employment


def _this_year(employment: Employment) -> SchoolYear:
    """The employment's district's school year of today."""
    return employment.district.school_years.get(start_date__lte=TODAY, end_date__gte=TODAY)


def _start_today(employment: Employment, **choices) -> EvaluationCycle:
    """``cycle_start`` for the employment in today's school year, starting today."""
    return cycle_start(
        employment_id=employment.pk, school_year=_this_year(employment), start_date=TODAY, **choices
    )


def _teacher(*, pts: bool) -> Employment:
    return _fresh_start(
        Employment.objects.filter(
            role_group=RoleGroup.TEACHER, has_pts=pts, evaluation_cycles__isnull=False
        )
        .select_related("district")
        .first()
    )


def test_a_cycle_keeps_the_settings_in_force_when_it_began():
    employment = _teacher(pts=True)
    school_year = _this_year(employment)
    cycle = cycle_start(employment_id=employment.pk, school_year=school_year, start_date=TODAY)
    first = cycle.settings_version
    changed = {
        **DEFAULT_EVALUATION_SETTINGS,
        "due_dates": {**DEFAULT_EVALUATION_SETTINGS["due_dates"], "summative": "04-30"},
    }
    settings_bargain(
        unit=employment.bargaining_unit,
        values=changed,
        effective_from=TODAY + datetime.timedelta(1),
    )
    cycle.refresh_from_db()
    assert cycle.settings_version == first
    summative = selectors.step_due_dates(cycle)["summative"]
    assert (summative.month, summative.day) == (5, 15)


def test_a_bargained_rubric_version_stays_in_use_when_the_district_publishes_a_newer_one():
    employment = _teacher(pts=True)
    school_year = _this_year(employment)
    bargained = framework_for(employment=employment)
    newer = framework_version_revise(version_id=bargained.pk, by=None)
    settings_bargain(
        unit=employment.bargaining_unit,
        values={**DEFAULT_EVALUATION_SETTINGS, "frameworks": {"teacher": bargained.pk}},
        effective_from=TODAY + datetime.timedelta(1),
    )
    framework_version_publish(version_id=newer.pk, version=newer.version, by=None)
    assert framework_for(employment=employment) == newer  # nothing bargained: newest

    cycle = cycle_start(
        employment_id=employment.pk,
        school_year=school_year,
        start_date=TODAY + datetime.timedelta(1),
    )
    assert cycle.framework_version == bargained


def test_a_proficient_experienced_teacher_is_proposed_a_self_directed_plan():
    employment = _teacher(pts=True)
    cycle = _start_today(employment)
    assert (cycle.plan_type, cycle.proposed_plan_type, cycle.plan_years) == (
        PlanType.SELF_DIRECTED,
        PlanType.SELF_DIRECTED,
        2,
    )
    assert cycle.end_date.year == 2028
    assert selectors.step_due_dates(cycle)["summative"].year == 2028


def test_choosing_another_plan_type_needs_a_reason_and_records_it():
    employment = _teacher(pts=True)
    with pytest.raises(DomainError, match="Say why"):
        _start_today(employment, plan_type=PlanType.DEVELOPING)
    assert not EvaluationCycle.objects.filter(employment=employment).exclude(step="complete")
    cycle = _start_today(
        employment,
        plan_type=PlanType.DEVELOPING,
        reason="New assignment: moved from grade 2 to physics.",
    )
    assert (cycle.plan_type, cycle.proposed_plan_type) == ("developing", "self_directed")
    assert cycle.plan_type_reason.startswith("New assignment")


def test_a_two_year_plan_must_be_self_directed():
    employment = _teacher(pts=True)
    with pytest.raises(DomainError, match="two years"):
        _start_today(
            employment,
            plan_type=PlanType.DIRECTED,
            plan_years=2,
            reason="Concerns raised in last year's observations.",
        )


def test_an_educator_has_one_cycle_under_way_at_a_time():
    employment = Employment.objects.filter(evaluation_cycles__step="implementation").first()
    with pytest.raises(DomainError, match="already has a cycle"):
        _start_today(employment)


def test_no_cycle_starts_without_a_published_rubric_for_the_role():
    employment = _fresh_start(
        Employment.objects.filter(role_group=RoleGroup.SISP)
        .exclude(district__frameworks__isnull=False)
        .first()
    )
    with pytest.raises(DomainError, match="No published rubric"):
        _start_today(employment)


def test_due_dates_fall_on_the_school_years_calendar():
    cycle = EvaluationCycle.objects.filter(plan_years=1).first()
    dates = selectors.step_due_dates(cycle)
    assert dates == {
        "self_assessment": datetime.date(2026, 10, 1),
        "educator_plan": datetime.date(2026, 11, 1),
        "formative": datetime.date(2027, 2, 1),
        "summative": datetime.date(2027, 5, 15),
    }


def test_a_late_step_is_overdue():
    cycle = EvaluationCycle.objects.filter(step="educator_plan", plan_years=1).first()
    next_due = selectors.cycle_next_due(cycle, day=TODAY)
    assert (next_due.due, next_due.overdue) == (datetime.date(2026, 11, 1), True)


# -- who may open a cycle ---------------------------------------------------------------


def _colleague_cycle(user_of):
    teacher = user_of("teacher@example.org")
    mine = EvaluationCycle.objects.get(person__user=teacher)
    return (
        EvaluationCycle.objects.filter(district=mine.district, employment__role_group="teacher")
        .exclude(person__user__email__in=["teacher@example.org", "union.president@example.org"])
        .first()
    )


@pytest.mark.parametrize(
    "email",
    [
        "teacher@example.org",
        "union.president@example.org",
        "committee.chair@example.org",
        "facilitator@example.org",
        "analyst@example.org",
        "state.admin@example.org",
    ],
)
def test_those_without_a_right_to_the_record_cannot_open_a_colleagues_cycle(client, user_of, email):
    cycle = _colleague_cycle(user_of)
    client.force_login(user_of(email))
    assert client.get(f"/cycles/{cycle.pk}/").status_code == 404
    listed = client.get("/cycles/?current=0&q=" + cycle.person.last_name).content.decode()
    assert f"/cycles/{cycle.pk}/" not in listed
    assert not AccessLogEntry.objects.filter(object_id=cycle.pk, user=user_of(email)).exists()


def test_hr_of_another_district_cannot_open_the_cycle(client, user_of):
    from tandem.people.models import RoleGrant

    cycle = _colleague_cycle(user_of)
    other_hr = RoleGrant.objects.filter(role="district_hr").exclude(district=cycle.district).first()
    client.force_login(other_hr.user)
    assert client.get(f"/cycles/{cycle.pk}/").status_code == 404


def test_the_evaluator_opens_the_cycle_and_the_opening_is_logged(client, user_of):
    cycle = _colleague_cycle(user_of)
    evaluator = cycle.primary_evaluator.user
    client.force_login(evaluator)
    page = client.get(f"/cycles/{cycle.pk}/").content.decode()
    assert cycle.get_plan_type_display() in page
    entry = AccessLogEntry.objects.get(
        user=evaluator, object_id=cycle.pk, path=f"/cycles/{cycle.pk}/"
    )
    assert (entry.subject_id, entry.district_id) == (cycle.person_id, cycle.district_id)


def test_the_teacher_sees_only_their_own_cycle_in_the_list(client, user_of):
    teacher = user_of("teacher@example.org")
    client.force_login(teacher)
    client.get("/cycles/?current=0")
    shown = set(
        AccessLogEntry.objects.filter(user=teacher, path="/cycles/").values_list(
            "subject_id", flat=True
        )
    )
    assert shown == {teacher.person.pk}


def test_the_teachers_home_shows_their_step_and_due_date(client, user_of):
    client.force_login(user_of("teacher@example.org"))
    page = client.get("/").content.decode()
    assert "Your evaluation cycle is at" in page
    assert "Open your evaluation cycle" in page


def test_the_cycle_list_makes_the_same_number_of_queries_for_3_rows_as_for_25(client, user_of):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user_of("hr@example.org"))
    client.get("/cycles/")  # warms the content-type cache
    counts = []
    for url, rows in (
        ("/cycles/?current=0&step=formative", (1, 12)),
        ("/cycles/?current=0", (25, 25)),
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert rows[0] <= len(response.context["page"]) <= rows[1]
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_every_page_of_a_cycle_from_earlier_years_opens(client, user_of):
    """Cycles from before this year hold a locked summative but no self-assessment or plan."""
    from tandem.people.models import RoleGrant

    hr = user_of("hr@example.org")
    district = RoleGrant.objects.get(user=hr, role="district_hr").district
    cycle = EvaluationCycle.objects.filter(step="complete", district=district).first()
    client.force_login(hr)
    for path in ("", "self-assessment/", "plan/", "evidence/", "formative/", "summative/"):
        response = client.get(f"/cycles/{cycle.pk}/{path}")
        assert response.status_code in (200, 404), (path, response.status_code)
    assert client.get(f"/cycles/{cycle.pk}/").status_code == 200
    assert client.get(f"/cycles/{cycle.pk}/summative/").status_code == 200


def test_a_plan_type_may_have_due_dates_of_its_own():
    employment = _teacher(pts=True)
    school_year = _this_year(employment)
    values = {
        **DEFAULT_EVALUATION_SETTINGS,
        "due_dates_by_plan": {"self_directed": {"summative": "04-30"}},
    }
    settings_bargain(unit=employment.bargaining_unit, values=values, effective_from=TODAY)
    cycle = cycle_start(
        employment_id=employment.pk, school_year=school_year, start_date=TODAY, plan_years=1
    )
    dates = selectors.step_due_dates(cycle)
    assert (dates["summative"], dates["formative"]) == (
        datetime.date(2027, 4, 30),
        datetime.date(2027, 2, 1),
    )


def test_due_dates_for_an_unknown_plan_type_or_step_are_refused():
    from tandem.organizations.models import BargainingUnit

    unit = BargainingUnit.objects.get(district__name="Bellmont Public Schools", code="Unit A")
    for by_plan in ({"sabbatical": {"summative": "04-30"}}, {"directed": {"vacation": "04-30"}}):
        with pytest.raises(DomainError):
            settings_bargain(
                unit=unit,
                values={**DEFAULT_EVALUATION_SETTINGS, "due_dates_by_plan": by_plan},
                effective_from=TODAY,
            )


def test_a_cycle_whose_dates_ended_before_it_was_finished_is_marked_so_not_overdue():
    from tandem.evaluation import selectors
    from tandem.evaluation.templatetags.evaluation_ui import due

    cycle = EvaluationCycle.objects.filter(step="implementation").first()
    day = cycle.end_date + datetime.timedelta(days=1)
    next_due = selectors.cycle_next_due(cycle, day=day)
    assert next_due.ended_unfinished and not next_due.overdue and next_due.due is None
    assert due(next_due) == "Ended unfinished"


def test_no_cycle_under_way_is_overdue_for_a_date_of_an_earlier_school_year():
    """A two-year plan in its second year had its formative evaluation last spring."""
    from django.utils import timezone

    from tandem.evaluation import selectors

    day = timezone.localdate()
    second_years = selectors.with_observation_counts(
        EvaluationCycle.objects.filter(plan_years=2, start_date__lte=day, end_date__gte=day)
        .exclude(school_year__start_date__lte=day, school_year__end_date__gte=day)
        .select_related("settings_version", "school_year")
    )
    assert second_years
    for cycle in second_years:
        next_due = selectors.cycle_next_due(cycle, day=day)
        assert not next_due.overdue, (cycle.pk, cycle.step, next_due.due)
        assert cycle.formative_assessment.status == "shared"
