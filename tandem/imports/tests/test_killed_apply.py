"""A worker killed half-way through an apply leaves the database exactly as it was, and the run
can be applied again (issue 12, bad input). PostgreSQL only: the worker is a process of its own,
which cannot open SQLite's in-memory test database."""

import datetime
import time

import pytest
from django.db import connection
from django.utils import timezone

from tandem.imports import services
from tandem.imports.models import ImportRun
from tandem.imports.tests.factories import csv_file, educator
from tandem.organizations.tests.factories import DistrictFactory
from tandem.people.models import Employment, Person
from tandem.people.tests.factories import RoleGrantFactory
from tests.worker import TaskWorker

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the worker process needs PostgreSQL"
)
# Enough rows that the apply's writes take a while to catch them under way.
EDUCATORS = 4000
WAIT = 120  # seconds, at most, for the worker to reach each step


def _touched_tables() -> list[str]:
    return [
        model._meta.db_table
        for model in (
            Person,
            Person.history.model,
            Employment,
            Employment.history.model,
        )
    ]


def _snapshot() -> dict[str, tuple[int, str]]:
    """Each table the apply writes: its row count and a digest of every row, in key order."""
    found = {}
    with connection.cursor() as cursor:
        for table in _touched_tables():
            pk = _pk(table)
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.\"{pk}\"), ''))"
                f' FROM "{table}" t'
            )
            found[table] = cursor.fetchone()
    return found


def _pk(table: str) -> str:
    with connection.cursor() as cursor:
        return connection.introspection.get_primary_key_column(cursor, table)


def _writing() -> bool:
    """Whether another session holds a write lock on the people table: the apply's transaction
    has begun writing (the lock is held until that transaction ends)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = %s AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()",
            [Person._meta.db_table],
        )
        return cursor.fetchone() is not None


def _until(predicate, what: str, every=0.01):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(every)
    pytest.fail(f"the worker did not {what} within {WAIT} s")


def _status(run) -> str:
    return ImportRun.objects.values_list("status", flat=True).get(pk=run.pk)


def _other_sessions_gone() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] == 0


def test_a_worker_killed_mid_apply_leaves_the_records_as_they_were(transactional_db, settings):
    hr = RoleGrantFactory(district=DistrictFactory())
    worker = TaskWorker(settings.MEDIA_ROOT)
    try:
        worker.start()
        run = services.run_start(
            district=hr.district,
            kind="educators",
            upload=csv_file([educator(n) for n in range(1, EDUCATORS + 1)]),
            by=hr.user,
        )
        _until(lambda: _status(run) == ImportRun.Status.READY, "check the file")
        before = _snapshot()
        run.refresh_from_db()
        services.run_apply_request(
            run=run, by=hr.user, version=run.version, absent_means="", end_date=None
        )
        _until(_writing, "begin writing the apply", every=0.005)
        worker.kill()
        _until(_other_sessions_gone, "'s database session end")

        assert _snapshot() == before
        assert not Employment.objects.filter(district=hr.district).exists()
        run.refresh_from_db()
        assert run.status == ImportRun.Status.APPLYING

        # Once the apply is stale (no worker finished it), the person applies it again.
        ImportRun.objects.filter(pk=run.pk).update(
            applied_at=timezone.now() - datetime.timedelta(hours=1)
        )
        run.refresh_from_db()
        assert run.may_apply
        worker.start()
        services.run_apply_request(
            run=run, by=hr.user, version=run.version, absent_means="", end_date=None
        )
        _until(lambda: _status(run) == ImportRun.Status.APPLIED, "apply the run again")
    finally:
        worker.stop()

    assert Employment.objects.filter(district=hr.district).count() == EDUCATORS
    assert Person.objects.filter(last_name__startswith="Imported").count() == EDUCATORS
