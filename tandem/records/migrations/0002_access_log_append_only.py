"""Make the access log append-only in the database itself, not only in the ORM."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER records_accesslogentry_no_update BEFORE UPDATE ON records_accesslogentry
       BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END""",
    """CREATE TRIGGER records_accesslogentry_no_delete BEFORE DELETE ON records_accesslogentry
       BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS records_accesslogentry_no_update",
    "DROP TRIGGER IF EXISTS records_accesslogentry_no_delete",
]
POSTGRES = [
    """CREATE FUNCTION records_access_log_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the access log is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER records_accesslogentry_append_only BEFORE UPDATE OR DELETE
       ON records_accesslogentry FOR EACH ROW EXECUTE FUNCTION records_access_log_append_only()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS records_accesslogentry_append_only ON records_accesslogentry",
    "DROP FUNCTION IF EXISTS records_access_log_append_only()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            reverse_code=_run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
