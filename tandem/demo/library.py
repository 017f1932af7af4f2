"""The partnership's library: resources on its topics, each a file the demo writes (a text
template, a Word document, printable guides) or a page of Tandem itself; never a link to an
address that does not exist."""

import io
import zipfile
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.urls import reverse

from tandem.collaboration.models import Resource, Topic
from tandem.people.models import User
from tandem.records.files import stored_file_save
from tandem.ui.pdf import pdf_bytes


@dataclass(frozen=True)
class DemoResource:
    title: str
    kind: str
    topics: tuple[str, ...]  # their slugs
    summary: str
    file: str = ""  # the name of the file the demo writes for it, if any
    page: str = ""  # else the URL name of the Tandem page it points to
    query: str = ""


RESOURCES = [
    DemoResource(
        "Ground rules for a joint team",
        "template",
        ("trust-building",),
        "A one-page template for the rules a labor-management team agrees on at its first "
        "meeting: time, speaking, decisions, confidentiality, and how the team talks to staff.",
        file="ground-rules.txt",
    ),
    DemoResource(
        "Interest-based problem solving, step by step",
        "guide",
        ("bargaining", "trust-building"),
        "From a neutral issue statement to consensus: how to list interests, brainstorm options, "
        "agree on criteria and test the options against them.",
        file="interest-based-problem-solving.pdf",
    ),
    DemoResource(
        "Building a mentoring program together",
        "case_study",
        ("induction-mentoring",),
        "How one district's superintendent, union and school committee designed and funded "
        "mentoring for new teachers over two years.",
        file="mentoring-case-study.pdf",
    ),
    DemoResource(
        "Teacher-leader roles: a starter set",
        "template",
        ("career-lattices",),
        "Role descriptions for instructional coaches, mentors and team leaders that a district "
        "can adapt, with the hours and pay to settle at the table.",
        file="teacher-leader-roles.docx",
    ),
    DemoResource(
        "Making evaluation a shared process",
        "guide",
        ("evaluation", "professional-learning"),
        "Questions a joint team can use to review how the evaluation cycle works in its schools "
        "and where educators need more support.",
        file="shared-evaluation.pdf",
    ),
    DemoResource(
        "What each program asks of the three parties",
        "guide",
        ("trust-building",),
        "The partnership's programs with their scope, length and cost, and what the "
        "superintendent, the union, the school committee and the facilitator each commit to.",
        page="collaboration:program_list",
    ),
    DemoResource(
        "Plans other districts adopted together",
        "case_study",
        ("professional-learning", "school-community", "induction-mentoring"),
        "The joint strategic plans that districts' teams have published: their visions, goals, "
        "strategies and the progress they have measured.",
        page="collaboration:gallery",
    ),
    DemoResource(
        "Career lattices in published plans",
        "case_study",
        ("career-lattices",),
        "Plans in the gallery with a strategy for teacher leadership: the roles they define and "
        "how they count them.",
        page="collaboration:gallery",
        query="?topic=career-lattices",
    ),
]

# The first resource's template, a text to fill in.
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


# The printable guides and the case study, in sections of paragraphs.
DOCUMENTS = {
    "interest-based-problem-solving.pdf": [
        (
            "1. Name the issue",
            [
                "Write the issue as a neutral question that neither party's answer is built "
                "into, and agree on it before anything else.",
            ],
        ),
        (
            "2. Share interests",
            [
                "Each party says what it needs, and what worries it, behind its position. "
                "List the interests the parties share beside those only one holds.",
            ],
        ),
        (
            "3. Brainstorm options",
            ["Put every option on the list without judging any of them yet."],
        ),
        (
            "4. Agree on criteria",
            [
                "Agree by consensus on the tests an option must pass: cost, fairness, what "
                "the contract allows, what students gain.",
            ],
        ),
        (
            "5. Weigh the options and decide",
            [
                "Test each option against the criteria, then check for consensus: everyone "
                "can at least live with the decision. A labor and a management member draft "
                "the language together.",
            ],
        ),
    ],
    "mentoring-case-study.pdf": [
        (
            "Where the district started",
            [
                "More than a quarter of first-year teachers left after one year. The union "
                "wanted mentoring counted as professional work; the school committee wanted "
                "to know what it would cost.",
            ],
        ),
        (
            "What the team did",
            [
                "The team costed mentor stipends at two levels, agreed the stipend in a "
                "memorandum of understanding, and ran a summer training for the first mentors.",
                "The committee's budget subcommittee saw each draft before the vote.",
            ],
        ),
        (
            "What changed",
            [
                "Every new teacher now has a trained mentor, and more of them stay for a "
                "second year. The plan and its measures are in the gallery.",
            ],
        ),
    ],
    "shared-evaluation.pdf": [
        (
            "Questions for the joint team",
            [
                "Do educators and evaluators read the rubric the same way? Where do they not?",
                "Does every educator get feedback in time to use it in the same year?",
                "Which indicators do educators most often ask for help with, and is that help "
                "offered?",
                "Who hears about problems with the cycle, and how does the team learn of them?",
            ],
        ),
        (
            "How to use them",
            [
                "Take one question a meeting. Bring the district's own figures, and agree on "
                "one change to try before the next cycle begins.",
            ],
        ),
    ],
}

# The Word template's paragraphs: role, then what it asks and what to settle at the table.
TEACHER_LEADER_ROLES = [
    "Teacher-leader roles: a starter set",
    "Instructional coach: supports teachers in one subject across schools. Settle at the "
    "table: release time, the stipend, and whether coaching notes stay out of evaluation.",
    "Mentor: supports one or two new teachers through their first year. Settle at the table: "
    "the stipend, training hours, and the time to observe and meet.",
    "Team leader: leads a grade-level or subject team's planning. Settle at the table: the "
    "meeting time the role needs and how the leader is chosen.",
]


def _word_document(paragraphs: list[str]) -> bytes:
    """A minimal Word document holding ``paragraphs``."""
    body = "".join(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in paragraphs)
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    package = "http://schemas.openxmlformats.org/package/2006"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    word = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    prolog = '<?xml version="1.0" encoding="UTF-8"?>'
    parts = {
        "[Content_Types].xml": (
            f'{prolog}<Types xmlns="{package}/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
        ),
        "_rels/.rels": (
            f'{prolog}<Relationships xmlns="{package}/relationships">'
            f'<Relationship Id="rId1" Type="{office}" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            f'{prolog}<w:document xmlns:w="{word}"><w:body>{body}</w:body></w:document>'
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@cache
def _content(demo: DemoResource) -> bytes:
    """The resource's file; made once a process, since the PDFs take seconds and the browser
    tests build the demo again for each test."""
    if demo.file.endswith(".txt"):
        return GROUND_RULES.encode()
    if demo.file.endswith(".docx"):
        return _word_document(TEACHER_LEADER_ROLES)
    return pdf_bytes(
        template="demo/library_document.html",
        context={
            "title": demo.title,
            "byline": "From the partnership's library",
            "sections": DOCUMENTS[demo.file],
        },
    )


def resources_share(*, facilitator: User, topics: dict[str, Topic]) -> None:
    for demo in RESOURCES:
        stored = None
        if demo.file:
            stored = stored_file_save(
                upload=ContentFile(_content(demo), name=demo.file), district_id=None, by=facilitator
            )
        resource = Resource.objects.create(
            title=demo.title,
            kind=demo.kind,
            summary=demo.summary,
            link=reverse(demo.page) + demo.query if demo.page else "",
            file=stored,
            shared_by=facilitator,
        )
        resource.topics.set([topics[t] for t in demo.topics])
