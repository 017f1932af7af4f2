"""The partnership's library: resources on its topics, one of them a file to download."""

from dataclasses import dataclass

from django.core.files.base import ContentFile

from tandem.collaboration.models import Resource, Topic
from tandem.people.models import User
from tandem.records.files import stored_file_save


@dataclass(frozen=True)
class DemoResource:
    title: str
    kind: str
    topics: tuple[str, ...]  # their slugs
    summary: str
    link: str = ""  # without one, the resource is shared as a file: GROUND_RULES


RESOURCES = [
    DemoResource(
        "Ground rules for a joint team",
        "template",
        ("trust-building",),
        "A one-page template for the rules a labor-management team agrees on at its first "
        "meeting: time, speaking, decisions, confidentiality, and how the team talks to staff.",
    ),
    DemoResource(
        "Interest-based problem solving, step by step",
        "guide",
        ("bargaining", "trust-building"),
        "From a neutral issue statement to consensus: how to list interests, brainstorm options, "
        "agree on criteria and test the options against them.",
        "https://partnership.example.org/library/interest-based-problem-solving",
    ),
    DemoResource(
        "Building a mentoring program together",
        "case_study",
        ("induction-mentoring",),
        "How one district's superintendent, union and school committee designed and funded "
        "mentoring for new teachers over two years.",
        "https://partnership.example.org/library/mentoring-case-study",
    ),
    DemoResource(
        "Teacher-leader roles: a starter set",
        "template",
        ("career-lattices",),
        "Role descriptions for instructional coaches, mentors and team leaders that a district "
        "can adapt, with the hours and pay to settle at the table.",
        "https://partnership.example.org/library/teacher-leader-roles",
    ),
    DemoResource(
        "Making evaluation a shared process",
        "guide",
        ("evaluation", "professional-learning"),
        "Questions a joint team can use to review how the evaluation cycle works in its schools "
        "and where educators need more support.",
        "https://partnership.example.org/library/shared-evaluation",
    ),
]

# The first resource's template, so that the demo library offers a file to download.
GROUND_RULES = """Ground rules for our labor-management team

Agreed at our first meeting on: ____________    Reviewed each year in: ____________

Time
- We start and end on time. The agenda goes out two school days before we meet.

Speaking
- One person speaks at a time, and everyone speaks once before anyone speaks twice.

Decisions
- We decide by consensus: each party can at least live with the decision.

Confidentiality
- What is said in the room stays there until we agree on what to share.

Talking to staff
- We end each meeting by agreeing on one message, and each party shares it the same way.

For the district: ____________  For the union: ____________
For the school committee: ____________
"""


def resources_share(*, facilitator: User, topics: dict[str, Topic]) -> None:
    for demo in RESOURCES:
        stored = None
        if not demo.link:
            stored = stored_file_save(
                upload=ContentFile(GROUND_RULES.encode(), name="ground-rules.txt"),
                district_id=None,
                by=facilitator,
            )
        resource = Resource.objects.create(
            title=demo.title,
            kind=demo.kind,
            summary=demo.summary,
            link=demo.link,
            file=stored,
            shared_by=facilitator,
        )
        resource.topics.set([topics[t] for t in demo.topics])
