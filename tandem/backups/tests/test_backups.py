"""Backups that restore (issue 12, item 6): a backup of an installation with signed records and
an uploaded file, restored into an empty one on each engine, holds every row, every file and
every signature as it was."""

import errno
import hashlib
import json
import shutil
import sqlite3
import tempfile
import time
from importlib.metadata import version

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from tandem.backups import services
from tandem.backups.tests.conftest import PDF
from tandem.backups.tests.snapshots import files_of, rows_of
from tandem.errors import DomainError
from tandem.people.models import Person
from tandem.people.tests.factories import PersonFactory
from tandem.records.digests import text_digest
from tandem.records.models import Signature

# pg_dump reads committed rows only, and SQLite's backup waits for an open transaction: these
# tests commit what they build (and the database is emptied after each).
pytestmark = pytest.mark.django_db(transaction=True)

on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's case; this run is on PostgreSQL"
)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's case; this run is on SQLite"
)


@pytest.fixture
def second_database():
    """A new, empty PostgreSQL database beside the test's, dropped after."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield {**connection.settings_dict, "NAME": name}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _round_trip(settings, backups, target: dict, empty_files):
    backup = services.backup_create(root=backups)
    verification = services.backup_restore(backup=backup, database=target, files_dir=empty_files)
    restored = services._connection(target)
    try:
        assert rows_of(restored) == rows_of(connection)
    finally:
        restored.close()
    assert files_of(empty_files) == files_of(settings.MEDIA_ROOT)
    assert any(name.endswith(".pdf") for name in files_of(empty_files))
    signatures = Signature.objects.count()
    assert signatures >= 2
    assert verification.ok, verification.problems
    assert verification.signatures == signatures
    assert verification.files == len(files_of(settings.MEDIA_ROOT))
    assert all(text_digest(s.canonical) == s.digest for s in Signature.objects.all())
    return verification


@on_sqlite
def test_a_backup_restores_every_row_file_and_signature_on_sqlite(
    settings, signed_plan, backups, empty_files, tmp_path
):
    target = {**connection.settings_dict, "NAME": str(tmp_path / "restored.sqlite3")}
    _round_trip(settings, backups, target, empty_files)


@on_sqlite
def test_verification_names_a_signature_and_a_table_that_differ_after_restore(
    signed_plan, backups, empty_files, tmp_path
):
    backup = services.backup_create(root=backups)
    target = {**connection.settings_dict, "NAME": str(tmp_path / "restored.sqlite3")}
    services.backup_restore(backup=backup, database=target, files_dir=empty_files)
    tampered, removed = Signature.objects.order_by("pk")[:2]
    with sqlite3.connect(target["NAME"]) as restored:
        restored.execute(
            "UPDATE records_signature SET canonical = '{}' WHERE id = ?", [tampered.pk]
        )
        restored.execute("DELETE FROM records_signature WHERE id = ?", [removed.pk])
    restored.close()
    manifest = services.backup_check(backup)
    verification = services.restore_verify(
        manifest=manifest, database=target, files_dir=empty_files
    )
    signatures = manifest["tables"]["records_signature"]
    assert verification.problems == [
        f"Table records_signature has {signatures - 1} rows; the backup has {signatures}.",
        f"Signature {tampered.pk} no longer matches what was signed.",
    ]


@on_postgresql
def test_a_backup_restores_every_row_file_and_signature_on_postgresql(
    settings, signed_plan, backups, empty_files, second_database
):
    _round_trip(settings, backups, second_database, empty_files)


@on_postgresql
def test_rows_written_while_pg_dump_runs_are_in_neither_the_dump_nor_the_counts(
    monkeypatch, signed_plan, backups, empty_files, second_database
):
    """The counts and pg_dump share one exported snapshot, so Tandem may go on writing."""
    dump = services._run

    def dump_while_writing(command, database):
        PersonFactory()
        dump(command, database)

    monkeypatch.setattr(services, "_run", dump_while_writing)
    people = Person.objects.count()
    backup = services.backup_create(root=backups)
    monkeypatch.setattr(services, "_run", dump)
    verification = services.backup_restore(
        backup=backup, database=second_database, files_dir=empty_files
    )
    assert verification.ok, verification.problems
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["tables"]["people_person"] == people
    assert Person.objects.count() == people + 1


def test_the_manifest_names_the_version_engine_migrations_rows_andfiles_of(
    settings, signed_plan, backups
):
    backup = services.backup_create(root=backups)
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["tandem"] == version("tandem")
    assert manifest["engine"] == connection.vendor
    applied = MigrationRecorder(connection).applied_migrations()
    assert manifest["migrations"]["records"] == max(n for app, n in applied if app == "records")
    assert manifest["tables"]["records_signature"] == Signature.objects.count()
    stored = signed_plan.cycle.evidence.get().file
    assert manifest["files"][f"files/{stored.file.name}"] == {
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "size": len(PDF),
    }
    assert manifest["database"] in manifest["files"]
    assert [path.name for path in backups.iterdir()] == [backup.name]


def test_restore_refuses_an_installation_whose_database_has_tandem_rows(
    signed_plan, backups, empty_files, settings
):
    backup = services.backup_create(root=backups)
    settings.MEDIA_ROOT = empty_files
    with pytest.raises(CommandError, match=r"not empty: its database has Tandem rows \(in "):
        call_command("restore", str(backup))
    assert Signature.objects.count() == 2
    assert not empty_files.exists()


def test_restore_refuses_a_files_directory_that_holdsfiles_of(
    signed_plan, backups, tmp_path, settings
):
    backup = services.backup_create(root=backups)
    target = {**connection.settings_dict, "NAME": str(tmp_path / "restored.sqlite3")}
    if connection.vendor == "postgresql":
        target = {**connection.settings_dict, "NAME": "postgres"}
    with pytest.raises(DomainError, match="holds files"):
        services.backup_restore(backup=backup, database=target, files_dir=settings.MEDIA_ROOT)


def test_restore_names_a_file_that_no_longer_matches_its_checksum(
    settings, signed_plan, backups, empty_files
):
    backup = services.backup_create(root=backups)
    (pdf,) = (backup / "files").rglob("*.pdf")
    pdf.write_bytes(PDF.replace(b"1.4", b"1.7"))
    settings.MEDIA_ROOT = empty_files
    name = pdf.relative_to(backup).as_posix()
    with pytest.raises(CommandError, match=f"damaged: {name} does not match its checksum"):
        call_command("restore", str(backup))
    assert not empty_files.exists()


def test_restore_refuses_a_backup_of_the_other_engine(signed_plan, backups, empty_files):
    backup = services.backup_create(root=backups)
    manifest = json.loads((backup / "manifest.json").read_text())
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest["engine"] = other
    (backup / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(DomainError, match=f"backup is of a {other} database"):
        services.backup_restore(backup=backup, files_dir=empty_files)


def test_restore_refuses_a_backup_made_by_a_newer_tandem(signed_plan, backups, empty_files):
    backup = services.backup_create(root=backups)
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["migrations"]["records"] = "0999_from_a_later_version"
    (backup / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(DomainError, match=r"does not have \(records.0999_from_a_later_version\)"):
        services.backup_restore(backup=backup, files_dir=empty_files)


def test_keep_removes_the_oldest_backups_beyond_it(signed_plan, backups):
    for _ in range(3):
        call_command("backup", dest=backups, keep=2)
    taken = sorted(path.name for path in backups.iterdir())
    assert len(taken) == 2
    call_command("backup", dest=backups, keep=1)
    (newest,) = [path.name for path in backups.iterdir()]
    assert newest > taken[-1]


def test_every_goes_on_after_a_failed_backup_and_keeps_the_setting(
    monkeypatch, settings, signed_plan, backups, capsys
):
    """The demo's daily backup: one that fails is reported, and the next is taken."""
    settings.TANDEM_BACKUP_DIR = backups
    settings.TANDEM_BACKUP_KEEP = 1
    create = services.backup_create
    outcomes = iter([DomainError("The disk is away."), None, None])

    def sometimes(**kwargs):
        failure = next(outcomes)
        if failure:
            raise failure
        return create(**kwargs)

    class Stop(Exception):
        pass

    naps = []

    def nap(seconds):
        naps.append(seconds)
        if len(naps) == 3:
            raise Stop

    monkeypatch.setattr(services, "backup_create", sometimes)
    monkeypatch.setattr(time, "sleep", nap)
    with pytest.raises(Stop):
        call_command("backup", every=86400)
    assert naps == [86400] * 3
    assert "The disk is away." in capsys.readouterr().err
    assert len(list(backups.iterdir())) == 1


def test_keep_must_be_at_least_one(backups):
    with pytest.raises(CommandError, match="--keep must be at least 1"):
        call_command("backup", dest=backups, keep=0)
    assert not backups.exists()


def test_a_destination_that_is_a_file_is_named(tmp_path):
    dest = tmp_path / "backups"
    dest.write_text("not a directory")
    with pytest.raises(CommandError, match=f"{dest} is not a directory"):
        call_command("backup", dest=dest)


def test_a_full_disk_is_named_and_leaves_no_backup_behind(monkeypatch, backups, signed_plan):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copytree", full)
    with pytest.raises(CommandError, match=f"no space left on the device of {backups}"):
        call_command("backup", dest=backups)
    assert list(backups.iterdir()) == []


def test_a_destination_that_is_not_writable_is_named(monkeypatch, backups):
    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    with pytest.raises(CommandError, match=f"{backups} is not writable"):
        call_command("backup", dest=backups)


@on_postgresql
def test_a_missing_pg_dump_is_named(monkeypatch, backups, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(services, "POSTGRESQL_BIN", str(tmp_path / "nowhere" / "*"))
    with pytest.raises(CommandError, match="pg_dump was not found on PATH"):
        call_command("backup", dest=backups)
    assert list(backups.iterdir()) == []
