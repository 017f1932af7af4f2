"""The demo's talent pipeline (issue 14, item 8): each district's vacancies and postings, the
applicants at every stage of selection, offers accepted, declined and expired, the new
educators' onboarding and mentoring, and the separations of the past years with their exit
survey.

Written in bulk, as the services would write it (the same rows, and an ``ApplicationEvent``
for every act, with the services' wording), because the services date everything ``now`` and
one at a time: the demo's history needs its own dates, in order, and a district of any size
in a few dozen queries. The pipeline draws from a generator of its own, so the rest of the
demo is as it was.

Per district: postings of the past spring (filled for this school year), one of the autumn
(a mid-year start, its onboarding just begun) and some open now (applicants still moving
through selection, one internal to the district's staff). Some applicants apply in several
districts. Every leaver of the past years has a separation and an exit-survey invitation,
most answered; those who left for another district reappear on its staff in the autumn.
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from tandem.applicants.models import ApplicantAccount, Submission
from tandem.demo.accounts import Accounts
from tandem.demo.calendars import moment
from tandem.demo.staff import DistrictStaff
from tandem.demo.vocabulary import SUBJECTS
from tandem.exits.models import (
    ExitReason,
    ExitSurveyInvitation,
    ExitSurveyTotals,
    Separation,
)
from tandem.exits.services import school_year_of
from tandem.hiring.models import (
    Application,
    ApplicationEvent,
    Posting,
    RequiredLicense,
    Vacancy,
    grades_of,
)
from tandem.induction.models import InductionRules, MentorAssignment, MentoringLog, TrainedMentor
from tandem.offers.models import Offer
from tandem.onboarding.models import DEFAULT_STEPS, Onboarding, OnboardingTask
from tandem.organizations.models import District, SchoolYear
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import Employment, Person, RoleGrant, StaffAssignment, User

Stage = Application.Stage
Outcome = Application.Outcome
STAGES = list(Stage)  # the default stages (``selection.selectors.DEFAULT_STAGES``), in order
SPRING_POSTINGS, OPEN_POSTINGS = 4, 3
APPLICANTS = (6, 9)
# From another district's applicants, how many apply to each district's open postings too.
FROM_ELSEWHERE = 3
# Days an offer waiting today leaves for the answer: never under three, so that a test's offer
# to answer by tomorrow lapses alone (offers' tests count what lapses).
ANSWER_IN = (3, 10)
# The district's own strengthening of the state's rule, so some beginners fall short.
INDUCTION_YEAR_HOURS = Decimal("15")
MENTOR_TOPICS = [
    "Planning the first unit",
    "Classroom routines",
    "Observing a lesson together",
    "Grading and feedback",
    "Talking with families",
    "Differentiating for English learners",
    "Preparing for the evaluator's visit",
]
DECLINE_REASONS = [
    "I accepted a position closer to home.",
    "Another district offered a higher step on its salary schedule.",
]
# How a leaver's ended employment reads as a separation (kind, reason).
SEPARATIONS = {
    Employment.SeparationReason.RESIGNED: (
        "resigned",
        [
            ExitReason.PERSONAL_FAMILY,
            ExitReason.WORKLOAD,
            ExitReason.COMPENSATION,
            ExitReason.LEADERSHIP_CLIMATE,
            ExitReason.CAREER_CHANGE,
            ExitReason.RELOCATION,
        ],
    ),
    Employment.SeparationReason.RETIRED: ("retired", [ExitReason.RETIREMENT]),
    Employment.SeparationReason.MOVED: ("resigned", [ExitReason.EDUCATION_ELSEWHERE]),
    Employment.SeparationReason.NON_RENEWED: ("non_renewed", [ExitReason.OTHER]),
}
EXIT_COMMENTS = [
    "My mentor made the first year possible.",
    "The commute became too long after we moved.",
    "I needed more planning time than the schedule gave.",
]


@dataclass
class Applicant:
    person: Person
    user: User
    account: ApplicantAccount | None = None  # None for the district's own staff


@dataclass
class Rows:
    """A district's rows, written together at the end, in the order their keys need."""

    users: list = field(default_factory=list)
    accounts: list = field(default_factory=list)
    people: list = field(default_factory=list)
    vacancies: list = field(default_factory=list)
    licenses: list = field(default_factory=list)
    postings: list = field(default_factory=list)
    applications: list = field(default_factory=list)
    events: list = field(default_factory=list)
    submissions: list = field(default_factory=list)
    offers: list = field(default_factory=list)
    hires: list = field(default_factory=list)  # (application, start date, hired at)


class TalentBuilder:
    def __init__(self, *, rng: random.Random, accounts: Accounts, today: datetime.date):
        self.rng = rng
        self.accounts = accounts
        self.today = today
        self.now = moment(today, 9)
        # Who applied in the districts built before this one, and in this one.
        self.pool: list[Applicant] = []
        self.newcomers: list[Applicant] = []
        self.turn = 0
        # Leavers for another district, waiting for the next district to take them on.
        self.movers: list[Employment] = []

    def build(self, *, district: District, staff: DistrictStaff, school_year: SchoolYear, slug):
        self.district, self.staff, self.school_year, self.slug = district, staff, school_year, slug
        self.hr = (
            RoleGrant.objects.filter(district=district, role=RoleGrant.Role.DISTRICT_HR)
            .select_related("user")
            .order_by("pk")
            .first()
            .user
        )
        self.principals = {school.pk: p.person.user for school, p, _ap in staff.leaders}
        rows = Rows()
        start = school_year.start_date
        spring = datetime.date(start.year, 3, 2)
        for i in range(SPRING_POSTINGS):
            opens = spring + datetime.timedelta(days=14 * i)
            self._filled(rows, opens=opens, days=28, starts=start, i=i)
        autumn = self.today - datetime.timedelta(days=70)
        if autumn > start:
            self._filled(
                rows,
                opens=autumn,
                days=21,
                starts=self.today - datetime.timedelta(days=self.rng.randint(0, 8)),
                i=SPRING_POSTINGS,
            )
        for i in range(OPEN_POSTINGS):
            self._open(rows, internal=i == OPEN_POSTINGS - 1)
        self._write(rows)
        self.pool += self.newcomers
        self.newcomers = []
        self._induction()
        self._separations()

    # -- postings and applications ------------------------------------------------------
    def _vacancy(self, *, starts: datetime.date) -> Vacancy:
        school = self.rng.choice(self.staff.schools)
        subject = self.rng.choice(SUBJECTS)
        low, high = {"K-5": (1, 5), "6-8": (6, 8), "9-12": (9, 12)}[school.grade_span]
        grade = self.rng.randint(low, high)
        grades = f"{low}-{high}" if self.rng.random() < 0.4 else str(grade)
        position = (
            StaffAssignment.Position.SPECIAL_EDUCATION_TEACHER
            if subject == "Special Education"
            else StaffAssignment.Position.CLASSROOM_TEACHER
        )
        salary = 52_000 + 1_000 * self.rng.randint(0, 12)
        return Vacancy(
            district=self.district,
            school=school,
            title=f"Grade {grades} {subject.lower()} teacher"
            if subject not in ("English", "Spanish", "English as a Second Language")
            else f"Grade {grades} {subject} teacher",
            position=position,
            subject=subject,
            grade_levels=grades,
            fte=Decimal("1.00") if self.rng.random() < 0.85 else Decimal("0.50"),
            salary_min=salary,
            salary_max=salary + 24_000,
            start_date=starts,
            created_by=self.hr,
            created_at=moment(starts - datetime.timedelta(days=200), 10),
        )

    def _posting(self, rows: Rows, *, opens, days, starts, internal=False) -> Posting:
        vacancy = self._vacancy(starts=starts)
        vacancy.created_at = moment(opens - datetime.timedelta(days=7), 10)
        # What ``Vacancy.save`` fills in, which a bulk write skips.
        vacancy.grade_from, vacancy.grade_to = grades_of(vacancy.grade_levels) or (None, None)
        rows.vacancies.append(vacancy)
        rows.licenses.append(
            RequiredLicense(
                vacancy=vacancy, field=vacancy.subject, grade_levels=vacancy.grade_levels
            )
        )
        posting = Posting(
            vacancy=vacancy,
            audience=Posting.Audience.INTERNAL if internal else Posting.Audience.EXTERNAL,
            description=(
                f"{vacancy.title} at {vacancy.school.name}, from {starts:%B %Y}. We look for a "
                "teacher who plans with colleagues, knows the content well and keeps every "
                "student learning."
            ),
            opens_on=opens,
            closes_on=opens + datetime.timedelta(days=days),
            created_by=self.hr,
            created_at=moment(opens, 8),
        )
        rows.postings.append(posting)
        return posting

    def _new_applicant(self, rows: Rows) -> Applicant:
        first, last = self.accounts.name()
        user = self.accounts.user(first, last, "applicants")
        # A new applicant's state identifier is pending until the state assigns one.
        person = Person(first_name=first, last_name=last, email=user.email, user=user)
        account = ApplicantAccount(user=user, created_at=None)
        rows.users.append(user)
        rows.accounts.append(account)
        rows.people.append(person)
        applicant = Applicant(person=person, user=user, account=account)
        self.newcomers.append(applicant)
        return applicant

    def _applicants(self, rows: Rows, *, elsewhere: int = 0) -> list[Applicant]:
        """New applicants, and ``elsewhere`` of those who applied in the districts before."""
        chosen = self.rng.sample(self.pool, k=min(elsewhere, len(self.pool)))
        return chosen + [self._new_applicant(rows) for _ in range(self.rng.randint(*APPLICANTS))]

    def _apply(self, rows: Rows, posting: Posting, applicant: Applicant, *, last: datetime.date):
        """The application as ``applicants.services.application_submit`` makes it, sent on a
        day between the posting's opening and ``last``."""
        span = max(0, (min(posting.closes_on, last) - posting.opens_on).days)
        sent = moment(posting.opens_on + datetime.timedelta(days=self.rng.randint(0, span)), 20)
        if applicant.account and applicant.account.created_at is None:
            applicant.account.created_at = sent - datetime.timedelta(hours=1)
        application = Application(
            posting=posting, person=applicant.person, stage=Stage.APPLIED, submitted_at=sent
        )
        rows.applications.append(application)
        rows.submissions.append(
            Submission(
                application=application,
                profile={
                    "name": f"{applicant.person.first_name} {applicant.person.last_name}",
                    "email": applicant.user.email,
                    "education": [],
                    "experience": [],
                    "references": [],
                    "documents": [],
                },
            )
        )
        self._event(rows, application, sent, applicant.user, "Submitted")
        return application

    def _event(self, rows, application, at, actor, action, detail=""):
        rows.events.append(
            ApplicationEvent(
                application=application, at=at, actor=actor, action=action, detail=detail
            )
        )

    def _through(self, rows, application, *, to: str, at: datetime.datetime, gap: int):
        """Move an application stage by stage up to ``to``, ``gap`` days apart; the last
        move's moment."""
        principal = self.principals[application.posting.vacancy.school_id]
        for stage in STAGES[1 : STAGES.index(to) + 1]:
            at += datetime.timedelta(days=gap, hours=self.rng.randint(0, 3))
            by = principal if stage in (Stage.SCREENING, Stage.RECOMMENDATION) else self.hr
            if stage == Stage.APPROVAL:
                self._event(rows, application, at, principal, "Recommended for hire")
            if stage == Stage.OFFER:
                self._event(rows, application, at, self.hr, "Approved by HR")
            self._event(rows, application, at, by, f"Moved to {Stage(stage).label}")
        application.stage = to
        application.version = 1 + STAGES.index(to)
        return at

    def _end(self, rows, application, *, outcome, at, actor, detail=""):
        application.outcome = outcome
        application.ended_at = at
        application.version += 1
        self._event(rows, application, at, actor, Outcome(outcome).label, detail)

    def _offer(
        self, rows, application, *, at, status, answered_at=None, reason="", respond_by=None
    ):
        vacancy = application.posting.vacancy
        respond_by = respond_by or (at + datetime.timedelta(days=7)).date()
        offer = Offer(
            application=application,
            position=vacancy.title,
            fte=vacancy.fte,
            salary=vacancy.salary_min + 1_000 * self.rng.randint(0, 8),
            start_date=vacancy.start_date,
            respond_by=respond_by,
            status=status,
            sent_by=self.hr,
            sent_at=at,
            responded_at=answered_at,
            decline_reason=reason,
            version=1 if status == Offer.Status.SENT else 2,
        )
        rows.offers.append(offer)
        self._event(
            rows,
            application,
            at,
            self.hr,
            "Offer sent",
            f"{offer.position}, FTE {offer.fte}, to answer by {respond_by}",
        )
        return offer

    def _filled(self, rows, *, opens, days, starts, i):
        """A closed posting, filled: the first choice accepted, or declined or let the offer
        expire and the next one accepted; the others not selected at some stage, or
        withdrawn."""
        posting = self._posting(rows, opens=opens, days=days, starts=starts)
        applicants = self._applicants(rows)
        applications = [self._apply(rows, posting, a, last=posting.closes_on) for a in applicants]
        chosen, runner_up, *others = applications
        at = moment(posting.closes_on, 10)
        gap = 4
        first_fails = {0: Offer.Status.DECLINED, 1: Offer.Status.EXPIRED}.get(i)
        offered = self._through(rows, chosen, to=Stage.OFFER, at=at, gap=gap)
        hired = chosen
        if first_fails:
            self._through(rows, runner_up, to=Stage.APPROVAL, at=at, gap=gap)
            answer = offered + datetime.timedelta(days=3 if first_fails == "declined" else 8)
            reason = self.rng.choice(DECLINE_REASONS) if first_fails == "declined" else ""
            self._offer(
                rows,
                chosen,
                at=offered,
                status=first_fails,
                answered_at=answer if first_fails == "declined" else None,
                reason=reason,
            )
            self._end(
                rows,
                chosen,
                outcome=Outcome.OFFER_DECLINED if reason else Outcome.OFFER_EXPIRED,
                at=answer,
                actor=chosen.person.user if reason else None,
                detail=reason,
            )
            offered = answer + datetime.timedelta(days=1)
            self._event(rows, runner_up, offered, self.hr, "Approved by HR")
            self._event(rows, runner_up, offered, self.hr, "Moved to Offer")
            runner_up.stage, runner_up.version = Stage.OFFER, runner_up.version + 1
            hired = runner_up
        else:
            others.append(runner_up)
        accepted = offered + datetime.timedelta(days=self.rng.randint(1, 4), hours=2)
        self._offer(rows, hired, at=offered, status=Offer.Status.ACCEPTED, answered_at=accepted)
        self._event(rows, hired, accepted, hired.person.user, "Offer accepted")
        self._end(rows, hired, outcome=Outcome.HIRED, at=accepted, actor=hired.person.user)
        rows.hires.append((hired, starts, accepted + datetime.timedelta(days=1)))
        for application in others:
            self._not_through(rows, application, at=at, gap=gap)

    def _not_through(self, rows, application, *, at, gap):
        """An application that ended before an offer: withdrawn by the applicant or not
        selected by the district, at a stage short of the offer."""
        reached = self.rng.choice(STAGES[: STAGES.index(Stage.REFERENCES) + 1])
        at = max(at, application.submitted_at)
        at = self._through(rows, application, to=reached, at=at, gap=gap)
        at += datetime.timedelta(days=gap, hours=1)
        if at >= self.now:
            return
        if self.rng.random() < 0.25:
            self._end(
                rows, application, outcome=Outcome.WITHDRAWN, at=at, actor=application.person.user
            )
        else:
            self._end(rows, application, outcome=Outcome.NOT_SELECTED, at=at, actor=self.hr)
            self._event(rows, application, at, self.hr, "Message sent to the applicant")

    def _open(self, rows, *, internal: bool):
        """A posting open today: its applicants at every stage, one with an offer waiting."""
        opens = self.today - datetime.timedelta(days=self.rng.randint(20, 30))
        posting = self._posting(
            rows,
            opens=opens,
            days=self.rng.randint(35, 50),
            starts=self.school_year.start_date.replace(year=self.school_year.start_date.year + 1),
            internal=internal,
        )
        if internal:
            applicants = [
                Applicant(person=e.person, user=e.person.user)
                for e in self.rng.sample(self.staff.teachers[4:], k=4)
            ]
        else:
            applicants = self._applicants(rows, elsewhere=FROM_ELSEWHERE)
        last = self.today - datetime.timedelta(days=12)
        applications = [self._apply(rows, posting, a, last=last) for a in applicants]
        gap = 1
        for k, application in enumerate(applications):
            at = application.submitted_at
            if k == 0 and not internal:
                offered = self._through(rows, application, to=Stage.OFFER, at=at, gap=gap)
                self._offer(
                    rows,
                    application,
                    at=offered,
                    status=Offer.Status.SENT,
                    respond_by=self.today + datetime.timedelta(days=self.rng.randint(*ANSWER_IN)),
                )
            elif k % 4 == 3:
                self._not_through(rows, application, at=at, gap=gap)
            else:
                # Turn by turn across the postings, so every stage short of the offer holds some.
                self.turn += 1
                to = STAGES[self.turn % (len(STAGES) - 1)]
                self._through(rows, application, to=to, at=at, gap=gap)

    def _write(self, rows: Rows) -> None:
        User.objects.bulk_create(rows.users)
        ApplicantAccount.objects.bulk_create(rows.accounts)
        bulk_create_with_history(rows.people, Person, default_user=self.hr)
        bulk_create_with_history(rows.vacancies, Vacancy, default_user=self.hr)
        bulk_create_with_history(rows.licenses, RequiredLicense, default_user=self.hr)
        bulk_create_with_history(rows.postings, Posting, default_user=self.hr)
        bulk_create_with_history(rows.applications, Application, default_user=self.hr)
        Submission.objects.bulk_create(rows.submissions)
        rows.events.sort(key=lambda e: e.at)
        ApplicationEvent.objects.bulk_create(rows.events)
        Offer.objects.bulk_create(rows.offers)
        self._onboard(rows.hires)

    # -- onboarding ---------------------------------------------------------------------
    def _onboard(self, hires) -> None:
        """As ``onboarding.services.onboard`` makes it: the employment and assignment of the
        posting, and the checklist of the default steps, some ticked off and some overdue."""
        unit = self.staff.teachers[0].bargaining_unit
        employments, assignments, onboardings, tasks, events = [], [], [], [], []
        for application, starts, at in hires:
            vacancy = application.posting.vacancy
            employment = Employment(
                person=application.person,
                district=self.district,
                # HR numbers each hire, as the district's own files know them.
                employee_number=f"HR-H{application.pk:05d}",
                bargaining_unit=unit,
                role_group=StaffAssignment.ROLE_GROUPS[vacancy.position],
                start_date=starts,
                role_start_date=starts,
            )
            employments.append(employment)
            assignments.append(
                StaffAssignment(
                    employment=employment,
                    school=vacancy.school,
                    position=vacancy.position,
                    subject=vacancy.subject,
                    grade_level=vacancy.grade_levels,
                    fte=vacancy.fte,
                    start_date=starts,
                )
            )
            onboarding = Onboarding(
                application=application,
                employment=employment,
                district=self.district,
                school=vacancy.school,
                started_by=self.hr,
                started_at=at,
            )
            onboardings.append(onboarding)
            for position, step in enumerate(DEFAULT_STEPS):
                due = starts + datetime.timedelta(days=step.days_after_start)
                done = due < self.today and self.rng.random() < 0.8
                done_on = min(due, self.today - datetime.timedelta(days=1))
                tasks.append(
                    OnboardingTask(
                        onboarding=onboarding,
                        title=str(step.title),
                        description=str(step.description),
                        checked_by=step.checked_by,
                        due_on=due,
                        position=position,
                        done_at=moment(done_on, 14) if done else None,
                        done_by=self.hr if done else None,
                    )
                )
            events.append(
                ApplicationEvent(
                    application=application,
                    at=at,
                    actor=self.hr,
                    action="Onboarded",
                    detail=f"Employed in {self.district.name} from {starts}: "
                    f"{vacancy.get_position_display()} at {vacancy.school.name}.",
                )
            )
        bulk_create_with_history(employments, Employment, default_user=self.hr)
        bulk_create_with_history(assignments, StaffAssignment, default_user=self.hr)
        Onboarding.objects.bulk_create(onboardings)
        OnboardingTask.objects.bulk_create(tasks)
        ApplicationEvent.objects.bulk_create(events)
        self.hired = [(o.employment, o.application.person.user, o.school_id) for o in onboardings]

    # -- induction ----------------------------------------------------------------------
    def _induction(self) -> None:
        """Trained mentors at each school; each new hire with a mentor from their first
        weeks and weekly logs (some beginners short of the district's hours), except the
        newest hire, who has none yet."""
        InductionRules.objects.create(
            district=self.district,
            school_year=self.school_year,
            induction_year_hours=INDUCTION_YEAR_HOURS,
            updated_by=self.hr,
            updated_at=moment(self.school_year.start_date - datetime.timedelta(days=30), 10),
        )
        veterans = list(
            StaffAssignment.objects.filter(
                employment__district=self.district,
                employment__role_group=RoleGroup.TEACHER,
                employment__has_pts=True,
                employment__end_date=None,
                employment__person__user__isnull=False,
                end_date=None,
            ).select_related("employment__person__user")
        )
        by_school: dict[int, list] = {}
        for assignment in veterans:
            by_school.setdefault(assignment.school_id, []).append(assignment)
        mentors = {}
        for school_id, at_school in by_school.items():
            for assignment in self.rng.sample(at_school, k=min(2, len(at_school))):
                mentors.setdefault(school_id, []).append(
                    TrainedMentor(
                        person=assignment.employment.person,
                        district=self.district,
                        trained_on=self.school_year.start_date.replace(
                            year=self.school_year.start_date.year - self.rng.randint(1, 4)
                        ),
                        subjects=assignment.subject,
                        grade_levels=assignment.grade_level,
                        capacity=2,
                    )
                )
        TrainedMentor.objects.bulk_create([m for ms in mentors.values() for m in ms])
        newest = max(self.hired, key=lambda h: h[0].start_date)[0]
        pairs, logs = [], []
        for employment, user, school_id in self.hired:
            if employment is newest or not mentors.get(school_id):
                continue  # no mentor yet
            mentor = self.rng.choice(mentors[school_id])
            started = employment.start_date + datetime.timedelta(days=self.rng.randint(3, 12))
            if started >= self.today:
                continue
            evaluator = self.principals[school_id].person
            pair = MentorAssignment(
                mentee=employment,
                mentor=mentor,
                evaluator=evaluator,
                start_date=started,
                assigned_by=self.hr,
                assigned_at=moment(started, 9),
            )
            pairs.append(pair)
            every = self.rng.choice([7, 7, 14])
            day = started + datetime.timedelta(days=2)
            while day < self.today - datetime.timedelta(days=1):
                by_mentor = self.rng.random() < 0.7
                confirmed = day < self.today - datetime.timedelta(days=7)
                logs.append(
                    MentoringLog(
                        assignment=pair,
                        mentee=employment.person,
                        district=self.district,
                        date=day,
                        hours=self.rng.choice([Decimal("1"), Decimal("1.5"), Decimal("2")]),
                        kind=self.rng.choice(MentoringLog.Kind.values[:5]),
                        topic=self.rng.choice(MENTOR_TOPICS),
                        entered_by=mentor.person.user if by_mentor else user,
                        entered_at=moment(day, 17),
                        confirmed_by=(user if by_mentor else mentor.person.user)
                        if confirmed
                        else None,
                        confirmed_at=moment(day + datetime.timedelta(days=1), 8)
                        if confirmed
                        else None,
                    )
                )
                day += datetime.timedelta(days=every)
        MentorAssignment.objects.bulk_create(pairs)
        MentoringLog.objects.bulk_create(logs)

    # -- separations --------------------------------------------------------------------
    def _separations(self) -> None:
        """Each leaver's separation and exit-survey invitation (most answered, the answers
        kept only in the year's totals); those who left for another district join the staff
        of the district built before this one in the autumn after."""
        leavers = list(
            Employment.objects.filter(district=self.district)
            .exclude(end_date=None)
            .select_related("person")
            .prefetch_related("assignments__school")
        )
        separations, invitations = [], []
        totals: dict[int, tuple[int, Counter, list]] = {}
        years: dict[datetime.date, int] = {}
        for employment in leavers:
            kind, reasons = SEPARATIONS.get(
                employment.separation_reason, ("resigned", [ExitReason.OTHER])
            )
            reason = self.rng.choice(reasons)
            if employment.end_date not in years:
                years[employment.end_date] = school_year_of(
                    district_id=self.district.pk, day=employment.end_date
                )
            year = years[employment.end_date]
            separation = Separation(
                employment=employment,
                last_day=employment.end_date,
                school_year=year,
                kind=kind,
                reason=reason,
                recorded_by=self.hr,
            )
            separations.append(separation)
            answered = self.rng.random() < 0.7
            invitations.append(
                ExitSurveyInvitation(
                    separation=separation,
                    digest=f"{self.rng.getrandbits(256):064x}",
                    sent_to=f"leaver.{employment.pk}@{self.slug}.example.org",
                    sent_on=employment.end_date + datetime.timedelta(days=1),
                    answered=answered,
                )
            )
            if answered:
                count, counted, comments = totals.setdefault(year, (0, Counter(), []))
                counted[reason] += 1
                if self.rng.random() < 0.2:
                    comments.append(self.rng.choice(EXIT_COMMENTS))
                totals[year] = (count + 1, counted, comments)
            if employment.separation_reason == Employment.SeparationReason.MOVED:
                self.movers.append(employment)
        Separation.objects.bulk_create(separations)
        ExitSurveyInvitation.objects.bulk_create(invitations)
        ExitSurveyTotals.objects.bulk_create(
            ExitSurveyTotals(
                district=self.district,
                school_year=year,
                answers=count,
                reasons=dict(counted),
                comments=comments,
            )
            for year, (count, counted, comments) in sorted(totals.items())
        )
        self._movers_join()

    def _movers_join(self) -> None:
        """The previous district's movers join this district's staff the autumn after."""
        movers = [m for m in self.movers if m.district_id != self.district.pk]
        self.movers = [m for m in self.movers if m.district_id == self.district.pk]
        employments, assignments = [], []
        school = {s.grade_span: s for s in self.staff.schools}
        for left in movers:
            starts = datetime.date(left.end_date.year, 8, 25)
            old = left.assignments.all()[0]
            employment = Employment(
                person=left.person,
                district=self.district,
                employee_number=f"HR-M{left.pk:05d}",
                role_group=RoleGroup.TEACHER,
                start_date=starts,
                role_start_date=left.role_start_date,
                has_pts=left.has_pts,
                pts_date=left.pts_date,
            )
            employments.append(employment)
            assignments.append(
                StaffAssignment(
                    employment=employment,
                    school=school[old.school.grade_span],
                    position=old.position,
                    subject=old.subject,
                    grade_level=old.grade_level,
                    fte=old.fte,
                    start_date=starts,
                )
            )
        bulk_create_with_history(employments, Employment, default_user=self.hr)
        bulk_create_with_history(assignments, StaffAssignment, default_user=self.hr)
