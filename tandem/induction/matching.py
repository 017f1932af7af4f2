"""How well a trained mentor fits a mentee: same school, subject and grade, then the load.

The state's guidance asks for a mentor of the same subject and grade level where possible
(../shared/domain/pipeline.md §2); being in the same building is what makes observations and
release time practical, so it weighs most.
"""

import re
from dataclasses import dataclass

SAME_SCHOOL = 3
SAME_SUBJECT = 2
SAME_GRADE = 1

_GRADE_NAMES = {"PK": -1, "K": 0}


def grades_in(text: str) -> frozenset[int]:
    """The grades a text names: "5-8", "K-2", "K, 1, 2", "7"; PK is -1 and K is 0.

    Anything unreadable names no grade (and so matches none), rather than a guess.
    """
    grades: set[int] = set()
    for part in re.split(r"[,;/ ]+", text.upper()):
        if not part:
            continue
        ends = part.split("-", 1)
        values = [_GRADE_NAMES.get(end) if not end.isdigit() else int(end) for end in ends]
        if any(value is None for value in values):
            continue
        low, high = values[0], values[-1]
        grades.update(range(min(low, high), max(low, high) + 1))
    return frozenset(grades)


@dataclass(frozen=True)
class Fit:
    same_school: bool
    same_subject: bool
    same_grade: bool
    load: int
    capacity: int

    @property
    def score(self) -> int:
        return (
            SAME_SCHOOL * self.same_school
            + SAME_SUBJECT * self.same_subject
            + SAME_GRADE * self.same_grade
        )

    @property
    def is_full(self) -> bool:
        return self.load >= self.capacity

    def order_key(self) -> tuple:
        """Best first: mentors with room before full ones, then the score, then fewer mentees."""
        return (self.is_full, -self.score, self.load)


def fit(
    *,
    mentee_schools: set[int],
    mentee_subjects: set[str],
    mentee_grades: frozenset[int],
    mentor_schools: set[int],
    mentor_subjects: list[str],
    mentor_grades: frozenset[int],
    load: int,
    capacity: int,
) -> Fit:
    mentee_subjects = {s.strip().casefold() for s in mentee_subjects if s.strip()}
    return Fit(
        same_school=bool(mentee_schools & mentor_schools),
        same_subject=bool(mentee_subjects & {s.casefold() for s in mentor_subjects}),
        same_grade=bool(mentee_grades & mentor_grades),
        load=load,
        capacity=capacity,
    )
