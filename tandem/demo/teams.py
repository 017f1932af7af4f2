"""The demo's labor-management teams: every stage of the path into the partnership's programs.

Each district's team is at a stage set by the district's number; the builder orders the work
and the modules beside it make each part: engagements, workshop sessions, meetings, surveys,
plans, problem solving and agreements. Signatures go through ``records.signature_sign``, the
service people sign through, and are dated as the demo's history needs.
"""

import datetime
import random

from tandem.collaboration.models import Party, Program, Team, TeamMember, TeamNote
from tandem.demo.engagements import Engagements
from tandem.demo.events import Workshops
from tandem.demo.leaders import DistrictLeaders
from tandem.demo.meetings import meetings_hold
from tandem.demo.plans import PlanBuilder
from tandem.demo.problem_solving import ISSUES, first_team_problem_solving, issue_work
from tandem.demo.survey import survey_answer
from tandem.organizations.models import District, SchoolYear
from tandem.people.models import User

# The stage a district's team is at, by the district's number (the first district is apart).
STAGES = ["none", "inquired", "met_with_lapsed", "workshops", "capacity"]

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


class TeamBuilder:
    def __init__(self, *, rng: random.Random, today: datetime.date, history_years: int):
        self.rng = rng
        self.today = today
        self.history_years = history_years
        programs = {p.kind: p for p in Program.objects.all()}
        self.engagements = Engagements(
            rng=rng, today=today, history_years=history_years, programs=programs
        )
        self.workshops = Workshops(
            rng=rng, today=today, history_years=history_years, program=programs["workshops"]
        )
        self.plans: PlanBuilder | None = None

    def build(
        self,
        *,
        district: District,
        n: int,
        school_year: SchoolYear,
        leaders: DistrictLeaders,
        facilitator: User,
    ) -> None:
        stage = "first" if n == 0 else STAGES[n % len(STAGES)]
        if stage == "none":
            return
        team = Team.objects.create(district=district, name=f"{district.name} labor-management team")
        if stage == "inquired":
            self.engagements.inquire(team, "workshops", leaders, days_ago=12)
            return
        team.facilitator = facilitator
        team.save(update_fields=["facilitator"])
        self._members(team, leaders)
        # A survey's year is the calendar year its school year began in.
        year = school_year.start_date.year
        if stage == "met_with_lapsed":
            engagement = self.engagements.inquire(
                team, "strategic_planning", leaders, days_ago=120, met_after=20
            )
            self.engagements.lapsed_union_agreement(district, engagement, leaders)
            survey_answer(rng=self.rng, team=team, people=leaders.people()[:3], year=year)
        elif stage == "workshops":
            self.engagements.enroll(team, "workshops", leaders)
            self.workshops.attend(team)
            meetings_hold(
                rng=self.rng, today=self.today, team=team, leaders=leaders, facilitator=facilitator
            )
            survey_answer(rng=self.rng, team=team, people=leaders.people()[:4], year=year)
            self._plans(facilitator).build(team=team, leaders=leaders, stage=stage)
        else:
            self.engagements.enroll(team, "capacity", leaders)
            meetings_hold(
                rng=self.rng, today=self.today, team=team, leaders=leaders, facilitator=facilitator
            )
            self._plans(facilitator).build(team=team, leaders=leaders, stage=stage)
            if stage == "first":
                # The demo's own leaders can try the agreement: the superintendent has agreed.
                engagement = self.engagements.inquire(
                    team, "strategic_planning", leaders, days_ago=40, met_after=14
                )
                self.engagements.agree(engagement, leaders.superintendent, days_after=3)
                self.workshops.attend(team)
                # Three earlier school years with enough answers to show; this year's is
                # left open so every demo member can answer it.
                for earlier, mean in ((year - 3, 3), (year - 2, 3), (year - 1, 4)):
                    survey_answer(
                        rng=self.rng, team=team, people=leaders.people(), year=earlier, mean=mean
                    )

        if stage == "first":
            first_team_problem_solving(today=self.today, team=team, leaders=leaders)
        elif stage in ("workshops", "capacity"):
            issue_work(
                today=self.today,
                team=team,
                leaders=leaders,
                demo=ISSUES[n % len(ISSUES)],
                decided=True,
            )

    def _plans(self, facilitator: User) -> PlanBuilder:
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
                    added_by=by,
                )
                # Each party's key leader seats its own people.
                for user, party, role, by in [
                    (leaders.teachers[0], Party.UNION, "Co-chair", leaders.union_president),
                    (leaders.teachers[1], Party.UNION, "Member", leaders.union_president),
                    (leaders.principal, Party.MANAGEMENT, "Member", leaders.superintendent),
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
