"""The demo's evaluation cycles: five years of them for each educator, with the self-
assessments, plans, goals, summatives and standard ratings they hold.
"""

import random
from functools import partial

from simple_history.utils import bulk_create_with_history

from tandem.demo.calendars import moment_after, past_school_years
from tandem.evaluation.framework import plan_type_proposal
from tandem.evaluation.models import (
    EducatorPlan,
    EvaluationCycle,
    FormativeAssessment,
    Goal,
    SelfAssessment,
    StandardRating,
    SummativeEvaluation,
)
from tandem.evaluation.services.cycles import framework_for
from tandem.organizations.vocabulary import PlanType
from tandem.rubrics.models import Standard

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


class CycleBuilder:
    def __init__(self, *, rng: random.Random):
        self.rng = rng

    def build(self, district, school_year, settings, evaluators):
        """Five years of cycles for every educator with a primary evaluator and a published
        rubric: four past years that follow the plan-type rules from one summative to the
        next, and this year's, spread over the steps as a district looks in late November."""
        past_years = past_school_years(district, school_year)
        frameworks = {}
        for employment in {e for role, e, _ev, _c in evaluators if role == "primary"}:
            if employment.role_group not in frameworks:
                frameworks[employment.role_group] = framework_for(employment=employment)
        primaries = {e: ev for role, e, ev, _c in evaluators if role == "primary"}
        supervisors = {e: ev for role, e, ev, _c in evaluators if role == "supervising"}
        cycles, plans, self_assessments, goals, summatives, ratings = [], [], [], [], [], []
        formatives = []
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
                    # A two-year plan begun last year is this year's cycle, in its second year:
                    # its formative evaluation closed the first year, the summative is next.
                    current = cycle_of(year, plan, years, proposed, EvaluationCycle.Step.SUMMATIVE)
                    formatives.append(
                        FormativeAssessment(
                            cycle=current,
                            kind=FormativeAssessment.Kind.EVALUATION,
                            overall_rating=self._rating(plan),
                            status=FormativeAssessment.Status.SHARED,
                            shared_at=moment_after(year.end_date, -20),
                        )
                    )
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
                        shared_at=moment_after(cycle.end_date, -40),
                        locked_at=moment_after(cycle.end_date, -30),
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
                    submitted_at=moment_after(begun, 25) if submitted else None,
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
                        submitted_at=moment_after(begun, 45),
                        approved_at=moment_after(begun, 58) if approved else None,
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
        bulk_create_with_history(formatives, FormativeAssessment)
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
