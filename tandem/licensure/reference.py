"""The renewal rules of 603 CMR 44.00 as amended June 26, 2018 (pipeline.md §1.3): installed by
a migration, and again by the demo, since a test database flushed between tests has lost them."""

import datetime

# Core academic fields, whose teachers need the SEI endorsement (603 CMR 14.07, 44.03(5)).
CORE_ACADEMIC = [
    "Early Childhood",
    "Elementary",
    "English",
    "Reading",
    "Mathematics",
    "Science",
    "General Science",
    "Biology",
    "Chemistry",
    "Physics",
    "Earth and Space Science",
    "History",
    "Political Science/Political Philosophy",
    "Economics",
    "Geography",
    "Civics",
    "Foreign Languages",
    "Spanish",
    "French",
    "Moderate Disabilities",
    "Severe Disabilities",
]

RULES_2018 = datetime.date(2018, 6, 26)


def renewal_rules_install(apps=None) -> None:
    """Create the 2018 rules if no version of that day exists; an existing one is left as is."""
    if apps is None:
        from tandem.licensure.models import RenewalRules
    else:
        RenewalRules = apps.get_model("licensure", "RenewalRules")
    RenewalRules.objects.get_or_create(
        effective_from=RULES_2018,
        defaults=dict(
            name="603 CMR 44.00 (amended June 26, 2018)",
            cycle_years=5,
            total_points=150,
            topic_minimum=15,
            topic_counts_from=10,
            further_license_points=30,
            further_license_content=15,
            assessment_content=90,
            assessment_pedagogy=30,
            sei_fields=CORE_ACADEMIC,
            activity_needs_approval=True,
        ),
    )
