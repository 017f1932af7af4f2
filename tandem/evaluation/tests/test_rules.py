"""The framework's rules: which plan comes next and what an overall rating must respect."""

import datetime

import pytest

from tandem.evaluation.framework import overall_rating_problems, plan_type_proposal
from tandem.organizations.vocabulary import PlanType, RoleGroup
from tandem.people.models import Employment

DAY = datetime.date(2026, 11, 24)


def _employment(role_group=RoleGroup.TEACHER, *, pts=True, years_in_role=10):
    started = DAY.replace(year=DAY.year - years_in_role)
    return Employment(
        role_group=role_group, has_pts=pts, start_date=started, role_start_date=started
    )


@pytest.mark.parametrize(
    ("last_rating", "last_plan", "expected"),
    [
        ("exemplary", "self_directed", PlanType.SELF_DIRECTED),
        ("proficient", "developing", PlanType.SELF_DIRECTED),
        ("needs_improvement", "self_directed", PlanType.DIRECTED),
        ("needs_improvement", "directed", PlanType.IMPROVEMENT),
        ("unsatisfactory", "self_directed", PlanType.IMPROVEMENT),
        ("unsatisfactory", "improvement", PlanType.IMPROVEMENT),
        ("", "", PlanType.SELF_DIRECTED),
    ],
)
def test_an_experienced_teachers_next_plan_follows_the_last_rating(
    last_rating, last_plan, expected
):
    proposal = plan_type_proposal(
        employment=_employment(), on=DAY, last_rating=last_rating, last_plan_type=last_plan
    )
    assert proposal.plan_type == expected
    assert proposal.why


@pytest.mark.parametrize("last_rating", ["exemplary", "needs_improvement", "unsatisfactory", ""])
def test_a_teacher_without_professional_teacher_status_is_on_a_developing_plan(last_rating):
    proposal = plan_type_proposal(
        employment=_employment(pts=False), on=DAY, last_rating=last_rating, last_plan_type=""
    )
    assert (proposal.plan_type, proposal.plan_years) == (PlanType.DEVELOPING, 1)


@pytest.mark.parametrize(("years", "expected"), [(3, PlanType.DEVELOPING), (4, "self_directed")])
def test_an_administrator_is_experienced_after_more_than_three_years_in_the_role(years, expected):
    proposal = plan_type_proposal(
        employment=_employment(RoleGroup.SCHOOL_ADMIN, pts=False, years_in_role=years),
        on=DAY,
        last_rating="proficient",
        last_plan_type="developing",
    )
    assert proposal.plan_type == expected


def test_only_self_directed_plans_are_proposed_for_two_years():
    for rating in ("exemplary", "proficient", "needs_improvement", "unsatisfactory", ""):
        proposal = plan_type_proposal(
            employment=_employment(), on=DAY, last_rating=rating, last_plan_type=""
        )
        assert proposal.plan_years == 1 or proposal.plan_type == PlanType.SELF_DIRECTED


TEACHER_ALL_PROFICIENT = {
    "I": "proficient",
    "II": "proficient",
    "III": "proficient",
    "IV": "exemplary",
}


@pytest.mark.parametrize("overall", ["proficient", "exemplary"])
@pytest.mark.parametrize("gate", ["I", "II"])
def test_a_teacher_is_not_proficient_overall_below_proficient_on_standard_i_or_ii(overall, gate):
    ratings = {**TEACHER_ALL_PROFICIENT, gate: "needs_improvement"}
    problems = overall_rating_problems(
        role_group=RoleGroup.TEACHER,
        plan_type="self_directed",
        overall=overall,
        standard_ratings=ratings,
    )
    assert len(problems) == 1 and f"Standard {gate}" in problems[0]


def test_standards_iii_and_iv_do_not_gate_a_teachers_overall_rating():
    ratings = {**TEACHER_ALL_PROFICIENT, "III": "unsatisfactory", "IV": "needs_improvement"}
    assert not overall_rating_problems(
        role_group=RoleGroup.SISP,
        plan_type="self_directed",
        overall="proficient",
        standard_ratings=ratings,
    )


def test_an_administrator_is_gated_by_standard_i_only():
    ratings = {
        "I": "proficient",
        "II": "needs_improvement",
        "III": "proficient",
        "IV": "proficient",
    }
    assert not overall_rating_problems(
        role_group=RoleGroup.SCHOOL_ADMIN,
        plan_type="self_directed",
        overall="proficient",
        standard_ratings=ratings,
    )
    ratings["I"] = "needs_improvement"
    assert overall_rating_problems(
        role_group=RoleGroup.SCHOOL_ADMIN,
        plan_type="self_directed",
        overall="exemplary",
        standard_ratings=ratings,
    )


def test_any_rating_below_proficient_overall_is_the_evaluators_call():
    ratings = {"I": "exemplary", "II": "exemplary", "III": "exemplary", "IV": "exemplary"}
    for overall in ("needs_improvement", "unsatisfactory"):
        assert not overall_rating_problems(
            role_group=RoleGroup.TEACHER,
            plan_type="self_directed",
            overall=overall,
            standard_ratings=ratings,
        )


def test_needs_improvement_cannot_end_a_directed_growth_plan():
    problems = overall_rating_problems(
        role_group=RoleGroup.TEACHER,
        plan_type="directed",
        overall="needs_improvement",
        standard_ratings=TEACHER_ALL_PROFICIENT,
    )
    assert len(problems) == 1 and "Directed Growth Plan" in problems[0]


def test_an_overall_rating_is_required():
    assert overall_rating_problems(
        role_group=RoleGroup.TEACHER,
        plan_type="developing",
        overall="",
        standard_ratings=TEACHER_ALL_PROFICIENT,
    ) == ["Give an overall rating."]
