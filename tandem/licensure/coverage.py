"""When a license covers an assignment (pipeline.md §1.5, §5): the one rule that the state's
out-of-field figures and a candidate's license fit for a posting both ask.

A teacher or specialist license covers an assignment when it is in force on the day, its
field is the assignment's subject (in any letter case; an assignment without a subject needs
only the grades), and its grade span holds the assignment's grades. Grades are written as the
state writes them (PreK, K, 1 … 12, a span such as 5-8, or All); the few distinct spellings
are read once here and compared in the database as numbers.
"""

import datetime
import re

from django.db.models import (
    Case,
    CharField,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Lower

from tandem.licensure.models import License

PREK, TWELFTH = -1, 12
_GRADE = {"prek": PREK, "pk": PREK, "pre-k": PREK, "k": 0}
# The roles whose licenses cover a teaching assignment.
TEACHING_ROLES = (License.Role.TEACHER, License.Role.SPECIALIST)


def grade_span(text: str) -> tuple[int, int] | None:
    """(lowest, highest) grade of ``5-8``, ``PreK-2``, ``K``, ``7`` or ``All``; a license
    without grades is for every grade; None for a span Tandem cannot read."""
    text = text.strip().lower()
    if text in ("", "all", "prek-12", "pk-12"):
        return PREK, TWELFTH
    parts = re.fullmatch(r"(pre-?k|pk|k|\d{1,2})(?:\s*-\s*(k|\d{1,2}))?", text)
    if parts is None:
        return None
    low = _grade(parts.group(1))
    high = _grade(parts.group(2)) if parts.group(2) else low
    if not (PREK <= low <= high <= TWELFTH):
        return None
    return low, high


def _grade(token: str) -> int:
    return _GRADE[token] if token in _GRADE else int(token)


# Bounds that no span meets (an unreadable license covers nothing, an unreadable assignment
# is covered by none) and bounds that every span meets (an assignment without grades).
NOTHING_LICENSED = (99, -99)
NOTHING_TAUGHT = (-99, 99)
ANY_GRADE = (99, -99)


def grade_bound(field: str, spellings, end: int, unreadable: tuple[int, int], empty=None) -> Case:
    """The low (end 0) or high (end 1) grade of ``field``'s span, by its spelling."""
    whens = []
    for spelling in spellings:
        span = empty if (empty and not spelling.strip()) else grade_span(spelling) or unreadable
        whens.append(When(**{field: spelling}, then=Value(span[end])))
    return Case(*whens, default=Value(unreadable[end]), output_field=IntegerField())


def taught_bounds(grade_levels: str) -> tuple[int, int]:
    """The (low, high) an assignment or vacancy of ``grade_levels`` asks a license to hold,
    as ``grade_bound`` reads an assignment's column."""
    if not grade_levels.strip():
        return ANY_GRADE
    return grade_span(grade_levels) or NOTHING_TAUGHT


def in_force_on(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}issued_on__lte": day}) & (
        Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": day})
    )


def covering(
    licenses: QuerySet[License],
    *,
    subject: Expression,
    grade_low: Expression,
    grade_high: Expression,
) -> QuerySet[License]:
    """The teaching ``licenses`` whose field is ``subject`` (lower case; "" for any) and whose
    grade span holds ``grade_low``–``grade_high``: expressions, so that a subquery may name
    the outer row (``OuterRef``) or a caller its values (``Value``). In force is the caller's
    filter (``in_force_on``)."""
    spans = set(License.objects.values_list("grade_levels", flat=True).distinct())
    return (
        licenses.filter(role__in=TEACHING_ROLES)
        .annotate(
            low=grade_bound("grade_levels", spans, 0, NOTHING_LICENSED),
            high=grade_bound("grade_levels", spans, 1, NOTHING_LICENSED),
            field_key=Lower("field"),
            wanted=subject,
        )
        .filter(Q(field_key=F("wanted")) | Q(wanted=""))
        .filter(low__lte=grade_low, high__gte=grade_high)
    )


def with_coverage(assignments, day: datetime.date):
    """``assignments`` (staff assignments) with ``covered``: whether a license of the
    assignment's educator covers it on ``day``. The state's out-of-field figures and HR's
    licensing view read it for every assignment at once."""
    assignment_spans = set(assignments.values_list("grade_level", flat=True).distinct())
    licenses = covering(
        License.objects.filter(in_force_on(day), person=OuterRef("employment__person")),
        subject=Lower(OuterRef("subject"), output_field=CharField()),
        grade_low=OuterRef("grade_low"),
        grade_high=OuterRef("grade_high"),
    )
    return assignments.annotate(
        grade_low=grade_bound("grade_level", assignment_spans, 0, NOTHING_TAUGHT, ANY_GRADE),
        grade_high=grade_bound("grade_level", assignment_spans, 1, NOTHING_TAUGHT, ANY_GRADE),
    ).annotate(covered=Exists(licenses))
