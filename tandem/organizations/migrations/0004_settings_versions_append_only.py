"""Adopted evaluation settings are bargained: the database refuses to rewrite or remove them.

SQLite remakes a table when a later migration alters it, which drops these triggers; such a
migration must run ``append_only_operation`` again.
"""

from django.db import migrations

from tandem.records.append_only import append_only_operation


class Migration(migrations.Migration):
    dependencies = [("organizations", "0003_settings_proposal")]

    operations = [
        append_only_operation(
            "organizations_districtsettingsversion",
            "adopted evaluation settings are append-only",
        )
    ]
