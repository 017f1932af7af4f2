"""Reads about people: who a user is today, and the lists they may see."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import (
    Employment,
    EvaluatorAssignment,
    Person,
    RoleGrant,
    StaffAssignment,
    in_force_on,
)


@dataclass(frozen=True)
class Roles:
    """Everything a user holds on one day, from dated relations only."""

    day: datetime.date
    user_id: int | None = None
    person_id: int | None = None
    employment_ids: frozenset[int] = frozenset()
    employment_districts: frozenset[int] = frozenset()
    evaluatee_ids: frozenset[int] = frozenset()
    principal_schools: frozenset[int] = frozenset()
    grants: dict[str, frozenset[int]] = field(default_factory=dict)
    state_roles: frozenset[str] = frozenset()

    def districts_with(self, *roles: str) -> frozenset[int]:
        out: set[int] = set()
        for role in roles:
            out |= self.grants.get(role, frozenset())
        return frozenset(out)

    @property
    def staff_districts(self) -> frozenset[int]:
        """Districts whose staff directory this user may read (employees and district roles)."""
        return self.employment_districts | self.districts_with(*RoleGrant.DISTRICT_ROLES)

    @property
    def personnel_districts(self) -> frozenset[int]:
        """Districts in which this user may open every educator's personnel record."""
        return self.districts_with(RoleGrant.Role.DISTRICT_HR, RoleGrant.Role.DISTRICT_ADMIN)

    @property
    def is_evaluator(self) -> bool:
        return bool(self.evaluatee_ids)

    @property
    def is_state_staff(self) -> bool:
        return bool(self.state_roles)

    def holds(self, role: str) -> bool:
        return role in self.state_roles or bool(self.grants.get(role))


def roles_of(user, day: datetime.date | None = None) -> Roles:
    """The user's roles on ``day`` (today by default), computed once per user object and day."""
    day = day or timezone.localdate()
    if not user.is_authenticated:
        return Roles(day=day)
    cached = getattr(user, "_tandem_roles", None)
    if cached is not None and cached.day == day:
        return cached
    person = Person.objects.filter(user=user).only("pk").first()
    employments = (
        list(
            Employment.objects.filter(person=person).active_on(day).values_list("pk", "district_id")
        )
        if person
        else []
    )
    grants: dict[str, set[int]] = {}
    principal_schools: set[int] = set()
    state_roles: set[str] = set()
    for role, district_id, school_id in (
        RoleGrant.objects.filter(user=user)
        .active_on(day)
        .values_list("role", "district_id", "school_id")
    ):
        if role == RoleGrant.Role.PRINCIPAL:
            principal_schools.add(school_id)
        elif role in RoleGrant.DISTRICT_ROLES:
            grants.setdefault(role, set()).add(district_id)
        else:
            state_roles.add(role)
    # A join on the evaluatee's dates, not an IN over every active employment in the state.
    evaluations = (
        EvaluatorAssignment.objects.active_on(day)
        .filter(in_force_on(day, prefix="evaluatee__"))
        .order_by()
    )
    committee_districts = grants.get(RoleGrant.Role.SCHOOL_COMMITTEE, set())
    evaluatee_ids = set(
        evaluations.filter(
            Q(evaluator=person)
            | Q(by_school_committee=True, evaluatee__district__in=committee_districts)
        ).values_list("evaluatee_id", flat=True)
        if person or committee_districts
        else []
    )
    roles = Roles(
        day=day,
        user_id=user.pk,
        person_id=person.pk if person else None,
        employment_ids=frozenset(pk for pk, _ in employments),
        employment_districts=frozenset(d for _, d in employments),
        evaluatee_ids=frozenset(evaluatee_ids),
        principal_schools=frozenset(principal_schools),
        grants={role: frozenset(ids) for role, ids in grants.items()},
        state_roles=frozenset(state_roles),
    )
    user._tandem_roles = roles
    return roles


def educator_list(
    *,
    roles: Roles,
    search: str = "",
    district_id: int | None = None,
    school_id: int | None = None,
    role_group: str = "",
    include_former: bool = False,
    sort: str = "name",
) -> QuerySet[Employment]:
    """The staff directory this user may read, filtered and sorted."""
    employments = Employment.objects.filter(district__in=roles.staff_districts)
    if not include_former:
        employments = employments.active_on(roles.day)
    if district_id:
        employments = employments.filter(district_id=district_id)
    if school_id:
        employments = employments.filter(
            Exists(
                StaffAssignment.objects.filter(
                    in_force_on(roles.day), employment=OuterRef("pk"), school_id=school_id
                )
            )
        )
    if role_group in RoleGroup.values:
        employments = employments.filter(role_group=role_group)
    search = search.replace("\x00", "")
    for term in search.split()[:4]:
        employments = employments.filter(
            Q(person__last_name__istartswith=term)
            | Q(person__first_name__istartswith=term)
            | Q(person__state_id=term)
        )
    ordering = {
        "name": ["person__last_name", "person__first_name", "pk"],
        "-name": ["-person__last_name", "-person__first_name", "-pk"],
        "district": ["district__name", "person__last_name", "pk"],
        "start": ["start_date", "pk"],
        "-start": ["-start_date", "-pk"],
    }.get(sort, ["person__last_name", "person__first_name", "pk"])
    return employments.select_related("person", "district").order_by(*ordering)


def in_directory(roles: Roles, employment: Employment) -> bool:
    """Whether this employment's directory page opens to the user (``educator_list``'s rule),
    so that a page links to it only then: the school committee evaluates its superintendent
    without reading the staff directory."""
    return employment.district_id in roles.staff_districts


def educator_get(*, roles: Roles, employment_id: int) -> Employment | None:
    """One directory entry, or None when this user may not see it."""
    return (
        educator_list(roles=roles, include_former=True)
        .filter(pk=employment_id)
        .select_related("bargaining_unit")
        .first()
    )


def current_assignments(*, employment_ids, day: datetime.date) -> dict[int, list[StaffAssignment]]:
    """Each employment's assignments in force on ``day``, in one query."""
    out: dict[int, list[StaffAssignment]] = {}
    for assignment in (
        StaffAssignment.objects.filter(employment_id__in=list(employment_ids))
        .active_on(day)
        .select_related("school")
        .order_by("-fte", "pk")
    ):
        out.setdefault(assignment.employment_id, []).append(assignment)
    return out


def evaluators_of(*, employment: Employment, day: datetime.date) -> list[EvaluatorAssignment]:
    return list(
        employment.evaluator_assignments.active_on(day)
        .select_related("evaluator", "school_year")
        .order_by("role")
    )


def caseload(*, roles: Roles) -> QuerySet[Employment]:
    """Educators this user evaluates today."""
    return (
        Employment.objects.filter(pk__in=roles.evaluatee_ids)
        .select_related("person", "district")
        .order_by("person__last_name", "person__first_name")
    )


def staff_needing_attention(*, district_ids, day: datetime.date) -> QuerySet[Employment]:
    """Active staff with no assignment in force, or no primary evaluator in force (HR's worklist)."""
    has_assignment = Exists(
        StaffAssignment.objects.filter(in_force_on(day), employment=OuterRef("pk"))
    )
    has_evaluator = Exists(
        EvaluatorAssignment.objects.filter(
            in_force_on(day), evaluatee=OuterRef("pk"), role=EvaluatorAssignment.Role.PRIMARY
        )
    )
    return (
        Employment.objects.filter(district__in=district_ids)
        .active_on(day)
        .annotate(has_assignment=has_assignment, has_evaluator=has_evaluator)
        .filter(Q(has_assignment=False) | Q(has_evaluator=False))
        .select_related("person", "district")
        .order_by("district__name", "person__last_name", "person__first_name")
    )


def staffing_summary(*, district_ids, day: datetime.date) -> dict[int, dict]:
    """Active staff per district by role group, and teachers with and without PTS."""
    summary: dict[int, dict] = {
        d: {"role_groups": Counter(), "teachers": Counter()} for d in district_ids
    }
    rows = (
        Employment.objects.filter(district__in=district_ids)
        .active_on(day)
        .values("district_id", "role_group", "has_pts")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        entry = summary[row["district_id"]]
        entry["role_groups"][row["role_group"]] += row["n"]
        if row["role_group"] in (RoleGroup.TEACHER, RoleGroup.SISP):
            entry["teachers"]["pts" if row["has_pts"] else "non_pts"] += row["n"]
    return summary


def office_holders(*, district_ids, day: datetime.date) -> dict[int, dict[str, RoleGrant]]:
    """Who holds each key-leader office of each district on ``day``: district → office → grant.

    An office held by two grants on one day (a hand-over recorded with overlapping dates)
    shows the later one.
    """
    holders: dict[int, dict[str, RoleGrant]] = {}
    for grant in (
        RoleGrant.objects.active_on(day)
        .filter(district_id__in=district_ids)
        .exclude(office="")
        .select_related("user")
        .order_by("start_date", "pk")
    ):
        holders.setdefault(grant.district_id, {})[grant.office] = grant
    return holders
