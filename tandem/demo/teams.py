"""The demo's labor-management teams: every stage of the path into the partnership's programs.

Rows are written directly (there is no request to reauthenticate in a generator); the
signatures carry the digest of exactly what each leader agreed to, as the service would.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tandem.collaboration.models import (
    PARTY_OF_OFFICE,
    SHARED_VISION_ELEMENTS,
    AgreementSignature,
    ConsensusCheck,
    Engagement,
    EnrollmentAgreement,
    Event,
    EventAttendance,
    Interest,
    IssueCriterion,
    IssueOption,
    IssueStatement,
    JointAgreement,
    OptionRating,
    Party,
    Program,
    Stance,
    Team,
    TeamMember,
    TeamNote,
)
from tandem.people.models import RoleGrant, User
from tandem.records.models import Signature
from tandem.records.services import canonical_serialization, text_digest

# The stage a district's team is at, by the district's number (the first district is apart).
STAGES = ["none", "inquired", "met_with_lapsed", "workshops", "capacity"]

INQUIRIES = [
    "Our leaders want to rebuild trust after a hard contract year and work on one shared "
    "priority for new teachers.",
    "We would like help planning educator-led professional development together with the union.",
    "The committee, the union and the superintendent want a joint plan for teacher leadership "
    "roles.",
]
MEETING_NOTES = (
    "Met with the three key leaders. They agreed on the district's priority, the team's members "
    "and a monthly meeting; the facilitator will send a draft of the ground rules."
)
JOINT_NOTES = [
    "Ground rules adopted: we start and end on time, we speak from interests, and we bring "
    "data rather than anecdotes.",
    "Next meeting: review the induction survey results before we set the year's goal.",
]
CAUCUS_NOTES = {
    Party.MANAGEMENT: "Before Thursday: cost out the mentor stipends at two levels.",
    Party.UNION: "Building reps want the mentoring hours counted as professional development.",
    Party.COMMITTEE: "The budget subcommittee meets on the 12th; bring the plan's first draft.",
}


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
MOU_TEXT = (
    "For the current school year, teachers who serve as mentors under the new-teacher program "
    "receive the stipend set out in this memorandum. The parties will review the program "
    "together before the next contract is bargained."
)


@dataclass
class DistrictLeaders:
    superintendent: User
    union_president: User
    committee_chair: User
    teachers: list[User]
    principal: User


class TeamBuilder:
    def __init__(self, *, rng: random.Random, today: datetime.date, history_years: int):
        self.rng = rng
        self.today = today
        self.history_years = history_years
        self.programs = {p.kind: p for p in Program.objects.all()}
        self.content_type = ContentType.objects.get_for_model(Engagement)
        self.events = self._events()

    def _events(self) -> list[Event]:
        """Workshop sessions over the years, and a few coming ones."""
        workshops = self.programs["workshops"]
        events = []
        for years_ago in range(self.history_years, -1, -1):
            for i, topic in enumerate(workshops.topics.all()):
                day = self.today - datetime.timedelta(days=365 * years_ago + 30 * i + 20)
                events.append(
                    Event(
                        program=workshops,
                        topic=topic,
                        title=topic.title,
                        starts_at=self._moment(day, 9),
                        location=self.rng.choice(["Worcester", "Boston", "Springfield", "Lowell"]),
                    )
                )
        for weeks in (3, 9):
            topic = self.rng.choice(list(workshops.topics.all()))
            events.append(
                Event(
                    program=workshops,
                    topic=topic,
                    title=topic.title,
                    starts_at=self._moment(self.today + datetime.timedelta(weeks=weeks), 9),
                    location="Worcester",
                )
            )
        return Event.objects.bulk_create(events)

    def _moment(self, day: datetime.date, hour: int = 15) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    def build(self, *, district, n: int, leaders: DistrictLeaders, facilitator: User) -> None:
        stage = "first" if n == 0 else STAGES[n % len(STAGES)]
        if stage == "none":
            return
        team = Team.objects.create(district=district, name=f"{district.name} labor-management team")
        if stage == "inquired":
            self._engagement(team, "workshops", leaders, days_ago=12)
            return
        team.facilitator = facilitator
        team.save(update_fields=["facilitator"])
        self._members(team, leaders)
        if stage == "met_with_lapsed":
            engagement = self._engagement(
                team, "strategic_planning", leaders, days_ago=120, met_after=20
            )
            self._lapsed_union_agreement(district, engagement, leaders)
        elif stage == "workshops":
            self._enrolled(team, "workshops", leaders, facilitator)
            self._attendance(team)
        else:
            self._enrolled(team, "capacity", leaders, facilitator)
            if stage == "first":
                # The demo's own leaders can try the agreement: the superintendent has agreed.
                engagement = self._engagement(
                    team, "strategic_planning", leaders, days_ago=40, met_after=14
                )
                self._agree(engagement, leaders.superintendent, days_after=3)
                self._attendance(team)
        if stage == "first":
            self._problem_solving_first(team, leaders)
        elif stage in ("workshops", "capacity"):
            self._issue(team, leaders, ISSUES[n % len(ISSUES)], decided=True)

    def _members(self, team: Team, leaders: DistrictLeaders) -> None:
        start = self.today - datetime.timedelta(days=self.rng.randint(200, 700))
        TeamMember.objects.bulk_create(
            [
                TeamMember(
                    team=team,
                    user=user,
                    party=party,
                    role=role,
                    start_date=start,
                    added_by=leaders.superintendent,
                )
                for user, party, role in [
                    (leaders.teachers[0], Party.UNION, "Co-chair"),
                    (leaders.teachers[1], Party.UNION, "Member"),
                    (leaders.principal, Party.MANAGEMENT, "Member"),
                ]
            ]
        )
        notes = [
            TeamNote(team=team, space=TeamNote.Space.JOINT, author=leaders.superintendent, body=b)
            for b in JOINT_NOTES
        ]
        authors = {
            Party.MANAGEMENT: leaders.superintendent,
            Party.UNION: leaders.union_president,
            Party.COMMITTEE: leaders.committee_chair,
        }
        notes += [
            TeamNote(team=team, space=party, author=authors[party], body=body)
            for party, body in CAUCUS_NOTES.items()
        ]
        TeamNote.objects.bulk_create(notes)

    def _engagement(
        self, team, kind, leaders, *, days_ago: int, met_after: int | None = None
    ) -> Engagement:
        inquired = self.today - datetime.timedelta(days=days_ago)
        engagement = Engagement(
            team=team,
            program=self.programs[kind],
            inquired_by=leaders.superintendent,
            inquired_on=inquired,
            inquiry=self.rng.choice(INQUIRIES),
        )
        if met_after is not None:
            engagement.status = Engagement.Status.MET
            engagement.first_meeting_on = inquired + datetime.timedelta(days=met_after)
            engagement.first_meeting_notes = MEETING_NOTES
            engagement.first_meeting_recorded_by = team.facilitator
        engagement.save()
        return engagement

    def _enrolled(self, team, kind, leaders, facilitator) -> Engagement:
        days_ago = self.rng.randint(60, 365 * self.history_years)
        engagement = self._engagement(team, kind, leaders, days_ago=days_ago, met_after=21)
        for days_after, user in enumerate(
            [leaders.superintendent, leaders.union_president, leaders.committee_chair]
        ):
            self._agree(engagement, user, days_after=25 + days_after)
        engagement.status = Engagement.Status.ENROLLED
        engagement.enrolled_on = engagement.first_meeting_on + datetime.timedelta(days=6)
        engagement.save(update_fields=["status", "enrolled_on"])
        return engagement

    def _agree(self, engagement, user, *, days_after: int, grant=None) -> None:
        grant = (
            grant
            or RoleGrant.objects.active_on(self.today)
            .filter(user=user, district=engagement.team.district)
            .exclude(office="")
            .first()
        )
        canonical = canonical_serialization(engagement.signed_content())
        signature = Signature.objects.create(
            content_type=self.content_type,
            object_id=engagement.pk,
            signer=user,
            capacity=grant.get_office_display(),
            digest=text_digest(canonical),
            canonical=canonical,
        )
        when = self._moment(engagement.inquired_on + datetime.timedelta(days=days_after))
        Signature.objects.filter(pk=signature.pk).update(signed_at=when)
        agreement = EnrollmentAgreement.objects.create(
            engagement=engagement,
            party=PARTY_OF_OFFICE[grant.office],
            grant=grant,
            signature=signature,
        )
        EnrollmentAgreement.objects.filter(pk=agreement.pk).update(agreed_at=when)

    def _lapsed_union_agreement(self, district, engagement, leaders) -> None:
        """The union president who agreed left office at the start of the year; the new one
        has not agreed yet, so the team shows the change and waits."""
        current = RoleGrant.objects.get(
            district=district, office=RoleGrant.Office.UNION_PRESIDENT, end_date__isnull=True
        )
        before = RoleGrant.objects.create(
            user=leaders.teachers[2],
            role=RoleGrant.Role.UNION_LEADER,
            district=district,
            bargaining_unit=current.bargaining_unit,
            title="Union president",
            office=RoleGrant.Office.UNION_PRESIDENT,
            start_date=current.start_date - datetime.timedelta(days=3 * 365),
            end_date=current.start_date - datetime.timedelta(days=1),
        )
        self._agree(engagement, leaders.teachers[2], days_after=22, grant=before)
        self._agree(engagement, leaders.superintendent, days_after=23)

    def _attendance(self, team: Team) -> None:
        past = [e for e in self.events if e.starts_at.date() < self.today]
        EventAttendance.objects.bulk_create(
            [
                EventAttendance(event=event, team=team, people=self.rng.randint(3, 8))
                for event in self.rng.sample(past, k=min(4, len(past)))
            ]
        )

    def _problem_solving_first(self, team: Team, leaders: DistrictLeaders) -> None:
        """The demo's own team: an issue at the consensus check that the union president and
        the committee chair can still stand on, a decided issue with its signed tentative
        agreement, a signed MOU, and a joint statement only the superintendent has signed."""
        self._issue(
            team,
            leaders,
            CONSENSUS_ISSUE,
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
        decided = self._issue(team, leaders, ISSUES[0], decided=True)
        everyone = [leaders.superintendent, leaders.union_president, leaders.committee_chair]
        self._joint_agreement(
            team,
            leaders,
            kind=JointAgreement.Kind.TENTATIVE,
            issue=decided,
            title="Tentative agreement: mentors for new teachers",
            body=decided.decision,
            signers=everyone,
            days_ago=20,
        )
        self._joint_agreement(
            team,
            leaders,
            kind=JointAgreement.Kind.MOU,
            title="Memorandum of understanding: mentor stipends",
            body=MOU_TEXT,
            signers=everyone,
            days_ago=60,
        )
        self._joint_agreement(
            team,
            leaders,
            kind=JointAgreement.Kind.SHARED_VISION,
            title="Our shared vision for the teaching profession",
            body="\n\n".join(
                f"{n}. {element}\nWhat we commit to together in our district."
                for n, element in enumerate(SHARED_VISION_ELEMENTS, 1)
            ),
            signers=[leaders.superintendent],
            days_ago=5,
        )

    def _issue(
        self, team: Team, leaders: DistrictLeaders, demo: DemoIssue, *, decided: bool, stances=()
    ) -> IssueStatement:
        """An issue worked through every step: decided, or at the consensus check."""
        Stage = IssueStatement.Stage
        issue = IssueStatement.objects.create(
            team=team,
            title=demo.title,
            statement=demo.statement,
            stage=Stage.DECIDED if decided else Stage.CONSENSUS,
            raised_by=leaders.superintendent,
            decision=demo.decision if decided else "",
            decided_at=self._moment(self.today - datetime.timedelta(days=30)) if decided else None,
            decided_by=leaders.principal if decided else None,
        )
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
            [
                IssueOption(issue=issue, text=text, added_by=leaders.principal)
                for text in demo.options
            ]
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
            issue=issue,
            option=options[0],
            opened_by=leaders.principal,
            closed_at=issue.decided_at,
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

    def _joint_agreement(
        self, team, leaders, *, kind, title, body, signers, days_ago: int, issue=None
    ) -> JointAgreement:
        """A first version signed by ``signers``; in effect when all three have signed."""
        signed_on = self.today - datetime.timedelta(days=days_ago)
        agreement = JointAgreement.objects.create(
            team=team,
            kind=kind,
            issue=issue,
            title=title,
            body=body,
            drafted_by=leaders.principal,
            status=JointAgreement.Status.IN_EFFECT
            if len(signers) == 3
            else JointAgreement.Status.SIGNING,
            effective_on=signed_on if len(signers) == 3 else None,
        )
        content_type = ContentType.objects.get_for_model(JointAgreement)
        canonical = canonical_serialization(agreement.signed_content())
        grants = {
            g.user_id: g
            for g in RoleGrant.objects.active_on(self.today)
            .filter(district=team.district, user__in=signers)
            .exclude(office="")
        }
        for user in signers:
            grant = grants[user.pk]
            signature = Signature.objects.create(
                content_type=content_type,
                object_id=agreement.pk,
                signer=user,
                capacity=grant.get_office_display(),
                digest=text_digest(canonical),
                canonical=canonical,
            )
            signed = AgreementSignature.objects.create(
                agreement=agreement,
                party=PARTY_OF_OFFICE[grant.office],
                grant=grant,
                signature=signature,
            )
            when = self._moment(signed_on)
            Signature.objects.filter(pk=signature.pk).update(signed_at=when)
            AgreementSignature.objects.filter(pk=signed.pk).update(signed_at=when)
        return agreement
