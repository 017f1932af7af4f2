"""The state's conversions of learning into points (pipeline.md §1.4), as seed data."""

from django.db import migrations

from tandem.learning.reference import CONVERSIONS, points_conversions_install


def seed(apps, schema_editor):
    points_conversions_install(apps)


def unseed(apps, schema_editor):
    apps.get_model("learning", "PointsConversion").objects.filter(
        unit__in=[unit for unit, _, _ in CONVERSIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
