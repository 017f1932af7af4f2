"""The writes every part of hiring shares: an application's move to a stage, its end, and
the event each records. Each takes the version the actor read, so two people acting on one
application at once cannot both succeed. And the district's writes of its vacancies and
postings: each refuses bad input whole, saving nothing, and is HR's alone (rules.py)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from tandem.errors import DomainError
from tandem.hiring.models import (
    Application,
    ApplicationEvent,
    Posting,
    PostingQuestion,
    RequiredLicense,
    Vacancy,
    grades_of,
)
from tandem.organizations.models import District
from tandem.people.models import User
from tandem.records.versions import version_bump, version_check


def application_event_record(
    application: Application, *, actor: User | None, action: str, detail: str = ""
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application, actor=actor, action=action, detail=detail
    )


@transaction.atomic
def application_move(
    application: Application, *, stage: str, actor: User, version: int, detail: str = ""
) -> Application:
    """Move an application still in progress to ``stage`` and record who moved it."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    version_check(application, version)
    if not application.is_open:
        raise DomainError(_("This application has ended; it cannot move to another stage."))
    application.stage = stage
    version_bump(application, "stage")
    application_event_record(
        application,
        actor=actor,
        action=f"Moved to {Application.Stage(stage).label}",
        detail=detail,
    )
    return application


@transaction.atomic
def application_end(
    application: Application, *, outcome: str, actor: User | None, version: int, detail: str = ""
) -> Application:
    """End an application with ``outcome`` (withdrawn, not selected, hired, ...)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    version_check(application, version)
    if not application.is_open:
        raise DomainError(_("This application has already ended."))
    if outcome == Application.Outcome.IN_PROGRESS:
        raise DomainError(_("An application ends with an outcome."))
    application.outcome = outcome
    application.ended_at = timezone.now()
    version_bump(application, "outcome", "ended_at")
    application_event_record(
        application, actor=actor, action=Application.Outcome(outcome).label, detail=detail
    )
    return application


def _refuse_unless_manager(by: User, district: District) -> None:
    if not by.has_perm("hiring.manage_postings", district):
        raise PermissionDenied


def _vacancy_problems(district: District, fields: dict) -> list[str]:
    problems = []
    school = fields.get("school")
    if school is not None and school.district_id != district.pk:
        problems.append(_("The school is not one of this district's."))
    low, high = fields.get("salary_min"), fields.get("salary_max")
    if low is not None and high is not None and high < low:
        problems.append(
            _("The highest salary (%(high)s) is below the lowest (%(low)s).")
            % {"high": f"{high:,}", "low": f"{low:,}"}
        )
    fte = fields.get("fte")
    if fte is not None and not 0 < fte <= 1:
        problems.append(_("The FTE is more than 0 and at most 1, such as 0.5 for half time."))
    for text in [fields.get("grade_levels", ""), *(g for _f, g in fields.get("licenses", []))]:
        if text and grades_of(text) is None:
            problems.append(
                _("“%(text)s” is not a grade span: write PK, K or 1 to 12, or a span such as 5-8.")
                % {"text": text}
            )
    return problems


VACANCY_FIELDS = (
    "school",
    "title",
    "position",
    "subject",
    "grade_levels",
    "fte",
    "salary_min",
    "salary_max",
    "salary_step",
    "start_date",
)


def _licenses_replace(vacancy: Vacancy, licenses: list[tuple[str, str]], by: User) -> None:
    vacancy.required_licenses.all().delete()
    bulk_create_with_history(
        [
            RequiredLicense(vacancy=vacancy, field=field, grade_levels=grades)
            for field, grades in dict.fromkeys(licenses)
        ],
        RequiredLicense,
        default_user=by,
    )


@transaction.atomic
def vacancy_create(
    *, district: District, by: User, licenses: list[tuple[str, str]], **fields
) -> Vacancy:
    """A new vacancy of ``district`` with the licenses it requires (field, grade levels)."""
    _refuse_unless_manager(by, district)
    problems = _vacancy_problems(district, {**fields, "licenses": licenses})
    if problems:
        raise DomainError(problems)
    vacancy = Vacancy.objects.create(
        district=district, created_by=by, **{name: fields[name] for name in VACANCY_FIELDS}
    )
    _licenses_replace(vacancy, licenses, by)
    return vacancy


@transaction.atomic
def vacancy_update(
    vacancy: Vacancy, *, by: User, version: int, licenses: list[tuple[str, str]], **fields
) -> Vacancy:
    """Change a vacancy and its required licenses, from the version the editor read."""
    vacancy = Vacancy.objects.select_for_update().select_related("district").get(pk=vacancy.pk)
    _refuse_unless_manager(by, vacancy.district)
    version_check(vacancy, version)
    problems = _vacancy_problems(vacancy.district, {**fields, "licenses": licenses})
    if problems:
        raise DomainError(problems)
    for name in VACANCY_FIELDS:
        setattr(vacancy, name, fields[name])
    version_bump(vacancy, *VACANCY_FIELDS)
    _licenses_replace(vacancy, licenses, by)
    return vacancy


def _dates_problems(opens_on: datetime.date, closes_on: datetime.date) -> list[str]:
    problems = []
    if closes_on < opens_on:
        problems.append(
            _(
                "The posting closes before it opens: choose a closing date on or after the opening date."
            )
        )
    if closes_on < timezone.localdate():
        problems.append(_("The closing date has passed: choose today or a later day."))
    return problems


@transaction.atomic
def posting_create(
    vacancy: Vacancy,
    *,
    by: User,
    audience: str,
    description: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    questions: list[tuple[str, bool]] = (),
    reposted_from: Posting | None = None,
) -> Posting:
    """Post ``vacancy`` from ``opens_on`` to ``closes_on``, with its own questions (text,
    required)."""
    _refuse_unless_manager(by, vacancy.district)
    problems = _dates_problems(opens_on, closes_on)
    if not description.strip():
        problems.append(_("Write a description: what the position is and whom it suits."))
    if problems:
        raise DomainError(problems)
    posting = Posting.objects.create(
        vacancy=vacancy,
        audience=audience,
        description=description.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        reposted_from=reposted_from,
        created_by=by,
    )
    bulk_create_with_history(
        [
            PostingQuestion(posting=posting, text=text, required=required, position=position)
            for position, (text, required) in enumerate(questions, start=1)
        ],
        PostingQuestion,
        default_user=by,
    )
    return posting


@transaction.atomic
def posting_close(posting: Posting, *, by: User, version: int) -> Posting:
    """Close a posting before its closing date: from today it takes no application."""
    posting = (
        Posting.objects.select_for_update().select_related("vacancy__district").get(pk=posting.pk)
    )
    _refuse_unless_manager(by, posting.vacancy.district)
    version_check(posting, version)
    if posting.status() == Posting.Status.CLOSED:
        raise DomainError(_("This posting is closed already."))
    posting.closed_on = timezone.localdate()
    posting.closed_by = by
    version_bump(posting, "closed_on", "closed_by")
    return posting


@transaction.atomic
def posting_repost(
    posting: Posting,
    *,
    by: User,
    audience: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
) -> Posting:
    """Post a closed posting's vacancy again with new dates: a new posting that names the one
    it follows and keeps its description and questions; the old one keeps its applications."""
    posting = (
        Posting.objects.select_for_update().select_related("vacancy__district").get(pk=posting.pk)
    )
    _refuse_unless_manager(by, posting.vacancy.district)
    if posting.status() != Posting.Status.CLOSED:
        raise DomainError(_("This posting is not closed yet: close it first, then repost it."))
    if posting.reposts.exists():
        # Under the lock: two people reposting at once make one repost, not two.
        raise DomainError(_("This posting was reposted already: open the newer posting."))
    return posting_create(
        posting.vacancy,
        by=by,
        audience=audience,
        description=posting.description,
        opens_on=opens_on,
        closes_on=closes_on,
        questions=[(q.text, q.required) for q in posting.questions.all()],
        reposted_from=posting,
    )
