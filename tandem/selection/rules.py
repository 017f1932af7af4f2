"""Who has a part in selecting for a posting, and what each may do (issue 14, item 3).

A posting's selectors are its district's HR (and administrators), the principal of the
vacancy's school and the posting's panel members. Candidate records are theirs alone: the
applicant reads their own through the applicants app, nobody else here. The page, the API
and the service ask these rules alike.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tandem.errors import DomainError, allowed_unless
from tandem.hiring.models import Application, Posting
from tandem.people.selectors import roles_of
from tandem.selection.models import Actor, Criterion, Interview, Scorecard
from tandem.selection.selectors import (
    LicenseFit,
    license_fit_of,
    panel_person_ids,
    stage_after,
    stage_step,
    stages_of,
)


def _panel_ids(posting: Posting) -> set[int]:
    cached = getattr(posting, "_panel_person_ids", None)
    if cached is None:
        cached = posting._panel_person_ids = panel_person_ids(posting)
    return cached


def actors_of(user, posting: Posting) -> set[str]:
    """The parts ``user`` holds in selecting for ``posting`` today: HR, principal, panel."""
    roles = roles_of(user)
    held = set()
    if posting.vacancy.district_id in roles.personnel_districts:
        held.add(Actor.HR)
    if posting.vacancy.school_id and posting.vacancy.school_id in roles.principal_schools:
        held.add(Actor.PRINCIPAL)
    if roles.person_id is not None and roles.person_id in _panel_ids(posting):
        held.add(Actor.PANEL)
    return held


@rules.predicate
def has_part_in(user, posting: Posting) -> bool:
    return bool(actors_of(user, posting))


@rules.predicate
def manages_posting(user, posting: Posting) -> bool:
    """District HR and the school's principal set a posting's panel and criteria and
    schedule its interviews."""
    return bool(actors_of(user, posting) & {Actor.HR, Actor.PRINCIPAL})


@rules.predicate
def is_panel_member(user, posting: Posting) -> bool:
    return Actor.PANEL in actors_of(user, posting)


@rules.predicate
def configures_stages(user, district) -> bool:
    return district.pk in roles_of(user).personnel_districts


def move_refusal(user, application: Application) -> Exception | None:
    """Moving a candidate on, or ending as not selected, is for those the district's stages
    name at the candidate's stage, while the application is in progress."""
    posting = application.posting
    steps = stages_of(posting.vacancy.district_id)
    step = stage_step(steps, application.stage)
    # A stage the district has since stopped using is HR's to move on from.
    actors = step.actors if step else frozenset({Actor.HR})
    if not actors_of(user, posting) & actors:
        return (
            PermissionDenied()
            if not has_part_in(user, posting)
            else DomainError(
                _("At this stage, only %(who)s move a candidate on.")
                % {"who": ", ".join(str(Actor(actor).label) for actor in sorted(actors))}
            )
        )
    if not application.is_open:
        return DomainError(_("This application has ended."))
    return None


def advance_refusal(user, application: Application) -> Exception | None:
    refusal = move_refusal(user, application)
    if refusal is not None:
        return refusal
    if stage_after(stages_of(application.posting.vacancy.district_id), application.stage) is None:
        return DomainError(_("This is the last stage; the offer is made from here."))
    return None


def screening_refusal(user, application: Application) -> Exception | None:
    """Every selector of the posting screens a candidate in progress against its criteria."""
    if not has_part_in(user, application.posting):
        return PermissionDenied()
    if not application.is_open:
        return DomainError(_("This application has ended."))
    if not Criterion.objects.filter(
        posting=application.posting, kind=Criterion.Kind.SCREENING
    ).exists():
        return DomainError(_("The posting has no screening criteria yet."))
    return None


def interview_refusal(user, application: Application) -> Exception | None:
    if not manages_posting(user, application.posting):
        return (
            PermissionDenied()
            if not has_part_in(user, application.posting)
            else (DomainError(_("District HR or the school's principal schedules interviews.")))
        )
    if not application.is_open:
        return DomainError(_("This application has ended."))
    return None


@rules.predicate
def reads_interview(user, interview: Interview) -> bool:
    """The selectors and the candidate read an interview (and its invitation)."""
    application = interview.application
    return roles_of(user).person_id == application.person_id or has_part_in(
        user, application.posting
    )


# -- scorecards ------------------------------------------------------------------------------


def _own_scorecard_submitted(user, application: Application) -> bool:
    person_id = roles_of(user).person_id
    return Scorecard.objects.filter(
        application=application, panel_member__person_id=person_id, submitted_at__isnull=False
    ).exists()


@rules.predicate
def may_view_scorecard(user, scorecard: Scorecard) -> bool:
    """Its author always. Anyone else only once it is submitted, and then: a panel member of
    the posting only after submitting their own for the candidate (each scores alone), HR
    and the principal who are not on the panel at once. Nobody else, the candidate included."""
    if roles_of(user).person_id == scorecard.panel_member.person_id:
        return True
    if scorecard.submitted_at is None:
        return False
    posting = scorecard.application.posting
    actors = actors_of(user, posting)
    if Actor.PANEL in actors:
        return _own_scorecard_submitted(user, scorecard.application)
    return bool(actors & {Actor.HR, Actor.PRINCIPAL})


def scorecard_refusal(user, application: Application) -> Exception | None:
    """A panel member of the posting writes their own scorecard of a candidate in progress
    until they submit it; then it is read-only."""
    if not is_panel_member(user, application.posting):
        return PermissionDenied()
    if not application.is_open:
        return DomainError(_("This application has ended."))
    if _own_scorecard_submitted(user, application):
        return DomainError(_("You submitted your scorecard; it no longer changes."))
    if not Criterion.objects.filter(
        posting=application.posting, kind=Criterion.Kind.INTERVIEW
    ).exists():
        return DomainError(_("The posting has no interview criteria yet."))
    return None


# -- out of field ----------------------------------------------------------------------------


def offer_refusal_out_of_field(application: Application) -> str | None:
    """Why no offer may be made yet: no license of the candidate covers the posting and
    nobody has recorded why the district goes ahead (``out_of_field_reason_record``). The
    offer step asks this; None when the offer may go ahead."""
    if license_fit_of(application) == LicenseFit.HELD:
        return None
    if hasattr(application, "out_of_field_reason"):
        return None
    return _(
        "No license of this candidate covers the position: record why the district goes "
        "ahead with an out-of-field hire before the offer."
    )


def out_of_field_reason_refusal(user, application: Application) -> Exception | None:
    if not manages_posting(user, application.posting):
        return PermissionDenied()
    if license_fit_of(application) == LicenseFit.HELD:
        return DomainError(_("A license of this candidate covers the position."))
    if hasattr(application, "out_of_field_reason"):
        return DomainError(_("The reason was recorded already."))
    return None


rules.add_perm("selection.view_candidates", has_part_in)
rules.add_perm("selection.manage_posting", manages_posting)
rules.add_perm("selection.configure_stages", configures_stages)
rules.add_perm("selection.move_candidate", allowed_unless(move_refusal))
rules.add_perm("selection.advance_candidate", allowed_unless(advance_refusal))
rules.add_perm("selection.screen_candidate", allowed_unless(screening_refusal))
rules.add_perm("selection.schedule_interview", allowed_unless(interview_refusal))
rules.add_perm("selection.view_interview", reads_interview)
rules.add_perm("selection.view_scorecard", may_view_scorecard)
rules.add_perm("selection.write_scorecard", allowed_unless(scorecard_refusal))
rules.add_perm("selection.record_out_of_field", allowed_unless(out_of_field_reason_refusal))
