"""Project-level pages: each role's home and the health check."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from tandem.collaboration.selectors.teams import teams_of
from tandem.evaluation.selectors import current_cycles, cycle_next_due, cycles_shared_with
from tandem.evaluation.waiting import inbox_of
from tandem.organizations.models import District, School
from tandem.organizations.vocabulary import RoleGroup
from tandem.people import selectors
from tandem.people.models import RoleGrant
from tandem.records.services import access_log_request
from tandem.records.suppression import suppress


def _with_next_due(cycle, day):
    """The cycle and what it waits for, or None when there is no cycle."""
    return (cycle, cycle_next_due(cycle, day=day)) if cycle else None


CASELOAD_ON_HOME = 25


def _caseload_first(roles) -> list:
    """The evaluator's caseload, most urgent first: past due, then by due date, then those
    with no cycle begun. The home page shows the first 25; the rest are a click away."""
    caseload = list(selectors.caseload(roles=roles)[:500])
    ids = [e.pk for e in caseload]
    cycles = current_cycles(employment_ids=ids, day=roles.day)
    rows = [(e, _with_next_due(cycles.get(e.pk), roles.day)) for e in caseload]
    far = datetime.date.max

    def urgency(row):
        current = row[1]
        if current is None:
            return (2, far)
        next_due = current[1]
        return (0 if next_due.overdue else 1, next_due.due or far)

    rows.sort(key=urgency)
    rows = rows[:CASELOAD_ON_HOME]
    assignments = selectors.current_assignments(
        employment_ids=[e.pk for e, _c in rows], day=roles.day
    )
    return [
        (e, assignments.get(e.pk, []), current, selectors.in_directory(roles, e))
        for e, current in rows
    ]


def _cycles_shown(context) -> list:
    inbox = context["inbox"]
    return list(
        {row[3][0] for row in context.get("my_employments", []) if row[3]}
        | {row[2][0] for row in context.get("caseload", []) if row[2]}
        | {w.cycle for w in inbox.mine}
        | {w.cycle for w, _on in inbox.others}
        | set(inbox.supervising)
        | {share.cycle for share in context["shared_with_me"]}
    )


@login_required
def home(request):
    """What this person acts on first, one section for each role they hold."""
    roles = selectors.roles_of(request.user)
    context = {
        "roles": roles,
        "inbox": inbox_of(roles),
        "team_work": teams_of(user=request.user, day=roles.day).exists(),
    }
    if roles.employment_ids:
        employments = list(selectors.educator_list(roles=roles).filter(pk__in=roles.employment_ids))
        ids = [e.pk for e in employments]
        assignments = selectors.current_assignments(employment_ids=ids, day=roles.day)
        cycles = current_cycles(employment_ids=ids, day=roles.day)
        context["my_employments"] = [
            (
                e,
                assignments.get(e.pk, []),
                selectors.evaluators_of(employment=e, day=roles.day),
                _with_next_due(cycles.get(e.pk), roles.day),
            )
            for e in employments
        ]
    if roles.is_evaluator:
        context["caseload"] = _caseload_first(roles)
        context["caseload_total"] = len(roles.evaluatee_ids)
    if roles.principal_schools:
        context["principal_schools"] = School.objects.filter(pk__in=roles.principal_schools)
    if roles.personnel_districts:
        attention = selectors.staff_needing_attention(
            district_ids=roles.personnel_districts, day=roles.day
        )
        context["progress_districts"] = District.objects.filter(
            pk__in=roles.personnel_districts
        ).order_by("name")
        context["attention"] = list(attention[:50])
        context["attention_total"] = attention.count()
    leader_districts = roles.districts_with(
        RoleGrant.Role.UNION_LEADER, RoleGrant.Role.SCHOOL_COMMITTEE
    )
    if leader_districts or roles.holds(RoleGrant.Role.STATE_ANALYST):
        scope = (
            District.objects.all()
            if roles.holds(RoleGrant.Role.STATE_ANALYST)
            else District.objects.filter(pk__in=leader_districts)
        )
        districts = list(scope.order_by("name"))
        summary = selectors.staffing_summary(district_ids=[d.pk for d in districts], day=roles.day)
        pts = suppress(
            {d.pk: summary[d.pk]["teachers"] for d in districts},
            [selectors.pts_by_district_table(districts)],
        )["pts"]
        context["aggregates"] = [
            (d, summary[d.pk]["role_groups"], row)
            for d, row in zip(districts, pts.as_rows(), strict=True)
        ]
        context["role_group_choices"] = RoleGroup.choices
    context["shared_with_me"] = list(cycles_shared_with(roles))
    if roles.holds(RoleGrant.Role.FACILITATOR):
        context["facilitator_districts"] = District.objects.order_by("name")
    access_log_request(request, _cycles_shown(context))
    return render(request, "home.html", context)


@never_cache
def healthz(request):
    """Liveness and database status for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception as error:  # the check reports any database failure instead of raising
        database = f"error: {type(error).__name__}"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "degraded", "database": database}, status=status
    )
