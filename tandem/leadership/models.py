"""Teacher leadership: the roles a teacher may take on beside teaching, the district's career
lattice with the criteria of each level, the levels educators were awarded and who holds which
role (leadership.md §2)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tandem.licensure.models import License
from tandem.rubrics.models import PerformanceLevel


class Domain(models.TextChoices):
    """The seven domains of the Teacher Leader Model Standards (2011): their names."""

    CULTURE = (
        "culture",
        _("Fostering a Collaborative Culture to Support Educator Development and Student Learning"),
    )
    RESEARCH = (
        "research",
        _("Accessing and Using Research to Improve Practice and Student Learning"),
    )
    LEARNING = "learning", _("Promoting Professional Learning for Continuous Improvement")
    INSTRUCTION = "instruction", _("Facilitating Improvements in Instruction and Student Learning")
    ASSESSMENT = (
        "assessment",
        _("Promoting the Use of Assessments and Data for School and District Improvement"),
    )
    OUTREACH = "outreach", _("Improving Outreach and Collaboration with Families and Community")
    ADVOCACY = "advocacy", _("Advocating for Student Learning and the Profession")


# What each domain asks of a teacher leader, in our own words.
DOMAIN_DESCRIPTIONS = {
    Domain.CULTURE: _(
        "Builds trust among colleagues so that they plan, solve problems and learn together."
    ),
    Domain.RESEARCH: _(
        "Helps colleagues find, read and try out studies that bear on their teaching."
    ),
    Domain.LEARNING: _("Plans and leads the learning that adults in the school do on the job."),
    Domain.INSTRUCTION: _(
        "Observes, models and gives feedback so that teaching improves class by class."
    ),
    Domain.ASSESSMENT: _(
        "Leads colleagues in reading results and deciding together what to change."
    ),
    Domain.OUTREACH: _("Opens the school to families and neighbours and brings their views in."),
    Domain.ADVOCACY: _(
        "Speaks for students and for teaching beyond the classroom, in policy and in public."
    ),
}


class LeadershipRole(models.Model):
    """A teacher-leader role: state-wide (no district) or a district's own."""

    class Kind(models.TextChoices):
        COACH = "coach", _("Instructional coach")
        MENTOR = "mentor", _("Mentor")
        DEPARTMENT_HEAD = "department_head", _("Department head or curriculum leader")
        FACILITATOR = "facilitator", _("Learning-community facilitator")
        BOARD_MEMBER = "board_member", _("Leadership board or council member")
        DATA_COACH = "data_coach", _("Data coach")
        PEER_REVIEWER = "peer_reviewer", _("Peer assistance and review consulting teacher")
        PEER_OBSERVER = "peer_observer", _("Peer observer or secondary evaluator")
        OTHER = "other", _("Other")

    district = models.ForeignKey(
        "organizations.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for a role the state describes for every district."),
    )
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    duties = models.TextField(help_text=_("What the role holder does."))
    hours_per_week = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, help_text=_("Time the role takes.")
    )
    release_periods = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Teaching periods a week released for the role.")
    )
    stipend = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, help_text=_("Yearly, in dollars.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="one_leadership_role_name_per_district"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(district__isnull=True),
                name="one_statewide_leadership_role_name",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("leadership:role_detail", args=[self.pk])


class RoleDomain(models.Model):
    """A Teacher Leader Model Standards domain the role serves."""

    role = models.ForeignKey(LeadershipRole, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=20, choices=Domain.choices)

    class Meta:
        ordering = ["role", "domain"]
        constraints = [
            models.UniqueConstraint(fields=["role", "domain"], name="one_role_domain_each")
        ]

    def __str__(self):
        return f"{self.role_id}: {self.domain}"


# The license stages in the order an educator advances; Professional also meets Initial.
STAGE_LADDER = (License.Stage.PROVISIONAL, License.Stage.INITIAL, License.Stage.PROFESSIONAL)


class LatticeLevel(models.Model):
    """One level of a district's career lattice and what it takes to reach it. Every criterion
    left empty is not asked."""

    district = models.ForeignKey(
        "organizations.District", on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(help_text=_("1 for the first level."))
    title = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    minimum_rating = models.CharField(
        max_length=20,
        choices=PerformanceLevel.choices,
        blank=True,
        help_text=_("The last signed summative rating must be this or higher."),
    )
    minimum_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Whole years employed as an educator.")
    )
    minimum_points = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Professional development points approved in the educator's ledger."),
    )
    minimum_completions = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Professional learning offerings completed and passed.")
    )
    license_stage = models.CharField(
        max_length=20,
        choices=License.Stage.choices,
        blank=True,
        help_text=_("A license in force at this stage (or a later one)."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["district", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["district", "rank"], name="one_lattice_level_per_rank"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="lattice_rank_from_one"),
            models.CheckConstraint(
                condition=Q(minimum_points__isnull=True) | Q(minimum_points__gte=Decimal("0")),
                name="lattice_points_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.rank}. {self.title}"


class LevelAward(models.Model):
    """HR's record that an educator reached a level of the district's lattice."""

    employment = models.ForeignKey(
        "people.Employment", on_delete=models.PROTECT, related_name="lattice_awards"
    )
    level = models.ForeignKey(LatticeLevel, on_delete=models.PROTECT, related_name="awards")
    awarded_on = models.DateField()
    awarded_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-awarded_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["employment", "level"], name="one_award_per_level")
        ]

    def __str__(self):
        return f"{self.employment_id}: {self.level_id}"


class RoleTenure(models.Model):
    """An educator holding a leadership role, from one day to another (open while held)."""

    role = models.ForeignKey(LeadershipRole, on_delete=models.PROTECT, related_name="tenures")
    employment = models.ForeignKey(
        "people.Employment", on_delete=models.PROTECT, related_name="leadership_tenures"
    )
    school = models.ForeignKey(
        "organizations.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="tenure_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.employment_id} as {self.role_id}"
