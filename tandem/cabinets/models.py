"""The state's advisory cabinets (leadership.md §5): each school year's round of applications
and selection, members and their terms, meetings, the topics the state consults them on with
each member's feedback."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.organizations.vocabulary import RoleGroup


class DistrictType(models.TextChoices):
    URBAN = "urban", _("Urban")
    SUBURBAN = "suburban", _("Suburban")
    RURAL = "rural", _("Rural")


class DistrictLocale(models.Model):
    """Whether a district is urban, suburban or rural, as the state classes it for the
    cabinets' mix. Kept here: no other part of Tandem asks it yet."""

    district = models.OneToOneField(
        "organizations.District", on_delete=models.CASCADE, related_name="cabinet_locale"
    )
    kind = models.CharField(max_length=20, choices=DistrictType.choices)
    history = HistoricalRecords()

    def __str__(self):
        return f"{self.district}: {self.get_kind_display()}"


class Cabinet(models.Model):
    class Kind(models.TextChoices):
        TEACHER = "teacher", _("Teacher Advisory Cabinet")
        PRINCIPAL = "principal", _("Principal Advisory Cabinet")

    # Who may apply to each kind: teachers with specialists and support staff; school leaders.
    ROLE_GROUPS = {
        Kind.TEACHER: (RoleGroup.TEACHER, RoleGroup.SISP),
        Kind.PRINCIPAL: (RoleGroup.SCHOOL_ADMIN,),
    }

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    purpose = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cabinets:cabinet_detail", args=[self.pk])

    @property
    def role_groups(self) -> tuple[str, ...]:
        return self.ROLE_GROUPS[self.kind]


class Round(models.Model):
    """A school year's application window and the term its members serve."""

    cabinet = models.ForeignKey(Cabinet, on_delete=models.PROTECT, related_name="rounds")
    school_year = models.CharField(max_length=9, help_text=_("For example 2027-28."))
    opens_on = models.DateField()
    closes_on = models.DateField()
    term_starts_on = models.DateField()
    term_ends_on = models.DateField()
    seats = models.PositiveSmallIntegerField(help_text=_("How many members the state selects."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["cabinet", "school_year"], name="one_round_a_year"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="round_closes_after_it_opens"
            ),
            models.CheckConstraint(
                condition=Q(term_ends_on__gt=F("term_starts_on")), name="round_term_ends_after"
            ),
        ]

    def __str__(self):
        return f"{self.cabinet} {self.school_year}"

    def get_absolute_url(self) -> str:
        return reverse("cabinets:selection", args=[self.pk])

    def is_open(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class Application(models.Model):
    """An educator's application to a round. Their role group, district, its region and type
    are copied from their records when they apply, so the mix reads what selection saw.

    Confidential: the statement is read only by the applicant and state staff, logged."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SELECTED = "selected", _("Selected")
        DECLINED = "declined", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    statement = models.TextField()
    role_group = models.CharField(max_length=20, choices=RoleGroup.choices)
    district = models.ForeignKey(
        "organizations.District", on_delete=models.PROTECT, related_name="+"
    )
    region = models.CharField(max_length=100, blank=True)
    district_type = models.CharField(max_length=20, choices=DistrictType.choices, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    access_log_related = ("round__cabinet",)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="one_application_a_round")
        ]

    def __str__(self):
        return f"{self.person_id} to {self.round_id}: {self.status}"

    def get_absolute_url(self) -> str:
        return reverse("cabinets:application_detail", args=[self.pk])

    def confidential_owner(self) -> tuple[int, int]:
        return self.person_id, self.district_id

    def access_log_title(self) -> str:
        return gettext("Application to %(round)s") % {"round": self.round}


class Term(models.Model):
    """A member's term on a cabinet; a renewal is a new term that follows the last."""

    cabinet = models.ForeignKey(Cabinet, on_delete=models.PROTECT, related_name="terms")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="term"
    )
    renews = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="renewal"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    recorded_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["person__last_name", "person__first_name", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="term_ends_after_it_starts"
            )
        ]

    def __str__(self):
        return f"{self.person_id} on {self.cabinet_id} {self.starts_on}–{self.ends_on}"

    def in_force(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class Meeting(models.Model):
    """A cabinet meeting: its agenda beforehand, its minutes after. ``version`` goes up with
    every save so two staff editing at once cannot overwrite each other."""

    cabinet = models.ForeignKey(Cabinet, on_delete=models.CASCADE, related_name="meetings")
    subject = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    agenda = models.TextField(blank=True, help_text=_("One item per line."))
    minutes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="cabinet_meeting_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.cabinet} · {timezone.localtime(self.starts_at):%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("cabinets:meeting_detail", args=[self.pk])

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Topic(models.Model):
    """A question the state consults the cabinet on; members answer until it closes."""

    cabinet = models.ForeignKey(Cabinet, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(max_length=200)
    question = models.TextField()
    closes_on = models.DateField(help_text=_("The last day members may give or change feedback."))
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cabinets:topic_detail", args=[self.pk])

    def is_open(self, day) -> bool:
        return self.closed_at is None and day <= self.closes_on


class Feedback(models.Model):
    """One member's feedback on a topic, theirs to change while the topic is open."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="feedback")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["changed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "person"], name="one_feedback_a_member")
        ]

    def __str__(self):
        return f"{self.person_id} on {self.topic_id}"
