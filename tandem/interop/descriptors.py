"""Tandem's choices as Ed-Fi descriptors, in one place.

Core values are the Data Standard 5.2 defaults (``schemas/descriptors/``; a test reads every
value back from those files). The evaluation descriptors of TPDM have no published values, so
Tandem defines its own under ``settings.EDFI_DESCRIPTOR_NAMESPACE`` and exports them with the
evaluation (``TANDEM_DESCRIPTORS``).
"""

import re

from django.conf import settings

from tandem.evaluation.models import SummativeEvaluation
from tandem.licensure.models import License
from tandem.organizations.vocabulary import PlanType, RoleGroup
from tandem.people.models import StaffAssignment
from tandem.rubrics.models import PerformanceLevel

EDFI = "uri://ed-fi.org"

Position = StaffAssignment.Position
STAFF_CLASSIFICATION = {
    Position.CLASSROOM_TEACHER: "Teacher",
    Position.SPECIAL_EDUCATION_TEACHER: "Teacher",
    Position.COUNSELOR: "School Counselor",
    Position.PSYCHOLOGIST: "School Psychologist",
    Position.NURSE: "Student Support Services Staff (w/o Psychology)",
    Position.SPEECH_LANGUAGE: "Student Support Services Staff (w/o Psychology)",
    Position.PRINCIPAL: "Principal",
    Position.ASSISTANT_PRINCIPAL: "Assistant Principal",
    Position.DISTRICT_ADMINISTRATOR: "LEA Administrator",
    Position.SUPERINTENDENT: "Superintendent",
}
# A district types the subject; the ones it types most go to the nearest Ed-Fi subject, any
# other to Other. Special education is a program, not a subject (PROGRAM_OF_SUBJECT).
ACADEMIC_SUBJECT = {
    "english": "English Language Arts",
    "english language arts": "English Language Arts",
    "mathematics": "Mathematics",
    "math": "Mathematics",
    "science": "Science",
    "history": "Social Sciences and History",
    "social studies": "Social Studies",
    "spanish": "Foreign Language and Literature",
    "french": "Foreign Language and Literature",
    "art": "Fine and Performing Arts",
    "music": "Fine and Performing Arts",
    "physical education": "Physical, Health, and Safety Education",
    "health": "Physical, Health, and Safety Education",
    "reading": "Reading",
    "english as a second language": "English Language Arts",
}
PROGRAM_OF_SUBJECT = {
    "special education": "Special Education",
    "english as a second language": "Bilingual/English as a Second Language",
}
GRADES = [
    "Kindergarten",
    "First grade",
    "Second grade",
    "Third grade",
    "Fourth grade",
    "Fifth grade",
    "Sixth grade",
    "Seventh grade",
    "Eighth grade",
    "Ninth grade",
    "Tenth grade",
    "Eleventh grade",
    "Twelfth grade",
]
PRE_K = "Prekindergarten"

# A license's field, as districts and the state name it, to the nearest Ed-Fi credential field;
# a field with none (English, say) goes out without one.
CREDENTIAL_FIELD = {
    "mathematics": "Mathematics",
    "math": "Mathematics",
    "elementary": "Elementary Education",
    "general science": "Life and Physical Sciences",
    "science": "Life and Physical Sciences",
    "biology": "Life and Physical Sciences",
    "chemistry": "Life and Physical Sciences",
    "physics": "Life and Physical Sciences",
    "history": "Social Studies",
    "social studies": "Social Studies",
    "visual art": "Art",
    "art": "Art",
    "music": "Music",
    "physical education": "Physical Education",
    "health": "Health",
    "computer science": "Computer Science",
}
# The five Massachusetts license types (603 CMR 7.04) as Ed-Fi teaching credentials.
TEACHING_CREDENTIAL = {
    License.Stage.TEMPORARY: "Temporary",
    License.Stage.PROVISIONAL: "Provisional",
    License.Stage.INITIAL: "Probationary/Initial",
    License.Stage.PROFESSIONAL: "Professional",
    License.Stage.MILITARY_SPOUSE: "Nonrenewable",
}
STATE_OF_ISSUE = "MA"

# The ratings as numbers, for Ed-Fi's results and the rubric's dimensions: 4 is Exemplary.
LEVEL_NUMBER = {
    PerformanceLevel.EXEMPLARY: 4,
    PerformanceLevel.PROFICIENT: 3,
    PerformanceLevel.NEEDS_IMPROVEMENT: 2,
    PerformanceLevel.UNSATISFACTORY: 1,
}
RATING_LEVEL_DESCRIPTORS = (
    "EvaluationRatingLevelDescriptor",
    "ObjectiveRatingLevelDescriptor",
    "PerformanceEvaluationRatingLevelDescriptor",
    "RubricRatingLevelDescriptor",
    "EvaluationElementRatingLevelDescriptor",
)
SUMMATIVE_PERIOD = "Summative evaluation"
# Code values are identifiers other systems store: fixed English text, never translated.
RATING_CODES = {
    PerformanceLevel.EXEMPLARY: "Exemplary",
    PerformanceLevel.PROFICIENT: "Proficient",
    PerformanceLevel.NEEDS_IMPROVEMENT: "Needs Improvement",
    PerformanceLevel.UNSATISFACTORY: "Unsatisfactory",
}
PLAN_TYPE_CODES = {
    PlanType.DEVELOPING: "Developing Educator Plan",
    PlanType.SELF_DIRECTED: "Self-Directed Growth Plan",
    PlanType.DIRECTED: "Directed Growth Plan",
    PlanType.IMPROVEMENT: "Improvement Plan",
}
STATUS_CODES = {
    SummativeEvaluation.Status.SIGNED_BY_EVALUATOR: "Signed by the evaluator",
    SummativeEvaluation.Status.LOCKED: "Locked",
}
# A rating brought in from before Tandem (evaluation.PriorRating): recorded, not signed here.
PRIOR_STATUS = "Recorded before Tandem"
# Tandem's own descriptors: name → [(code value, description)].
TANDEM_DESCRIPTORS = {
    **{
        name: [(code, f"{code} (603 CMR 35.08)") for code in RATING_CODES.values()]
        for name in RATING_LEVEL_DESCRIPTORS
    },
    "PerformanceEvaluationTypeDescriptor": [
        (code, f"{code} (603 CMR 35.02)") for code in PLAN_TYPE_CODES.values()
    ],
    "EvaluationPeriodDescriptor": [
        (
            SUMMATIVE_PERIOD,
            "The summative evaluation at the end of an Educator Plan (603 CMR 35.06)",
        )
    ],
    "EvaluationRatingStatusDescriptor": [
        *[(code, f"The summative evaluation is {code.lower()}") for code in STATUS_CODES.values()],
        (PRIOR_STATUS, "The district recorded the summative rating before it used Tandem"),
    ],
}


def core(name: str, code: str) -> str:
    """A Data Standard 5.2 value, such as ``core("Term", "Year Round")``."""
    return f"{EDFI}/{name}Descriptor#{code}"


def tandem(name: str, code: str) -> str:
    return f"{settings.EDFI_DESCRIPTOR_NAMESPACE}/{name}#{code}"


def tandem_namespace(name: str) -> str:
    return f"{settings.EDFI_DESCRIPTOR_NAMESPACE}/{name}"


def rating_level(name: str, level: str) -> str:
    """A Massachusetts rating as one of Tandem's rating-level descriptors."""
    return tandem(name, RATING_CODES[level])


def plan_type(value: str) -> str:
    return tandem("PerformanceEvaluationTypeDescriptor", PLAN_TYPE_CODES[value])


def plan_type_of(descriptor: str) -> str | None:
    """The plan type a PerformanceEvaluationType descriptor names, if it names one."""
    return next((p for p in PLAN_TYPE_CODES if plan_type(p) == descriptor), None)


def staff_classification(position: str) -> str:
    return core("StaffClassification", STAFF_CLASSIFICATION[position])


def employment_status(*, role_group: str, has_pts: bool) -> str:
    """Professional teacher status is tenure; a teacher without it is on probation, and an
    administrator serves under contract."""
    if has_pts:
        return core("EmploymentStatus", "Tenured or permanent")
    if role_group in (RoleGroup.TEACHER, RoleGroup.SISP):
        return core("EmploymentStatus", "Probationary")
    return core("EmploymentStatus", "Contractual")


def academic_subject(subject: str) -> str | None:
    key = subject.strip().lower()
    if not key or (key in PROGRAM_OF_SUBJECT and key not in ACADEMIC_SUBJECT):
        return None
    return core("AcademicSubject", ACADEMIC_SUBJECT.get(key, "Other"))


def program_assignment(*, position: str, subject: str) -> str:
    if position == Position.SPECIAL_EDUCATION_TEACHER:
        return core("ProgramAssignment", "Special Education")
    program = PROGRAM_OF_SUBJECT.get(subject.strip().lower(), "Regular Education")
    return core("ProgramAssignment", program)


def _grade_index(text: str) -> int | None:
    text = text.strip().upper()
    if text in ("K", "KG", "0"):
        return 0
    if text in ("PK", "PREK", "PRE-K"):
        return -1
    return int(text) if text.isdigit() and 1 <= int(text) <= 12 else None


def grade_levels(text: str) -> list[str]:
    """Grade levels from a grade (``5``, ``K``) or a span (``K-5``, ``9-12``); empty if unread."""
    parts = [p for p in re.split(r"\s*[-–]\s*", text.strip()) if p]
    indexes = [_grade_index(p) for p in parts[:2]]
    if not indexes or None in indexes:
        return []
    low, high = indexes[0], indexes[-1]
    return [core("GradeLevel", PRE_K if i < 0 else GRADES[i]) for i in range(low, high + 1)]


def credential_field(field: str) -> str | None:
    code = CREDENTIAL_FIELD.get(field.strip().lower())
    return core("CredentialField", code) if code else None


def teaching_credential(stage: str) -> str:
    return core("TeachingCredential", TEACHING_CREDENTIAL[stage])


def state_of_issue() -> str:
    return core("StateAbbreviation", STATE_OF_ISSUE)
