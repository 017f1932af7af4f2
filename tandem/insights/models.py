"""Precomputed figures: the counts the state-level figures add up, rebuilt by background work
(``services.figures_refresh``: daily and after every import applied) and read by the
selectors while the last build is recent enough, so that every figure read from them says
when it was counted ("as of")."""

from django.db import models


class FiguresBuild(models.Model):
    """One rebuild of the precomputed figures: when, and the school years it counted."""

    built_at = models.DateTimeField()
    school_years = models.JSONField(default=list)

    class Meta:
        get_latest_by = "built_at"

    def __str__(self):
        return f"Insights figures as of {self.built_at:%Y-%m-%d %H:%M}"


class RatingCount(models.Model):
    """Overall summative ratings of the cycles that ended in a school year (July 1 to June 30),
    per district × the educator's schools on the cycle's end date × role group × PTS × plan
    type × rating: the dashboards' finest groups."""

    build = models.ForeignKey(FiguresBuild, on_delete=models.CASCADE, related_name="ratings")
    school_year = models.CharField(max_length=9)
    district = models.ForeignKey("organizations.District", on_delete=models.CASCADE)
    schools = models.TextField(
        blank=True,
        help_text="The schools' ids in order between commas (,12,15,), so that a school is "
        "found by ``contains`` on every engine; empty for none.",
    )
    role_group = models.CharField(max_length=20)
    has_pts = models.BooleanField()
    plan_type = models.CharField(max_length=20)
    rating = models.CharField(max_length=30)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["build", "school_year", "district"])]

    def __str__(self):
        return f"{self.school_year} {self.role_group} {self.rating}: {self.count}"

    @staticmethod
    def schools_text(schools) -> str:
        return f",{','.join(str(pk) for pk in sorted(schools))}," if schools else ""

    @staticmethod
    def school_set(text: str) -> frozenset:
        return frozenset(int(pk) for pk in text.strip(",").split(",") if pk)

    @staticmethod
    def with_school(school_id: int) -> str:
        """What ``schools`` contains when the school is one of them."""
        return f",{school_id},"


class EquityCount(models.Model):
    """The equity plan's counts of a school year: a school's (school set), a district's (no
    school; a teacher once) or the state's (neither; a teacher once)."""

    build = models.ForeignKey(FiguresBuild, on_delete=models.CASCADE, related_name="equity")
    school_year = models.CharField(max_length=9)
    district = models.ForeignKey("organizations.District", null=True, on_delete=models.CASCADE)
    school = models.ForeignKey("organizations.School", null=True, on_delete=models.CASCADE)
    teachers = models.PositiveIntegerField()
    inexperienced = models.PositiveIntegerField()
    out_of_field = models.PositiveIntegerField()
    ineffective = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["build", "school_year", "district"])]

    def __str__(self):
        return f"{self.school_year} equity counts of {self.school or self.district or 'the state'}"


class RetentionCount(models.Model):
    """``retention.retention``'s rows from one school year to the next, at the school, the
    district or the state (unduplicated), per job class and, under a grouping, per group."""

    build = models.ForeignKey(FiguresBuild, on_delete=models.CASCADE, related_name="retention")
    school_year = models.CharField(max_length=9, help_text="The first of the two years.")
    level = models.CharField(max_length=10)
    grouping = models.CharField(max_length=20, blank=True)
    organization = models.PositiveBigIntegerField(null=True, help_text="The district's id.")
    job_class = models.CharField(max_length=40)
    group = models.CharField(max_length=40, blank=True, help_text="Empty without a grouping.")
    staff = models.PositiveIntegerField()
    retained = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["build", "school_year", "level", "grouping"])]

    def __str__(self):
        return f"{self.school_year} {self.level} retention of {self.job_class}"
