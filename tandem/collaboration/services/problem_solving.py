"""Writes for interest-based problem solving, step by step (issue 5, item 4)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.collaboration.models import (
    ConsensusCheck,
    Interest,
    IssueCriterion,
    IssueEntry,
    IssueOption,
    IssueStatement,
    OptionRating,
    Stance,
    Team,
)
from tandem.collaboration.rules import issue_refusal, stances_refusal
from tandem.collaboration.selectors.problem_solving import consensus_status
from tandem.collaboration.selectors.teams import party_of
from tandem.collaboration.services.membership import team_work_required
from tandem.collaboration.services.text import text_checked
from tandem.errors import DomainError
from tandem.people.models import User
from tandem.records.versions import version_check

STEP_NAMES = {
    IssueStatement.Stage.INTERESTS: gettext_lazy("Interests are shared at the interests step."),
    IssueStatement.Stage.OPTIONS: gettext_lazy("Options are brainstormed at the options step."),
    IssueStatement.Stage.CRITERIA: gettext_lazy("Criteria are agreed at the criteria step."),
    IssueStatement.Stage.WEIGHING: gettext_lazy("Options are weighed at the weighing step."),
    IssueStatement.Stage.ISSUE: gettext_lazy("The issue is restated at the issue step."),
    IssueStatement.Stage.CONSENSUS: gettext_lazy("The decision is recorded at the consensus step."),
}


def _issue_for_update(
    *, issue_id: int, by: User, version: int | None = None, stage: str | None = None
) -> tuple[IssueStatement, str]:
    """The issue, locked, with the party of ``by``; refused once decided, stale or at another
    step."""
    issue = IssueStatement.objects.select_for_update().select_related("team").get(pk=issue_id)
    if refusal := issue_refusal(by, issue):
        raise DomainError(refusal)
    if version is not None:
        version_check(issue, version)
    if stage is not None and issue.stage != stage:
        raise DomainError(
            _("%(rule)s The team is now at the %(now)s step.")
            % {"rule": STEP_NAMES[stage], "now": issue.get_stage_display().lower()}
        )
    return issue, party_of(user=by, team=issue.team, day=timezone.localdate())


def _bump(issue: IssueStatement, *fields: str) -> None:
    issue.version += 1
    issue.save(update_fields=[*fields, "version"])


@transaction.atomic
def issue_raise(*, team_id: int, by: User, title: str, statement: str) -> IssueStatement:
    """A member puts an issue before the team, stated neutrally."""
    team = Team.objects.get(pk=team_id)
    team_work_required(user=by, team=team)
    return IssueStatement.objects.create(
        team=team,
        title=text_checked(title, missing=_("Give the issue a short title."), limit=200),
        statement=text_checked(statement, missing=_("State the issue in a sentence or two.")),
        raised_by=by,
    )


@transaction.atomic
def issue_restate(
    *, issue_id: int, version: int, by: User, title: str, statement: str
) -> IssueStatement:
    """Reword the issue until every party accepts the statement as neutral."""
    issue, _party = _issue_for_update(
        issue_id=issue_id, by=by, version=version, stage=IssueStatement.Stage.ISSUE
    )
    issue.title = text_checked(title, missing=_("Give the issue a short title."), limit=200)
    issue.statement = text_checked(statement, missing=_("State the issue in a sentence or two."))
    _bump(issue, "title", "statement")
    return issue


@transaction.atomic
def interest_add(*, issue_id: int, by: User, text: str, mutual: bool = False) -> Interest:
    """A member names an interest of their own party, or one every party shares."""
    issue, party = _issue_for_update(issue_id=issue_id, by=by, stage=IssueStatement.Stage.INTERESTS)
    return Interest.objects.create(
        issue=issue,
        party=party,
        text=text_checked(
            text, missing=_("Write the interest: the need or concern behind a position.")
        ),
        mutual=mutual,
        added_by=by,
    )


@transaction.atomic
def interest_mark_mutual(*, interest_id: int, by: User, mutual: bool) -> Interest:
    """Mark an interest as shared by every party, or take the mark back."""
    interest = Interest.objects.get(pk=interest_id)
    _issue_for_update(issue_id=interest.issue_id, by=by, stage=IssueStatement.Stage.INTERESTS)
    interest.mutual = mutual
    interest.save(update_fields=["mutual"])
    return interest


@transaction.atomic
def option_add(*, issue_id: int, by: User, text: str) -> IssueOption:
    """Any member adds an option; brainstorming judges nothing, so every option is kept."""
    issue, _party = _issue_for_update(issue_id=issue_id, by=by, stage=IssueStatement.Stage.OPTIONS)
    return IssueOption.objects.create(
        issue=issue, text=text_checked(text, missing=_("Write the option.")), added_by=by
    )


@transaction.atomic
def criterion_add(*, issue_id: int, by: User, text: str) -> IssueCriterion:
    issue, _party = _issue_for_update(issue_id=issue_id, by=by, stage=IssueStatement.Stage.CRITERIA)
    return IssueCriterion.objects.create(
        issue=issue,
        text=text_checked(text, missing=_("Write the criterion."), limit=500),
        added_by=by,
    )


# What each kind of entry is, by the step at which it is written and may be corrected.
ISSUE_ENTRIES = {
    IssueStatement.Stage.INTERESTS: Interest,
    IssueStatement.Stage.OPTIONS: IssueOption,
    IssueStatement.Stage.CRITERIA: IssueCriterion,
}


def _own_entry(*, entry: str, entry_id: int, by: User) -> IssueEntry:
    """An interest, option or criterion that ``by`` wrote, at its own step, with the issue
    locked; an option already tested for consensus keeps the words its stances were on."""
    model = ISSUE_ENTRIES[entry]
    issue_id = model.objects.values_list("issue_id", flat=True).get(pk=entry_id)
    _issue_for_update(issue_id=issue_id, by=by, stage=IssueStatement.Stage(entry))
    item = model.objects.get(pk=entry_id)
    if item.added_by_id != by.pk:
        raise DomainError(
            _("Only the member who wrote it corrects or withdraws it. Add your own instead.")
        )
    if entry == IssueStatement.Stage.OPTIONS and item.checks.exists():
        raise DomainError(
            _(
                "The team tested this option for consensus, so it stays as it was, with the "
                "stances taken on it. Add a new option instead."
            )
        )
    return item


@transaction.atomic
def issue_entry_reword(*, entry: str, entry_id: int, by: User, text: str) -> IssueEntry:
    """Correct the words of one's own interest, option or criterion. A reworded option or
    criterion is weighed again: the ratings given to the old words are cleared."""
    item = _own_entry(entry=entry, entry_id=entry_id, by=by)
    item.text = text_checked(
        text,
        missing=_("Write the corrected text, or withdraw the entry."),
        limit=500 if entry == IssueStatement.Stage.CRITERIA else 10_000,
    )
    item.save(update_fields=["text"])
    if entry != IssueStatement.Stage.INTERESTS:
        item.ratings.all().delete()
    return item


@transaction.atomic
def issue_entry_withdraw(*, entry: str, entry_id: int, by: User) -> None:
    """Take back one's own interest, option or criterion; its ratings go with it."""
    _own_entry(entry=entry, entry_id=entry_id, by=by).delete()


@transaction.atomic
def option_weigh(
    *, issue_id: int, version: int, by: User, ratings: dict[tuple[int, int], tuple[str, str]]
) -> IssueStatement:
    """Save the team's weighing: for (option id, criterion id), whether the option meets the
    criterion ("yes", "partly", "no", or "" to leave it open) and a note."""
    issue, _party = _issue_for_update(
        issue_id=issue_id, by=by, version=version, stage=IssueStatement.Stage.WEIGHING
    )
    options = set(issue.options.values_list("pk", flat=True))
    criteria = set(issue.criteria.values_list("pk", flat=True))
    existing = {
        (r.option_id, r.criterion_id): r for r in OptionRating.objects.filter(option__issue=issue)
    }
    for (option_id, criterion_id), (meets, note) in ratings.items():
        if option_id not in options or criterion_id not in criteria:
            raise DomainError(_("That option or criterion is not part of this issue."))
        if meets and meets not in OptionRating.Meets.values:
            raise DomainError(_("Say whether the option meets the criterion: yes, partly or no."))
        if len(note) > 1000:
            raise DomainError(_("Keep each note to 1,000 characters."))
    for (option_id, criterion_id), (meets, note) in ratings.items():
        rating = existing.get((option_id, criterion_id))
        if not meets:
            if rating is not None:
                rating.delete()
            continue
        if rating is None:
            rating = OptionRating(option_id=option_id, criterion_id=criterion_id)
        rating.meets, rating.note, rating.updated_by = meets, note.strip(), by
        rating.save()
    _bump(issue)
    return issue


@transaction.atomic
def issue_stage_move(
    *, issue_id: int, version: int, by: User, to: str, option_id: int | None = None
) -> IssueStatement:
    """Move the team on to the next step, or back to any earlier one.

    Moving on to the consensus step opens a consensus round on the chosen option; stepping
    back from it closes that round, whose stances are kept.
    """
    issue, _party = _issue_for_update(issue_id=issue_id, by=by, version=version)
    steps = [s for s in IssueStatement.Stage.values if s != IssueStatement.Stage.DECIDED]
    if to not in steps:
        raise DomainError(_("Choose a step of the process; a decision is recorded on its own."))
    now, target = steps.index(issue.stage), steps.index(to)
    if target == now:
        raise DomainError(_("The team is already at that step."))
    if target > now + 1:
        raise DomainError(_("Take the steps in order, one at a time."))
    if target == now + 1:
        _ready_for(issue, to, by=by, option_id=option_id)
    elif issue.stage == IssueStatement.Stage.CONSENSUS:
        issue.checks.filter(closed_at__isnull=True).update(closed_at=timezone.now())
    issue.stage = to
    _bump(issue, "stage")
    return issue


def _ready_for(issue: IssueStatement, step: str, *, by: User, option_id: int | None) -> None:
    """Refuse to move on before the current step has produced what the next one needs."""
    Stage = IssueStatement.Stage
    if step == Stage.OPTIONS and not issue.interests.exists():
        raise DomainError(_("Share at least one interest before brainstorming options."))
    if step == Stage.CRITERIA and not issue.options.exists():
        raise DomainError(_("Brainstorm at least one option before agreeing criteria."))
    if step == Stage.WEIGHING and not issue.criteria.exists():
        raise DomainError(_("Agree at least one criterion before weighing the options."))
    if step == Stage.CONSENSUS:
        option = issue.options.filter(pk=option_id).first() if option_id else None
        if option is None:
            raise DomainError(_("Choose the option the team will test for consensus."))
        if option.ratings.count() < issue.criteria.count():
            raise DomainError(
                _("Weigh the chosen option against every criterion before the consensus check.")
            )
        ConsensusCheck.objects.create(issue=issue, option=option, opened_by=by)


@transaction.atomic
def stance_record(*, issue_id: int, by: User, gradient: int, comment: str = "") -> Stance:
    """Record or change one's own stance on the option under consensus check.

    Nobody records a stance for another member: the stance is always that of ``by``.
    """
    issue, party = _issue_for_update(issue_id=issue_id, by=by)
    check = issue.checks.filter(closed_at__isnull=True).first()
    if issue.stage != IssueStatement.Stage.CONSENSUS or check is None:
        raise DomainError(_("Stances are recorded at the consensus step."))
    if gradient not in Stance.Gradient.values:
        raise DomainError(_("Choose where you stand, from 1 to 5."))
    comment = comment.strip()
    if gradient > Stance.Gradient.LIVE_WITH_IT and not comment:
        raise DomainError(
            _(
                "Below “I can live with it”, say what concerns you or what would change your "
                "mind: the team needs it to move on."
            )
        )
    stance, _created = Stance.objects.update_or_create(
        consensus_check=check,
        user=by,
        defaults={"party": party, "gradient": gradient, "comment": comment[:5_000]},
    )
    _bump(issue)  # whoever records the decision must have seen every stance
    return stance


@transaction.atomic
def issue_stance_visibility_set(
    *, issue_id: int, version: int, by: User, before_own: bool, after_decision: bool
) -> IssueStatement:
    """The team's choice, for this issue, of whether members see the others' stances before
    giving their own and after the decision (``rules.stances_refusal`` reads it)."""
    issue, _party = _issue_for_update(issue_id=issue_id, by=by, version=version)
    check = issue.checks.filter(closed_at__isnull=True).first()
    if before_own and not issue.stances_before_own and check and check.stances.exists():
        raise DomainError(
            _(
                "Stances are being given unseen in this round; showing them now would show "
                "them to members who have not given theirs. Change this before the next round."
            )
        )
    issue.stances_before_own = before_own
    issue.stances_after_decision = after_decision
    _bump(issue, "stances_before_own", "stances_after_decision")
    return issue


@transaction.atomic
def issue_decide(*, issue_id: int, version: int, by: User, decision: str) -> IssueStatement:
    """Record what the team decided when consensus holds; the issue is frozen from then on."""
    issue, _party = _issue_for_update(
        issue_id=issue_id, by=by, version=version, stage=IssueStatement.Stage.CONSENSUS
    )
    check = issue.checks.get(closed_at__isnull=True)
    if stances_refusal(by, check):
        # Asked first: the reasons consensus does not hold name the others' stances.
        raise DomainError(
            _("Record your own stance first: the decision is recorded by one who sees them all.")
        )
    status = consensus_status(check=check)
    if not status.holds:
        raise DomainError(
            _("Consensus does not hold yet. %(why)s") % {"why": " ".join(status.reasons())}
        )
    decision = text_checked(decision, missing=_("Write down what the team decided."))
    now = timezone.now()
    if now < issue.created_at:
        raise DomainError(_("A decision cannot be dated before the issue was raised."))
    check.closed_at = now
    check.save(update_fields=["closed_at"])
    issue.stage = IssueStatement.Stage.DECIDED
    issue.decision = decision
    issue.decided_at = now
    issue.decided_by = by
    _bump(issue, "stage", "decision", "decided_at", "decided_by")
    return issue
