"""The e-mail reminders already sent, so none is sent twice a day."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    """One e-mail reminder to one person about one item on one day: never a second that day."""

    user = models.ForeignKey("people.User", on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=100, help_text=_("Such as cycle:12:summative."))
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "item", "sent_on"], name="one_reminder_a_day_per_item"
            )
        ]

    def __str__(self):
        return f"{self.item} to {self.user_id} on {self.sent_on}"
