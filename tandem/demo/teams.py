"""The demo's labor-management teams: every stage of the path into the partnership's programs.

Rows are written directly (there is no request to reauthenticate in a generator); the
signatures carry the digest of exactly what each leader agreed to, as the service would.
"""

import copy
import datetime
import random
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from tandem.collaboration.models import (
    PARTY_OF_OFFICE,
    SHARED_VISION_ELEMENTS,
    SURVEY_STATEMENTS,
    ActionItem,
    AgendaItem,
    AgreementSignature,
    ConsensusCheck,
    Engagement,
    EnrollmentAgreement,
    Event,
    EventAttendance,
    GalleryComment,
    Interest,
    IssueCriterion,
    IssueOption,
    IssueStatement,
    JointAgreement,
    MeasureProgress,
    Meeting,
    OptionRating,
    Party,
    PlanSignature,
    PlanVersion,
    Program,
    RelationshipSurvey,
    Resource,
    Stance,
    StrategicPlan,
    SurveyParticipation,
    Team,
    TeamMember,
    TeamNote,
    Topic,
)
from tandem.collaboration.plan_content import lines
from tandem.organizations.selectors import school_year_for
from tandem.people.models import RoleGrant, User
from tandem.records.digests import canonical_serialization, text_digest
from tandem.records.files import stored_file_save
from tandem.records.models import Signature

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


AGENDAS = [
    ["Welcome and check-in", "Review of last month's action items", "Induction survey results"],
    ["Check-in", "Mentor stipend options", "Professional development calendar", "Next steps"],
    ["Check-in", "Budget outlook for next year", "Teacher leadership roles: first draft"],
    ["Check-in", "Report from the workshop", "Family engagement night", "Norms check"],
]
MINUTES = [
    "The team reviewed the induction survey. New teachers asked for more time with their "
    "mentors in the first semester. Management and the union agreed to look at the schedule "
    "together before costing any option.",
    "Discussion of two stipend levels for mentors. The committee chair asked for the cost of "
    "each level across three years. The union will gather what building representatives "
    "hear from mentors.",
    "The superintendent presented the budget outlook. The team agreed to keep teacher "
    "leadership roles on the table and to look for grant money for the first year.",
    "Members who attended the workshop shared what they learned about hard conversations. "
    "The team revisited its ground rules and added one about following up in writing.",
]
DECISIONS = [
    "Mentors and new teachers get a common planning period next semester.",
    "The team will recommend one stipend level to the school committee.",
    "Teacher leadership roles go to a working group of two teachers and two principals.",
    "Minutes go out within a week of each meeting.",
]
ACTIONS = [
    "Draft a schedule with a common planning period for mentors",
    "Cost out the two stipend levels over three years",
    "Collect mentors' feedback from each building",
    "Find grant programs that fund teacher leadership roles",
    "Send the revised ground rules to every member",
    "Book the library for the family engagement night",
]
PLACES = ["Central office, conference room", "High school library", "Video call"]
SURVEY_COMMENTS = [
    "We listen to each other far better than two years ago.",
    "Follow-through from the central office has been slow this year.",
    "I would like the committee at more of our meetings.",
    "The monthly meetings are the only place all sides talk before a problem grows.",
    "We still fall back into positions when money comes up.",
]


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
        self.plans: PlanBuilder | None = None

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
            self._survey(
                team,
                self._people(leaders)[:3],
                school_year_for(district_id=district.pk, day=self.today).start_date.year,
            )
        elif stage == "workshops":
            self._enrolled(team, "workshops", leaders, facilitator)
            self._attendance(team)
            self._meetings(team, leaders, facilitator)
            self._survey(
                team,
                self._people(leaders)[:4],
                school_year_for(district_id=district.pk, day=self.today).start_date.year,
            )
            self._plans(facilitator).build(team=team, leaders=leaders, stage=stage)
        else:
            self._enrolled(team, "capacity", leaders, facilitator)
            self._meetings(team, leaders, facilitator)
            self._plans(facilitator).build(team=team, leaders=leaders, stage=stage)
            if stage == "first":
                # The demo's own leaders can try the agreement: the superintendent has agreed.
                engagement = self._engagement(
                    team, "strategic_planning", leaders, days_ago=40, met_after=14
                )
                self._agree(engagement, leaders.superintendent, days_after=3)
                self._attendance(team)
                # Three earlier school years with enough answers to show; this year's is
                # left open so every demo member can answer it.
                year = school_year_for(district_id=district.pk, day=self.today).start_date.year
                for earlier, mean in ((year - 3, 3), (year - 2, 3), (year - 1, 4)):
                    self._survey(team, self._people(leaders), earlier, mean=mean)

        if stage == "first":
            self._problem_solving_first(team, leaders)
        elif stage in ("workshops", "capacity"):
            self._issue(team, leaders, ISSUES[n % len(ISSUES)], decided=True)

    def _plans(self, facilitator: User) -> "PlanBuilder":
        """Made with the first plan, so the partnership's resources carry its facilitator."""
        if self.plans is None:
            self.plans = PlanBuilder(rng=self.rng, today=self.today, facilitator=facilitator)
        return self.plans

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

    def _people(self, leaders: DistrictLeaders) -> list[User]:
        return [
            leaders.teachers[0],
            leaders.principal,
            leaders.teachers[1],
            leaders.superintendent,
            leaders.union_president,
            leaders.committee_chair,
        ]

    def _meetings(self, team: Team, leaders: DistrictLeaders, facilitator: User) -> None:
        """Four monthly meetings with minutes and action items, some overdue, one called off for a
        storm, and the next one."""
        people = self._people(leaders)
        meetings = [
            Meeting(
                team=team,
                starts_at=self._moment(self.today + datetime.timedelta(days=days), 16),
                place=self.rng.choice(PLACES),
                minutes=MINUTES[i] if days < 0 else "",
                decisions=DECISIONS[i] if days < 0 else "",
                created_by=leaders.superintendent,
            )
            for i, days in enumerate((-110, -80, -50, -20, 10))
        ]
        Meeting.objects.bulk_create(meetings)
        agenda, attendance, actions = [], [], []
        for i, meeting in enumerate(meetings):
            agenda += [
                AgendaItem(meeting=meeting, position=position, title=title)
                for position, title in enumerate(AGENDAS[i % len(AGENDAS)], start=1)
            ]
            if meeting.minutes:
                attendance += [
                    Meeting.attendees.through(meeting_id=meeting.pk, user_id=user.pk)
                    for user in [facilitator, *self.rng.sample(people, k=self.rng.randint(4, 6))]
                ]
                for _n in range(2):
                    due = meeting.starts_at.date() + datetime.timedelta(
                        days=self.rng.randint(14, 40)
                    )
                    done = due < self.today and self.rng.random() < 0.6
                    actions.append(
                        ActionItem(
                            meeting=meeting,
                            description=self.rng.choice(ACTIONS),
                            owner=self.rng.choice(people),
                            due_on=due,
                            done_on=due - datetime.timedelta(days=2) if done else None,
                        )
                    )
        AgendaItem.objects.bulk_create(agenda)
        Meeting.attendees.through.objects.bulk_create(attendance)
        ActionItem.objects.bulk_create(actions)
        called_off = self._moment(self.today - datetime.timedelta(days=35), 16)
        Meeting.objects.create(
            team=team,
            starts_at=called_off,
            place=PLACES[0],
            created_by=leaders.superintendent,
            cancelled_at=called_off - datetime.timedelta(hours=20),
            cancelled_by=leaders.superintendent,
            cancellation_reason="The schools closed for a storm; the agenda moves to next month.",
        )

    def _survey(self, team: Team, people: list[User], year: int, mean: int = 3) -> None:
        """Totals of ``people``'s answers for one school year, and their markers."""
        tallies = {key: [0, 0, 0, 0, 0] for key, _text in SURVEY_STATEMENTS}
        for _person in people:
            for counts in tallies.values():
                score = min(5, max(1, mean + self.rng.choice([-1, 0, 0, 1])))
                counts[score - 1] += 1
        RelationshipSurvey.objects.create(
            team=team,
            school_year=year,
            answers=len(people),
            tallies=tallies,
            comments=self.rng.sample(SURVEY_COMMENTS, k=min(2, len(people))),
        )
        SurveyParticipation.objects.bulk_create(
            [SurveyParticipation(team=team, user=user, school_year=year) for user in people]
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


# -- Plans, the gallery and the library -------------------------------------------------------

PLAN_CONTENT = {
    "vision": (
        "Every student learns from teachers who are well prepared, well supported and want to "
        "stay, in schools where educators lead their own professional growth."
    ),
    "theory_of_action": (
        "If new teachers have a trained mentor and time to learn from colleagues, and if "
        "experienced teachers can grow into leadership roles without leaving the classroom, "
        "then more good teachers stay and students' learning improves."
    ),
    "goals": [
        {
            "key": "g1",
            "title": "Keep more of our new teachers",
            "baseline": "72% of first-year teachers returned in 2024",
            "target": "85% return",
            "target_date": "2028-06-30",
            "measures": [
                {
                    "key": "m1",
                    "name": "First-year teachers who return for a second year",
                    "unit": "%",
                    "baseline": 72.0,
                    "target": 85.0,
                }
            ],
        },
        {
            "key": "g2",
            "title": "Grow teacher leadership",
            "baseline": "4 teacher-leader roles",
            "target": "20 teacher-leader roles",
            "target_date": "2028-06-30",
            "measures": [
                {
                    "key": "m2",
                    "name": "Teachers in leadership roles",
                    "unit": "teachers",
                    "baseline": 4.0,
                    "target": 20.0,
                }
            ],
        },
    ],
    "strategies": [
        {
            "key": "s1",
            "title": "Mentoring for every new teacher",
            "goal_keys": ["g1"],
            "initiatives": [
                {
                    "key": "i1",
                    "title": "Train and pay mentors",
                    "steps": [
                        {
                            "key": "a1",
                            "title": "Agree the mentor stipend in a memorandum",
                            "owner": "Bargaining teams",
                            "due": "2026-03-01",
                        },
                        {
                            "key": "a2",
                            "title": "Run the summer mentor training",
                            "owner": "Professional development office",
                            "due": "2026-08-15",
                        },
                    ],
                }
            ],
        },
        {
            "key": "s2",
            "title": "A career lattice for teachers",
            "goal_keys": ["g2"],
            "initiatives": [
                {
                    "key": "i2",
                    "title": "Define the teacher-leader roles",
                    "steps": [
                        {
                            "key": "a3",
                            "title": "Draft role descriptions with building representatives",
                            "owner": "Joint working group",
                            "due": "2026-12-15",
                        }
                    ],
                }
            ],
        },
    ],
}
RESOURCES = [
    (
        "Ground rules for a joint team",
        "template",
        ["trust-building"],
        "A one-page template for the rules a labor-management team agrees on at its first "
        "meeting: time, speaking, decisions, confidentiality, and how the team talks to staff.",
        "",  # shared as a file: GROUND_RULES
    ),
    (
        "Interest-based problem solving, step by step",
        "guide",
        ["bargaining", "trust-building"],
        "From a neutral issue statement to consensus: how to list interests, brainstorm options, "
        "agree on criteria and test the options against them.",
        "https://partnership.example.org/library/interest-based-problem-solving",
    ),
    (
        "Building a mentoring program together",
        "case_study",
        ["induction-mentoring"],
        "How one district's superintendent, union and school committee designed and funded "
        "mentoring for new teachers over two years.",
        "https://partnership.example.org/library/mentoring-case-study",
    ),
    (
        "Teacher-leader roles: a starter set",
        "template",
        ["career-lattices"],
        "Role descriptions for instructional coaches, mentors and team leaders that a district "
        "can adapt, with the hours and pay to settle at the table.",
        "https://partnership.example.org/library/teacher-leader-roles",
    ),
    (
        "Making evaluation a shared process",
        "guide",
        ["evaluation", "professional-learning"],
        "Questions a joint team can use to review how the evaluation cycle works in its schools "
        "and where educators need more support.",
        "https://partnership.example.org/library/shared-evaluation",
    ),
]

# The first resource's template, so that the demo library offers a file to download.
GROUND_RULES = """Ground rules for our labor-management team

Agreed at our first meeting on: ____________    Reviewed each year in: ____________

Time
- We start and end on time. The agenda goes out two school days before we meet.

Speaking
- One person speaks at a time, and everyone speaks once before anyone speaks twice.

Decisions
- We decide by consensus: each party can at least live with the decision.

Confidentiality
- What is said in the room stays there until we agree on what to share.

Talking to staff
- We end each meeting by agreeing on one message, and each party shares it the same way.

For the district: ____________  For the union: ____________
For the school committee: ____________
"""


class PlanBuilder:
    """Plans at every stage, a gallery with comments, and the partnership's resources."""

    def __init__(self, *, rng: random.Random, today: datetime.date, facilitator: User):
        self.rng = rng
        self.today = today
        self.content_type = ContentType.objects.get_for_model(PlanVersion)
        self.topics = {t.slug: t for t in Topic.objects.all()}
        for title, kind, topics, summary, link in RESOURCES:
            stored = None
            if not link:
                stored = stored_file_save(
                    upload=ContentFile(GROUND_RULES.encode(), name="ground-rules.txt"),
                    district_id=None,
                    by=facilitator,
                )
            resource = Resource.objects.create(
                title=title,
                kind=kind,
                summary=summary,
                link=link,
                file=stored,
                shared_by=facilitator,
            )
            resource.topics.set([self.topics[t] for t in topics])

    def build(self, *, team: Team, leaders: DistrictLeaders, stage: str) -> None:
        plan = StrategicPlan.objects.create(
            team=team, title="Joint strategic plan 2025–2028", created_by=leaders.superintendent
        )
        plan.topics.set([self.topics["induction-mentoring"], self.topics["career-lattices"]])
        content = copy.deepcopy(PLAN_CONTENT)
        if stage == "workshops":
            content["strategies"] = []
            PlanVersion.objects.create(
                plan=plan, number=1, content=content, created_by=leaders.superintendent
            )
            return
        adopted_on = self.today - datetime.timedelta(days=self.rng.randint(300, 420))
        adopted = PlanVersion.objects.create(
            plan=plan,
            number=1,
            content=content,
            created_by=leaders.superintendent,
            status=PlanVersion.Status.ADOPTED,
            adopted_on=adopted_on,
        )
        for user in (leaders.superintendent, leaders.union_president, leaders.committee_chair):
            self._sign(adopted, user, adopted_on)
        plan.published_version = adopted
        plan.published_at = timezone.make_aware(
            datetime.datetime.combine(adopted_on, datetime.time(12))
        )
        plan.search_text = " ".join([plan.title, team.district.name, *lines(content)])
        plan.save()
        self._progress(plan, leaders.superintendent, adopted_on)
        # Meetings carry the plan's first action steps forward.
        items = list(
            ActionItem.objects.filter(meeting__team=team)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for pk, step in zip(items[:2], ("a1", "a3"), strict=False):
            ActionItem.objects.filter(pk=pk).update(plan=plan, plan_step_key=step)
        if stage == "first":
            draft = copy.deepcopy(content)
            draft["goals"][0]["target"] = "88% return"
            draft["goals"][0]["measures"][0]["target"] = 88.0
            draft["strategies"][1]["initiatives"][0]["steps"].append(
                {
                    "key": "a4",
                    "title": "Open the first teacher-leader positions",
                    "owner": "Human resources",
                    "due": "2027-02-01",
                }
            )
            PlanVersion.objects.create(
                plan=plan, number=2, content=draft, created_by=leaders.union_president
            )
            GalleryComment.objects.bulk_create(
                [
                    GalleryComment(
                        plan=plan,
                        author=leaders.principal,
                        body="The mentor stipend language is a model for us. How did you "
                        "fund the summer training?",
                        status=GalleryComment.Status.APPROVED,
                    ),
                    GalleryComment(
                        plan=plan,
                        author=leaders.teachers[0],
                        body="Could you share the role descriptions for the lattice?",
                    ),
                ]
            )

    def _sign(self, version: PlanVersion, user: User, day: datetime.date) -> None:
        grant = (
            RoleGrant.objects.filter(user=user, district=version.plan.team.district)
            .exclude(office="")
            .first()
        )
        canonical = canonical_serialization(version.signed_content())
        signature = Signature.objects.create(
            content_type=self.content_type,
            object_id=version.pk,
            signer=user,
            capacity=grant.get_office_display(),
            digest=text_digest(canonical),
            canonical=canonical,
        )
        Signature.objects.filter(pk=signature.pk).update(
            signed_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(16)))
        )
        PlanSignature.objects.create(
            plan_version=version,
            party=PARTY_OF_OFFICE[grant.office],
            grant=grant,
            signature=signature,
        )

    def _progress(self, plan: StrategicPlan, by: User, since: datetime.date) -> None:
        readings = []
        for key, start, step in (("m1", 72.0, 3.0), ("m2", 4.0, 3.0)):
            value = start
            day = since
            while day < self.today:
                readings.append(
                    MeasureProgress(
                        plan=plan,
                        measure_key=key,
                        recorded_on=day,
                        value=round(value, 2),
                        recorded_by=by,
                    )
                )
                value += step * self.rng.uniform(0.3, 1.2)
                day += datetime.timedelta(days=120)
        MeasureProgress.objects.bulk_create(readings)
