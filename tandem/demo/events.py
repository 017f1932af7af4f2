"""The partnership's workshop sessions over the years, a few coming ones, and the teams that
attended them."""

import datetime
import random

from tandem.collaboration.models import Event, EventAttendance, Program, Team
from tandem.demo.calendars import moment


class Workshops:
    def __init__(
        self, *, rng: random.Random, today: datetime.date, history_years: int, program: Program
    ):
        self.rng = rng
        self.today = today
        self.history_years = history_years
        self.events = self._events(program)

    def _events(self, workshops: Program) -> list[Event]:
        """Workshop sessions over the years, and a few coming ones."""
        events = []
        for years_ago in range(self.history_years, -1, -1):
            for i, topic in enumerate(workshops.topics.all()):
                day = self.today - datetime.timedelta(days=365 * years_ago + 30 * i + 20)
                events.append(
                    Event(
                        program=workshops,
                        topic=topic,
                        title=topic.title,
                        starts_at=moment(day, 9),
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
                    starts_at=moment(self.today + datetime.timedelta(weeks=weeks), 9),
                    location="Worcester",
                )
            )
        return Event.objects.bulk_create(events)

    def attend(self, team: Team) -> None:
        past = [e for e in self.events if e.starts_at.date() < self.today]
        EventAttendance.objects.bulk_create(
            [
                EventAttendance(event=event, team=team, people=self.rng.randint(3, 8))
                for event in self.rng.sample(past, k=min(4, len(past)))
            ]
        )
