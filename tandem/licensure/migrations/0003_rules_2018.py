"""The renewal rules of 603 CMR 44.00 as amended June 26, 2018 (pipeline.md §1.3)."""

from django.db import migrations

from tandem.licensure.reference import RULES_2018, renewal_rules_install


def seed(apps, schema_editor):
    renewal_rules_install(apps)


def unseed(apps, schema_editor):
    apps.get_model("licensure", "RenewalRules").objects.filter(effective_from=RULES_2018).delete()


class Migration(migrations.Migration):
    dependencies = [("licensure", "0002_renewal")]
    operations = [migrations.RunPython(seed, unseed)]
