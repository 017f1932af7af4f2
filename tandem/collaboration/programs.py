"""The partnership's programs and the library's topics as installed with Tandem (its staff edit
them in the admin)."""

PROGRAMS = [
    {
        "kind": "capacity",
        "name": "District Capacity Project",
        "summary": (
            "A facilitator works with the district's labor-management team over a school year "
            "on one improvement project the team chooses together, from planning to results."
        ),
        "topics": [],
    },
    {
        "kind": "workshops",
        "name": "Joint Leadership Workshops",
        "summary": (
            "Half-day and full-day workshops that the superintendent, union and school "
            "committee leaders attend together with their teams."
        ),
        "topics": [
            "Interest-Based Teaming for Student Achievement",
            "Building Strong Cultures to Lead and Sustain Reform",
            "Collaborative Problem-Solving in Action",
            "Building Effective School-Community Collaborations",
            "Having Difficult Conversations",
            "Creating a Culture of Dialogue",
        ],
    },
    {
        "kind": "strategic_planning",
        "name": "Joint Strategic Planning",
        "summary": (
            "The team writes one plan that all parties own: a shared vision, goals it can "
            "measure, and the actions, owners and dates that reach them."
        ),
        "topics": [],
    },
    {
        "kind": "ibb",
        "name": "Interest-Based Bargaining training",
        "summary": (
            "Training for both bargaining teams in working from interests rather than "
            "positions, with facilitation through the district's next negotiation."
        ),
        "topics": [],
    },
]


def programs_install(apps=None) -> None:
    """Create the programs that do not exist yet; existing ones are left as the staff set them."""
    if apps is None:
        from tandem.collaboration.models import Program, ProgramTopic
    else:
        Program = apps.get_model("collaboration", "Program")
        ProgramTopic = apps.get_model("collaboration", "ProgramTopic")
    for spec in PROGRAMS:
        program, created = Program.objects.get_or_create(
            kind=spec["kind"], defaults={"name": spec["name"], "summary": spec["summary"]}
        )
        if created:
            ProgramTopic.objects.bulk_create(
                [ProgramTopic(program=program, title=title) for title in spec["topics"]]
            )


TOPICS = [
    ("professional-learning", "Professional learning"),
    ("career-lattices", "Career lattices and teacher leadership"),
    ("evaluation", "Educator evaluation"),
    ("trust-building", "Trust-building"),
    ("induction-mentoring", "Induction and mentoring"),
    ("compensation", "Compensation"),
    ("school-community", "School-community collaboration"),
    ("bargaining", "Interest-based bargaining"),
]


def topics_install(apps=None) -> None:
    """Create the topics that plans and resources are tagged with."""
    if apps is None:
        from tandem.collaboration.models import Topic
    else:
        Topic = apps.get_model("collaboration", "Topic")
    for slug, name in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})
