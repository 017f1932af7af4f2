"""Selection's writes. Each asks the rule of ``rules`` that the page and the API ask, writes
all or nothing, and records what it did on the application as an ``ApplicationEvent``: the
candidate's history."""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.hiring.models import Application, Posting
from tandem.hiring.services import application_end, application_event_record, application_move
from tandem.organizations.models import District
from tandem.people.models import Person, User
from tandem.records.versions import version_bump, version_check
from tandem.selection import rules
from tandem.selection.invitations import interview_calendar, interview_summary
from tandem.selection.models import (
    SCORE_MAX,
    SCORE_MIN,
    Criterion,
    Interview,
    OutOfFieldReason,
    PanelMember,
    Scorecard,
    ScorecardScore,
    ScreeningScore,
    SelectionStage,
)
from tandem.selection.selectors import StageStep, stage_after, stages_of

Stage = Application.Stage


def _raise(refusal: Exception | None) -> None:
    if refusal is not None:
        raise refusal


def _fresh(application: Application) -> Application:
    return Application.objects.select_related("posting__vacancy", "person__user").get(
        pk=application.pk
    )


# -- stages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageChoice:
    stage: str
    by_hr: bool = False
    by_principal: bool = False
    by_panel: bool = False


@transaction.atomic
def stages_configure(
    *, district: District, by: User, choices: Iterable[StageChoice]
) -> list[StageStep]:
    """Set the stages the district uses, in hiring's order, and who acts at each. Applied is
    always first (every application starts there); each stage used names someone."""
    if not by.has_perm("selection.configure_stages", district):
        raise PermissionDenied
    chosen = {choice.stage: choice for choice in choices}
    unknown = set(chosen) - set(Stage.values)
    if unknown:
        raise DomainError(_("Unknown stage: %(stage)s.") % {"stage": ", ".join(sorted(unknown))})
    if Stage.APPLIED not in chosen:
        raise DomainError(_("Every application starts at Applied: keep that stage."))
    nobody = [
        Stage(s).label for s, c in chosen.items() if not (c.by_hr or c.by_principal or c.by_panel)
    ]
    if nobody:
        raise DomainError(
            _("Say who acts at %(stages)s.") % {"stages": ", ".join(str(n) for n in nobody)}
        )
    SelectionStage.objects.filter(district=district).delete()
    SelectionStage.objects.bulk_create(
        SelectionStage(
            district=district,
            stage=stage,
            position=position,
            by_hr=chosen[stage].by_hr,
            by_principal=chosen[stage].by_principal,
            by_panel=chosen[stage].by_panel,
        )
        for position, stage in enumerate(s for s in Stage.values if s in chosen)
    )
    return stages_of(district.pk)


# -- moving candidates -----------------------------------------------------------------------


def candidate_advance(application: Application, *, by: User, version: int) -> Application:
    """Move the candidate to the district's next stage."""
    application = _fresh(application)
    _raise(rules.advance_refusal(by, application))
    step = stage_after(stages_of(application.posting.vacancy.district_id), application.stage)
    return application_move(application, stage=step.stage, actor=by, version=version)


@transaction.atomic
def candidate_not_selected(
    application: Application, *, by: User, version: int, reason: str, message: str
) -> Application:
    """End the application as not selected by the district: the reason is kept in the
    history, the message goes to the applicant by e-mail."""
    application = _fresh(application)
    _raise(rules.move_refusal(by, application))
    reason, message = reason.strip(), message.strip()
    if not reason or not message:
        raise DomainError(_("Give the reason and the message to the applicant."))
    application = application_end(
        application,
        outcome=Application.Outcome.NOT_SELECTED,
        actor=by,
        version=version,
        detail=reason,
    )
    application_event_record(
        application, actor=by, action="Message sent to the applicant", detail=message
    )
    email = application.person.user.email if application.person.user else ""
    if email:
        subject = _("Your application for %(title)s") % {"title": application.posting.vacancy.title}
        transaction.on_commit(lambda: EmailMessage(subject, message, None, [email]).send())
    return application


# -- a posting's panel and criteria ----------------------------------------------------------


def panel_member_add(posting: Posting, *, by: User, person: Person) -> PanelMember:
    if not rules.manages_posting(by, posting):
        raise PermissionDenied
    if person.user_id is None:
        raise DomainError(_("A panel member signs in to Tandem: choose someone with an account."))
    try:
        with transaction.atomic():
            return PanelMember.objects.create(posting=posting, person=person, added_by=by)
    except IntegrityError:
        raise DomainError(
            _("%(person)s is on this posting's panel already.") % {"person": person}
        ) from None


def criterion_add(posting: Posting, *, by: User, kind: str, name: str, weight: int) -> Criterion:
    if not rules.manages_posting(by, posting):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise DomainError(_("Name the criterion."))
    if not 1 <= weight <= 5:
        raise DomainError(_("A weight is 1 to 5."))
    if kind not in Criterion.Kind.values:
        raise DomainError(_("A criterion is for screening or for the interview scorecard."))
    if Criterion.objects.filter(posting=posting, kind=kind, name__iexact=name).exists():
        raise DomainError(_("This posting has that criterion already."))
    if (
        kind == Criterion.Kind.SCREENING
        and ScreeningScore.objects.filter(application__posting=posting).exists()
    ):
        raise DomainError(_("Screening has begun: its criteria no longer change."))
    if (
        kind == Criterion.Kind.INTERVIEW
        and Scorecard.objects.filter(application__posting=posting).exists()
    ):
        raise DomainError(_("Scorecards have begun: their criteria no longer change."))
    position = Criterion.objects.filter(posting=posting, kind=kind).count()
    return Criterion.objects.create(
        posting=posting, kind=kind, name=name, weight=weight, position=position
    )


def _scores_checked(criteria: list[Criterion], scores: Mapping[int, int | None], *, every: bool):
    known = {criterion.pk for criterion in criteria}
    if set(scores) - known:
        raise DomainError(_("A score names a criterion this posting does not have."))
    for criterion in criteria:
        score = scores.get(criterion.pk)
        if score is None:
            if every:
                raise DomainError(
                    _("Score every criterion: %(name)s has no score.") % {"name": criterion}
                )
        elif not SCORE_MIN <= score <= SCORE_MAX:
            raise DomainError(
                _("%(name)s: a score is %(low)s to %(high)s.")
                % {"name": criterion, "low": SCORE_MIN, "high": SCORE_MAX}
            )


# -- screening -------------------------------------------------------------------------------


@transaction.atomic
def screening_save(
    application: Application, *, by: User, scores: Mapping[int, int | None]
) -> list[ScreeningScore]:
    """Save ``by``'s screening scores of the candidate, every criterion scored, replacing
    their earlier ones; each screener's scores are their own."""
    application = _fresh(application)
    _raise(rules.screening_refusal(by, application))
    criteria = list(
        Criterion.objects.filter(posting=application.posting, kind=Criterion.Kind.SCREENING)
    )
    _scores_checked(criteria, scores, every=True)
    ScreeningScore.objects.filter(application=application, screener=by).delete()
    saved = ScreeningScore.objects.bulk_create(
        ScreeningScore(application=application, criterion=c, screener=by, score=scores[c.pk])
        for c in criteria
    )
    total = sum(scores[c.pk] * c.weight for c in criteria)
    application_event_record(
        application,
        actor=by,
        action="Screening scores saved",
        detail=f"Weighted total {total} of {SCORE_MAX * sum(c.weight for c in criteria)}",
    )
    return saved


# -- interviews ------------------------------------------------------------------------------


@transaction.atomic
def interview_schedule(
    application: Application,
    *,
    by: User,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    video_link: str,
    panel: Iterable[PanelMember],
) -> Interview:
    """Schedule an interview and e-mail its invitation (.ics) to the candidate and the
    panel members on it."""
    application = _fresh(application)
    _raise(rules.interview_refusal(by, application))
    panel = list(panel)
    if ends_at <= starts_at:
        raise DomainError(_("An interview ends after it starts."))
    if starts_at < timezone.now():
        raise DomainError(_("An interview is scheduled in the future."))
    if not place.strip() and not video_link.strip():
        raise DomainError(_("Give the place or the video link."))
    if not panel or any(member.posting_id != application.posting_id for member in panel):
        raise DomainError(_("Choose the interviewers from the posting's panel."))
    interview = Interview.objects.create(
        application=application,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        video_link=video_link.strip(),
        organizer=by,
    )
    interview.panel.set(panel)
    local = timezone.localtime(starts_at)
    application_event_record(
        application,
        actor=by,
        action="Interview scheduled",
        detail=f"{local:%Y-%m-%d %H:%M}, {interview.place or interview.video_link}; "
        + ", ".join(str(member.person) for member in panel),
    )
    text = interview_calendar(interview)
    recipients = [
        person.user.email
        for person in [application.person, *(member.person for member in panel)]
        if person.user and person.user.email
    ]
    body = _(
        "You are invited to an interview on %(when)s at %(where)s. The invitation is attached."
    ) % {"when": f"{local:%A %d %B %Y, %H:%M}", "where": interview.place or interview.video_link}

    def send():
        for recipient in recipients:  # one each: no one's address in another's To line
            message = EmailMessage(interview_summary(interview), body, None, [recipient])
            message.attach("interview.ics", text, "text/calendar; method=REQUEST; charset=utf-8")
            message.send()

    transaction.on_commit(send)
    return interview


# -- scorecards ------------------------------------------------------------------------------


@transaction.atomic
def scorecard_save(
    application: Application,
    *,
    by: User,
    scores: Mapping[int, int | None],
    notes: str,
    version: int | None,
    submit: bool,
) -> Scorecard:
    """Save ``by``'s own scorecard of the candidate (``version`` None for a first save);
    ``submit`` makes it final, every criterion scored, and opens the others' to its author."""
    application = _fresh(application)
    _raise(rules.scorecard_refusal(by, application))
    criteria = list(
        Criterion.objects.filter(posting=application.posting, kind=Criterion.Kind.INTERVIEW)
    )
    _scores_checked(criteria, scores, every=submit)
    member = PanelMember.objects.get(posting=application.posting, person__user=by)
    scorecard, created = Scorecard.objects.select_for_update().get_or_create(
        application=application, panel_member=member
    )
    if not created:
        version_check(scorecard, version)
    scorecard.notes = notes.strip()
    scorecard.submitted_at = timezone.now() if submit else None
    version_bump(scorecard, "notes", "submitted_at")
    ScorecardScore.objects.filter(scorecard=scorecard).delete()
    ScorecardScore.objects.bulk_create(
        ScorecardScore(scorecard=scorecard, criterion=c, score=scores[c.pk])
        for c in criteria
        if scores.get(c.pk) is not None
    )
    if submit:
        application_event_record(application, actor=by, action="Scorecard submitted")
    return scorecard


# -- out of field ----------------------------------------------------------------------------


@transaction.atomic
def out_of_field_reason_record(
    application: Application, *, by: User, reason: str
) -> OutOfFieldReason:
    """Record why the district goes ahead with a candidate no license covers for the posting;
    the offer asks for it (``rules.offer_refusal_out_of_field``)."""
    application = _fresh(application)
    _raise(rules.out_of_field_reason_refusal(by, application))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the district goes ahead with an out-of-field hire."))
    recorded = OutOfFieldReason.objects.create(
        application=application, reason=reason, recorded_by=by
    )
    application_event_record(
        application, actor=by, action="Out-of-field hire: reason recorded", detail=reason
    )
    return recorded
