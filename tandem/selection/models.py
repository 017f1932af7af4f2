"""Selection (issue 14, item 3): the stages a district uses and who acts at each, a posting's
panel and criteria, each screener's scores, interviews, each panel member's scorecard and
the reason an out-of-field hire goes ahead. The application itself, its stage and its
history of events are hiring's."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.hiring.models import Application, Posting
from tandem.organizations.models import District
from tandem.people.models import Person, User

# Scores run from 0 (no evidence) to 4 (strong evidence), on screening and scorecards alike.
SCORE_MIN, SCORE_MAX = 0, 4


class Actor(models.TextChoices):
    """Who may move a candidate on from a stage."""

    HR = "hr", _("District HR")
    PRINCIPAL = "principal", _("The school's principal")
    PANEL = "panel", _("The posting's panel members")


class SelectionStage(models.Model):
    """One stage a district uses, its place in the district's order and who acts at it. A
    district without rows uses ``selectors.DEFAULT_STAGES``."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=20, choices=Application.Stage.choices)
    position = models.PositiveSmallIntegerField()
    by_hr = models.BooleanField(_("district HR acts"), default=True)
    by_principal = models.BooleanField(_("the principal acts"), default=False)
    by_panel = models.BooleanField(_("panel members act"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["district", "position"]
        constraints = [
            models.UniqueConstraint(fields=["district", "stage"], name="one_row_per_stage"),
            models.UniqueConstraint(fields=["district", "position"], name="one_stage_per_place"),
            models.CheckConstraint(
                condition=Q(by_hr=True) | Q(by_principal=True) | Q(by_panel=True),
                name="someone_acts_at_each_stage",
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} ({self.position})"


class PanelMember(models.Model):
    """Someone who screens, interviews and fills in scorecards for one posting."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="panel")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["posting", "person"], name="one_seat_per_panel")
        ]

    def __str__(self):
        return str(self.person)


class Criterion(models.Model):
    """A criterion a posting's candidates are scored on, 0–4, weighted: at screening (on paper)
    or on the interview panel's scorecards."""

    class Kind(models.TextChoices):
        SCREENING = "screening", _("Screening")
        INTERVIEW = "interview", _("Interview scorecard")

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200, help_text=_("Such as Knows the content taught."))
    weight = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=5), name="criterion_weight_1_to_5"
            ),
            models.UniqueConstraint(
                fields=["posting", "kind", "name"], name="criterion_named_once_per_posting"
            ),
        ]

    def __str__(self):
        return self.name


class ScreeningScore(models.Model):
    """One screener's score of one candidate on one screening criterion."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="screening_scores"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    screener = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    saved_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion", "screener"], name="one_score_per_screener"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="screening_score_0_to_4",
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class OnTheCandidatesFile:
    """A record of one application's selection: confidential as the application is, and
    opened on the candidate's file."""

    access_log_related = ("application__posting__vacancy",)

    def confidential_owner(self) -> tuple[int, int]:
        return self.application.confidential_owner()

    def get_absolute_url(self) -> str:
        return reverse(
            "selection:candidate", args=[self.application.posting_id, self.application_id]
        )


class Interview(OnTheCandidatesFile, models.Model):
    """An interview of a candidate by some of the posting's panel, at a place or by video."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="interviews"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=200, blank=True, help_text=_("Such as Room 114."))
    video_link = models.URLField(blank=True)
    panel = models.ManyToManyField(PanelMember, related_name="interviews")
    organizer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="interview_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(video_link=""), name="interview_has_place_or_link"
            ),
        ]

    def __str__(self):
        return gettext("Interview on %(day)s") % {"day": f"{self.starts_at:%Y-%m-%d}"}

    def access_log_title(self) -> str:
        return gettext("Interview for %(posting)s") % {
            "posting": self.application.posting.vacancy.title
        }


class Scorecard(OnTheCandidatesFile, models.Model):
    """One panel member's scores and notes on one candidate, written alone. Until its author
    submits it nobody else reads it, and its author reads nobody else's (``rules``); once
    submitted it is read-only."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="scorecards"
    )
    panel_member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "panel_member"], name="one_scorecard_per_panel_member"
            )
        ]

    def __str__(self):
        return gettext("Scorecard by %(who)s") % {"who": self.panel_member.person}

    def access_log_title(self) -> str:
        return gettext("Interview scorecard for %(posting)s") % {
            "posting": self.application.posting.vacancy.title
        }


class ScorecardScore(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="one_score_per_scorecard_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="scorecard_score_0_to_4",
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class OutOfFieldReason(models.Model):
    """Why the district goes ahead with a candidate no license covers for the posting: the
    offer asks for it (``rules.offer_refusal_out_of_field``)."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="out_of_field_reason"
    )
    reason = models.TextField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    def __str__(self):
        return self.reason[:60]
