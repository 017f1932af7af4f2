"""Backups that restore: a consistent copy of the database and the stored files, with a
manifest of what they hold, written while Tandem keeps serving (issue 12, item 6)."""

import datetime
import errno
import glob
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.utils import load_backend
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.records.digests import text_digest
from tandem.records.models import Signature

MANIFEST = "manifest.json"
FILES = "files"
DATABASE_FILE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
NAME_FORMAT = "%Y%m%dT%H%M%S.%fZ"
NAME_PATTERN = re.compile(r"^\d{8}T\d{6}\.\d{6}Z$")
POSTGRESQL_BIN = "/usr/lib/postgresql/*/bin"
# Rows that `migrate` itself writes (the partnership's programs and topics): an installation
# that holds only these is still empty.
SEEDED_BY_MIGRATIONS = {
    "collaboration_program",
    "collaboration_programtopic",
    "collaboration_topic",
}
CHUNK = 1024 * 1024


@dataclass
class Verification:
    """What a restored installation was checked for, and every difference found.

    A later check (the Ed-Fi export before and after) adds its count and its problems here.
    """

    rows: int = 0
    tables: int = 0
    files: int = 0
    signatures: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def backup_create(
    *, root: Path, database: dict | None = None, files_dir: Path | None = None
) -> Path:
    """Write one backup directory under ``root``, named by the UTC time it began.

    It is written in a hidden directory and renamed only once whole, so a backup cut short
    is never taken for one; the database comes first, then the files (a file uploaded in
    between is copied without a row that names it, never a row without its file).
    """
    database = database or connections[DEFAULT_DB_ALIAS].settings_dict
    files_dir = Path(files_dir or settings.MEDIA_ROOT)
    vendor = _vendor(database)
    name = datetime.datetime.now(datetime.UTC).strftime(NAME_FORMAT)
    partial = _partial_directory(root)
    try:
        dump = partial / DATABASE_FILE[vendor]
        if vendor == "sqlite":
            tables, migrations = _sqlite_copy(database, dump)
        else:
            tables, migrations = _postgresql_dump(database, dump)
        copied = partial / FILES
        if files_dir.is_dir():
            shutil.copytree(files_dir, copied)
        else:
            copied.mkdir()
        manifest = {
            "tandem": version("tandem"),
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "engine": vendor,
            "database": dump.name,
            "migrations": migrations,
            "tables": tables,
            "files": _file_digests(partial),
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        finished = root / name
        partial.rename(finished)
    except OSError as error:
        raise DomainError(_write_problem(root, error)) from error
    except sqlite3.Error as error:
        raise DomainError(
            _("SQLite could not copy the database: %(error)s.") % {"error": error}
        ) from error
    finally:
        shutil.rmtree(partial, ignore_errors=True)  # gone once renamed; else what was cut short
    return finished


def backup_prune(*, root: Path, keep: int) -> list[Path]:
    """Remove the oldest whole backups under ``root`` beyond the newest ``keep``."""
    if keep < 1:
        raise DomainError(_("Keep at least one backup."))
    backups = sorted(
        path
        for path in root.iterdir()
        if path.is_dir() and NAME_PATTERN.match(path.name) and (path / MANIFEST).is_file()
    )
    removed = backups[:-keep]
    for path in removed:
        shutil.rmtree(path)
    return removed


def backup_check(backup: Path) -> dict:
    """The backup's manifest, once every file it lists is there with its size and SHA-256."""
    try:
        manifest = json.loads((backup / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise DomainError(
            _("%(path)s is not a Tandem backup: it has no %(manifest)s.")
            % {"path": backup, "manifest": MANIFEST}
        ) from error
    except (OSError, ValueError) as error:
        raise DomainError(
            _("The manifest of %(path)s cannot be read: %(error)s.")
            % {"path": backup, "error": error}
        ) from error
    problems = _file_problems(expected=manifest["files"], found=_file_digests(backup))
    if problems:
        raise DomainError(
            _("The backup %(path)s is damaged: %(problems)s")
            % {"path": backup, "problems": " ".join(problems)}
        )
    return manifest


def backup_restore(
    *, backup: Path, database: dict | None = None, files_dir: Path | None = None
) -> Verification:
    """Put a checked backup into an empty installation, then verify what it holds."""
    if database is None:
        database = connections[DEFAULT_DB_ALIAS].settings_dict
        connections[DEFAULT_DB_ALIAS].close()
    files_dir = Path(files_dir or settings.MEDIA_ROOT)
    manifest = backup_check(backup)
    vendor = _vendor(database)
    if manifest["engine"] != vendor:
        raise DomainError(
            _("The backup is of a %(backup)s database and this installation uses %(here)s.")
            % {"backup": manifest["engine"], "here": vendor}
        )
    _refuse_unknown_migrations(manifest["migrations"])
    _refuse_unless_empty(database, files_dir)
    dump = backup / manifest["database"]
    if vendor == "sqlite":
        _sqlite_restore(dump, database)
    else:
        _postgresql_restore(dump, database)
    files_dir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(backup / FILES, files_dir, dirs_exist_ok=True)
    return restore_verify(manifest=manifest, database=database, files_dir=files_dir)


def restore_verify(*, manifest: dict, database: dict, files_dir: Path) -> Verification:
    """Compare an installation with a backup's manifest: every table's row count, every
    file's SHA-256, and every signature's digest against the text it was taken of."""
    verification = Verification()
    connection = _connection(database)
    try:
        with connection.cursor() as cursor:
            found, _migrations = _database_state(connection, cursor)
            signatures = _signature_problems(connection, cursor)
    finally:
        connection.close()
    for table, expected in sorted(manifest["tables"].items()):
        rows = found.get(table)
        if rows != expected:
            verification.problems.append(
                _("Table %(table)s has %(found)s rows; the backup has %(expected)d.")
                % {"table": table, "found": "no" if rows is None else rows, "expected": expected}
            )
    verification.tables = len(manifest["tables"])
    verification.rows = sum(manifest["tables"].values())
    prefix = f"{FILES}/"
    expected_files = {
        path.removeprefix(prefix): entry
        for path, entry in manifest["files"].items()
        if path.startswith(prefix)
    }
    verification.problems += _file_problems(expected=expected_files, found=_file_digests(files_dir))
    verification.files = len(expected_files)
    verification.signatures, signature_problems = signatures
    verification.problems += signature_problems
    return verification


def _vendor(database: dict) -> str:
    vendor = _connection(database).vendor
    if vendor not in DATABASE_FILE:
        raise DomainError(
            _("Tandem backs up SQLite and PostgreSQL only, not %(vendor)s.") % {"vendor": vendor}
        )
    return vendor


def _connection(database: dict):
    """A connection of its own to ``database`` (a DATABASES entry), apart from the
    request's, so a backup's transaction and a restore's target touch nothing else."""
    return load_backend(database["ENGINE"]).DatabaseWrapper(database, alias="backups")


def _partial_directory(root: Path) -> Path:
    try:
        root.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".partial-", dir=root))
    except OSError as error:
        raise DomainError(_write_problem(root, error)) from error


def _write_problem(root: Path, error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return _("There is no space left on the device of %(root)s for the backup.") % {
            "root": root
        }
    if isinstance(error, PermissionError):
        return _("The backup cannot be written: %(root)s is not writable.") % {"root": root}
    if isinstance(error, FileExistsError | NotADirectoryError):
        return _("The backup cannot be written: %(root)s is not a directory.") % {"root": root}
    return _("The backup to %(root)s failed: %(error)s.") % {"root": root, "error": error}


def _database_state(connection, cursor) -> tuple[dict[str, int], dict[str, str]]:
    """Rows per table, and the latest migration applied per app."""
    quote = connection.ops.quote_name
    tables = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (a table's name)
        tables[table] = cursor.fetchone()[0]
    migrations = {}
    if "django_migrations" in tables:
        known = _known_migrations()
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            if (app, name) in known:
                migrations[app] = name
    return tables, migrations


def _known_migrations() -> dict:
    """This code's migrations by (app, name); a squashed one is recorded as applied beside
    those it replaces, which may be gone from the code."""
    return MigrationLoader(None, ignore_no_migrations=True).disk_migrations


def _sqlite_copy(database: dict, dump: Path) -> tuple[dict[str, int], dict[str, str]]:
    """SQLite's online backup: readers and the writer go on while the pages are copied."""
    source = _connection(database)
    try:
        source.ensure_connection()
        with sqlite3.connect(dump) as target:
            source.connection.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        target.close()
    finally:
        source.close()
    copy = _connection({**database, "NAME": str(dump), "OPTIONS": {}})
    try:
        with copy.cursor() as cursor:
            return _database_state(copy, cursor)
    finally:
        copy.close()


def _postgresql_dump(database: dict, dump: Path) -> tuple[dict[str, int], dict[str, str]]:
    """pg_dump in custom format from an exported snapshot, so the manifest's counts are of
    exactly the rows dumped."""
    pg_dump = _postgresql_tool("pg_dump")
    source = _connection(database)
    try:
        with source.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            state = _database_state(source, cursor)
            _run(
                [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"],
                database,
            )
            cursor.execute("COMMIT")
    finally:
        source.close()
    return state


def _postgresql_tool(name: str) -> str:
    """The PostgreSQL client program, on PATH or where Debian installs the server's."""
    found = shutil.which(name)
    if found:
        return found
    for directory in sorted(glob.glob(POSTGRESQL_BIN), reverse=True):
        candidate = Path(directory) / name
        if os.access(candidate, os.X_OK):
            return str(candidate)
    raise DomainError(
        _("%(name)s was not found on PATH or in %(where)s; install the PostgreSQL client.")
        % {"name": name, "where": POSTGRESQL_BIN}
    )


def _run(command: list[str], database: dict) -> None:
    """Run a PostgreSQL client against ``database``; the password goes by the environment."""
    environment = {
        **os.environ,
        "PGHOST": str(database.get("HOST") or ""),
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": str(database.get("USER") or ""),
        "PGPASSWORD": str(database.get("PASSWORD") or ""),
        "PGDATABASE": database["NAME"],
    }
    environment = {key: value for key, value in environment.items() if value}
    result = subprocess.run(  # noqa: S603 (a PostgreSQL client found above, no shell)
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise DomainError(
            _("%(program)s failed: %(error)s")
            % {"program": Path(command[0]).name, "error": result.stderr.strip()}
        )


def _refuse_unknown_migrations(migrations: dict[str, str]) -> None:
    """A backup made by a newer Tandem holds tables this code does not know how to use."""
    disk = _known_migrations()
    known = set(disk) | {replaced for migration in disk.values() for replaced in migration.replaces}
    unknown = sorted(
        f"{app}.{name}" for app, name in migrations.items() if (app, name) not in known
    )
    if unknown:
        raise DomainError(
            _(
                "The backup was made by a Tandem with migrations this one does not have "
                "(%(migrations)s); restore it with that version."
            )
            % {"migrations": ", ".join(unknown)}
        )


def _refuse_unless_empty(database: dict, files_dir: Path) -> None:
    tandem_tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("tandem.")
    }
    connection = _connection(database)
    try:
        with connection.cursor() as cursor:
            tables, _migrations = _database_state(connection, cursor)
    finally:
        connection.close()
    holding = sorted(
        table
        for table, rows in tables.items()
        if rows and table in tandem_tables - SEEDED_BY_MIGRATIONS
    )
    if holding:
        raise DomainError(
            _(
                "This installation is not empty: its database has Tandem rows (in %(tables)s). "
                "Restore only into a new database."
            )
            % {"tables": ", ".join(holding[:5]) + (", …" if len(holding) > 5 else "")}
        )
    if files_dir.is_dir() and any(path.is_file() for path in files_dir.rglob("*")):
        raise DomainError(
            _(
                "This installation is not empty: %(files)s holds files. Restore only into an "
                "empty files directory."
            )
            % {"files": files_dir}
        )


def _sqlite_restore(dump: Path, database: dict) -> None:
    """SQLite's backup API again, from the backup's file into the configured one."""
    target = _connection(database)
    try:
        target.ensure_connection()
        with sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True) as source:
            source.backup(target.connection)
        source.close()
    finally:
        target.close()


def _postgresql_restore(dump: Path, database: dict) -> None:
    """pg_restore in one transaction: a restore that fails leaves the database as it was."""
    _run(
        [
            _postgresql_tool("pg_restore"),
            "--no-owner",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={database['NAME']}",
            str(dump),
        ],
        database,
    )


def _signature_problems(connection, cursor) -> tuple[int, list[str]]:
    """How many signatures there are, and each whose digest is not its text's SHA-256."""
    quote = connection.ops.quote_name
    meta = Signature._meta
    columns = ", ".join(
        quote(meta.get_field(name).column) for name in ("id", "digest", "canonical")
    )
    cursor.execute(f"SELECT {columns} FROM {quote(meta.db_table)} ORDER BY 1")  # noqa: S608
    rows = cursor.fetchall()
    problems = [
        _("Signature %(id)d no longer matches what was signed.") % {"id": pk}
        for pk, digest, canonical in rows
        if text_digest(canonical) != digest
    ]
    return len(rows), problems


def _file_digests(root: Path) -> dict[str, dict]:
    """The size and SHA-256 of every file under ``root`` but the manifest, by relative path."""
    digests = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if not path.is_file() or relative == MANIFEST:
            continue
        sha256 = hashlib.sha256()
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                sha256.update(chunk)
        digests[relative] = {"sha256": sha256.hexdigest(), "size": path.stat().st_size}
    return digests


def _file_problems(*, expected: dict[str, dict], found: dict[str, dict]) -> list[str]:
    problems = []
    for path, entry in sorted(expected.items()):
        there = found.get(path)
        if there is None:
            problems.append(_("%(path)s is missing.") % {"path": path})
        elif there != entry:
            problems.append(
                _("%(path)s does not match its checksum in the manifest.") % {"path": path}
            )
    problems += [
        _("%(path)s is not in the manifest.") % {"path": path}
        for path in sorted(set(found) - set(expected))
    ]
    return problems
