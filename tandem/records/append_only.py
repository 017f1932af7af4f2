"""Database triggers that refuse UPDATE and DELETE on a table, for migrations.

The ORM refuses them too (``AppendOnlyModel``); the triggers also stop raw SQL, a console
session or a bug in another service from rewriting what must only grow.
"""

from django.db import migrations


def append_only_operation(table: str, message: str) -> migrations.RunPython:
    statements = {
        "sqlite": [
            f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
                BEGIN SELECT RAISE(ABORT, '{message}'); END""",
            f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
                BEGIN SELECT RAISE(ABORT, '{message}'); END""",
        ],
        "postgresql": [
            f"""CREATE FUNCTION {table}_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql""",
            f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {table}_append_only()""",
        ],
    }
    reverse = {
        "sqlite": [
            f"DROP TRIGGER IF EXISTS {table}_no_update",
            f"DROP TRIGGER IF EXISTS {table}_no_delete",
        ],
        "postgresql": [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_append_only()",
        ],
    }

    def run(by_vendor):
        def execute(apps, schema_editor):
            for statement in by_vendor.get(schema_editor.connection.vendor, []):
                schema_editor.execute(statement)

        return execute

    return migrations.RunPython(run(statements), reverse_code=run(reverse))
