"""Fixtures the backup tests share: an installation with signed records and an upload, and
where a backup and a restore's files go."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tandem.backups.tests.snapshots import installation_emptied
from tandem.evaluation.models import EducatorPlan, EvaluationCycle
from tandem.evaluation.services.observations import evidence_add
from tandem.evaluation.tests.factories import EducatorPlanFactory
from tandem.people.tests.factories import PersonFactory
from tandem.records.services import signature_sign

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _append_only_rows_emptied_after(transactional_db):
    """After a transactional test the tables are emptied, which on SQLite the append-only
    triggers refuse: empty them first (``installation_emptied``)."""
    yield
    if connection.vendor == "sqlite":
        installation_emptied()


@pytest.fixture
def signed_plan(settings):
    """A teacher's approved plan signed by both, and a PDF of evidence in the cycle."""
    plan = EducatorPlanFactory(
        cycle__step=EvaluationCycle.Step.IMPLEMENTATION,
        cycle__employment__person=PersonFactory(signs_in=True),
        status=EducatorPlan.Status.APPROVED,
    )
    cycle = plan.cycle
    signature_sign(signer=cycle.primary_evaluator.user, record=plan, capacity="evaluator")
    signature_sign(signer=cycle.person.user, record=plan, capacity="educator")
    evidence_add(
        cycle_id=cycle.pk,
        by=cycle.person.user,
        kind="artifact",
        title="Unit plan",
        upload=SimpleUploadedFile("unit.pdf", PDF),
    )
    return plan


@pytest.fixture
def backups(tmp_path):
    return tmp_path / "backups"


@pytest.fixture
def empty_files(tmp_path):
    return tmp_path / "restored-files"
