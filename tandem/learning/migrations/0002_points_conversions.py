"""The state's conversions of learning into points (pipeline.md §1.4), as seed data."""

from decimal import Decimal

from django.db import migrations

CONVERSIONS = [
    ("clock_hour", "Clock hour of eligible learning", Decimal("1")),
    ("audited_semester_hour", "Semester hour of an audited course", Decimal("7.5")),
    ("credit", "Undergraduate credit (15 hours)", Decimal("15")),
    (
        "graduate_semester_hour",
        "Graduate semester hour, or new upper-level undergraduate content",
        Decimal("22.5"),
    ),
]


def seed(apps, schema_editor):
    PointsConversion = apps.get_model("learning", "PointsConversion")
    for unit, label, points in CONVERSIONS:
        PointsConversion.objects.update_or_create(
            unit=unit, defaults={"label": label, "points": points}
        )


def unseed(apps, schema_editor):
    apps.get_model("learning", "PointsConversion").objects.filter(
        unit__in=[unit for unit, _, _ in CONVERSIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
