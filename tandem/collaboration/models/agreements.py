"""Joint agreements the three parties sign: tentative agreements, MOUs and statements of shared
vision."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.collaboration.models.parties import PartySignature
from tandem.collaboration.models.problem_solving import IssueStatement
from tandem.collaboration.models.teams import Team
from tandem.errors import DomainError


class AgreementQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Even a bulk update cannot rewrite the text of an agreement someone has signed."""
        if (
            JointAgreement.SIGNED_FIELDS & kwargs.keys()
            and self.filter(signatures__isnull=False).exists()
        ):
            raise DomainError(_("A signed agreement is never edited: draft a new version."))
        return super().update(**kwargs)


class JointAgreement(models.Model):
    """A text the three parties sign: a tentative agreement, a memorandum of understanding or a
    joint statement of shared vision.

    One model for the three kinds, because they live the same life: drafted by members, signed
    by each party's key leader, in effect on the third signature, frozen from the first, and
    changed only by a new version that supersedes the old once it is fully signed. Only a
    tentative agreement points to the issue it settles. ``number`` counts the versions of one
    agreement (1, 2, …); ``version`` is the edit counter of a draft, as elsewhere in Tandem.
    """

    class Kind(models.TextChoices):
        TENTATIVE = "tentative", _("Tentative agreement")
        MOU = "mou", _("Memorandum of understanding")
        SHARED_VISION = "shared_vision", _("Joint statement of shared vision")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNING = "signing", _("Being signed")
        IN_EFFECT = "in_effect", _("In effect")
        SUPERSEDED = "superseded", _("Superseded")

    TEXT_COLUMNS = ("team_id", "kind", "issue_id", "title", "body", "number", "supersedes_id")
    SIGNED_FIELDS = frozenset({*TEXT_COLUMNS, "team", "issue", "supersedes"})

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="agreements")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    issue = models.ForeignKey(
        IssueStatement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        help_text=_("The decided issue whose language a tentative agreement sets down."),
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    number = models.PositiveIntegerField(default=1)
    original = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="later_versions"
    )
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    effective_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()
    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="tentative") | Q(issue__isnull=False),
                name="tentative_agreement_settles_an_issue",
            ),
            models.CheckConstraint(
                condition=~Q(status="in_effect") | Q(effective_on__isnull=False),
                name="agreement_in_effect_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.number})"

    def save(self, *args, **kwargs):
        """Once any party has signed, the text stays exactly as they signed it."""
        if self.pk and self._signed_text_changed():
            raise DomainError(_("A signed agreement is never edited: draft a new version."))
        super().save(*args, **kwargs)

    def _signed_text_changed(self) -> bool:
        stored = type(self).objects.filter(pk=self.pk).values(*self.TEXT_COLUMNS, "status").first()
        if stored is None:
            return False
        if stored["status"] == self.Status.DRAFT and not self.is_signed():
            return False
        return any(stored[column] != getattr(self, column) for column in self.TEXT_COLUMNS)

    def is_signed(self) -> bool:
        """A party has signed this version, so its text no longer changes."""
        return self.signatures.exists()

    def has_newer_version(self) -> bool:
        """A later version supersedes (or will supersede) this one: sign or revise that one."""
        return type(self).objects.filter(supersedes=self).exists()

    @property
    def line_id(self) -> int:
        """The first version's id, shared by every version of the agreement."""
        return self.original_id or self.pk

    def signed_content(self) -> dict:
        """What each key leader signs: the text and where it belongs, never its status."""
        return {
            "district": self.team.district.name,
            "kind": self.get_kind_display(),
            "issue": self.issue.title if self.issue_id else None,
            "title": self.title,
            "body": self.body,
            "number": self.number,
            "supersedes": self.supersedes.number if self.supersedes_id else None,
        }


class AgreementSignature(PartySignature):
    """A party's signature on one version of an agreement, by its key leader of the day.

    Unlike an enrollment agreement, it does not lapse when the office changes hands: what the
    office-holder signed for the party stays signed.
    """

    agreement = models.ForeignKey(
        JointAgreement, on_delete=models.PROTECT, related_name="signatures"
    )
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="one_signature_per_party")
        ]

    def __str__(self):
        return f"{self.get_party_display()} signed {self.agreement}"


# The seven core elements of "Transforming the Teaching Profession", the shared vision that
# national education leaders signed in 2012: an outline a team may start its own statement from.
SHARED_VISION_ELEMENTS = (
    "A culture of shared responsibility and leadership",
    "Recruiting top talent into schools prepared for success",
    "Continuous growth and professional development",
    "Effective teachers and principals",
    "A professional career continuum with competitive compensation",
    "Conditions that support successful teaching and learning",
    "Engaged communities",
)
