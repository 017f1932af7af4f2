"""A team's monthly meetings: agendas, minutes and decisions, who came, the action items (some
overdue), one meeting called off for a storm, and the next one."""

import datetime
import random

from tandem.collaboration.models import ActionItem, AgendaItem, Meeting, Team
from tandem.demo.calendars import moment
from tandem.demo.leaders import DistrictLeaders
from tandem.people.models import User

AGENDAS = [
    ["Welcome and check-in", "Review of last month's action items", "Induction survey results"],
    ["Check-in", "Mentor stipend options", "Professional development calendar", "Next steps"],
    ["Check-in", "Budget outlook for next year", "Teacher leadership roles: first draft"],
    ["Check-in", "Report from the workshop", "Family engagement night", "Norms check"],
]
# Each meeting's subject, which calendars show after the team's name.
SUBJECTS = [
    "Induction survey results",
    "Mentor stipend options",
    "Budget outlook and teacher leadership roles",
    "Family engagement night and our norms",
]
VIDEO_LINK = "https://meet.example.org/labor-management-team"
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
# What the meetings ask people to do, each task once per team, with the key of the plan's
# action step it carries forward (``demo.plans.PLAN_CONTENT``), if any.
ACTIONS = [
    ("Draft a schedule with a common planning period for mentors", ""),
    ("Cost out the two stipend levels over three years", "a1"),
    ("Collect mentors' feedback from each building", ""),
    ("Find grant programs that fund teacher leadership roles", ""),
    ("Send the revised ground rules to every member", ""),
    ("Book the library for the family engagement night", ""),
    ("Circulate the memorandum's stipend language to both bargaining teams", "a1"),
    ("Gather building representatives' comments on the teacher-leader roles", "a3"),
]
STEP_OF_ACTION = dict(ACTIONS)
PLACES = ["Central office, conference room", "High school library", "Video call"]


def meetings_hold(
    *,
    rng: random.Random,
    today: datetime.date,
    team: Team,
    leaders: DistrictLeaders,
    facilitator: User,
) -> None:
    """Four monthly meetings with minutes and action items, some overdue, one called off for a
    storm, and the next one."""
    people = leaders.people()
    meetings = [
        Meeting(
            team=team,
            subject=SUBJECTS[i % len(SUBJECTS)],
            starts_at=moment(today + datetime.timedelta(days=days), 16),
            ends_at=moment(today + datetime.timedelta(days=days), 16)
            + datetime.timedelta(minutes=team.meeting_minutes),
            place=rng.choice(PLACES),
            video_link=VIDEO_LINK if i % 2 else "",
            minutes=MINUTES[i] if days < 0 else "",
            decisions=DECISIONS[i] if days < 0 else "",
            created_by=leaders.superintendent,
        )
        for i, days in enumerate((-110, -80, -50, -20, 10))
    ]
    Meeting.objects.bulk_create(meetings)
    # Each task once: the same words twice would read as one item with two owners.
    descriptions = iter(rng.sample([d for d, _step in ACTIONS], k=len(ACTIONS)))
    agenda, attendance, actions = [], [], []
    for i, meeting in enumerate(meetings):
        agenda += [
            AgendaItem(meeting=meeting, position=position, title=title)
            for position, title in enumerate(AGENDAS[i % len(AGENDAS)], start=1)
        ]
        if meeting.minutes:
            attendance += [
                Meeting.attendees.through(meeting_id=meeting.pk, user_id=user.pk)
                for user in [facilitator, *rng.sample(people, k=rng.randint(4, 6))]
            ]
            for n in range(2):
                due = meeting.starts_at.date() + datetime.timedelta(days=rng.randint(14, 40))
                # The first meeting's second task is still open: each team has one overdue.
                done = due < today and (i, n) != (0, 1) and rng.random() < 0.6
                actions.append(
                    ActionItem(
                        meeting=meeting,
                        description=next(descriptions),
                        owner=rng.choice(people),
                        due_on=due,
                        done_on=due - datetime.timedelta(days=2) if done else None,
                    )
                )
    AgendaItem.objects.bulk_create(agenda)
    Meeting.attendees.through.objects.bulk_create(attendance)
    ActionItem.objects.bulk_create(actions)
    called_off = moment(today - datetime.timedelta(days=35), 16)
    Meeting.objects.create(
        team=team,
        subject="Professional development calendar",
        starts_at=called_off,
        ends_at=called_off + datetime.timedelta(minutes=team.meeting_minutes),
        place=PLACES[0],
        created_by=leaders.superintendent,
        cancelled_at=called_off - datetime.timedelta(hours=20),
        cancelled_by=leaders.superintendent,
        cancellation_reason="The schools closed for a storm; the agenda moves to next month.",
    )
