"""Writes of the points ledger and the plan. Each is all or nothing; a refusal names why."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.licensure.models import Ipdp, IpdpReview, License, PointsEntry, Topic
from tandem.licensure.renewal import rules_in_force
from tandem.licensure.rules import supervises_or_employs
from tandem.licensure.selectors import district_of
from tandem.people.models import Person
from tandem.records.files import stored_file_save

# The plan is reviewed every two years of its cycle.
REVIEW_EVERY_YEARS = 2


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; the 29th of February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _points(value) -> Decimal:
    try:
        points = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(_("“%(value)s” is not a number of points.") % {"value": value}) from None
    if points <= 0 or points != points.quantize(Decimal("0.1")):
        raise DomainError(_("Points are a positive number with at most one decimal."))
    return points


def _checked(*, points, topic: str, earned_on: datetime.date, content_field: str) -> Decimal:
    if topic not in Topic.values:
        raise DomainError(_("“%(topic)s” is not a topic of the renewal.") % {"topic": topic})
    if topic == Topic.CONTENT and not content_field.strip():
        raise DomainError(_("Content points name the license field they are in."))
    if earned_on > timezone.localdate():
        raise DomainError(_("Points cannot be earned in the future."))
    return _points(points)


def points_record(
    person: Person,
    *,
    points,
    topic: str,
    source_kind: str,
    source_id: int | None = None,
    earned_on: datetime.date,
    description: str,
    content_field: str = "",
) -> PointsEntry:
    """Points a completed offering (or another source Tandem trusts) earned: they count at
    once. The same source records its points once per topic."""
    if source_kind not in PointsEntry.Source.values:
        raise DomainError(_("“%(kind)s” is not a source of points.") % {"kind": source_kind})
    amount = _checked(points=points, topic=topic, earned_on=earned_on, content_field=content_field)
    try:
        with transaction.atomic():
            return PointsEntry.objects.create(
                person=person,
                points=amount,
                topic=topic,
                content_field=content_field.strip(),
                source_kind=source_kind,
                source_id=source_id,
                earned_on=earned_on,
                description=description[:300],
                district_id=district_of(person.pk, earned_on),
            )
    except IntegrityError:
        raise DomainError(_("These points are already in the ledger.")) from None


@transaction.atomic
def activity_record(
    *,
    person: Person,
    by,
    points,
    topic: str,
    earned_on: datetime.date,
    description: str,
    evidence,
    content_field: str = "",
) -> PointsEntry:
    """An activity the educator records herself, with a file as evidence (checked as every
    upload is). It waits for her supervisor's or HR's approval where the rules ask it."""
    amount = _checked(points=points, topic=topic, earned_on=earned_on, content_field=content_field)
    if evidence is None:
        raise DomainError(_("An activity needs a file as evidence."))
    district_id = district_of(person.pk, earned_on)
    stored = stored_file_save(upload=evidence, district_id=district_id, by=by)
    needs_approval = rules_in_force(earned_on).activity_needs_approval
    return PointsEntry.objects.create(
        person=person,
        points=amount,
        topic=topic,
        content_field=content_field.strip(),
        source_kind=PointsEntry.Source.ACTIVITY,
        earned_on=earned_on,
        description=description[:300],
        district_id=district_id,
        evidence=stored,
        recorded_by=by,
        status=PointsEntry.Status.PENDING if needs_approval else PointsEntry.Status.APPROVED,
    )


@transaction.atomic
def entry_decide(*, entry: PointsEntry, by, approve: bool) -> PointsEntry:
    """The supervisor or HR approves or declines an activity waiting for approval."""
    entry = PointsEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != PointsEntry.Status.PENDING:
        raise DomainError(_("This activity was already decided."))
    if not supervises_or_employs(by, entry) or entry.recorded_by_id == by.pk:
        raise DomainError(_("Only the educator's supervisor or district may decide this."))
    entry.status = PointsEntry.Status.APPROVED if approve else PointsEntry.Status.DECLINED
    entry.decided_by = by
    entry.decided_at = timezone.now()
    entry.save(update_fields=["status", "decided_by", "decided_at"])
    return entry


@transaction.atomic
def performance_assessment_record(
    person: Person, *, content_field: str, passed_on: datetime.date, source_id: int
) -> list[PointsEntry]:
    """A passed Board-approved performance assessment: its content and pedagogy points
    (90 and 30 under the 2018 rules), as two entries of one source."""
    rules = rules_in_force(passed_on)
    common = {
        "source_kind": PointsEntry.Source.ASSESSMENT,
        "source_id": source_id,
        "earned_on": passed_on,
        "description": _("Performance assessment passed"),
    }
    return [
        points_record(
            person,
            points=rules.assessment_content,
            topic=Topic.CONTENT,
            content_field=content_field,
            **common,
        ),
        points_record(person, points=rules.assessment_pedagogy, topic=Topic.PEDAGOGY, **common),
    ]


def ipdp_write(*, license: License, by, goals: str, starts_on: datetime.date) -> Ipdp:
    """The educator's plan for the license's five-year cycle, from ``starts_on``."""
    if not goals.strip():
        raise DomainError(_("The plan needs its goals."))
    years = rules_in_force(starts_on).cycle_years
    ends_on = years_after(starts_on, years) - datetime.timedelta(days=1)
    return Ipdp.objects.create(
        license=license, goals=goals.strip(), starts_on=starts_on, ends_on=ends_on, written_by=by
    )


@transaction.atomic
def ipdp_approve(*, ipdp: Ipdp, by, on: datetime.date) -> Ipdp:
    ipdp = Ipdp.objects.select_for_update().get(pk=ipdp.pk)
    if ipdp.approved_on is not None:
        raise DomainError(_("This plan is already approved."))
    if not supervises_or_employs(by, ipdp) or ipdp.written_by_id == by.pk:
        raise DomainError(_("Only the educator's supervisor or district may approve the plan."))
    ipdp.approved_by, ipdp.approved_on = by, on
    ipdp.save(update_fields=["approved_by", "approved_on"])
    return ipdp


def review_due_on(ipdp: Ipdp) -> datetime.date | None:
    """When the next biennial review is due: two years after approval or the last review;
    None before approval or when the next would fall past the plan's end."""
    if ipdp.approved_on is None:
        return None
    last = max([ipdp.approved_on, *(r.reviewed_on for r in ipdp.reviews.all())])
    due = years_after(last, REVIEW_EVERY_YEARS)
    return due if due <= ipdp.ends_on else None


def ipdp_review(*, ipdp: Ipdp, by, on: datetime.date, notes: str = "") -> IpdpReview:
    if ipdp.approved_on is None:
        raise DomainError(_("A plan is reviewed once approved."))
    if not supervises_or_employs(by, ipdp):
        raise DomainError(_("Only the educator's supervisor or district may review the plan."))
    if on < ipdp.approved_on or on > ipdp.ends_on:
        raise DomainError(_("A review falls within the plan's dates."))
    return IpdpReview.objects.create(ipdp=ipdp, reviewed_on=on, reviewed_by=by, notes=notes)
