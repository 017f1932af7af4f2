"""Who may open a team's work and who may change each record at each step, each rule once:
the pages, the PDFs and the services ask these (issue 10, item 2).

A rule with several reasons to refuse is a ``*_refusal`` function that names the first one
(the service raises it, the page shows it) and a predicate that asks whether there is none.
They are called directly, not through ``user.has_perm``, which lets a Django superuser
through: a caucus stays its party's, and a draft its team's, even from the site's operators.
"""

import rules
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.collaboration.models import (
    COMMENT_EDIT_WINDOW,
    PARTY_OF_OFFICE,
    ConsensusCheck,
    Engagement,
    IssueStatement,
    JointAgreement,
    Party,
    PlanVersion,
    Team,
)
from tandem.collaboration.selectors.teams import (
    is_partnership_staff,
    key_office_of,
    party_of,
    visible_spaces,
)
from tandem.errors import allowed_unless
from tandem.people.selectors import roles_of

# -- The team and its spaces ---------------------------------------------------------------


@rules.predicate
def may_open_team(user, team: Team) -> bool:
    """The team's pages, its plans' drafts, meetings and issues among them, are for its
    members (key leaders included) and its facilitator."""
    return bool(visible_spaces(user=user, team=team, day=timezone.localdate()))


def may_use_space(user, team: Team, space: str) -> bool:
    """Reads and posts the notes of ``space``: the joint space for the team's members and its
    facilitator, a caucus for the members of its own party only."""
    return space in visible_spaces(user=user, team=team, day=timezone.localdate())


@rules.predicate
def is_team_member(user, team: Team) -> bool:
    """Sits on the team today, as a key leader or a member; the facilitator does not."""
    return party_of(user=user, team=team, day=timezone.localdate()) is not None


@rules.predicate
def is_key_leader(user, team: Team) -> bool:
    """Holds one of the district's key offices today."""
    return key_office_of(user=user, team=team, day=timezone.localdate()) is not None


def membership_refusal(user, team: Team, party: str) -> str | None:
    """Why ``user`` may not add people to ``party`` on ``team`` or remove them.

    Each party chooses its own people, as it keeps its own caucus: the superintendent
    manages the management members, the union president the union's, the school committee's
    chair or vice chair the committee's, and none of them another party's. Community members
    belong to no party: they sit in the joint space only, so any key leader may seat them, and
    so may the team's facilitator, who convenes the joint work for all three parties. The
    facilitator never chooses a party's people: the partnership works with the parties as they
    come, and a party's caucus is closed to the facilitator.
    """
    day = timezone.localdate()
    grant = key_office_of(user=user, team=team, day=day)
    if party == Party.COMMUNITY:
        if grant is None and not (team.facilitator_id and team.facilitator_id == user.pk):
            return _("Only the team's key leaders and its facilitator seat community members.")
        return None
    if party not in Party.values:
        return _("Choose the member's party.")
    if grant is None or PARTY_OF_OFFICE[grant.office] != party:
        return {
            Party.MANAGEMENT: _("Only the superintendent adds and removes management members."),
            Party.UNION: _("Only the union president adds and removes the union's members."),
            Party.COMMITTEE: _(
                "Only the school committee's chair or vice chair adds and removes its members."
            ),
        }[party]
    return None


def may_manage_party(user, team: Team, party: str) -> bool:
    return membership_refusal(user, team, party) is None


def managed_parties(user, team: Team) -> list[str]:
    """The parties whose members ``user`` adds and removes: the choices the page offers."""
    return [party for party in Party.values if may_manage_party(user, team, party)]


# -- Enrollment ------------------------------------------------------------------------------


@rules.predicate
def may_open_engagement(user, engagement: Engagement) -> bool:
    """The partnership's staff and the district's team."""
    return is_partnership_staff(roles_of(user)) or is_team_member(user, engagement.team)


def first_meeting_refusal(user, engagement: Engagement) -> str | None:
    """Why ``user`` may not record the first meeting: the partnership records it, before the
    district enrolls and until a key leader has agreed to what it says."""
    if not is_partnership_staff(roles_of(user)):
        return _("Only the partnership's facilitators record first meetings.")
    if engagement.status not in (Engagement.Status.INQUIRED, Engagement.Status.MET):
        return _("The first meeting is recorded before the district enrolls.")
    if engagement.agreements.exists():
        return _(
            "A key leader has already agreed to this record of the first meeting; it stays "
            "as they saw it."
        )
    return None


may_record_first_meeting = allowed_unless(first_meeting_refusal)


def engagement_close_refusal(user, engagement: Engagement) -> str | None:
    """Why ``user`` may not close the engagement: a key leader or the partnership closes one
    that is still open."""
    if not (is_partnership_staff(roles_of(user)) or is_key_leader(user, engagement.team)):
        return _("Only a key leader or the partnership closes an engagement.")
    if engagement.status == Engagement.Status.WITHDRAWN:
        return _("This engagement is already closed.")
    return None


may_close_engagement = allowed_unless(engagement_close_refusal)


# -- Joint strategic plans -------------------------------------------------------------------


def plan_draft_refusal(user, version: PlanVersion) -> str | None:
    """Why ``user`` may not edit ``version``: the team's members edit a draft until a key
    leader signs it; an adopted plan changes only by a new version."""
    if not is_team_member(user, version.plan.team):
        return _("Only the team's members work on its plan.")
    if version.status != PlanVersion.Status.DRAFT:
        return _("An adopted plan is not edited; start a new version and sign it.")
    if version.is_signed():
        return _(
            "A key leader has signed this draft, so it no longer changes. Withdraw it and "
            "start a new version to make changes."
        )
    return None


may_edit_plan_draft = allowed_unless(plan_draft_refusal)


# -- Problem solving and joint agreements ----------------------------------------------------


def team_work_refusal(user, team: Team) -> str | None:
    """Why ``user`` takes no part in the team's problem solving and drafting."""
    if not is_team_member(user, team):
        return _(
            "Only the team's members take part in its problem solving and drafting. The "
            "facilitator guides the work without a stance of their own."
        )
    return None


def issue_refusal(user, issue: IssueStatement) -> str | None:
    """Why ``user`` may not change ``issue``: its team's members work on it until the decision
    is recorded; the step at which each part is written is the service's to check."""
    if refusal := team_work_refusal(user, issue.team):
        return refusal
    if issue.is_decided:
        return _("This issue is decided; its record no longer changes.")
    return None


may_work_on_issue = allowed_unless(issue_refusal)


def stances_refusal(user, check: ConsensusCheck) -> str | None:
    """Why ``user`` does not see the members' stances of ``check``, as the issue's choice
    says (issue 16, item 7): before the decision, a member who has not given their own stance
    sees none of the others' unless the team chose to show them (so the first stances do not
    anchor the last); the facilitator, who takes no stance, sees them to guide the check.
    After the decision, the team sees them if it chose so. One's own stance is always one's
    own to read."""
    issue = check.issue
    if not may_open_team(user, issue.team):
        return _("Only the team's members and its facilitator read its stances.")
    if issue.is_decided:
        if issue.stances_after_decision:
            return None
        return _("The team chose to keep each member's stance unseen after the decision.")
    if issue.stances_before_own or not is_team_member(user, issue.team):
        return None
    if check.stances.filter(user=user).exists():
        return None
    return _(
        "The others' stances show once you have given yours, so that nobody's choice leans "
        "on the first ones given."
    )


may_see_stances = allowed_unless(stances_refusal)


def agreement_draft_refusal(user, agreement: JointAgreement) -> str | None:
    """Why ``user`` may not redraft ``agreement``: members redraft a version nobody has signed."""
    if refusal := team_work_refusal(user, agreement.team):
        return refusal
    if agreement.status != JointAgreement.Status.DRAFT or agreement.is_signed():
        return _("A signed agreement is never edited: draft a new version.")
    return None


may_edit_agreement = allowed_unless(agreement_draft_refusal)


def agreement_revision_refusal(user, agreement: JointAgreement) -> str | None:
    """Why ``user`` may not start a new version: members revise the latest signed version."""
    if refusal := team_work_refusal(user, agreement.team):
        return refusal
    if agreement.has_newer_version():
        return _("A newer version of this agreement already exists; work on that one.")
    if agreement.status == JointAgreement.Status.DRAFT:
        return _("Nobody has signed this draft yet: edit it instead.")
    return None


may_revise_agreement = allowed_unless(agreement_revision_refusal)


def agreement_signing_refusal(agreement: JointAgreement) -> str | None:
    """Why nobody may sign this version: only the latest, while it is a draft or being signed.
    Who signs for which party is the signature's own check."""
    if agreement.status not in (JointAgreement.Status.DRAFT, JointAgreement.Status.SIGNING):
        return _("This version is %(s)s; there is nothing to sign.") % {
            "s": agreement.get_status_display().lower()
        }
    if agreement.has_newer_version():
        return _("A newer version of this agreement exists; sign that one instead.")
    return None


# -- Threads on issues, options and agreements ----------------------------------------------


def comment_refusal(user, team: Team, *, issue=None, agreement=None) -> str | None:
    """Why ``user`` may not comment in a thread of ``team``: its members and its facilitator
    discuss an issue and its options until the decision is recorded, and an agreement while it
    is a draft nobody has signed; the thread stays to be read afterwards. A thread is joint,
    so a party's own discussion belongs in its caucus instead."""
    if not may_open_team(user, team):
        return _("Only the team's members and its facilitator take part in its threads.")
    if issue is not None and issue.is_decided:
        return _("This issue is decided; its thread is kept as it was.")
    if agreement is not None and (
        agreement.status != JointAgreement.Status.DRAFT or agreement.is_signed()
    ):
        return _("Comments are for a draft; this version has been signed.")
    return None


def comment_edit_refusal(user, comment, *, now) -> str | None:
    """Why ``user`` may not reword ``comment``: only its author, within a short window after
    posting it; nobody deletes a comment, their own or another's."""
    if comment.author_id != user.pk:
        return _("Only a comment's author rewords it.")
    if now - comment.created_at > COMMENT_EDIT_WINDOW:
        return _(
            "A comment can be reworded for %(n)s minutes after it is posted; add another instead."
        ) % {"n": int(COMMENT_EDIT_WINDOW.total_seconds() // 60)}
    return None
