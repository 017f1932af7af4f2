"""A district's labor-management team and the partnership that supports it, by subject.

Django finds an app's models in ``app.models``, so this package imports them from the
subject modules; everything else imports them from here.
"""

from tandem.collaboration.models.agreements import (
    SHARED_VISION_ELEMENTS,
    AgreementQuerySet,
    AgreementSignature,
    JointAgreement,
)
from tandem.collaboration.models.comments import (
    COMMENT_EDIT_WINDOW,
    COMMENT_MAX_CHARS,
    Comment,
    Mention,
)
from tandem.collaboration.models.enrollment import (
    Engagement,
    EnrollmentAgreement,
    Event,
    EventAttendance,
    Program,
    ProgramTopic,
)
from tandem.collaboration.models.gallery import GalleryComment
from tandem.collaboration.models.library import Resource
from tandem.collaboration.models.meetings import ActionItem, AgendaItem, CalendarFeed, Meeting
from tandem.collaboration.models.notices import NoticePreference, NoticeSent
from tandem.collaboration.models.parties import (
    CAUCUS_PARTIES,
    KEY_OFFICES,
    PARTY_OF_OFFICE,
    Party,
    PartySignature,
)
from tandem.collaboration.models.plans import (
    MeasureProgress,
    PlanSignature,
    PlanVersion,
    StrategicPlan,
    Topic,
)
from tandem.collaboration.models.problem_solving import (
    ConsensusCheck,
    Interest,
    IssueCriterion,
    IssueEntry,
    IssueOption,
    IssueStatement,
    OptionRating,
    Stance,
)
from tandem.collaboration.models.survey import (
    SURVEY_MINIMUM_ANSWERS,
    SURVEY_SCALE,
    SURVEY_STATEMENTS,
    RelationshipSurvey,
    SurveyParticipation,
)
from tandem.collaboration.models.teams import (
    MEETING_MINUTES_MAX,
    MEETING_MINUTES_MIN,
    Team,
    TeamMember,
    TeamNote,
)

__all__ = [
    "CAUCUS_PARTIES",
    "COMMENT_EDIT_WINDOW",
    "COMMENT_MAX_CHARS",
    "KEY_OFFICES",
    "MEETING_MINUTES_MAX",
    "MEETING_MINUTES_MIN",
    "PARTY_OF_OFFICE",
    "SHARED_VISION_ELEMENTS",
    "SURVEY_MINIMUM_ANSWERS",
    "SURVEY_SCALE",
    "SURVEY_STATEMENTS",
    "ActionItem",
    "AgendaItem",
    "AgreementQuerySet",
    "AgreementSignature",
    "CalendarFeed",
    "Comment",
    "ConsensusCheck",
    "Engagement",
    "EnrollmentAgreement",
    "Event",
    "EventAttendance",
    "GalleryComment",
    "Interest",
    "IssueCriterion",
    "IssueEntry",
    "IssueOption",
    "IssueStatement",
    "JointAgreement",
    "MeasureProgress",
    "Meeting",
    "Mention",
    "NoticePreference",
    "NoticeSent",
    "OptionRating",
    "Party",
    "PartySignature",
    "PlanSignature",
    "PlanVersion",
    "Program",
    "ProgramTopic",
    "RelationshipSurvey",
    "Resource",
    "Stance",
    "StrategicPlan",
    "SurveyParticipation",
    "Team",
    "TeamMember",
    "TeamNote",
    "Topic",
]
