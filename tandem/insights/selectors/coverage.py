"""Out-of-field: an assignment that no license of its educator covers (pipeline.md §5).

The rule itself is licensure's (``licensure.coverage``), which a candidate's license fit
asks too; here it is read for every assignment at once.
"""

import datetime

from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Lower

from tandem.licensure.coverage import (
    ANY_GRADE,
    NOTHING_TAUGHT,
    covering,
    grade_bound,
    in_force_on,
)
from tandem.licensure.models import License


def with_coverage(assignments, day: datetime.date):
    """``assignments`` with ``covered``: whether a license of the assignment's educator
    covers it on ``day``."""
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
