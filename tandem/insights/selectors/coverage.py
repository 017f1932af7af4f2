"""Out-of-field: an assignment that no license of its educator covers (pipeline.md §5).

A license covers an assignment when it is in force on the day, its field is the
assignment's subject (in any letter case; an assignment without a subject needs only the
grades), and its grade span holds the assignment's grades. Grades are written as the
state writes them (PreK, K, 1 … 12, a span such as 5-8, or All); the few distinct spellings
are read once here and compared in the database as numbers.
"""

import datetime
import re

from django.db.models import Case, CharField, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Lower

from tandem.licensure.models import License

PREK, TWELFTH = -1, 12
_GRADE = {"prek": PREK, "pk": PREK, "pre-k": PREK, "k": 0}


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


def _bound(field: str, spellings, end: int, unreadable: tuple[int, int], empty=None) -> Case:
    """The low (end 0) or high (end 1) grade of ``field``'s span, by its spelling."""
    whens = []
    for spelling in spellings:
        span = empty if (empty and not spelling.strip()) else grade_span(spelling) or unreadable
        whens.append(When(**{field: spelling}, then=Value(span[end])))
    return Case(*whens, default=Value(unreadable[end]), output_field=IntegerField())


def with_coverage(assignments, day: datetime.date):
    """``assignments`` with ``covered``: whether a license of the assignment's educator
    covers it on ``day``."""
    license_spans = set(License.objects.values_list("grade_levels", flat=True).distinct())
    assignment_spans = set(assignments.values_list("grade_level", flat=True).distinct())
    licenses = (
        License.objects.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=day),
            person=OuterRef("employment__person"),
            issued_on__lte=day,
            role__in=(License.Role.TEACHER, License.Role.SPECIALIST),
        )
        .annotate(
            low=_bound("grade_levels", license_spans, 0, NOTHING_LICENSED),
            high=_bound("grade_levels", license_spans, 1, NOTHING_LICENSED),
            field_key=Lower("field"),
            wanted=Lower(OuterRef("subject"), output_field=CharField()),
        )
        .filter(Q(field_key=F("wanted")) | Q(wanted=""))
        .filter(low__lte=OuterRef("grade_low"), high__gte=OuterRef("grade_high"))
    )
    return assignments.annotate(
        grade_low=_bound("grade_level", assignment_spans, 0, NOTHING_TAUGHT, ANY_GRADE),
        grade_high=_bound("grade_level", assignment_spans, 1, NOTHING_TAUGHT, ANY_GRADE),
    ).annotate(covered=Exists(licenses))
