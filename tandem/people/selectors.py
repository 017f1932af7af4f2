"""Reads about people: who a user is today, and the lists they may see."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import (
    Employment,
    EvaluatorAssignment,
    Person,
    RoleGrant,
    StaffAssignment,
    User,
    in_force_on,
)
from tandem.records.models import AccessLogEntry
from tandem.records.selectors import access_log_counts, access_log_targets
from tandem.records.suppression import Row, Table


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


def on_staff(day: datetime.date) -> QuerySet[StaffAssignment]:
    """Assignments held on ``day`` under an employment that runs that day: the staff of a
    school year when ``day`` is its snapshot day."""
    return StaffAssignment.objects.filter(in_force_on(day), in_force_on(day, "employment__"))


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


def pts_by_district_table(districts) -> Table:
    """Teachers in force with and without PTS, a row per district (``staffing_summary``'s
    teachers, keyed by district)."""
    return Table(
        name="pts",
        rows=tuple(Row(d.pk, d.name, lambda key, pk=d.pk: key == pk) for d in districts),
        columns=("pts", "non_pts"),
    )


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


# -- who opened an educator's records (issue 11) ------------------------------------------------


@dataclass(frozen=True)
class Relation:
    """What a user is (``is_role``: a position they hold) or how they stand to an educator (their
    evaluator, their principal …), from ``start_date`` to ``end_date`` (open when None)."""

    user_id: int
    label: str
    start_date: datetime.date
    end_date: datetime.date | None
    is_role: bool = False

    def holds_on(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


def _overlapping(since: datetime.date, until: datetime.date, prefix: str = "") -> Q:
    """Rows whose [start_date, end_date] span meets [since, until]."""
    return Q(**{f"{prefix}start_date__lte": until}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": since})
    )


def _earlier(a: datetime.date | None, b: datetime.date | None) -> datetime.date | None:
    return b if a is None else a if b is None else min(a, b)


EVALUATOR_RELATIONS = {
    EvaluatorAssignment.Role.PRIMARY: _("your primary evaluator"),
    EvaluatorAssignment.Role.SUPERVISING: _("your supervising evaluator"),
    EvaluatorAssignment.Role.CO_OBSERVER: _("a co-observer in your evaluation"),
}
GRANT_RELATIONS = {
    RoleGrant.Role.DISTRICT_HR: _("HR of your district"),
    RoleGrant.Role.DISTRICT_ADMIN: _("administrator of your district"),
    # A union representative reads a cycle only while its educator's consent (a RecordShare)
    # stands: ``evaluation.selectors.cycle_visible``. That app sits above this one.
    RoleGrant.Role.UNION_LEADER: _("union representative, by your consent"),
    RoleGrant.Role.SCHOOL_COMMITTEE: _("member of your district's school committee"),
}


def relations_to(
    *, person_id: int, user_ids, since: datetime.date, until: datetime.date
) -> list[Relation]:
    """What each of these users was, and how they stood to this educator, at any time from
    ``since`` to ``until``: her evaluator assignments, their role grants over her schools and
    districts, and their own positions. Five queries, however many users."""
    user_ids = set(user_ids)
    if not user_ids:
        return []
    overlap = _overlapping(since, until)
    relations: list[Relation] = []
    committee_spans: dict[int, list[tuple]] = {}
    for user_id, by_committee, role, district_id, start, end in EvaluatorAssignment.objects.filter(
        overlap, evaluatee__person_id=person_id
    ).values_list(
        "evaluator__user_id",
        "by_school_committee",
        "role",
        "evaluatee__district_id",
        "start_date",
        "end_date",
    ):
        if by_committee:
            committee_spans.setdefault(district_id, []).append((start, end))
        elif user_id in user_ids:
            relations.append(Relation(user_id, str(EVALUATOR_RELATIONS[role]), start, end))
    schools = list(
        StaffAssignment.objects.filter(overlap, employment__person_id=person_id)
        .exclude(school=None)
        .values_list("school_id", "school__name", "start_date", "end_date")
    )
    districts = set(
        Employment.objects.filter(person_id=person_id)
        .order_by()
        .values_list("district_id", flat=True)
    )
    for user_id, role, district_id, school_id, start, end in RoleGrant.objects.filter(
        overlap, user_id__in=user_ids
    ).values_list("user_id", "role", "district_id", "school_id", "start_date", "end_date"):
        if role == RoleGrant.Role.PRINCIPAL:
            relations.extend(
                Relation(
                    user_id,
                    gettext("principal of your school, %(school)s") % {"school": name},
                    max(start, school_start),
                    _earlier(end, school_end),
                )
                for school, name, school_start, school_end in schools
                if school == school_id
            )
        elif role == RoleGrant.Role.SCHOOL_COMMITTEE and district_id in committee_spans:
            relations.extend(
                Relation(
                    user_id,
                    gettext("the school committee, your evaluator"),
                    max(start, span_start),
                    _earlier(end, span_end),
                )
                for span_start, span_end in committee_spans[district_id]
            )
        elif role in GRANT_RELATIONS:
            if district_id in districts:
                relations.append(Relation(user_id, str(GRANT_RELATIONS[role]), start, end))
        elif role not in RoleGrant.DISTRICT_ROLES and role != RoleGrant.Role.PRINCIPAL:
            label = str(RoleGrant.Role(role).label)
            relations.append(Relation(user_id, label, start, end, is_role=True))
    for user_id, position, school, start, end in StaffAssignment.objects.filter(
        overlap, employment__person__user_id__in=user_ids
    ).values_list(
        "employment__person__user_id", "position", "school__name", "start_date", "end_date"
    ):
        label = str(StaffAssignment.Position(position).label)
        if school:
            label = gettext("%(position)s at %(school)s") % {"position": label, "school": school}
        relations.append(Relation(user_id, label, start, end, is_role=True))
    return [
        r
        for r in relations
        if r.start_date <= until and (r.end_date is None or r.end_date >= since)
    ]


CHANNEL_PHRASES = {
    AccessLogEntry.Channel.PAGE: _("on a page"),
    AccessLogEntry.Channel.API: _("through the API"),
    AccessLogEntry.Channel.PDF: _("as a PDF"),
    AccessLogEntry.Channel.EXPORT: _("in a download"),
}
CHANNEL_ORDER = list(AccessLogEntry.Channel.values)


def _times(count: int) -> str:
    if count == 1:
        return gettext("once")
    if count == 2:
        return gettext("twice")
    return ngettext("%(count)d time", "%(count)d times", count) % {"count": count}


@dataclass(frozen=True)
class Opening:
    """One record one reader opened on one day, and how many times through each channel."""

    title: str
    url: str | None
    """Where the educator opens it; None when she cannot (a personnel record of a district
    she has left, a record no longer kept)."""
    times: tuple[tuple[str, int], ...]

    @property
    def how(self) -> str:
        """Such as "twice on a page, once as a PDF"."""
        return ", ".join(
            gettext("%(times)s %(how)s") % {"times": _times(count), "how": CHANNEL_PHRASES[channel]}
            for channel, count in self.times
        )


@dataclass(frozen=True)
class Reader:
    """Someone who opened the educator's records on one day: what they were then and how they
    stood to her, and what they opened."""

    user: User
    roles: list[str]
    relations: list[str]
    openings: list[Opening]


@dataclass(frozen=True)
class AccessDay:
    day: datetime.date
    readers: list[Reader]


class _Lookup:
    """The readers, records and relations behind a set of access-log rows (the user, content
    type and object at 1, 2 and 3) made on ``days``, in a fixed number of queries."""

    def __init__(self, roles: Roles, rows, days: list[datetime.date]):
        self.roles = roles
        self.users = User.objects.in_bulk({row[1] for row in rows})
        self.targets = access_log_targets([(row[2], row[3]) for row in rows])
        self.relations = relations_to(
            person_id=roles.person_id,
            user_ids=self.users,
            since=min(days, default=roles.day),
            until=max(days, default=roles.day),
        )

    def standing(self, user_id: int, day: datetime.date) -> tuple[list[str], list[str]]:
        """(what the user was, how they stood to the educator) on ``day``, each once."""
        held = [r for r in self.relations if r.user_id == user_id and r.holds_on(day)]
        relations = list(dict.fromkeys(r.label for r in held if not r.is_role))
        if user_id == self.roles.user_id:
            relations = [gettext("you")]
        return list(dict.fromkeys(r.label for r in held if r.is_role)), relations

    def title(self, key: tuple[int, int]) -> str:
        target = self.targets.get(key)
        return target.access_log_title() if target else gettext("A record no longer kept")

    def url(self, key: tuple[int, int]) -> str | None:
        target = self.targets.get(key)
        if target is None:
            return None
        if isinstance(target, Employment) and not in_directory(self.roles, target):
            return None
        return target.get_absolute_url()


def access_log_grouped(
    *, roles: Roles, entries: QuerySet[AccessLogEntry], days: list[datetime.date]
) -> list[AccessDay]:
    """``entries`` made on ``days`` (newest first), by day, then reader (by name), then record
    (by title): how many times through each channel (issue 11)."""
    counts = access_log_counts(entries, days=days) if days else []
    lookup = _Lookup(roles, counts, days)
    grouped: dict = {}
    for day, user_id, content_type_id, object_id, channel, count in counts:
        record = grouped.setdefault(day, {}).setdefault(user_id, {})
        record.setdefault((content_type_id, object_id), {})[channel] = count
    out = []
    for day in days:
        readers = []
        for user_id, records in grouped.get(day, {}).items():
            user_roles, relations = lookup.standing(user_id, day)
            openings = [
                Opening(
                    title=lookup.title(key),
                    url=lookup.url(key),
                    times=tuple((c, times[c]) for c in CHANNEL_ORDER if c in times),
                )
                for key, times in records.items()
            ]
            openings.sort(key=lambda opening: opening.title)
            readers.append(Reader(lookup.users[user_id], user_roles, relations, openings))
        readers.sort(key=lambda reader: (reader.user.last_name, reader.user.first_name))
        out.append(AccessDay(day, readers))
    return out


def access_log_rows(*, roles: Roles, entries: QuerySet[AccessLogEntry]) -> list[list]:
    """Every one of ``entries`` as a row of the download: when (local time), who, what they
    were, how they stood to the educator, what they opened, where it opens, how."""
    rows = list(
        entries.values_list("accessed_at", "user_id", "content_type_id", "object_id", "channel")
    )
    days = [timezone.localtime(row[0]).date() for row in rows]
    lookup = _Lookup(roles, rows, days)
    channels = dict(AccessLogEntry.Channel.choices)
    out = []
    for (accessed_at, user_id, content_type_id, object_id, channel), day in zip(
        rows, days, strict=True
    ):
        user_roles, relations = lookup.standing(user_id, day)
        key = (content_type_id, object_id)
        out.append(
            [
                timezone.localtime(accessed_at).strftime("%Y-%m-%d %H:%M:%S"),
                str(lookup.users[user_id]),
                "; ".join(user_roles),
                "; ".join(relations),
                lookup.title(key),
                lookup.url(key) or "",
                channels[channel],
            ]
        )
    return out


def access_log_readers(*, person_id: int) -> QuerySet[User]:
    """Everyone who has opened this person's records, by name (the access log's filter)."""
    return User.objects.filter(
        pk__in=AccessLogEntry.objects.filter(subject_id=person_id).values("user_id")
    ).order_by("last_name", "first_name", "email")
