"""The renewal rules of 603 CMR 44.00 as amended June 26, 2018 (pipeline.md §1.3)."""

import datetime

from django.db import migrations

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


def seed(apps, schema_editor):
    apps.get_model("licensure", "RenewalRules").objects.create(
        name="603 CMR 44.00 (amended June 26, 2018)",
        effective_from=datetime.date(2018, 6, 26),
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
    )


def unseed(apps, schema_editor):
    apps.get_model("licensure", "RenewalRules").objects.filter(
        effective_from=datetime.date(2018, 6, 26)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("licensure", "0002_renewal")]
    operations = [migrations.RunPython(seed, unseed)]
