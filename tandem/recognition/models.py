"""Recognition programs (leadership.md §6): a program's yearly cycle with its stages and
deadlines, eligibility rules and a reading rubric held as data, nominations, applications,
readers with their recusals, and scores.

Nominations and applications are confidential: the access log records every read by anyone
but the educator whose record it is.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.organizations.vocabulary import RoleGroup


class Program(models.Model):
    """A recognition the state or one district gives each year, such as the state Teacher of
    the Year or a district's honours."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    district = models.ForeignKey(
        "organizations.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The district that gives it; empty for a state program."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class EligibilityRule(models.Model):
    """One condition a nominee must meet, checked against Tandem's own records."""

    class Kind(models.TextChoices):
        YEARS = "years", _("Years of experience")
        LICENSED = "licensed", _("Licensed for what they teach")
        FULL_TIME = "full_time", _("Full-time")
        DIRECT_INSTRUCTION = "direct_instruction", _("Mostly direct instruction")
        ROLE_GROUP = "role_group", _("Role group")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    threshold = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The fewest years, or the least FTE for full-time."),
    )
    role_group = models.CharField(max_length=20, choices=RoleGroup.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "kind"], name="one_rule_of_a_kind"),
            models.CheckConstraint(
                condition=~Q(kind__in=["years", "full_time"]) | Q(threshold__isnull=False),
                name="counted_rule_has_threshold",
            ),
            models.CheckConstraint(
                condition=~Q(kind="role_group") | ~Q(role_group=""),
                name="role_group_rule_names_group",
            ),
        ]

    def __str__(self):
        return f"{self.program}: {self.get_kind_display()}"


class Criterion(models.Model):
    """One line of the program's reading rubric."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    max_points = models.PositiveSmallIntegerField()
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "order", "pk"]
        verbose_name_plural = "criteria"
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_has_points")
        ]

    def __str__(self):
        return self.name


class Cycle(models.Model):
    """One year of a program: its stages, readers and the size of the shortlist."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="cycles")
    year = models.PositiveSmallIntegerField(help_text=_("The year of the honour, such as 2027."))
    shortlist_size = models.PositiveSmallIntegerField(default=5)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "program__name"]
        constraints = [models.UniqueConstraint(fields=["program", "year"], name="one_cycle_a_year")]

    def __str__(self):
        return f"{self.program} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("recognition:cycle_detail", args=[self.pk])


class Stage(models.Model):
    class Kind(models.TextChoices):
        NOMINATION = "nomination", _("Nominations")
        APPLICATION = "application", _("Applications")
        READING = "reading", _("Reading and scoring")
        SHORTLIST = "shortlist", _("Shortlist")
        SELECTION = "selection", _("Selection")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    closes_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["closes_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kind"], name="one_stage_of_a_kind")
        ]

    def __str__(self):
        return f"{self.cycle}: {self.get_kind_display()} close {self.closes_on}"


class Reader(models.Model):
    """Someone staff asked to read and score a cycle's applications."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="readers")
    user = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "user"], name="one_reader_seat_per_cycle")
        ]

    def __str__(self):
        return f"{self.user} reads {self.cycle}"


class _Confidential(models.Model):
    """Whose record it is (the educator) and the district it belongs to, for the access log."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(
        "organizations.District", on_delete=models.PROTECT, related_name="+"
    )

    access_log_related = ("cycle__program",)

    class Meta:
        abstract = True

    def confidential_owner(self) -> tuple[int, int]:
        return self.person_id, self.district_id


class Nomination(_Confidential):
    """Someone's nomination of an educator (``person``) for a cycle, with their reason."""

    class Relationship(models.TextChoices):
        SELF = "self", _("Myself")
        COLLEAGUE = "colleague", _("Colleague")
        SUPERVISOR = "supervisor", _("Supervisor")
        STUDENT = "student", _("Student")
        FAMILY = "family", _("Family of a student")
        COMMUNITY = "community", _("Community member")

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="nominations")
    nominator = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "person", "nominator"], name="one_nomination_per_nominator"
            )
        ]

    def __str__(self):
        return f"Nomination of {self.person_id} for {self.cycle_id}"

    def access_log_title(self) -> str:
        return gettext("Nomination for %(cycle)s") % {"cycle": self.cycle}

    def get_absolute_url(self) -> str:
        return reverse("recognition:nomination_detail", args=[self.pk])


class Application(_Confidential):
    """A nominee's application: the school and district where they work when applying, their
    statement, and where the reading took it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        SELECTED = "selected", _("Selected")

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="applications")
    school = models.ForeignKey(
        "organizations.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    statement = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(auto_now_add=True)
    citation = models.CharField(
        max_length=300, blank=True, help_text=_("The public page's short citation.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "person"], name="one_application_per_cycle"),
            models.CheckConstraint(
                condition=~Q(status="selected") | ~Q(citation=""),
                name="honouree_has_citation",
            ),
        ]

    def __str__(self):
        return f"Application of {self.person_id} for {self.cycle_id}"

    def access_log_title(self) -> str:
        return gettext("Application for %(cycle)s") % {"cycle": self.cycle}

    def get_absolute_url(self) -> str:
        return reverse("recognition:application_detail", args=[self.pk])


class Recusal(models.Model):
    """A reader's declared conflict of interest with one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="recusals")
    reader = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "reader"], name="one_recusal_each")
        ]

    def __str__(self):
        return f"{self.reader} recused from {self.application_id}"


class Score(models.Model):
    """One reader's points on one criterion of one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    reader = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reader", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.points} on {self.criterion_id} by {self.reader_id}"
