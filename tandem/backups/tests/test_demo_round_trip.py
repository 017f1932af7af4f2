"""A backup of the demo Commonwealth, with its signed records and uploads, restored into the
same installation emptied, is the same installation: every row, every stored file by its
SHA-256, every signature's fingerprint, and the Ed-Fi export byte for byte (issue 12, item 6).

The export's documents carry no time of their own (no generated identifiers, no dates but the
records'), and restored rows keep their keys, so the documents are compared as bytes rather
than as canonical XML: any difference at all is a restore that changed something.
"""

from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from tandem.backups import services
from tandem.backups.tests.snapshots import files_of, installation_emptied, rows_of
from tandem.demo import commonwealth
from tandem.interop.services import edfi_export_write
from tandem.people.models import User
from tandem.records.models import Signature

pytestmark = pytest.mark.django_db(transaction=True)

STATE_ADMIN = "state.admin@example.org"


@pytest.fixture
def demo(request, settings):
    """The demo Commonwealth generated into this test's files directory, then a signed plan
    with a PDF of evidence; the test database is emptied first, since an earlier test may
    have left the session's demo (whose files are elsewhere) or nothing at all.

    Returns the plan."""
    installation_emptied()
    with override_settings(DEMO_MODE=True):
        commonwealth.generate(seed=2026, scale=1, today=timezone.localdate())
    return request.getfixturevalue("signed_plan")


def _export(folder: Path) -> dict[str, bytes]:
    """The state's whole Ed-Fi export written into ``folder``: each document's bytes by name."""
    folder.mkdir()
    reader = User.objects.get(email=STATE_ADMIN)
    result = edfi_export_write(district=None, folder=folder, reader=reader, path="/backup-test")
    assert result["counts"]["PerformanceEvaluationRating"] > 0
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _fingerprints() -> dict[int, str]:
    return dict(Signature.objects.values_list("pk", "digest"))


def test_the_demo_restored_from_its_backup_has_every_row_file_signature_and_export(
    settings, demo, backups, empty_files, tmp_path
):
    exported = _export(tmp_path / "export-before")
    rows, files, fingerprints = rows_of(connection), files_of(settings.MEDIA_ROOT), _fingerprints()
    assert len(fingerprints) > 2
    assert demo.cycle.evidence.get().file.file.name in files
    assert len(files) > 1  # the demo's own uploads as well as the evidence
    backup = services.backup_create(root=backups)

    installation_emptied()
    assert Signature.objects.count() == 0
    verification = services.backup_restore(backup=backup, files_dir=empty_files)
    settings.MEDIA_ROOT = empty_files

    assert verification.ok, verification.problems
    assert verification.signatures == len(fingerprints)
    assert verification.files == len(files)
    assert rows_of(connection) == rows
    assert files_of(empty_files) == files
    assert _fingerprints() == fingerprints
    again = _export(tmp_path / "export-after")
    assert sorted(again) == sorted(exported)
    assert [name for name in exported if again[name] != exported[name]] == []
