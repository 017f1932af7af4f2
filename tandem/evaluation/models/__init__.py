"""The Massachusetts 5-step evaluation cycle (603 CMR 35.06).

Every row here is a confidential personnel record (603 CMR 35.10(3)): it carries the district
it belongs to and stays there when the educator moves, and only the educator, their
evaluators, their principal and the district's HR and administrators may open it.

The models live in modules by step; Django finds them here.
"""

from tandem.evaluation.models.co_observation import CoObservation, ObservationElementRating
from tandem.evaluation.models.cycles import EvaluationCycle
from tandem.evaluation.models.formative import FormativeAssessment, GoalProgress
from tandem.evaluation.models.observations import (
    Evidence,
    EvidenceRemovalRequest,
    Observation,
)
from tandem.evaluation.models.plan import GOAL_CONTENT, EducatorPlan, Goal
from tandem.evaluation.models.prior import PriorRating
from tandem.evaluation.models.reminders import Reminder
from tandem.evaluation.models.self_assessment import IndicatorSelfRating, SelfAssessment
from tandem.evaluation.models.sharing import RecordShare
from tandem.evaluation.models.summative import (
    GoalAttainment,
    GoalAttainmentRating,
    StandardRating,
    SummativeEvaluation,
)

__all__ = [
    "GOAL_CONTENT",
    "CoObservation",
    "EducatorPlan",
    "EvaluationCycle",
    "Evidence",
    "EvidenceRemovalRequest",
    "FormativeAssessment",
    "Goal",
    "GoalAttainment",
    "GoalAttainmentRating",
    "GoalProgress",
    "IndicatorSelfRating",
    "Observation",
    "ObservationElementRating",
    "PriorRating",
    "RecordShare",
    "Reminder",
    "SelfAssessment",
    "StandardRating",
    "SummativeEvaluation",
]
