"""A district's schools and staff: people, their employments and assignments, who evaluates
whom, and the role grants of its leaders (the demo's own sign-ins are the first district's).

Staff turn over across the five years: some teachers left at the end of each past year (their
employment ended; the recent hires took their places) and some elementary teachers moved
between the district's two elementary schools. Turnover draws from a generator of its own,
so the rest of the demo (and the tests that rely on it) is as it was.

Written in bulk, with history rows, so a district of any size costs a few queries.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from tandem.demo.accounts import Accounts, activate_totp
from tandem.demo.calendars import HISTORY_YEARS
from tandem.demo.vocabulary import FIRST_NAMES, LAST_NAMES, SUBJECTS
from tandem.organizations.models import BargainingUnit, District, School, SchoolYear
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import (
    Employment,
    EvaluatorAssignment,
    Person,
    RoleGrant,
    StaffAssignment,
    User,
)

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
SISP_PER_SCHOOL = 6
# Teachers who left each school at the end of each past year, and the share of elementary
# teachers who moved to the district's other elementary school during the demo's years.
LEAVERS_PER_SCHOOL_YEAR = (2, 5)
MOVERS = 0.08
LEAVING_REASONS = [
    Employment.SeparationReason.RESIGNED,
    Employment.SeparationReason.RESIGNED,
    Employment.SeparationReason.RETIRED,
    Employment.SeparationReason.MOVED,
    Employment.SeparationReason.NON_RENEWED,
]

COMMITTEE_OFFICES = {
    "School committee chair": RoleGrant.Office.COMMITTEE_CHAIR,
    "School committee vice chair": RoleGrant.Office.COMMITTEE_VICE_CHAIR,
    "School committee member": "",
}

# (role, evaluatee, evaluator or None, by the school committee)
Evaluators = list[tuple[str, Employment, Employment | None, bool]]


@dataclass
class DistrictStaff:
    """What the rest of a district's demo hangs on."""

    schools: list[School]
    employments: list[Employment]
    evaluators: Evaluators
    superintendent: Employment
    admin: Employment
    union_president: Employment
    teachers: list[Employment]
    # (school, principal, assistant principal), one for each school
    leaders: list[tuple[School, Employment, Employment]]
    # (user, title), the chair first
    committee: list[tuple[User, str]]


class StaffBuilder:
    def __init__(self, *, rng: random.Random, accounts: Accounts, turnover_rng: random.Random):
        self.rng = rng
        self.accounts = accounts
        self.turnover_rng = turnover_rng
        self.leavers = 0

    def build(
        self,
        *,
        district: District,
        n: int,
        town: str,
        slug: str,
        school_year: SchoolYear,
        unit_a: BargainingUnit,
        unit_b: BargainingUnit,
    ) -> DistrictStaff:
        start, end = school_year.start_date, school_year.end_date
        # Tandem holds assignments from the first year of its history on.
        history_start = start.replace(year=start.year - HISTORY_YEARS)
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
            first, last = self.accounts.name()
            person = Person(state_id=self.accounts.state_id(), first_name=first, last_name=last)
            user = self.accounts.user(first, last, slug, email=email) if with_user else None
            person.email = user.email if user else ""
            hired = start - datetime.timedelta(days=365 * years + self.rng.randrange(0, 200))
            employment = Employment(
                person=person,
                district=district,
                # The district's HR number, as its imports match on it.
                employee_number=f"HR-{len(employments) + 1:05d}",
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
                        start_date=max(hired, history_start),
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

        left_people, left_employments, left_assignments = self._leavers(
            district, schools, start, history_start
        )
        self._moves(assignments, schools, start)

        # Write: people and users first, then what hangs on them.
        saved_users = [u for u in users if u is not None]
        User.objects.bulk_create(saved_users)
        for person, user in zip(people, users, strict=True):
            person.user = user
        bulk_create_with_history(people + left_people, Person)
        bulk_create_with_history(employments + left_employments, Employment)
        bulk_create_with_history(assignments + left_assignments, StaffAssignment)
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

        # Role grants: HR, administrator, principals, union and committee leaders.
        hr, admin = district_admins[1], district_admins[0]
        teachers = [e for e in employments if e.role_group == RoleGroup.TEACHER]
        union_president = next(
            (e for e in teachers if e.person.email == "union.president@example.org"), teachers[1]
        )
        committee = []
        for i, title in enumerate(COMMITTEE_OFFICES):
            first, last = self.accounts.name()
            email = ("committee.chair@example.org" if i == 0 else None) if first_district else None
            committee.append((self.accounts.user(first, last, slug, email=email), title))
        User.objects.bulk_create([u for u, _ in committee])
        offices = [
            (hr.person.user, RoleGrant.Role.DISTRICT_HR, "Director of Human Resources", "", None),
            (
                admin.person.user,
                RoleGrant.Role.DISTRICT_ADMIN,
                "Assistant Superintendent",
                "",
                None,
            ),
            (
                superintendent.person.user,
                RoleGrant.Role.DISTRICT_ADMIN,
                "Superintendent",
                RoleGrant.Office.SUPERINTENDENT,
                None,
            ),
            (
                union_president.person.user,
                RoleGrant.Role.UNION_LEADER,
                "Union president",
                RoleGrant.Office.UNION_PRESIDENT,
                unit_a,
            ),
            *(
                (user, RoleGrant.Role.SCHOOL_COMMITTEE, title, COMMITTEE_OFFICES[title], None)
                for user, title in committee
            ),
        ]
        grants += [
            RoleGrant(
                user=user,
                role=role,
                district=district,
                bargaining_unit=unit,
                title=title,
                office=office,
                # The key leaders have held their offices through the demo's history, so
                # the plans and agreements they signed years ago were signed in office.
                start_date=history_start if office else start,
            )
            for user, role, title, office, unit in offices
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
            activate_totp(user)
        return DistrictStaff(
            schools=schools,
            employments=employments,
            evaluators=evaluators,
            superintendent=superintendent,
            admin=admin,
            union_president=union_president,
            teachers=teachers,
            leaders=leaders,
            committee=committee,
        )

    def _leavers(self, district, schools, start, history_start):
        """Teachers who taught at each school and left at the end of a past year: people with
        an ended employment and assignment and no sign-in."""
        rng = self.turnover_rng
        people, employments, assignments = [], [], []
        spans = {"K-5": (1, 5), "6-8": (6, 8), "9-12": (9, 12)}
        for back in range(HISTORY_YEARS, 0, -1):
            left = datetime.date(start.year - back + 1, 6, 30)
            for school in schools:
                for _ in range(rng.randint(*LEAVERS_PER_SCHOOL_YEAR)):
                    self.leavers += 1
                    person = Person(
                        # MEPIDs of their own, so the rest of the demo keeps its numbers.
                        state_id=f"2{self.leavers:07d}",
                        first_name=rng.choice(FIRST_NAMES),
                        last_name=rng.choice(LAST_NAMES),
                    )
                    served = rng.choice([1, 1, 2, 3, 5, 8, 15, 25])
                    hired = datetime.date(left.year - served, 8, 25)
                    employment = Employment(
                        person=person,
                        district=district,
                        employee_number=f"HR-L{self.leavers:05d}",
                        role_group=RoleGroup.TEACHER,
                        start_date=hired,
                        role_start_date=hired,
                        end_date=left,
                        separation_reason=rng.choice(LEAVING_REASONS),
                        has_pts=served >= 3,
                        pts_date=hired.replace(year=hired.year + 3) if served >= 3 else None,
                    )
                    people.append(person)
                    employments.append(employment)
                    assignments.append(
                        StaffAssignment(
                            employment=employment,
                            school=school,
                            position=StaffAssignment.Position.CLASSROOM_TEACHER,
                            subject=rng.choice(SUBJECTS),
                            grade_level=str(rng.randint(*spans[school.grade_span])),
                            fte=Decimal("1.00"),
                            start_date=max(hired, history_start),
                            end_date=left,
                        )
                    )
        return people, employments, assignments

    def _moves(self, assignments, schools, start):
        """A share of the elementary teachers taught at the other elementary school first and
        moved in a past August: their assignment there ended the June before."""
        rng = self.turnover_rng
        north, south = schools[0], schools[1]
        for assignment in list(assignments):
            if (
                assignment.position != StaffAssignment.Position.CLASSROOM_TEACHER
                or assignment.school not in (north, south)
                or rng.random() >= MOVERS
            ):
                continue
            moved = datetime.date(start.year - rng.randint(1, HISTORY_YEARS - 1), 8, 25)
            if assignment.start_date >= moved.replace(year=moved.year - 1):
                continue  # too recent a hire to have moved
            assignments.append(
                StaffAssignment(
                    employment=assignment.employment,
                    school=south if assignment.school is north else north,
                    position=assignment.position,
                    subject=assignment.subject,
                    grade_level=assignment.grade_level,
                    fte=assignment.fte,
                    start_date=assignment.start_date,
                    end_date=datetime.date(moved.year, 6, 30),
                )
            )
            assignment.start_date = moved
