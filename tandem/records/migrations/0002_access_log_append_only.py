"""Make the access log append-only in the database itself, not only in the ORM."""

from django.db import migrations

from tandem.records.append_only import append_only_operation


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [
        append_only_operation("records_accesslogentry", "the access log is append-only")
    ]
