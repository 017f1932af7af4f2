"""The demo Commonwealth: a state, its districts, schools, people and sign-ins.

Deterministic for a seed and a "today". At scale 1 it makes 3 districts, 12
schools and about 600 educators; the size grows linearly with ``scale``
(``--scale 250``: about 150,000 educators), written district by district in
bulk, with history rows, so memory stays flat. Every account shares one known
password, which is why it refuses to run outside demo mode.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from tandem.collaboration.programs import programs_install, topics_install
from tandem.demo.teams import DistrictLeaders, TeamBuilder
from tandem.evaluation.framework import plan_type_proposal
from tandem.evaluation.models import (
    EducatorPlan,
    EvaluationCycle,
    Goal,
    SelfAssessment,
    StandardRating,
    SummativeEvaluation,
)
from tandem.evaluation.services.cycles import framework_for
from tandem.organizations.models import (
    BargainingUnit,
    District,
    DistrictSettingsVersion,
    NonSchoolDay,
    School,
    SchoolYear,
    SettingsProposal,
    StateAgency,
)
from tandem.organizations.services import (
    DEFAULT_EVALUATION_SETTINGS,
    SIGNED_AS_COMMITTEE,
    SIGNED_AS_MANAGEMENT,
    SIGNED_AS_UNION,
    district_settings_establish,
)
from tandem.organizations.vocabulary import PlanType, RoleGroup
from tandem.people.models import (
    Employment,
    EvaluatorAssignment,
    Person,
    RoleGrant,
    StaffAssignment,
    User,
)
from tandem.records.models import Signature
from tandem.records.services import canonical_serialization, text_digest
from tandem.rubrics.models import FrameworkVersion, Standard
from tandem.rubrics.services import (
    framework_adopt,
    framework_version_publish,
    model_frameworks_install,
)

DEMO_PASSWORD = "tandem-demo-2026"
# Base32 TOTP secret shared by the demo's administrators, so a person can add it to an app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
EMAIL_DOMAIN = "example.org"

TOWNS = [
    "Ashford",
    "Bellmont",
    "Carver Falls",
    "Dunmore",
    "Eastbrook",
    "Fairhaven",
    "Glenwood",
    "Harwich Port",
    "Ipswich Bay",
    "Jamestown",
    "Kingsfield",
    "Lakeview",
    "Millbrook",
    "Northfield",
    "Oakridge",
    "Pinehurst",
    "Quincy Hills",
    "Riverton",
    "Stonebridge",
    "Thornbury",
    "Upton Grove",
    "Valley Forge",
    "Westmere",
    "Yarmouth Point",
]
REGIONS = ["Berkshires", "Central", "Greater Boston", "Northeast", "Pioneer Valley", "Southeast"]
FIRST_NAMES = [
    "Ana",
    "Ben",
    "Carmen",
    "David",
    "Elena",
    "Farah",
    "George",
    "Hannah",
    "Ibrahim",
    "Julia",
    "Kofi",
    "Laura",
    "Miguel",
    "Nadia",
    "Owen",
    "Priya",
    "Quinn",
    "Rosa",
    "Samuel",
    "Tara",
    "Uma",
    "Victor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Aaron",
    "Beatriz",
    "Chen",
    "Deborah",
    "Emeka",
    "Fiona",
    "Gabriel",
    "Helen",
    "Isaac",
    "Jasmine",
    "Kevin",
    "Lucia",
    "Marcus",
    "Noor",
]
LAST_NAMES = [
    "Abbott",
    "Barros",
    "Castillo",
    "Dubois",
    "Egan",
    "Fitzgerald",
    "Goldberg",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lima",
    "Murphy",
    "Nguyen",
    "O'Brien",
    "Pereira",
    "Quinlan",
    "Rossi",
    "Sullivan",
    "Tran",
    "Underwood",
    "Vasquez",
    "Walsh",
    "Xu",
    "Young",
    "Zhang",
    "Almeida",
    "Brennan",
    "Costa",
    "Delgado",
    "Esposito",
    "Flynn",
    "Gomes",
    "Hughes",
    "Iqbal",
    "Kelly",
    "Lopes",
    "Mendes",
    "Okafor",
    "Patel",
    "Reyes",
    "Santos",
    "Teixeira",
    "Wright",
]
SUBJECTS = [
    "English",
    "Mathematics",
    "Science",
    "History",
    "Spanish",
    "Art",
    "Music",
    "Physical Education",
    "Special Education",
    "English as a Second Language",
]
SISP_POSITIONS = [
    StaffAssignment.Position.COUNSELOR,
    StaffAssignment.Position.PSYCHOLOGIST,
    StaffAssignment.Position.NURSE,
    StaffAssignment.Position.SPEECH_LANGUAGE,
]
SCHOOL_SHAPES = [
    (School.Level.ELEMENTARY, "Elementary School", "K-5"),
    (School.Level.ELEMENTARY, "Elementary School", "K-5"),
    (School.Level.MIDDLE, "Middle School", "6-8"),
    (School.Level.HIGH, "High School", "9-12"),
]
TEACHERS_PER_SCHOOL = 41

HISTORY_YEARS = 4  # past school years; with this one, five years of cycles
BARGAINED_EVERY = 10  # every tenth district has a bargained change to its settings

# How summatives fall at the end of each plan. A Directed Growth Plan ends Proficient or
# better, or Unsatisfactory (evaluation.md §4).
RATING_ODDS = {
    PlanType.DEVELOPING: [
        ("exemplary", 5),
        ("proficient", 80),
        ("needs_improvement", 12),
        ("unsatisfactory", 3),
    ],
    PlanType.SELF_DIRECTED: [
        ("exemplary", 20),
        ("proficient", 74),
        ("needs_improvement", 5),
        ("unsatisfactory", 1),
    ],
    PlanType.DIRECTED: [("proficient", 70), ("unsatisfactory", 30)],
    PlanType.IMPROVEMENT: [("proficient", 55), ("unsatisfactory", 45)],
}

# Late November: most plans are approved and under way; some are late.
CYCLE_STEPS = [
    EvaluationCycle.Step.SELF_ASSESSMENT,
    EvaluationCycle.Step.EDUCATOR_PLAN,
    EvaluationCycle.Step.IMPLEMENTATION,
    EvaluationCycle.Step.FORMATIVE,
    EvaluationCycle.Step.SUMMATIVE,
]
CYCLE_STEP_WEIGHTS = [8, 17, 65, 6, 4]
DEMO_ANALYSES = [
    "Fall reading screeners put 14 of my 22 students at or above benchmark; the eight below "
    "benchmark struggle most with decoding multisyllable words.",
    "Unit 1 common assessment: 71% of students scored proficient on number sense, but only "
    "48% could explain their reasoning in writing.",
    "Last spring's growth data showed my English learners gaining less than their peers in "
    "writing; their conference notes point to vocabulary across content areas.",
    "Attendance at my office-hour sessions doubled after I moved them to lunch, and the "
    "students who came raised their lab-report scores by a full rubric level.",
]
DEMO_GOALS = {
    Goal.Kind.STUDENT_LEARNING: [
        "By May, at least 80% of my students will score 3 or higher on the district writing "
        "rubric for argument, up from 52% in September.",
        "Each student below benchmark on the fall screener will gain at least 1.5 grade levels "
        "in reading fluency by the spring screener.",
        "Students will raise their average score on the unit common assessments from 68% to 80% "
        "by the end of the third term.",
    ],
    Goal.Kind.PROFESSIONAL_PRACTICE: [
        "I will plan every unit with checks for understanding at least twice a week and use "
        "the results to regroup students, documented in my planning book.",
        "I will meet my grade-level team every two weeks to analyze student work with a common "
        "protocol and bring one changed lesson to each meeting.",
        "I will contact every family at least once a term with specific good news and keep a "
        "log of two-way communication.",
    ],
}
SISP_PER_SCHOOL = 6


@dataclass
class DemoAccount:
    role: str
    email: str
    note: str = ""


COMMITTEE_OFFICES = {
    "School committee chair": RoleGrant.Office.COMMITTEE_CHAIR,
    "School committee vice chair": RoleGrant.Office.COMMITTEE_VICE_CHAIR,
    "School committee member": "",
}

DEMO_ACCOUNTS = [
    DemoAccount("Teacher", "teacher@example.org"),
    DemoAccount("Union leader (also a teacher)", "union.president@example.org"),
    DemoAccount("Principal and evaluator", "principal@example.org"),
    DemoAccount("District HR", "hr@example.org", "two-factor"),
    DemoAccount("District administrator", "district.admin@example.org", "two-factor"),
    DemoAccount("Superintendent", "superintendent@example.org", "two-factor"),
    DemoAccount("School committee chair", "committee.chair@example.org"),
    DemoAccount("Partnership facilitator", "facilitator@example.org"),
    DemoAccount("State analyst", "analyst@example.org", "two-factor"),
    DemoAccount("State administrator", "state.admin@example.org", "two-factor"),
]


@dataclass
class Summary:
    districts: int = 0
    schools: int = 0
    educators: int = 0
    accounts: list[DemoAccount] = field(default_factory=lambda: list(DEMO_ACCOUNTS))


def school_year_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date, str]:
    """The school year containing ``today``: from the last Monday of August to mid-June."""
    start_year = today.year if today.month >= 7 else today.year - 1
    start = datetime.date(start_year, 8, 31)
    while start.weekday() != 0:
        start -= datetime.timedelta(days=1)
    end = datetime.date(start_year + 1, 6, 18)
    return start, end, f"{start_year}-{str(start_year + 1)[2:]}"


def _non_school_days(school_year: SchoolYear) -> list[NonSchoolDay]:
    """Holidays and vacation weeks of a Massachusetts-style calendar."""
    y = school_year.start_date.year
    days: list[tuple[datetime.date, str, str]] = []

    def nth_weekday(year, month, weekday, n):
        day = datetime.date(year, month, 1)
        while day.weekday() != weekday:
            day += datetime.timedelta(days=1)
        return day + datetime.timedelta(weeks=n - 1)

    def week(monday: datetime.date, name: str):
        for i in range(5):
            days.append((monday + datetime.timedelta(days=i), NonSchoolDay.Kind.VACATION, name))

    days.append((nth_weekday(y, 9, 0, 1), NonSchoolDay.Kind.HOLIDAY, "Labor Day"))
    days.append((nth_weekday(y, 10, 0, 2), NonSchoolDay.Kind.HOLIDAY, "Indigenous Peoples' Day"))
    days.append((datetime.date(y, 11, 11), NonSchoolDay.Kind.HOLIDAY, "Veterans Day"))
    thanksgiving = nth_weekday(y, 11, 3, 4)
    days.append((thanksgiving, NonSchoolDay.Kind.HOLIDAY, "Thanksgiving"))
    days.append(
        (thanksgiving + datetime.timedelta(days=1), NonSchoolDay.Kind.HOLIDAY, "Thanksgiving")
    )
    day = datetime.date(y, 12, 24)
    while day <= datetime.date(y + 1, 1, 1):
        days.append((day, NonSchoolDay.Kind.VACATION, "Winter vacation"))
        day += datetime.timedelta(days=1)
    days.append(
        (nth_weekday(y + 1, 1, 0, 3), NonSchoolDay.Kind.HOLIDAY, "Martin Luther King Jr. Day")
    )
    week(nth_weekday(y + 1, 2, 0, 3), "February vacation")
    week(nth_weekday(y + 1, 4, 0, 3), "April vacation")
    last_monday_of_may = datetime.date(y + 1, 5, 31)
    while last_monday_of_may.weekday() != 0:
        last_monday_of_may -= datetime.timedelta(days=1)
    days.append((last_monday_of_may, NonSchoolDay.Kind.HOLIDAY, "Memorial Day"))
    seen = set()
    out = []
    for date, kind, name in days:
        if date.weekday() < 5 and school_year.contains(date) and date not in seen:
            seen.add(date)
            out.append(NonSchoolDay(school_year=school_year, date=date, kind=kind, name=name))
    return out


class Generator:
    def __init__(
        self, *, seed: int, scale: int, today: datetime.date, progress: Callable[[int], None]
    ):
        self.rng = random.Random(seed)
        self.seed = seed
        self.scale = scale
        self.today = today
        self.progress = progress
        self.password = make_password(DEMO_PASSWORD)
        self.summary = Summary()
        self.state_id_counter = 10_000_000
        self.email_counter = 0

    # -- small builders -------------------------------------------------------------
    def _name(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def _state_id(self) -> str | None:
        self.state_id_counter += 1
        # A few new hires are still waiting for the state to assign their identifier.
        return None if self.rng.random() < 0.01 else str(self.state_id_counter)

    def _user(self, first, last, slug, email=None) -> User:
        self.email_counter += 1
        email = (
            email
            or f"{first}.{last}.{self.email_counter}@{slug}.{EMAIL_DOMAIN}".lower().replace("'", "")
        )
        return User(
            email=email, username=email, first_name=first, last_name=last, password=self.password
        )

    # -- the whole Commonwealth -----------------------------------------------------
    def run(self) -> Summary:
        model_frameworks_install()
        # Installed by migrations too; a test database flushed between tests has lost them.
        programs_install()
        topics_install()
        self.state = StateAgency.objects.create(
            name="Commonwealth Department of Elementary and Secondary Education", code="00000000"
        )
        self.facilitators = self._facilitators()
        # The teams draw from a generator of their own, so adding them left every other
        # choice of the demo (and the tests that rely on it) as it was.
        self.teams = TeamBuilder(
            rng=random.Random(self.seed + 1), today=self.today, history_years=HISTORY_YEARS
        )
        for n in range(3 * self.scale):
            with transaction.atomic():
                self._district(n)
            self.progress(1)
        self._state_accounts()
        return self.summary

    def _state_accounts(self):
        for role, email, first, last in [
            (RoleGrant.Role.STATE_ANALYST, "analyst@example.org", "Sam", "Analyst"),
            (RoleGrant.Role.STATE_ADMIN, "state.admin@example.org", "Robin", "Stateadmin"),
        ]:
            user = self._user(first, last, "state", email=email)
            user.save()
            RoleGrant.objects.create(user=user, role=role, start_date=self.school_year.start_date)
            if role in RoleGrant.MFA_ROLES:
                self._activate_totp(user)

    def _facilitators(self) -> list[User]:
        """The partnership's facilitators: about one for every fifteen districts."""
        facilitators = []
        for i in range(max(1, self.scale // 5)):
            first, last = (
                ("Fran", "Facilitator")
                if i == 0
                else (FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[-i % len(LAST_NAMES)])
            )
            user = self._user(
                first, last, "partnership", email="facilitator@example.org" if i == 0 else None
            )
            user.save()
            RoleGrant.objects.create(
                user=user,
                role=RoleGrant.Role.FACILITATOR,
                title="Partnership facilitator",
                start_date=self.today - datetime.timedelta(days=365 * HISTORY_YEARS),
            )
            facilitators.append(user)
        return facilitators

    def _activate_totp(self, user):
        Authenticator.objects.create(
            user=user,
            type=Authenticator.Type.TOTP,
            data={"secret": get_mfa_adapter().encrypt(DEMO_TOTP_SECRET)},
        )

    def _district(self, n: int):
        town = TOWNS[n % len(TOWNS)] + (f" {n // len(TOWNS) + 1}" if n >= len(TOWNS) else "")
        slug = town.lower().replace(" ", "-").replace("'", "")
        district = District.objects.create(
            state=self.state,
            name=f"{town} Public Schools",
            org_code=f"{(n + 1) * 10:04d}0000",
            region=REGIONS[n % len(REGIONS)],
        )
        self.summary.districts += 1
        start, end, name = school_year_bounds(self.today)
        school_year = SchoolYear.objects.create(
            district=district, name=name, start_date=start, end_date=end
        )
        self.school_year = school_year
        NonSchoolDay.objects.bulk_create(_non_school_days(school_year))
        unit_a = BargainingUnit.objects.create(
            district=district, name=f"{town} Education Association", code="Unit A"
        )
        unit_b = BargainingUnit.objects.create(
            district=district, name=f"{town} Administrators Association", code="Unit B"
        )
        settings = district_settings_establish(
            district=district,
            values=DEFAULT_EVALUATION_SETTINGS,
            effective_from=start.replace(year=start.year - HISTORY_YEARS),
            note="First version, adopted when the district joined Tandem.",
        )
        schools = [
            School(
                district=district,
                name=f"{town} {label}"
                if i not in (0, 1)
                else f"{town} {('North', 'South')[i]} {label}",
                org_code=f"{(n + 1) * 10:04d}{i + 1:04d}",
                level=level,
                grade_span=span,
            )
            for i, (level, label, span) in enumerate(SCHOOL_SHAPES)
        ]
        School.objects.bulk_create(schools)
        self.summary.schools += len(schools)

        people, users, employments, assignments, evaluators, grants = [], [], [], [], [], []

        def hire(
            role_group,
            unit,
            years,
            position,
            school,
            subject="",
            grade="",
            with_user=True,
            email=None,
        ):
            first, last = self._name()
            person = Person(state_id=self._state_id(), first_name=first, last_name=last)
            user = self._user(first, last, slug, email=email) if with_user else None
            person.email = user.email if user else ""
            hired = start - datetime.timedelta(days=365 * years + self.rng.randrange(0, 200))
            employment = Employment(
                person=person,
                district=district,
                bargaining_unit=unit,
                role_group=role_group,
                start_date=hired,
                role_start_date=hired,
                has_pts=role_group in (RoleGroup.TEACHER, RoleGroup.SISP) and years >= 3,
                pts_date=hired + datetime.timedelta(days=3 * 365)
                if years >= 3 and role_group in (RoleGroup.TEACHER, RoleGroup.SISP)
                else None,
            )
            people.append(person)
            users.append(user)
            employments.append(employment)
            if position:
                assignments.append(
                    StaffAssignment(
                        employment=employment,
                        school=school,
                        position=position,
                        subject=subject,
                        grade_level=grade,
                        fte=Decimal("1.00"),
                        start_date=max(hired, start - datetime.timedelta(days=365)),
                    )
                )
            return employment

        first_district = n == 0
        superintendent = hire(
            RoleGroup.SUPERINTENDENT,
            None,
            self.rng.randint(2, 9),
            StaffAssignment.Position.SUPERINTENDENT,
            None,
            email="superintendent@example.org" if first_district else None,
        )
        district_admins = [
            hire(
                RoleGroup.DISTRICT_ADMIN,
                unit_b,
                self.rng.randint(1, 15),
                StaffAssignment.Position.DISTRICT_ADMINISTRATOR,
                None,
                email=("district.admin@example.org", "hr@example.org")[i]
                if first_district
                else None,
            )
            for i in range(2)
        ]
        leaders = []
        for s_index, school in enumerate(schools):
            principal = hire(
                RoleGroup.SCHOOL_ADMIN,
                unit_b,
                self.rng.randint(1, 12),
                StaffAssignment.Position.PRINCIPAL,
                school,
                email="principal@example.org" if first_district and s_index == 0 else None,
            )
            assistant = hire(
                RoleGroup.SCHOOL_ADMIN,
                unit_b,
                self.rng.randint(0, 8),
                StaffAssignment.Position.ASSISTANT_PRINCIPAL,
                school,
            )
            leaders.append((school, principal, assistant))
            staff = []
            for t in range(TEACHERS_PER_SCHOOL):
                years = self.rng.choice([0, 1, 2, 3, 4, 6, 8, 10, 14, 20])
                grade = str(
                    self.rng.randint(
                        *{"K-5": (1, 5), "6-8": (6, 8), "9-12": (9, 12)}[school.grade_span]
                    )
                )
                email = (
                    "teacher@example.org" if first_district and s_index == 0 and t == 0 else None
                )
                if first_district and s_index == 0 and t == 1:
                    email = "union.president@example.org"
                staff.append(
                    hire(
                        RoleGroup.TEACHER,
                        unit_a,
                        years,
                        StaffAssignment.Position.CLASSROOM_TEACHER,
                        school,
                        subject=self.rng.choice(SUBJECTS),
                        grade=grade,
                        email=email,
                    )
                )
            for _ in range(SISP_PER_SCHOOL):
                staff.append(
                    hire(
                        RoleGroup.SISP,
                        unit_a,
                        self.rng.choice([0, 2, 3, 5, 9, 15]),
                        self.rng.choice(SISP_POSITIONS),
                        school,
                    )
                )
            for k, employment in enumerate(staff):
                if self.rng.random() < 0.02:
                    continue  # HR's worklist: nobody evaluates this educator yet
                primary = principal if k % 2 == 0 else assistant
                evaluators.append(("primary", employment, primary, False))
                if primary is assistant:
                    evaluators.append(("supervising", employment, principal, False))
        # Itinerant specialists: a share of SISP split across two schools at half time.
        sisp_assignments = [a for a in assignments if a.position in SISP_POSITIONS]
        for assignment in sisp_assignments[::7]:
            other = self.rng.choice([s for s in schools if s is not assignment.school])
            assignment.fte = Decimal("0.50")
            assignments.append(
                StaffAssignment(
                    employment=assignment.employment,
                    school=other,
                    position=assignment.position,
                    fte=Decimal("0.50"),
                    start_date=assignment.start_date,
                )
            )
        # A few new hires whose assignment has not been entered yet.
        for _ in range(2):
            hire(RoleGroup.TEACHER, unit_a, 0, None, None)
        for _school, principal, assistant in leaders:
            evaluators.append(("primary", principal, superintendent, False))
            evaluators.append(("primary", assistant, principal, False))
        for admin in district_admins:
            evaluators.append(("primary", admin, superintendent, False))
        evaluators.append(("primary", superintendent, None, True))

        # Write: people and users first, then what hangs on them.
        saved_users = [u for u in users if u is not None]
        User.objects.bulk_create(saved_users)
        for person, user in zip(people, users, strict=True):
            person.user = user
        bulk_create_with_history(people, Person)
        bulk_create_with_history(employments, Employment)
        bulk_create_with_history(assignments, StaffAssignment)
        bulk_create_with_history(
            [
                EvaluatorAssignment(
                    evaluatee=evaluatee,
                    evaluator=evaluator.person if evaluator else None,
                    by_school_committee=by_committee,
                    role=role,
                    school_year=school_year,
                    start_date=start,
                    end_date=end,
                )
                for role, evaluatee, evaluator, by_committee in evaluators
            ],
            EvaluatorAssignment,
        )
        self.summary.educators += len(employments)

        # Role grants: HR, administrator, principals, union and committee leaders.
        hr, admin = district_admins[1], district_admins[0]
        teachers = [e for e in employments if e.role_group == RoleGroup.TEACHER]
        union_president = next(
            (e for e in teachers if e.person.email == "union.president@example.org"), teachers[1]
        )
        committee = []
        for i, title in enumerate(COMMITTEE_OFFICES):
            first, last = self._name()
            email = ("committee.chair@example.org" if i == 0 else None) if first_district else None
            committee.append((self._user(first, last, slug, email=email), title))
        User.objects.bulk_create([u for u, _ in committee])
        grants += [
            RoleGrant(
                user=hr.person.user,
                role=RoleGrant.Role.DISTRICT_HR,
                district=district,
                title="Director of Human Resources",
                start_date=start,
            ),
            RoleGrant(
                user=admin.person.user,
                role=RoleGrant.Role.DISTRICT_ADMIN,
                district=district,
                title="Assistant Superintendent",
                start_date=start,
            ),
            RoleGrant(
                user=superintendent.person.user,
                role=RoleGrant.Role.DISTRICT_ADMIN,
                district=district,
                title="Superintendent",
                office=RoleGrant.Office.SUPERINTENDENT,
                start_date=start,
            ),
            RoleGrant(
                user=union_president.person.user,
                role=RoleGrant.Role.UNION_LEADER,
                district=district,
                bargaining_unit=unit_a,
                title="Union president",
                office=RoleGrant.Office.UNION_PRESIDENT,
                start_date=start,
            ),
        ]
        grants += [
            RoleGrant(
                user=user,
                role=RoleGrant.Role.SCHOOL_COMMITTEE,
                district=district,
                title=title,
                office=COMMITTEE_OFFICES[title],
                start_date=start,
            )
            for user, title in committee
        ]
        grants += [
            RoleGrant(
                user=principal.person.user,
                role=RoleGrant.Role.PRINCIPAL,
                district=district,
                school=school,
                title="Principal",
                start_date=start,
            )
            for school, principal, _assistant in leaders
        ]
        bulk_create_with_history(grants, RoleGrant)
        for user in (hr.person.user, admin.person.user, superintendent.person.user):
            self._activate_totp(user)
        if first_district:
            self._adopt_draft_frameworks(district, admin.person.user)
        self.teams.build(
            district=district,
            n=n,
            leaders=DistrictLeaders(
                superintendent=superintendent.person.user,
                union_president=union_president.person.user,
                committee_chair=committee[0][0],
                teachers=[e.person.user for e in teachers if e is not union_president][1:4],
                principal=leaders[0][1].person.user,
            ),
            facilitator=self.facilitators[n % len(self.facilitators)],
        )
        if n % BARGAINED_EVERY == 0:
            self._bargained_settings(
                district,
                unit_a,
                management=superintendent.person.user,
                union=union_president.person.user,
                chair=committee[0][0],
                pending=first_district,
            )
        self._cycles(district, school_year, settings, evaluators)

    def _bargained_settings(self, district, unit, *, management, union, chair, pending):
        """A bargained change to Unit A's settings, signed last spring and in force from next
        school year; in the first district, a further proposal waits for the union.

        Written directly, with its signatures, since there is no request to sign with.
        """
        next_year = school_year_bounds(self.today.replace(year=self.today.year + 1))[0]
        spring = self.today - datetime.timedelta(days=200)
        adopted = SettingsProposal.objects.create(
            district=district,
            bargaining_unit=unit,
            values={
                **DEFAULT_EVALUATION_SETTINGS,
                "response_school_days": 7,
                "observation_minimums": {
                    **DEFAULT_EVALUATION_SETTINGS["observation_minimums"],
                    "self_directed": {"announced": 0, "unannounced": 2},
                },
            },
            effective_from=next_year,
            rationale="Successor agreement, article 12: seven school days to respond to a "
            "summative, and a second unannounced visit on self-directed plans.",
            status=SettingsProposal.Status.ADOPTED,
            proposed_by=management,
            agreed_by=union,
            adopted_by=chair,
        )
        acts = [
            (adopted, management, SIGNED_AS_MANAGEMENT, 0),
            (adopted, union, SIGNED_AS_UNION, 14),
            (adopted, chair, SIGNED_AS_COMMITTEE, 28),
        ]
        if pending:
            waiting = SettingsProposal.objects.create(
                district=district,
                bargaining_unit=unit,
                values={
                    **adopted.values,
                    "feedback_school_days": 3,
                    "due_dates_by_plan": {"developing": {"formative": "01-15"}},
                },
                effective_from=school_year_bounds(next_year.replace(year=next_year.year + 1))[0],
                rationale="Earlier feedback after observations, and an earlier formative "
                "assessment for educators in their first years.",
                proposed_by=management,
            )
            acts.append((waiting, management, SIGNED_AS_MANAGEMENT, 190))
        content_type = ContentType.objects.get_for_model(SettingsProposal)
        signatures = []
        for proposal, signer, capacity, _day in acts:
            canonical = canonical_serialization(proposal.signed_content())
            signatures.append(
                Signature(
                    content_type=content_type,
                    object_id=proposal.pk,
                    signer=signer,
                    capacity=capacity,
                    digest=text_digest(canonical),
                    canonical=canonical,
                )
            )
        Signature.objects.bulk_create(signatures)
        for signature, (_proposal, _signer, _capacity, day) in zip(signatures, acts, strict=True):
            Signature.objects.filter(pk=signature.pk).update(signed_at=self._moment(spring, day))
        SettingsProposal.objects.filter(pk=adopted.pk).update(
            proposed_at=self._moment(spring, 0),
            agreed_at=self._moment(spring, 14),
            adopted_at=self._moment(spring, 28),
        )
        if pending:
            SettingsProposal.objects.filter(pk=waiting.pk).update(
                proposed_at=self._moment(spring, 190)
            )
        DistrictSettingsVersion.objects.create(
            district=district,
            bargaining_unit=unit,
            number=1,
            effective_from=adopted.effective_from,
            values=adopted.values,
            adopted_by=chair,
            proposal=adopted,
            note=adopted.rationale,
        )

    def _adopt_draft_frameworks(self, district, by):
        """The first district has checked the state's draft rubrics and published its own."""
        for version in FrameworkVersion.objects.filter(
            framework__district__isnull=True, status=FrameworkVersion.Status.DRAFT
        ):
            own = framework_adopt(version_id=version.pk, district=district, by=by)
            framework_version_publish(version_id=own.pk, version=own.version, by=by)

    def _past_school_years(self, district, school_year) -> list[SchoolYear]:
        """The district's earlier school years, oldest first, for the cycles' history."""
        years = []
        for back in range(HISTORY_YEARS, 0, -1):
            start = school_year.start_date.replace(year=school_year.start_date.year - back)
            years.append(
                SchoolYear(
                    district=district,
                    name=f"{start.year}-{str(start.year + 1)[2:]}",
                    start_date=start,
                    end_date=school_year.end_date.replace(year=school_year.end_date.year - back),
                )
            )
        bulk_create_with_history(years, SchoolYear)
        return years

    def _cycles(self, district, school_year, settings, evaluators):
        """Five years of cycles for every educator with a primary evaluator and a published
        rubric: four past years that follow the plan-type rules from one summative to the
        next, and this year's, spread over the steps as a district looks in late November."""
        past_years = self._past_school_years(district, school_year)
        frameworks = {}
        for employment in {e for role, e, _ev, _c in evaluators if role == "primary"}:
            if employment.role_group not in frameworks:
                frameworks[employment.role_group] = framework_for(employment=employment)
        primaries = {e: ev for role, e, ev, _c in evaluators if role == "primary"}
        supervisors = {e: ev for role, e, ev, _c in evaluators if role == "supervising"}
        cycles, plans, self_assessments, goals, summatives, ratings = [], [], [], [], [], []
        for employment, evaluator in sorted(primaries.items(), key=lambda item: item[0].pk):
            framework = frameworks[employment.role_group]
            if framework is None:
                continue  # the district has not published a rubric for this role yet
            supervisor = supervisors.get(employment)

            cycle_of = partial(
                self._cycle,
                {
                    "employment": employment,
                    "person_id": employment.person_id,
                    "district": district,
                    "framework_version": framework,
                    "settings_version": settings,
                    "primary_evaluator_id": evaluator.person_id if evaluator else None,
                    "supervising_evaluator_id": supervisor.person_id if supervisor else None,
                },
            )

            last_rating, last_plan, index = "", "", 0
            while index < len(past_years) and past_years[index].start_date < employment.start_date:
                index += 1
            current = None
            while index < len(past_years):
                year = past_years[index]
                plan, years, proposed = self._next_plan(
                    employment, year.start_date, last_rating, last_plan
                )
                if index + years > len(past_years):
                    # A two-year plan begun last year is this year's cycle, in its second year.
                    step = self.rng.choice(
                        [EvaluationCycle.Step.IMPLEMENTATION, EvaluationCycle.Step.FORMATIVE]
                    )
                    current = cycle_of(year, plan, years, proposed, step)
                    break
                rating = self._rating(plan)
                cycle = cycle_of(year, plan, years, proposed, EvaluationCycle.Step.COMPLETE, rating)
                cycles.append(cycle)
                summatives.append(
                    SummativeEvaluation(
                        cycle=cycle,
                        overall_rating=rating,
                        status=SummativeEvaluation.Status.LOCKED,
                        educator_signed=self.rng.random() < 0.97,
                        shared_at=self._moment(cycle.end_date, -40),
                        locked_at=self._moment(cycle.end_date, -30),
                    )
                )
                if index + years == len(past_years):
                    ratings.append((summatives[-1], self._standard_levels(rating)))
                last_rating, last_plan = rating, plan
                index += years
            if current is None:
                plan, years, proposed = self._next_plan(
                    employment, school_year.start_date, last_rating, last_plan
                )
                step = self.rng.choices(CYCLE_STEPS, weights=CYCLE_STEP_WEIGHTS)[0]
                if employment.person.email == "teacher@example.org":
                    step = EvaluationCycle.Step.SELF_ASSESSMENT  # the demo walks every step
                current = cycle_of(school_year, plan, years, proposed, step)
            cycles.append(current)
            step = current.step
            begun = current.start_date
            submitted = step != EvaluationCycle.Step.SELF_ASSESSMENT
            self_assessments.append(
                SelfAssessment(
                    cycle=current,
                    student_learning_analysis=self.rng.choice(DEMO_ANALYSES) if submitted else "",
                    submitted_at=self._moment(begun, 25) if submitted else None,
                )
            )
            if submitted:
                approved = step != EvaluationCycle.Step.EDUCATOR_PLAN
                plans.append(
                    EducatorPlan(
                        cycle=current,
                        status=EducatorPlan.Status.APPROVED
                        if approved
                        else EducatorPlan.Status.SUBMITTED,
                        submitted_at=self._moment(begun, 45),
                        approved_at=self._moment(begun, 58) if approved else None,
                    )
                )
                for kind, statements in DEMO_GOALS.items():
                    goals.append(
                        (
                            current,
                            Goal(
                                district=district,
                                kind=kind,
                                statement=self.rng.choice(statements),
                                status=Goal.Status.FINAL if approved else Goal.Status.PROPOSED,
                                created_by_id=employment.person.user_id,
                            ),
                        )
                    )
        bulk_create_with_history(cycles, EvaluationCycle)
        bulk_create_with_history(self_assessments, SelfAssessment)
        bulk_create_with_history(plans, EducatorPlan)
        bulk_create_with_history(summatives, SummativeEvaluation)
        standards = {
            version: list(Standard.objects.filter(framework_version=version).order_by("position"))
            for version in {s.cycle.framework_version for s, _levels in ratings}
        }
        bulk_create_with_history(
            [
                StandardRating(summative=summative, standard=standard, level=level)
                for summative, levels in ratings
                for standard, level in zip(
                    standards[summative.cycle.framework_version], levels, strict=False
                )
            ],
            StandardRating,
        )
        bulk_create_with_history([g for _c, g in goals], Goal)
        Goal.cycles.through.objects.bulk_create(
            [Goal.cycles.through(goal_id=g.pk, evaluationcycle_id=c.pk) for c, g in goals]
        )

    @staticmethod
    def _cycle(common: dict, school_year, plan, years, proposed, step, rating=""):
        return EvaluationCycle(
            **common,
            school_year=school_year,
            plan_type=plan,
            plan_years=years,
            proposed_plan_type=proposed,
            start_date=school_year.start_date,
            end_date=school_year.end_date.replace(year=school_year.end_date.year + years - 1),
            step=step,
            overall_rating=rating,
        )

    def _next_plan(self, employment, on, last_rating, last_plan) -> tuple[str, int, str]:
        """The plan the rules propose, as the evaluator takes it: (plan, years, proposed)."""
        proposal = plan_type_proposal(
            employment=employment, on=on, last_rating=last_rating, last_plan_type=last_plan
        )
        years = proposal.plan_years
        if years == 2 and self.rng.random() < 0.4:
            years = 1  # the length of a self-directed plan is the evaluator's call
        return proposal.plan_type, years, proposal.plan_type

    def _rating(self, plan: str) -> str:
        levels, weights = zip(*RATING_ODDS[plan], strict=True)
        return self.rng.choices(levels, weights=weights)[0]

    def _standard_levels(self, overall: str) -> list[str]:
        """Ratings on the four standards that agree with the overall rating: Proficient or
        better on all for a Proficient or Exemplary educator (so the gate holds), and
        Standard I at the overall level otherwise."""
        if overall == "proficient":
            return [self.rng.choice(["proficient", "proficient", "exemplary"]) for _ in range(4)]
        if overall == "exemplary":
            return [self.rng.choice(["exemplary", "exemplary", "proficient"]) for _ in range(4)]
        return [overall] + [self.rng.choice(["proficient", overall]) for _ in range(3)]

    def _moment(self, day: datetime.date, days_after: int) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(
                day + datetime.timedelta(days=days_after), datetime.time(15, 30)
            )
        )


def demo_loaded() -> bool:
    return StateAgency.objects.exists()


def generate(
    *,
    seed: int = 2026,
    scale: int = 1,
    today: datetime.date | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> Summary:
    """Build the demo Commonwealth; refuses outside demo mode, since its passwords are public."""
    if not settings.DEMO_MODE:
        raise ImproperlyConfigured(
            "The demo Commonwealth has public passwords: set TANDEM_DEMO=1 to generate it."
        )
    if scale < 1:
        raise ValueError("scale must be at least 1")
    return Generator(
        seed=seed, scale=scale, today=today or datetime.date.today(), progress=progress
    ).run()
