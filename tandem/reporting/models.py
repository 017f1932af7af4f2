"""What the state reporting keeps: the rows an administrator lets go to the state as they are."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReportingException(models.Model):
    """A roster row reported to the state despite its problems, and why (an educator on leave
    all year is reported as not evaluated, say). Removing it puts the row's problems back in
    the way of the file; its history keeps who marked it."""

    district = models.ForeignKey(
        "organizations.District", on_delete=models.PROTECT, related_name="+"
    )
    school_year = models.ForeignKey(
        "organizations.SchoolYear", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(help_text=_("Why the row goes to the state as it is."))
    by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "school_year", "person"], name="one_exception_per_row"
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="exception_has_reason"),
        ]

    def __str__(self):
        return f"Exception for person {self.person_id} in {self.school_year_id}"
