"""Writes of the state reporting: exceptions, and the file that goes to the state."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.errors import DomainError
from tandem.organizations.models import District, SchoolYear
from tandem.people.models import User
from tandem.people.selectors import roles_of
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_record
from tandem.reporting.codes import state_reporting_codes
from tandem.reporting.models import ReportingException
from tandem.reporting.selectors import RosterRow, staff_roster


def _year_of(district: District, school_year: SchoolYear) -> None:
    if school_year.district_id != district.pk:
        raise DomainError(
            _("That school year is not one of %(district)s's.") % {"district": district}
        )


@transaction.atomic
def reporting_exception_add(
    *, by: User, district: District, school_year: SchoolYear, person_id: int, reason: str
) -> ReportingException:
    """Let one roster row go to the state as it is, for the reason given."""
    if not by.has_perm("reporting.mark_exception", district):
        raise PermissionDenied
    _year_of(district, school_year)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why this row goes to the state as it is."))
    rows = staff_roster(roles=roles_of(by), district=district, school_year=school_year)
    row = next((r for r in rows if r.employment.person_id == person_id), None)
    if row is None:
        raise DomainError(
            _("That educator is not on %(district)s's staff in %(year)s.")
            % {"district": district, "year": school_year}
        )
    if row.exception is not None:
        raise DomainError(_("%(person)s's row is already an exception.") % {"person": row.person})
    if not row.problems:
        raise DomainError(
            _("%(person)s's row has no problem to make an exception for.") % {"person": row.person}
        )
    return ReportingException.objects.create(
        district=district, school_year=school_year, person_id=person_id, reason=reason, by=by
    )


@transaction.atomic
def reporting_exception_remove(*, by: User, exception_id: int) -> None:
    """Put a row's problems back in the way of the file."""
    exception = (
        ReportingException.objects.select_for_update()
        .select_related("district")
        .filter(pk=exception_id)
        .first()
    )
    if exception is None:
        raise DomainError(_("That exception was removed already."))
    if not by.has_perm("reporting.mark_exception", exception.district):
        raise PermissionDenied
    exception.delete()


def _value_row(row: RosterRow, codes, district: District) -> list[str]:
    employment = row.employment
    if row.report is None:
        overall = codes.not_evaluated
        standards = [codes.not_evaluated for _code in codes.standards]
    else:
        overall = codes.ratings.get(row.report.overall_rating, codes.not_evaluated)
        standards = [
            codes.ratings[row.ratings[code]] if code in row.ratings else ""
            for code in codes.standards
        ]
    school = row.school
    return [
        employment.person.state_id or "",
        employment.person.last_name,
        employment.person.first_name,
        district.org_code,
        school.org_code if school else "",
        codes.pts["yes" if row.pts else "no"],
        overall,
        *standards,
        codes.plan_types[row.cycle.plan_type] if row.cycle else "",
    ]


@transaction.atomic
def staff_roster_export(
    *, by: User, district: District, school_year: SchoolYear, path: str
) -> tuple[list[str], list[list[str]]]:
    """The state's file (header, rows) of the district's year, refused while a row has a problem
    no exception answers for. Every record it reports is written to the access log."""
    if not by.has_perm("reporting.view_staff_roster", district):
        raise PermissionDenied
    _year_of(district, school_year)
    codes = state_reporting_codes()
    rows = staff_roster(roles=roles_of(by), district=district, school_year=school_year)
    blocking = [row for row in rows if row.blocks_the_file]
    if blocking:
        raise DomainError(
            ngettext(
                "%(count)d row has a problem: fix it or mark it as an exception first.",
                "%(count)d rows have problems: fix them or mark them as exceptions first.",
                len(blocking),
            )
            % {"count": len(blocking)}
        )
    # The personnel record (professional teacher status) and the rated report of each row.
    records = [row.employment for row in rows] + [row.report for row in rows if row.report]
    access_log_record(user=by, records=records, channel=AccessLogEntry.Channel.EXPORT, path=path)
    return codes.header(), [_value_row(row, codes, district) for row in rows]
