"""The partnership's programs, their terms, and the library's topics as installed with Tandem
(its staff edit them in the admin)."""

# What every program's key leaders agree to alike: work proceeds only with all three of them.
_LEADERS_TAKE_PART = (
    "The superintendent, the union president and the school committee chair or vice chair "
    "each agree to take part, "
)

PROGRAMS = [
    {
        "kind": "capacity",
        "name": "District Capacity Project",
        "summary": (
            "A facilitator works with the district's labor-management team over a school year "
            "on one improvement project the team chooses together, from planning to results."
        ),
        "terms": {
            "scope": (
                "One improvement project that the team chooses together at the start, such as "
                "a professional development plan or a new school program, carried from "
                "planning to measured results. Contract bargaining is outside its scope."
            ),
            "length": 1,
            "length_unit": "school_years",
            "management_commits": (
                _LEADERS_TAKE_PART + "and the superintendent gives the team the district's data "
                "and a budget line for the project, and attends every team meeting."
            ),
            "union_commits": (
                "The union president attends every team meeting, names teachers to the team "
                "and shares the team's work with the members."
            ),
            "committee_commits": (
                "The chair or vice chair attends the team's meetings and brings the project to "
                "the full committee for any vote it needs."
            ),
            "partnership_commits": (
                "A facilitator plans and runs the team's meetings through the year, visits the "
                "district at least monthly and reports progress to the three leaders."
            ),
            "district_cost": (
                "Release time or substitutes for teachers on the team, meeting space and any "
                "costs of the project itself."
            ),
            "state_covers": (
                "The first meeting, the facilitator's time and travel, and the training materials."
            ),
        },
        "topics": [],
    },
    {
        "kind": "workshops",
        "name": "Joint Leadership Workshops",
        "summary": (
            "Half-day and full-day workshops that the superintendent, union and school "
            "committee leaders attend together with their teams."
        ),
        "terms": {
            "scope": (
                "The workshops the team chooses from the partnership's topics, each a half or "
                "a full day, attended by the three parties' leaders and members together."
            ),
            "length": 6,
            "length_unit": "months",
            "management_commits": (
                _LEADERS_TAKE_PART + "and the superintendent sends district leaders to each "
                "workshop the team chooses."
            ),
            "union_commits": "The union president and members of the union attend each workshop.",
            "committee_commits": (
                "At least one school committee member attends each workshop the team chooses."
            ),
            "partnership_commits": (
                "The partnership schedules the workshops, leads them and sends each team its "
                "materials and a summary afterwards."
            ),
            "district_cost": "Substitutes for teachers who attend, and their travel.",
            "state_covers": "The workshops, their presenters and their materials.",
        },
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
        "terms": {
            "scope": (
                "A joint strategic plan that all three parties own and sign: a shared vision, "
                "goals it can measure, and the actions, owners and dates that reach them."
            ),
            "length": 1,
            "length_unit": "school_years",
            "management_commits": (
                _LEADERS_TAKE_PART + "and the superintendent shares the district's data and "
                "names the staff who will own the plan's actions."
            ),
            "union_commits": (
                "The union president takes part in every planning session and signs the "
                "adopted plan for the union."
            ),
            "committee_commits": (
                "The chair or vice chair takes part in the planning and brings the adopted "
                "plan to the full committee."
            ),
            "partnership_commits": (
                "A facilitator leads the planning sessions, drafts the plan from the team's "
                "work and checks progress with the team twice in the year."
            ),
            "district_cost": "Meeting space, and release time for teachers on the team.",
            "state_covers": "The facilitator's time and travel, and the planning materials.",
        },
        "topics": [],
    },
    {
        "kind": "ibb",
        "name": "Interest-Based Bargaining training",
        "summary": (
            "Training for both bargaining teams in working from interests rather than "
            "positions, with facilitation through the district's next negotiation."
        ),
        "terms": {
            "scope": (
                "Training of both bargaining teams together in interest-based bargaining, and "
                "a facilitator at the table through the district's next negotiation."
            ),
            "length": 2,
            "length_unit": "school_years",
            "management_commits": (
                _LEADERS_TAKE_PART + "and management's bargaining team attends the whole "
                "training and bargains from interests."
            ),
            "union_commits": (
                "The union's bargaining team attends the whole training and bargains from "
                "interests."
            ),
            "committee_commits": (
                "The committee's members on the bargaining team attend the training, and the "
                "committee agrees the ground rules of the negotiation."
            ),
            "partnership_commits": (
                "Trainers lead the training days, and a facilitator joins the negotiation's "
                "sessions until a tentative agreement is reached."
            ),
            "district_cost": "Meeting space and substitutes for teachers who attend.",
            "state_covers": "The training, the facilitation and their materials.",
        },
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


# The parties whose commitments a program's terms state, the partnership last.
COMMITTING_PARTIES = ("management", "union", "committee", "partnership")


def program_terms(program) -> dict:
    """A program's terms as an engagement keeps them (for the migrations' programs too);
    empty while staff have set none."""
    if not program.scope:
        return {}
    return {
        "scope": program.scope,
        "length": {"count": program.length, "unit": program.length_unit}
        if program.length
        else None,
        "commitments": {
            party: getattr(program, f"{party}_commits") for party in COMMITTING_PARTIES
        },
        "district_cost": program.district_cost,
        "state_covers": program.state_covers,
    }


def program_terms_install(apps=None) -> None:
    """Give each installed program its terms where staff have set none yet."""
    if apps is None:
        from tandem.collaboration.models import Program
    else:
        Program = apps.get_model("collaboration", "Program")
    for spec in PROGRAMS:
        Program.objects.filter(kind=spec["kind"], scope="").update(**spec["terms"])


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
