"""The resource library: guides, templates and case studies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.collaboration.models.plans import Topic
from tandem.collaboration.models.teams import Team


class Resource(models.Model):
    """A guide, template or case study shared by the partnership or by a team."""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        TEMPLATE = "template", _("Template")
        CASE_STUDY = "case_study", _("Case study")

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.TextField()
    link = models.URLField(blank=True, help_text=_("Where the resource can be read, if online."))
    file = models.ForeignKey(
        "records.StoredFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The resource as a file to download."),
    )
    topics = models.ManyToManyField(Topic, related_name="resources")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        help_text=_("The team that shared it; empty for the partnership's own."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(link="") | Q(file__isnull=False), name="resource_has_a_link_or_a_file"
            )
        ]

    def __str__(self):
        return self.title
