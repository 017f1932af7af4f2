"""The framework's vocabulary, shared by every layer above the organizations.

Role groups pick an educator's rubric, gate standards and bargaining unit; plan types and the
steps with due dates are what a district's bargained settings speak of. They sit in the base
layer so that people, rubrics, the settings and the evaluation cycle all name them one way.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleGroup(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    SISP = "sisp", _("Specialized instructional support personnel")
    SCHOOL_ADMIN = "school_admin", _("School administrator")
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    SUPERINTENDENT = "superintendent", _("Superintendent")


class PlanType(models.TextChoices):
    """The four Educator Plans of 603 CMR 35.02."""

    DEVELOPING = "developing", _("Developing Educator Plan")
    SELF_DIRECTED = "self_directed", _("Self-Directed Growth Plan")
    DIRECTED = "directed", _("Directed Growth Plan")
    IMPROVEMENT = "improvement", _("Improvement Plan")


class DueStep(models.TextChoices):
    """The steps of the cycle that end on a due date; their values are the cycle's steps."""

    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    EDUCATOR_PLAN = "educator_plan", _("Educator plan")
    FORMATIVE = "formative", _("Formative assessment")
    SUMMATIVE = "summative", _("Summative evaluation")
