"""What the backup tests compare an installation by: every row of every table and every
stored file's SHA-256."""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection


def rows_of(database_connection) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    quote = database_connection.ops.quote_name
    with database_connection.cursor() as cursor:
        tables = database_connection.introspection.table_names(cursor)
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def files_of(root) -> dict[str, str]:
    """The SHA-256 of every file under ``root``, by relative path."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def installation_emptied() -> None:
    """Delete every row of the test's database, as a new installation's is.

    PostgreSQL truncates, which the append-only triggers allow; SQLite deletes row by row,
    which they refuse, so there they are lifted for that moment and put back. The content
    types go too, so the process forgets those it cached.
    """
    ContentType.objects.clear_cache()
    if connection.vendor != "sqlite":
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        cursor.execute("PRAGMA foreign_keys = OFF")
        for table in connection.introspection.django_table_names(only_existing=True):
            cursor.execute(f'DELETE FROM "{table}"')
        cursor.execute("PRAGMA foreign_keys = ON")
        for _name, sql in triggers:
            cursor.execute(sql)
