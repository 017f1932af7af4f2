"""Every kind of record the pipeline imports, by the slug a run names it with."""

from tandem.imports.kinds.assignments import Assignments
from tandem.imports.kinds.edfi_organizations import EdfiOrganizations
from tandem.imports.kinds.edfi_ratings import EdfiRatings
from tandem.imports.kinds.edfi_staff import EdfiStaff
from tandem.imports.kinds.educators import Educators
from tandem.imports.kinds.evaluator_assignments import EvaluatorAssignments
from tandem.imports.kinds.licenses import Licenses
from tandem.imports.kinds.oneroster import OneRoster
from tandem.imports.kinds.prior_ratings import PriorRatings
from tandem.imports.kinds.school_students import SchoolStudents
from tandem.imports.kinds.schools import Districts, Schools

KINDS = {
    kind.slug: kind
    for kind in (
        Districts(),
        Schools(),
        Educators(),
        Assignments(),
        EvaluatorAssignments(),
        Licenses(),
        PriorRatings(),
        SchoolStudents(),
        OneRoster(),
        EdfiOrganizations(),
        EdfiStaff(),
        EdfiRatings(),
    )
}
