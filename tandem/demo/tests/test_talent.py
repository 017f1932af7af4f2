"""The demo's talent pipeline (issue 14, item 8): every kind of record the issue lists, at
scale 1, and its dates in order."""

import datetime

import pytest
from django.db.models import Count, F, Min, Q

from conftest import TODAY
from tandem.demo.talent import ANSWER_IN, INDUCTION_YEAR_HOURS
from tandem.exits.models import ExitSurveyInvitation, ExitSurveyTotals, Separation
from tandem.hiring.models import Application, ApplicationEvent, Posting
from tandem.induction.models import MentorAssignment, MentoringLog
from tandem.induction.selectors import hours_short, induction_roster
from tandem.offers.models import Offer
from tandem.onboarding.models import Onboarding, OnboardingTask
from tandem.organizations.models import District
from tandem.people.models import Employment

pytestmark = pytest.mark.django_db

Stage, Outcome = Application.Stage, Application.Outcome


def test_every_district_has_open_and_closed_postings():
    for district in District.objects.all():
        postings = Posting.objects.filter(vacancy__district=district)
        assert postings.open_on(TODAY).exists(), district
        assert postings.filter(closes_on__lt=TODAY).exists(), district
    assert Posting.objects.filter(audience=Posting.Audience.INTERNAL).exists()


def test_applicants_at_every_stage_and_with_every_outcome():
    in_progress = Application.objects.filter(outcome=Outcome.IN_PROGRESS)
    assert set(in_progress.values_list("stage", flat=True)) == set(Stage.values)
    assert set(Application.objects.values_list("outcome", flat=True)) == set(Outcome.values)
    assert set(Offer.objects.values_list("status", flat=True)) == set(Offer.Status.values)
    # The outcome and the offer agree.
    assert not Application.objects.filter(outcome=Outcome.HIRED).exclude(
        offers__status=Offer.Status.ACCEPTED
    )
    waiting = Offer.objects.filter(status=Offer.Status.SENT)
    assert not waiting.filter(respond_by__lt=TODAY + datetime.timedelta(days=ANSWER_IN[0]))


def test_some_applicants_apply_in_several_districts():
    several = (
        Application.objects.values("person")
        .annotate(districts=Count("posting__vacancy__district", distinct=True))
        .filter(districts__gt=1)
    )
    assert several.exists()


def test_every_application_has_its_history_in_order():
    applications = Application.objects.annotate(
        first=Min("events__at"), events_count=Count("events")
    )
    assert not applications.filter(events_count=0)
    # Submitted first, on or after the posting opened; nothing after today.
    assert not applications.exclude(first=F("submitted_at"))
    assert not Application.objects.filter(submitted_at__date__lt=F("posting__opens_on"))
    assert not ApplicationEvent.objects.filter(at__date__gte=TODAY)
    assert not Application.objects.filter(ended_at__lt=F("submitted_at"))
    # An application's moves follow the stages in their order.
    order = {f"Moved to {stage.label}": i for i, stage in enumerate(Stage)}
    for application in Application.objects.filter(outcome=Outcome.HIRED)[:10]:
        moves = [order[e.action] for e in application.events.all() if e.action in order]
        assert moves == sorted(moves) and moves[-1] == order["Moved to Offer"]
    assert not Offer.objects.filter(sent_at__lt=F("application__submitted_at"))
    assert not Offer.objects.filter(responded_at__lt=F("sent_at"))
    assert not Onboarding.objects.filter(started_at__lt=F("application__ended_at"))


def test_onboarding_in_progress_with_items_overdue():
    hired = Application.objects.filter(outcome=Outcome.HIRED)
    assert hired.count() == Onboarding.objects.count() > 0
    tasks = OnboardingTask.objects.all()
    assert tasks.filter(done_at__isnull=False).exists()
    assert tasks.filter(done_at__isnull=True, due_on__lt=TODAY).exists()
    assert not tasks.filter(done_at__date__gte=TODAY)
    for onboarding in Onboarding.objects.select_related("employment", "application__posting"):
        assert onboarding.employment.start_date == onboarding.application.posting.vacancy.start_date


def test_first_year_teachers_with_mentors_and_logs_some_short_some_without():
    districts = list(District.objects.all())
    new = Employment.objects.filter(onboarding__isnull=False, start_date__lte=TODAY)
    assert new.filter(mentor_assignments__isnull=False).exists()
    assert new.filter(mentor_assignments__isnull=True).exists()
    assert MentoringLog.objects.filter(confirmed_at__isnull=False).exists()
    assert MentoringLog.objects.filter(confirmed_at__isnull=True).exists()
    assert not MentoringLog.objects.filter(date__lt=F("assignment__start_date"))
    assert not MentorAssignment.objects.filter(start_date__lt=F("mentee__start_date"))
    short = [i for d in districts for i in hours_short(district=d, day=TODAY)[0]]
    assert short and all(i.hours < INDUCTION_YEAR_HOURS for i in short)
    rosters = [i for d in districts for i in induction_roster(district=d, day=TODAY)[1]]
    assert any(i.hours >= INDUCTION_YEAR_HOURS for i in rosters if i.beginning)


def test_separations_over_several_years_with_survey_answers():
    left = Employment.objects.exclude(end_date=None)
    assert Separation.objects.count() == left.count()
    assert len(set(Separation.objects.values_list("school_year", flat=True))) >= 3
    assert len(set(Separation.objects.values_list("reason", flat=True))) >= 4
    assert not Separation.objects.exclude(last_day=F("employment__end_date"))
    answered = ExitSurveyInvitation.objects.filter(answered=True)
    assert answered.exists()
    totals = sum(ExitSurveyTotals.objects.values_list("answers", flat=True))
    assert totals == answered.count()
    for total in ExitSurveyTotals.objects.all():
        assert sum(total.reasons.values()) == total.answers


def test_leavers_reappear_in_another_district():
    moved = Separation.objects.filter(
        employment__separation_reason=Employment.SeparationReason.MOVED
    )
    again = [
        s
        for s in moved.select_related("employment")
        if Employment.objects.filter(
            ~Q(district=s.employment.district_id),
            person=s.employment.person_id,
            start_date__gt=s.last_day,
        ).exists()
    ]
    assert again
