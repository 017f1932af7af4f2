"""Interest-based problem solving: issues worked through interests, options and criteria to
a consensus check, decided or still open, and (for the demo's own team) the agreements that
follow from them."""

import datetime
from dataclasses import dataclass

from tandem.collaboration.models import (
    SHARED_VISION_ELEMENTS,
    ConsensusCheck,
    Interest,
    IssueCriterion,
    IssueOption,
    IssueStatement,
    JointAgreement,
    OptionRating,
    Party,
    Stance,
    Team,
)
from tandem.demo.agreements import MOU_TEXT, joint_agreement_make
from tandem.demo.calendars import moment
from tandem.demo.leaders import DistrictLeaders


@dataclass(frozen=True)
class DemoIssue:
    title: str
    statement: str
    interests: tuple[tuple[str, str, bool], ...]  # (party, interest, mutual)
    options: tuple[str, ...]
    criteria: tuple[str, ...]
    decision: str


ISSUES = [
    DemoIssue(
        "Support for teachers in their first two years",
        "Many teachers in their first two years leave the district, and those who stay say "
        "they had little help in their first year.",
        (
            (Party.MANAGEMENT, "Fewer vacancies to fill each August", False),
            (Party.UNION, "Mentoring that counts toward professional development hours", False),
            (Party.COMMITTEE, "A cost the town meeting can approve", False),
            (Party.UNION, "Students taught by teachers who stay and grow", True),
        ),
        (
            "A trained mentor for every new teacher, with a stipend",
            "Reduced teaching load in the first year",
            "Monthly new-teacher seminars led by veteran teachers",
        ),
        ("Fits within this year's budget", "Keeps teaching time for students whole"),
        "Every teacher in the first two years gets a trained mentor; mentors receive a stipend "
        "and meet their mentee at least twice a month.",
    ),
    DemoIssue(
        "Time for teachers to plan together",
        "Teachers of the same grade or subject rarely share a free period, so common planning "
        "happens after school, if at all.",
        (
            (Party.UNION, "Planning inside the paid day", False),
            (Party.MANAGEMENT, "Schedules every school can build", False),
            (Party.COMMITTEE, "No longer school day for students", False),
            (Party.MANAGEMENT, "Better lessons through shared planning", True),
        ),
        (
            "A common planning period each week by grade or department",
            "Early-release afternoons once a month",
            "Stipends for planning after school",
        ),
        ("Keeps the student day the same length", "Works in every school's schedule"),
        "Each school builds one common planning period a week into the schedule for teachers "
        "of the same grade or department, starting next school year.",
    ),
]
CONSENSUS_ISSUE = DemoIssue(
    "Using the new evaluation rubric fairly",
    "Teachers and evaluators read some rubric indicators differently, and ratings vary from "
    "school to school.",
    (
        (Party.UNION, "Ratings that do not depend on the evaluator", False),
        (Party.MANAGEMENT, "Evaluators who use the rubric with confidence", False),
        (Party.COMMITTEE, "Trust in the evaluation results", False),
        (Party.UNION, "Feedback that helps teachers improve", True),
    ),
    (
        "Joint calibration sessions for evaluators and teacher leaders",
        "A district guide with examples for each indicator",
    ),
    ("Can start this school year", "Treats every school alike"),
    "",
)


def first_team_problem_solving(
    team: Team, leaders: DistrictLeaders, *, today: datetime.date
) -> None:
    """The demo's own team: an issue at the consensus check that the union president and
    the committee chair can still stand on, a decided issue with its signed tentative
    agreement, a signed MOU, and a joint statement only the superintendent has signed."""
    issue_work(
        team,
        leaders,
        CONSENSUS_ISSUE,
        today=today,
        decided=False,
        stances=[
            (leaders.superintendent, Party.MANAGEMENT, Stance.Gradient.WHOLEHEARTED, ""),
            (leaders.principal, Party.MANAGEMENT, Stance.Gradient.MINOR_RESERVATIONS, ""),
            (
                leaders.teachers[0],
                Party.UNION,
                Stance.Gradient.MORE_DISCUSSION,
                "Who leads the calibration sessions, and on whose time?",
            ),
        ],
    )
    decided = issue_work(team, leaders, ISSUES[0], today=today, decided=True)
    everyone = [leaders.superintendent, leaders.union_president, leaders.committee_chair]
    joint_agreement_make(
        team,
        leaders,
        today=today,
        kind=JointAgreement.Kind.TENTATIVE,
        issue=decided,
        title="Tentative agreement: mentors for new teachers",
        body=decided.decision,
        signers=everyone,
        days_ago=20,
    )
    joint_agreement_make(
        team,
        leaders,
        today=today,
        kind=JointAgreement.Kind.MOU,
        title="Memorandum of understanding: mentor stipends",
        body=MOU_TEXT,
        signers=everyone,
        days_ago=60,
    )
    joint_agreement_make(
        team,
        leaders,
        today=today,
        kind=JointAgreement.Kind.SHARED_VISION,
        title="Our shared vision for the teaching profession",
        body="\n\n".join(
            f"{n}. {element}\nWhat we commit to together in our district."
            for n, element in enumerate(SHARED_VISION_ELEMENTS, 1)
        ),
        signers=[leaders.superintendent],
        days_ago=5,
    )


def issue_work(
    team: Team,
    leaders: DistrictLeaders,
    demo: DemoIssue,
    *,
    today: datetime.date,
    decided: bool,
    stances=(),
) -> IssueStatement:
    """An issue worked through every step: decided, or at the consensus check."""
    Stage = IssueStatement.Stage
    # Raised two months before it was decided, or a month ago if it is still open; the
    # check opened a week before the decision.
    decided_at = moment(today - datetime.timedelta(days=30)) if decided else None
    raised_at = moment(today - datetime.timedelta(days=90 if decided else 30))
    check_opened_at = (decided_at or moment(today)) - datetime.timedelta(days=7)
    issue = IssueStatement.objects.create(
        team=team,
        title=demo.title,
        statement=demo.statement,
        stage=Stage.CONSENSUS,
        raised_by=leaders.superintendent,
    )
    # ``created_at`` is set on insert only; one update writes the history in its order.
    IssueStatement.objects.filter(pk=issue.pk).update(
        created_at=raised_at,
        stage=Stage.DECIDED if decided else Stage.CONSENSUS,
        decision=demo.decision if decided else "",
        decided_at=decided_at,
        decided_by=leaders.principal if decided else None,
    )
    issue.refresh_from_db()
    Interest.objects.bulk_create(
        [
            Interest(
                issue=issue,
                party=party,
                text=text,
                mutual=mutual,
                added_by=leaders.union_president if party == Party.UNION else leaders.principal,
            )
            for party, text, mutual in demo.interests
        ]
    )
    options = IssueOption.objects.bulk_create(
        [IssueOption(issue=issue, text=text, added_by=leaders.principal) for text in demo.options]
    )
    criteria = IssueCriterion.objects.bulk_create(
        [
            IssueCriterion(issue=issue, text=text, added_by=leaders.principal)
            for text in demo.criteria
        ]
    )
    meets = [OptionRating.Meets.YES, OptionRating.Meets.PARTLY, OptionRating.Meets.NO]
    OptionRating.objects.bulk_create(
        [
            OptionRating(
                option=option,
                criterion=criterion,
                meets=meets[min(i, 2) if j == 0 else min(i, 1)],
                updated_by=leaders.principal,
            )
            for i, option in enumerate(options)
            for j, criterion in enumerate(criteria)
        ]
    )
    check = ConsensusCheck.objects.create(
        issue=issue, option=options[0], opened_by=leaders.principal
    )
    ConsensusCheck.objects.filter(pk=check.pk).update(
        opened_at=check_opened_at, closed_at=issue.decided_at
    )
    if decided:
        stances = [
            (leaders.superintendent, Party.MANAGEMENT, Stance.Gradient.WHOLEHEARTED, ""),
            (leaders.union_president, Party.UNION, Stance.Gradient.MINOR_RESERVATIONS, ""),
            (leaders.teachers[0], Party.UNION, Stance.Gradient.LIVE_WITH_IT, ""),
            (leaders.committee_chair, Party.COMMITTEE, Stance.Gradient.WHOLEHEARTED, ""),
        ]
    Stance.objects.bulk_create(
        [
            Stance(consensus_check=check, user=user, party=party, gradient=g, comment=c)
            for user, party, g, c in stances
        ]
    )
    return issue
