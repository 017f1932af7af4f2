"""Induction's rules, who is in induction, matching, assignments and mentoring logs."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.errors import DomainError
from tandem.induction import selectors, services
from tandem.induction.matching import grades_in
from tandem.induction.models import STATE_RULES, MentorAssignment, MentoringLog
from tandem.induction.tests.factories import (
    MentorAssignmentFactory,
    MentoringLogFactory,
    TrainedMentorFactory,
)
from tandem.licensure.tests.factories import LicenseFactory
from tandem.organizations.tests.factories import DistrictFactory, SchoolFactory
from tandem.people.tests.factories import (
    EmploymentFactory,
    EvaluatorAssignmentFactory,
    PersonFactory,
    RoleGrantFactory,
    StaffAssignmentFactory,
    UserFactory,
)
from tandem.records.versions import StaleVersion

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


def _values(**changes):
    return {**STATE_RULES, **changes}


class TestRules:
    def test_a_year_not_saved_follows_the_state(self, district, year):
        rules = selectors.rules_for(district=district, school_year=year)
        assert rules.pk is None
        assert rules.mentor_within_days == 14
        assert rules.professional_hours == Decimal("50")

    def test_hr_saves_the_years_rules_and_a_stale_page_is_refused(self, district, year, hr):
        saved = services.induction_rules_save(
            district=district,
            school_year=year,
            values=_values(mentor_within_days=10),
            version=0,
            by=hr,
        )
        assert selectors.rules_for(district=district, school_year=year).mentor_within_days == 10
        with pytest.raises(StaleVersion):
            services.induction_rules_save(
                district=district, school_year=year, values=_values(), version=0, by=hr
            )
        saved.refresh_from_db()
        assert saved.mentor_within_days == 10
        assert saved.history.count() == 1

    def test_another_districts_hr_may_not_save(self, district, year):
        other_hr = RoleGrantFactory(district=DistrictFactory()).user
        with pytest.raises(DomainError):
            services.induction_rules_save(
                district=district, school_year=year, values=_values(), version=0, by=other_hr
            )


class TestRoster:
    def test_beginning_and_incoming_teachers_are_told_apart(self, district, year, beginner):
        moved = EmploymentFactory(district=DistrictFactory(), start_date=datetime.date(2015, 9, 1))
        incoming = EmploymentFactory(
            district=district, person=moved.person, start_date=datetime.date(2026, 8, 31)
        )
        EmploymentFactory(district=district)  # teaching here since 2018
        _, roster = selectors.induction_roster(district=district, day=TODAY)
        kinds = {i.employment.pk: i.beginning for i in roster}
        assert kinds == {beginner.pk: True, incoming.pk: False}

    def test_a_teacher_hired_in_the_summer_counts_from_the_first_day_of_school(
        self, district, year, beginner
    ):
        _, [inductee] = selectors.induction_roster(district=district, day=TODAY)
        assert inductee.first_day == year.start_date
        assert inductee.mentor_due == year.start_date + datetime.timedelta(days=14)
        assert inductee.mentor_overdue(TODAY)

    def test_a_mentor_after_the_rules_days_is_late(self, district, year, beginner, mentor):
        MentorAssignmentFactory(
            mentee=beginner, mentor=mentor, start_date=datetime.date(2026, 10, 1)
        )
        _, [inductee] = selectors.induction_roster(district=district, day=TODAY)
        assert inductee.current is not None
        assert inductee.got_mentor_late
        assert not inductee.mentor_overdue(TODAY)


class TestMatching:
    def test_same_school_subject_and_grade_first_and_full_mentors_last(
        self, district, school, year, beginner, mentor
    ):
        elsewhere = TrainedMentorFactory(district=district, subjects="English", grade_levels="K-5")
        StaffAssignmentFactory(
            employment=elsewhere.person.employments.get(), school=SchoolFactory(district=district)
        )
        full = TrainedMentorFactory(district=district, capacity=1)
        StaffAssignmentFactory(employment=full.person.employments.get(), school=school)
        MentorAssignmentFactory(mentor=full, mentee=EmploymentFactory(district=district))
        suggestions = selectors.mentor_suggestions(mentee=beginner, day=TODAY)
        assert [s.load.mentor for s in suggestions] == [mentor, elsewhere, full]
        assert suggestions[0].fit.score == 6
        assert suggestions[1].fit.score == 0
        assert suggestions[2].fit.is_full

    def test_among_equal_fits_the_mentor_with_fewer_mentees_comes_first(
        self, district, school, year, beginner, mentor
    ):
        twin = TrainedMentorFactory(district=district, capacity=3)
        StaffAssignmentFactory(employment=twin.person.employments.get(), school=school)
        MentorAssignmentFactory(mentor=mentor, mentee=EmploymentFactory(district=district))
        suggestions = selectors.mentor_suggestions(mentee=beginner, day=TODAY)
        assert [s.load.mentor for s in suggestions] == [twin, mentor]

    def test_a_mentor_no_longer_mentoring_is_not_suggested(self, district, year, beginner, mentor):
        mentor.end_date = datetime.date(2026, 11, 1)
        mentor.save()
        assert selectors.mentor_suggestions(mentee=beginner, day=TODAY) == []

    @given(low=st.integers(0, 12), span=st.integers(0, 12))
    def test_a_range_of_grades_holds_both_ends_and_nothing_outside(self, low, span):
        high = min(low + span, 12)
        grades = grades_in(f"{low}-{high}")
        assert grades == frozenset(range(low, high + 1))

    def test_kindergarten_and_lists_are_read(self):
        assert grades_in("K-2") == {0, 1, 2}
        assert grades_in("PK, K") == {-1, 0}
        assert grades_in("9, 11") == {9, 11}
        assert grades_in("all") == frozenset()


class TestAssign:
    def test_reassigning_ends_the_mentor_before(self, district, year, beginner, mentor, hr):
        first = services.mentor_assign(
            mentee=beginner,
            mentor=mentor,
            evaluator=None,
            start_date=datetime.date(2026, 9, 1),
            by=hr,
        )
        other = TrainedMentorFactory(district=district)
        second = services.mentor_assign(
            mentee=beginner, mentor=other, evaluator=None, start_date=TODAY, by=hr
        )
        first.refresh_from_db()
        assert first.end_date == TODAY - datetime.timedelta(days=1)
        assert second.end_date is None
        assert MentorAssignment.objects.filter(mentee=beginner).active_on(TODAY).get() == second

    def test_a_mentor_at_capacity_is_refused(self, district, year, beginner, mentor, hr):
        for _ in range(mentor.capacity):
            MentorAssignmentFactory(mentor=mentor, mentee=EmploymentFactory(district=district))
        with pytest.raises(DomainError, match="as many as the record allows"):
            services.mentor_assign(
                mentee=beginner, mentor=mentor, evaluator=None, start_date=TODAY, by=hr
            )
        assert not beginner.mentor_assignments.exists()

    def test_another_districts_mentor_is_refused(self, year, beginner, hr):
        stranger = TrainedMentorFactory()
        with pytest.raises(DomainError, match="trained mentors"):
            services.mentor_assign(
                mentee=beginner, mentor=stranger, evaluator=None, start_date=TODAY, by=hr
            )

    def test_the_support_teams_evaluator_must_evaluate_the_teacher(
        self, district, year, beginner, mentor, hr
    ):
        with pytest.raises(DomainError, match="evaluators"):
            services.mentor_assign(
                mentee=beginner,
                mentor=mentor,
                evaluator=PersonFactory(),
                start_date=TODAY,
                by=hr,
            )
        evaluator = EvaluatorAssignmentFactory(evaluatee=beginner, school_year=year).evaluator
        assignment = services.mentor_assign(
            mentee=beginner, mentor=mentor, evaluator=evaluator, start_date=TODAY, by=hr
        )
        assert assignment.evaluator == evaluator

    def test_a_teacher_may_not_assign_mentors(self, year, beginner, mentor):
        with pytest.raises(DomainError):
            services.mentor_assign(
                mentee=beginner,
                mentor=mentor,
                evaluator=None,
                start_date=TODAY,
                by=beginner.person.user,
            )


def _log(assignment, by, **changes):
    values = {
        "date": datetime.date(2026, 10, 5),
        "hours": Decimal("1.5"),
        "kind": MentoringLog.Kind.OBSERVATION,
        "topic": "Checking for understanding",
        "notes": "",
        **changes,
    }
    return services.mentoring_log_add(assignment=assignment, by=by, **values)


class TestLogs:
    @pytest.fixture
    def assignment(self, beginner, mentor):
        return MentorAssignmentFactory(mentee=beginner, mentor=mentor)

    def test_only_the_other_party_confirms_and_then_it_counts(self, assignment):
        mentee, mentor = assignment.mentee.person.user, assignment.mentor.person.user
        log = _log(assignment, mentee)
        with pytest.raises(DomainError, match="other person"):
            services.mentoring_log_confirm(log=log, version=log.version, by=mentee)
        assert selectors._confirmed_hours(person_ids=[log.mentee_id]) == {}
        services.mentoring_log_confirm(log=log, version=log.version, by=mentor)
        assert selectors._confirmed_hours(person_ids=[log.mentee_id]) == {
            log.mentee_id: Decimal("1.5")
        }

    def test_a_confirmed_entry_is_read_only(self, assignment):
        mentee, mentor = assignment.mentee.person.user, assignment.mentor.person.user
        log = services.mentoring_log_confirm(log=_log(assignment, mentor), version=1, by=mentee)
        with pytest.raises(DomainError):
            services.mentoring_log_edit(
                log=log,
                version=log.version,
                by=mentor,
                date=log.date,
                hours=Decimal("3"),
                kind=log.kind,
                topic=log.topic,
                notes="",
            )
        log.refresh_from_db()
        assert log.hours == Decimal("1.5")

    def test_a_correction_keeps_the_entry_before_in_the_history(self, assignment):
        mentee = assignment.mentee.person.user
        log = _log(assignment, mentee)
        services.mentoring_log_edit(
            log=log,
            version=1,
            by=mentee,
            date=log.date,
            hours=Decimal("2"),
            kind=log.kind,
            topic="Exit tickets",
            notes="",
        )
        assert [h.hours for h in log.history.order_by("history_date")] == [
            Decimal("1.5"),
            Decimal("2"),
        ]
        with pytest.raises(StaleVersion):
            services.mentoring_log_edit(
                log=log,
                version=1,
                by=mentee,
                date=log.date,
                hours=Decimal("3"),
                kind=log.kind,
                topic="Stale",
                notes="",
            )

    def test_the_other_party_may_not_correct_an_entry(self, assignment):
        log = _log(assignment, assignment.mentee.person.user)
        with pytest.raises(DomainError):
            services.mentoring_log_edit(
                log=log,
                version=1,
                by=assignment.mentor.person.user,
                date=log.date,
                hours=Decimal("9"),
                kind=log.kind,
                topic=log.topic,
                notes="",
            )

    def test_a_day_holds_at_most_twelve_hours(self, assignment):
        mentee = assignment.mentee.person.user
        _log(assignment, mentee, hours=Decimal("8"))
        with pytest.raises(DomainError, match="at most 12"):
            _log(assignment, mentee, hours=Decimal("4.5"))
        _log(assignment, mentee, hours=Decimal("4"))
        assert (
            selectors.hours_on(
                mentee_id=assignment.mentee.person_id, day=datetime.date(2026, 10, 5)
            )
            == 12
        )

    @pytest.mark.parametrize("hours", [Decimal("0"), Decimal("-1"), Decimal("12.25")])
    def test_hours_out_of_bounds_are_refused(self, assignment, hours):
        with pytest.raises(DomainError, match="more than 0 and at most 12"):
            _log(assignment, assignment.mentee.person.user, hours=hours)
        assert not MentoringLog.objects.filter(assignment=assignment).exists()

    def test_a_day_to_come_or_before_the_mentor_is_refused(self, assignment):
        with pytest.raises(DomainError, match="still to come"):
            _log(assignment, assignment.mentee.person.user, date=TODAY + datetime.timedelta(days=1))
        with pytest.raises(DomainError, match="while this mentor"):
            _log(assignment, assignment.mentee.person.user, date=datetime.date(2026, 9, 1))

    def test_a_colleague_or_hr_may_not_log_for_them(self, assignment, district, hr):
        colleague = EmploymentFactory(district=district, person=PersonFactory(signs_in=True))
        for user in (colleague.person.user, hr, UserFactory()):
            with pytest.raises(DomainError):
                _log(assignment, user)


class TestHoursFollowTheEducator:
    def test_the_new_district_counts_the_hours_of_the_old(self, beginner, mentor):
        old = MentoringLogFactory(
            assignment__mentee__person=beginner.person,
            date=datetime.date(2025, 3, 2),
            hours=2,
            confirmed_by=UserFactory(),
            confirmed_at=datetime.datetime(2025, 3, 3, tzinfo=datetime.UTC),
        )
        entries, total = selectors.hours_record(person=beginner.person, district=beginner.district)
        assert total == 2
        assert [(e.log, e.own) for e in entries] == [(old, False)]


class TestHoursShort:
    def test_a_second_year_teacher_short_of_fifty_hours_is_listed(self, district, year, mentor):
        second_year = EmploymentFactory(
            district=district,
            person=PersonFactory(signs_in=True),
            start_date=datetime.date(2025, 9, 2),
        )
        assignment = MentorAssignmentFactory(
            mentee=second_year, mentor=mentor, start_date=datetime.date(2025, 9, 10)
        )
        # Hours in the induction year do not count toward the Professional license.
        for date, hours in ((datetime.date(2026, 3, 1), 12), (datetime.date(2026, 10, 1), 5)):
            MentoringLogFactory(
                assignment=assignment,
                date=date,
                hours=hours,
                confirmed_by=mentor.person.user,
                confirmed_at=datetime.datetime(2026, 10, 2, tzinfo=datetime.UTC),
            )
        _, [toward] = selectors.hours_short(district=district, day=TODAY)
        assert toward.employment == second_year
        assert toward.induction_year_end == datetime.date(2026, 6, 19)
        assert toward.hours == 5
        assert toward.short_by == 45

    def test_a_teacher_holding_the_professional_license_is_not_listed(self, district, year, mentor):
        second_year = EmploymentFactory(district=district, start_date=datetime.date(2025, 9, 2))
        LicenseFactory(
            person=second_year.person,
            stage="professional",
            issued_on=datetime.date(2026, 7, 1),
            expires_on=datetime.date(2031, 6, 30),
        )
        assert selectors.hours_short(district=district, day=TODAY) == ([], [])


class TestReport:
    def test_the_report_counts_served_teachers_mentors_observations_and_hours(
        self, district, year, beginner, mentor
    ):
        assignment = MentorAssignmentFactory(mentee=beginner, mentor=mentor)
        EmploymentFactory(district=district, start_date=datetime.date(2026, 8, 31))  # unserved
        confirmed = {
            "confirmed_by": mentor.person.user,
            "confirmed_at": datetime.datetime(2026, 10, 6, tzinfo=datetime.UTC),
        }
        MentoringLogFactory(assignment=assignment, kind="observation", hours=1, **confirmed)
        MentoringLogFactory(
            assignment=assignment,
            kind="meeting",
            hours="2.5",
            date=datetime.date(2026, 10, 6),
            **confirmed,
        )
        MentoringLogFactory(
            assignment=assignment, kind="observation", date=datetime.date(2026, 10, 7)
        )
        report = selectors.induction_report(district=district, school_year=year)
        assert report.served == [beginner]
        assert len(report.beginning) == 2
        assert report.mentors == [mentor]
        assert report.observations == 1
        assert report.hours_with_beginning == Decimal("3.5")
        assert report.beginning_hired == 2
        assert report.still_employed == (2, 2)
