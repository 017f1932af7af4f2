"""References, the offer and the messages a district sends applicants (issue 14, item 3).

A reference is asked of a referee by e-mail and answered through a one-time link, with no
account; the offer is made to the applicant, who accepts or declines it by its respond-by
date. The recommendation and HR's approval are events in the application's history
(``hiring.ApplicationEvent``), not records of their own.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.hiring.models import Application, salary_step_field
from tandem.organizations.models import District
from tandem.people.models import User


class ConfidentialToTheApplication(models.Model):
    """A candidate record: the applicant's and the district's, as its application is."""

    access_log_related = ("application__posting__vacancy",)

    class Meta:
        abstract = True

    def confidential_owner(self) -> tuple[int, int]:
        return self.application.confidential_owner()


class ReferenceRequest(ConfidentialToTheApplication):
    """A reference asked of one referee. Only the SHA-256 of the link's token is kept, so the
    link works once, from the e-mail alone, until ``expires_at``."""

    class Rating(models.IntegerChoices):
        EXCEPTIONAL = 4, _("Exceptional: among the best I have worked with")
        STRONG = 3, _("Strong")
        ADEQUATE = 2, _("Adequate")
        CONCERNS = 1, _("I have concerns")

    class Rehire(models.TextChoices):
        YES = "yes", _("Yes")
        WITH_RESERVATIONS = "reservations", _("Yes, with reservations")
        NO = "no", _("No")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="reference_requests"
    )
    referee_name = models.CharField(_("referee's name"), max_length=150)
    referee_email = models.EmailField(_("referee's e-mail"))
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    token_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    relationship = models.CharField(
        _("how you know the applicant"),
        max_length=300,
        blank=True,
        help_text=_("Such as: I was her department head for three years."),
    )
    rating = models.PositiveSmallIntegerField(
        _("overall, as an educator"), choices=Rating.choices, null=True, blank=True
    )
    would_rehire = models.CharField(
        _("would you hire or work with the applicant again?"),
        max_length=20,
        choices=Rehire.choices,
        blank=True,
    )
    strengths = models.TextField(_("strengths"), blank=True)
    growth_areas = models.TextField(_("areas to grow"), blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(rating__isnull=False),
                name="answered_reference_has_a_rating",
            )
        ]

    def __str__(self):
        return f"{self.referee_name} for {self.application}"

    def access_log_title(self) -> str:
        return gettext("Reference for %(posting)s") % {
            "posting": self.application.posting.vacancy.title
        }

    def get_absolute_url(self) -> str:
        return reverse("offers:application", args=[self.application_id])

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class Offer(ConfidentialToTheApplication):
    """The terms a district offers an applicant, which they accept or decline by
    ``respond_by``; past it, unanswered, the offer expires."""

    class Status(models.TextChoices):
        SENT = "sent", _("Waiting for the applicant's answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="offers")
    position = models.CharField(max_length=150, help_text=_("Such as Grade 7 mathematics teacher."))
    fte = models.DecimalField(_("FTE"), max_digits=3, decimal_places=2)
    salary = models.PositiveIntegerField(_("yearly salary"), null=True, blank=True)
    salary_step = salary_step_field()
    start_date = models.DateField()
    respond_by = models.DateField(help_text=_("The last day the applicant may answer."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1),
                name="offer_fte_between_0_and_1",
                violation_error_message=_("The FTE is more than 0 and at most 1."),
            ),
            models.CheckConstraint(
                condition=~Q(salary__isnull=True, salary_step=""),
                name="offer_names_a_salary_or_a_step",
                violation_error_message=_("Give the salary or the step on the schedule."),
            ),
            # An application has at most one offer that is waiting or accepted.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["sent", "accepted"]),
                name="one_live_offer_per_application",
            ),
        ]

    def __str__(self):
        return f"Offer of {self.position} to {self.application.person}"

    def access_log_title(self) -> str:
        return gettext("Offer of %(position)s") % {"position": self.position}

    def get_absolute_url(self) -> str:
        return reverse("offers:offer", args=[self.pk])

    def is_past_respond_by(self, today=None) -> bool:
        return self.status == self.Status.SENT and (today or timezone.localdate()) > self.respond_by


class MessageTemplate(models.Model):
    """A district's own wording of a message to applicants; without one, the default is sent."""

    class Kind(models.TextChoices):
        NOT_SELECTED = "not_selected", _("Not selected")
        OFFER = "offer", _("Offer")
        OFFER_EXPIRED = "offer_expired", _("Offer expired")
        OFFER_DECLINED = "offer_declined", _("Offer declined: our acknowledgement")
        WITHDRAWN = "withdrawn", _("Application withdrawn: our acknowledgement")

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="applicant_message_templates"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["district", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["district", "kind"], name="one_template_per_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.district})"
