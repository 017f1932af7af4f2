"""The applicant's writes: their account, their profile, an application and its withdrawal.
Each is all or nothing; a refusal changes nothing and says why."""

from allauth.account.models import EmailAddress
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.applicants import eeo, rules
from tandem.applicants.models import (
    Answer,
    ApplicantAccount,
    Document,
    Education,
    EqualOpportunityTally,
    Experience,
    Reference,
    Submission,
)
from tandem.applicants.selectors import profile_of
from tandem.errors import DomainError
from tandem.hiring.models import Application, Posting
from tandem.hiring.services import application_end, application_event_record
from tandem.people.models import Person, User
from tandem.records.files import stored_file_save


class AlreadyApplied(DomainError):
    """The applicant has applied to this posting before: the page shows that application."""

    def __init__(self, application: Application):
        super().__init__(_("You have already applied to this posting."))
        self.application = application


@transaction.atomic
def applicant_account_create(*, first_name: str, last_name: str, email: str, password: str) -> User:
    """A sign-in and a person (state identifier pending) for someone applying from outside;
    the e-mail address is unconfirmed until its owner follows the link sent to it."""
    email = User.objects.normalize_email(email.strip())
    first_name, last_name = first_name.strip(), last_name.strip()
    if not (first_name and last_name):
        raise DomainError(_("Give your first and last names."))
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(
            _("An account with this e-mail address exists already: sign in, or reset its password.")
        )
    user = User(email=email, first_name=first_name, last_name=last_name)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise DomainError(error.messages) from error
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    Person.objects.create(first_name=first_name, last_name=last_name, email=email, user=user)
    ApplicantAccount.objects.create(user=user)
    return user


PROFILE_PARTS = {"education": Education, "experience": Experience, "reference": Reference}


def _person_of(user: User) -> Person:
    person = Person.objects.filter(user=user).first()
    if person is None:
        raise DomainError(_("Your account has no person to keep a profile for."))
    return person


@transaction.atomic
def profile_item_save(*, user: User, part: str, pk: int | None = None, **values):
    """Add a part of the profile (education, experience, a reference) or change one; the
    part's history keeps what it said before."""
    model = PROFILE_PARTS[part]
    person = _person_of(user)
    if pk is None:
        item = model(person=person)
    else:
        item = model.objects.select_for_update().filter(person=person, pk=pk).first()
        if item is None:
            raise DomainError(_("That part of your profile is gone."))
    if (
        part == "experience"
        and values.get("ended_on")
        and values["ended_on"] < values["started_on"]
    ):
        raise DomainError(_("The end of an experience comes after its start."))
    for name, value in values.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    item.save()
    return item


@transaction.atomic
def profile_item_remove(*, user: User, part: str, pk: int) -> None:
    """Remove a part of the profile; applications already sent keep their own copy."""
    person = _person_of(user)
    if part == "document":
        updated = Document.objects.filter(person=person, pk=pk, removed_at__isnull=True).update(
            removed_at=timezone.now()
        )
    else:
        updated, _counts = PROFILE_PARTS[part].objects.filter(person=person, pk=pk).delete()
    if not updated:
        raise DomainError(_("That part of your profile is gone."))


@transaction.atomic
def document_add(*, user: User, kind: str, title: str, upload) -> Document:
    """Add a document to the profile, its file checked by content and size first."""
    person = _person_of(user)
    if kind not in Document.Kind.values:
        raise DomainError(_("Choose what kind of document this is."))
    if upload is None:
        raise DomainError(_("Choose the file to add."))
    title = title.strip() or upload.name
    stored = stored_file_save(upload=upload, district_id=None, by=user)
    return Document.objects.create(person=person, kind=kind, title=title[:200], file=stored)


@transaction.atomic
def application_submit(
    *,
    user: User,
    posting: Posting,
    answers: dict[int, str],
    eeo_answers: dict | None = None,
) -> Application:
    """Send an application to ``posting`` with the profile as it stands now and the answers
    to the posting's questions; the equal-opportunity answers (voluntary) only add to the
    posting's counts. A second application to one posting is refused (``AlreadyApplied``)."""
    posting = Posting.objects.select_related("vacancy").get(pk=posting.pk)
    person = _person_of(user)
    existing = Application.objects.filter(posting=posting, person=person).first()
    if existing is not None:
        raise AlreadyApplied(existing)
    refusal = rules.apply_refusal(user, posting)
    if refusal:
        raise DomainError(refusal)
    questions = list(posting.questions.all())
    missing = [q.text for q in questions if q.required and not answers.get(q.pk, "").strip()]
    if missing:
        raise DomainError(
            [_("Answer the question “%(question)s”.") % {"question": text} for text in missing]
        )
    profile = profile_of(person)
    try:
        with transaction.atomic():
            application = Application.objects.create(posting=posting, person=person)
    except IntegrityError:
        raise AlreadyApplied(Application.objects.get(posting=posting, person=person)) from None
    submission = Submission.objects.create(application=application, profile=profile.snapshot())
    submission.documents.set(profile.documents)
    Answer.objects.bulk_create(
        Answer(application=application, question=q, text=answers.get(q.pk, "").strip())
        for q in questions
    )
    if eeo_answers:
        _tally(posting, eeo_answers)
    application_event_record(application, actor=user, action="Submitted")
    return application


def _tally(posting: Posting, answers: dict) -> None:
    """Add one to the posting's count of each answer given; nothing else of it is kept."""
    counted = []
    if answers.get("hispanic") or answers.get("races"):
        counted.append(
            (
                EqualOpportunityTally.Question.ETHNICITY_RACE,
                eeo.ethnicity_race_category(answers.get("hispanic", ""), answers.get("races", [])),
            )
        )
    if answers.get("sex"):
        counted.append((EqualOpportunityTally.Question.SEX, eeo.sex_category(answers["sex"])))
    for question, answer in counted:
        tally, _made = EqualOpportunityTally.objects.get_or_create(
            posting=posting, question=question, answer=answer
        )
        EqualOpportunityTally.objects.filter(pk=tally.pk).update(count=F("count") + 1)


def application_withdraw(*, user: User, application: Application, version: int) -> Application:
    """The applicant withdraws their own application, from the version they read."""
    if not rules.is_own_application(user, application):
        raise DomainError(_("Only the applicant may withdraw an application."))
    return application_end(
        application, outcome=Application.Outcome.WITHDRAWN, actor=user, version=version
    )
