"""How a person hears by e-mail of what waits on them in their team's work, and the notices
sent: at most one a day."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticePreference(models.Model):
    """A person's choice between a daily notice of what is new and a weekly digest; a person
    without one gets the daily notice."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Each day something new waits on me")
        WEEKLY = "weekly", _("A weekly digest, on Mondays")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_notice_preference"
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user}: {self.frequency}"


class NoticeSent(models.Model):
    """One e-mail notice to one person on one day, with the items it named: the next day's
    notice names only what is new since. Unique per person and day, so a rerun sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    frequency = models.CharField(max_length=10, choices=NoticePreference.Frequency.choices)
    items = models.JSONField(default=list, help_text=_("The keys of the items it named."))

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="one_team_notice_a_day")
        ]

    def __str__(self):
        return f"Notice to {self.user_id} on {self.sent_on}"
