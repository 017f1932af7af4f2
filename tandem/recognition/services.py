"""Nominating, applying, reading and scoring, the shortlist and the selection.

Each write asks its rule first (``rules.py``) and is all or nothing.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.people.models import Person
from tandem.people.selectors import roles_of
from tandem.recognition.models import (
    Application,
    Cycle,
    Nomination,
    Reader,
    Recusal,
    Score,
    Stage,
)
from tandem.recognition.rules import runs_program, scores_application
from tandem.recognition.selectors import (
    eligibility,
    employment_of,
    is_reader,
    school_of,
    stage_open,
    totals_of,
)

Status = Application.Status


def _require_open(cycle: Cycle, kind: str, day) -> None:
    if not stage_open(cycle, kind, day):
        raise DomainError(
            _("%(stage)s for %(cycle)s have closed.")
            % {"stage": Stage.Kind(kind).label, "cycle": cycle}
        )


def nomination_create(
    *, cycle: Cycle, nominator, nominee: Person, relationship: str, reason: str
) -> Nomination:
    """Anyone signed in nominates an educator Tandem employs today, once for each cycle."""
    day = timezone.localdate()
    if not nominator.is_authenticated:
        raise DomainError(_("Sign in to nominate an educator."))
    _require_open(cycle, Stage.Kind.NOMINATION, day)
    if not reason.strip():
        raise DomainError(_("Say why you nominate this educator."))
    is_self = roles_of(nominator).person_id == nominee.pk
    if is_self != (relationship == Nomination.Relationship.SELF):
        raise DomainError(_("A nomination of yourself is a self-nomination, and only of yourself."))
    employment = employment_of(nominee.pk, day)
    if employment is None:
        raise DomainError(_("No district employs %(name)s today.") % {"name": nominee})
    if cycle.program.district_id and employment.district_id != cycle.program.district_id:
        raise DomainError(
            _("%(program)s is for educators of %(district)s.")
            % {"program": cycle.program, "district": cycle.program.district}
        )
    if Nomination.objects.filter(cycle=cycle, person=nominee, nominator=nominator).exists():
        raise DomainError(_("You have already nominated this educator in this cycle."))
    return Nomination.objects.create(
        cycle=cycle,
        person=nominee,
        district_id=employment.district_id,
        nominator=nominator,
        relationship=relationship,
        reason=reason.strip(),
    )


def application_submit(*, cycle: Cycle, person_id: int | None, statement: str) -> Application:
    """A nominee applies before the deadline when every eligibility rule is met."""
    day = timezone.localdate()
    if person_id is None or not cycle.nominations.filter(person_id=person_id).exists():
        raise DomainError(_("Only an educator nominated in this cycle applies."))
    _require_open(cycle, Stage.Kind.APPLICATION, day)
    if not statement.strip():
        raise DomainError(_("Write your statement before you apply."))
    unmet = [v for v in eligibility(person_id, cycle.program, day) if not v.met]
    if unmet:
        raise DomainError([f"{v.rule.get_kind_display()}: {v.reason}" for v in unmet])
    employment = employment_of(person_id, day)
    with transaction.atomic():
        if Application.objects.filter(cycle=cycle, person_id=person_id).exists():
            raise DomainError(_("You have already applied in this cycle."))
        return Application.objects.create(
            cycle=cycle,
            person_id=person_id,
            district_id=employment.district_id,
            school=school_of(employment, day),
            statement=statement.strip(),
        )


def reader_assign(*, cycle: Cycle, user, by) -> Reader:
    if not runs_program(by, cycle.program):
        raise DomainError(_("Only the program's staff assign readers."))
    reader, _created = Reader.objects.get_or_create(cycle=cycle, user=user)
    return reader


def recusal_declare(*, application: Application, reader, reason: str) -> Recusal:
    """A reader steps aside from one application; they cannot open or score it afterwards."""
    if not is_reader(reader, application.cycle):
        raise DomainError(_("Only a reader of this cycle declares a conflict."))
    if not reason.strip():
        raise DomainError(_("Name the conflict of interest."))
    with transaction.atomic():
        application.scores.filter(reader=reader).delete()
        recusal, _created = Recusal.objects.get_or_create(
            application=application, reader=reader, defaults={"reason": reason.strip()[:300]}
        )
    return recusal


def scores_record(*, application: Application, reader, points: dict[int, int]) -> list[Score]:
    """The reader's points on every criterion of the rubric, replacing any given before,
    until the reading closes."""
    if not scores_application(reader, application):
        raise DomainError(_("You may not score this application."))
    _require_open(application.cycle, Stage.Kind.READING, timezone.localdate())
    criteria = list(application.cycle.program.criteria.all())
    missing = [c.name for c in criteria if c.pk not in points]
    if missing or not criteria:
        raise DomainError(_("Score every criterion: %(list)s.") % {"list": ", ".join(missing)})
    if set(points) - {c.pk for c in criteria}:
        raise DomainError(_("A criterion scored is not on this program's rubric."))
    wrong = [c.name for c in criteria if not 0 <= points[c.pk] <= c.max_points]
    if wrong:
        raise DomainError(_("Points out of range for: %(list)s.") % {"list": ", ".join(wrong)})
    with transaction.atomic():
        return [
            Score.objects.update_or_create(
                application=application,
                reader=reader,
                criterion=c,
                defaults={"points": points[c.pk]},
            )[0]
            for c in criteria
        ]


def shortlist_make(*, cycle: Cycle, by) -> list[Application]:
    """The cycle's shortlist: the highest mean reader totals, as many as the cycle holds
    (ties at the last place broken by the earlier application). Unread applications are
    left off; a selection already made stays."""
    if not runs_program(by, cycle.program):
        raise DomainError(_("Only the program's staff make the shortlist."))
    with transaction.atomic():
        applications = list(cycle.applications.select_for_update())
        totals = totals_of(applications)
        read = [a for a in applications if a.pk in totals]
        read.sort(key=lambda a: (-totals[a.pk], a.submitted_at, a.pk))
        chosen = {a.pk for a in read[: cycle.shortlist_size]}
        for application in applications:
            if application.status == Status.SELECTED:
                continue
            status = Status.SHORTLISTED if application.pk in chosen else Status.SUBMITTED
            if application.status != status:
                application.status = status
                application.save(update_fields=["status"])
    return [a for a in read if a.pk in chosen]


def application_select(*, application: Application, citation: str, by) -> Application:
    """Staff choose an honouree from the shortlist, with the citation the public reads."""
    if not runs_program(by, application.cycle.program):
        raise DomainError(_("Only the program's staff select honourees."))
    citation = citation.strip()
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != Status.SHORTLISTED:
            raise DomainError(_("Only a shortlisted applicant is selected."))
        if not citation or len(citation) > 300:
            raise DomainError(_("Write a citation of at most 300 characters."))
        application.status = Status.SELECTED
        application.citation = citation
        application.save(update_fields=["status", "citation"])
    return application
