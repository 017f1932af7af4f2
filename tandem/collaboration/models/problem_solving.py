"""Interest-based problem solving: an issue, its interests, options and criteria, the weighing and
the consensus check (issue 5, item 4)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.collaboration.models.parties import Party
from tandem.collaboration.models.teams import Team
from tandem.errors import DomainError


class IssueStatement(models.Model):
    """An issue the team works through by interest-based problem solving.

    The steps follow one another (``Stage``); the team may step back to any earlier one until
    the decision is recorded, after which the issue and everything under it is frozen.
    """

    class Stage(models.TextChoices):
        ISSUE = "issue", _("Issue")
        INTERESTS = "interests", _("Interests")
        OPTIONS = "options", _("Options")
        CRITERIA = "criteria", _("Criteria")
        WEIGHING = "weighing", _("Weighing")
        CONSENSUS = "consensus", _("Consensus")
        DECIDED = "decided", _("Decision")

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="issues")
    title = models.CharField(max_length=200)
    statement = models.TextField(
        help_text=_(
            "The problem in neutral words that every party can accept, without a solution in it."
        )
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.ISSUE)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decision = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    stances_before_own = models.BooleanField(
        default=False,
        help_text=_(
            "Members see the others' stances before giving their own. Off by default, so "
            "that the first stances do not anchor the last."
        ),
    )
    stances_after_decision = models.BooleanField(
        default=True,
        help_text=_("Once the issue is decided, the team sees every member's stance."),
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage="decided") | (Q(decided_at__isnull=False) & ~Q(decision="")),
                name="decided_issue_has_decision",
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | Q(decided_at__gte=F("created_at")),
                name="issue_decided_after_raised",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """A decided issue is a record of what the team agreed: it no longer changes."""
        if self.pk and type(self).objects.filter(pk=self.pk, stage=self.Stage.DECIDED).exists():
            raise DomainError(_("This issue is decided; its record no longer changes."))
        super().save(*args, **kwargs)

    @property
    def is_decided(self) -> bool:
        return self.stage == self.Stage.DECIDED

    def stage_index(self) -> int:
        return self.Stage.values.index(self.stage)


class IssueEntry(models.Model):
    """What a member writes at one step of an issue: an interest, an option or a criterion.
    Its author may reword or withdraw it at that step; the history keeps every wording."""

    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class Interest(IssueEntry):
    """A need, concern or hope behind a party's position; ``mutual`` when every party holds it."""

    issue = models.ForeignKey(IssueStatement, on_delete=models.CASCADE, related_name="interests")
    party = models.CharField(max_length=20, choices=Party.choices)
    text = models.TextField()
    mutual = models.BooleanField(default=False)

    class Meta(IssueEntry.Meta):
        ordering = ["-mutual", "party", "created_at", "pk"]


class IssueOption(IssueEntry):
    """A possible solution, brainstormed: it is listed without being judged."""

    issue = models.ForeignKey(IssueStatement, on_delete=models.CASCADE, related_name="options")
    text = models.TextField()


class IssueCriterion(IssueEntry):
    """A standard the team agreed that every option is tested against."""

    issue = models.ForeignKey(IssueStatement, on_delete=models.CASCADE, related_name="criteria")
    text = models.CharField(max_length=500)


class OptionRating(models.Model):
    """How well one option meets one criterion, in the team's joint judgement."""

    class Meets(models.TextChoices):
        YES = "yes", _("Meets it")
        PARTLY = "partly", _("Partly")
        NO = "no", _("Does not meet it")

    option = models.ForeignKey(IssueOption, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(IssueCriterion, on_delete=models.CASCADE, related_name="ratings")
    meets = models.CharField(max_length=10, choices=Meets.choices)
    note = models.CharField(max_length=1000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "criterion"], name="one_rating_per_cell")
        ]

    def __str__(self):
        return f"{self.option} / {self.criterion}: {self.meets}"


class ConsensusCheck(models.Model):
    """One round of asking every member where they stand on the chosen option.

    Stepping back from the consensus step closes the round; its stances are kept as they were.
    """

    issue = models.ForeignKey(IssueStatement, on_delete=models.CASCADE, related_name="checks")
    option = models.ForeignKey(IssueOption, on_delete=models.PROTECT, related_name="checks")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue"], condition=Q(closed_at__isnull=True), name="one_open_check"
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("opened_at")),
                name="consensus_check_closed_after_opened",
            ),
        ]

    def __str__(self):
        return f"Consensus check on {self.option}"


class Stance(models.Model):
    """A member's own place on the gradients of agreement; only they record or change it."""

    class Gradient(models.IntegerChoices):
        WHOLEHEARTED = 1, _("1 · Wholehearted endorsement")
        MINOR_RESERVATIONS = 2, _("2 · Agree with minor reservations")
        LIVE_WITH_IT = 3, _("3 · Support with reservations: I can live with it")
        MORE_DISCUSSION = 4, _("4 · Need more discussion")
        BLOCK = 5, _("5 · Serious disagreement: I block")

    consensus_check = models.ForeignKey(
        ConsensusCheck, on_delete=models.CASCADE, related_name="stances"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    party = models.CharField(
        max_length=20, choices=Party.choices, help_text=_("The member's party when they stood.")
    )
    gradient = models.PositiveSmallIntegerField(choices=Gradient.choices)
    comment = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["party", "recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consensus_check", "user"], name="one_stance_per_member"
            ),
            models.CheckConstraint(
                condition=Q(gradient__gte=1, gradient__lte=5), name="stance_on_the_gradients"
            ),
            models.CheckConstraint(
                condition=Q(gradient__lte=3) | ~Q(comment=""),
                name="stance_below_live_with_it_explains",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.gradient}"
