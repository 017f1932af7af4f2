"""``manage.py db_worker`` as a process of its own on the test database, for the tests that
need the task worker as it runs beside Tandem (the browser journeys, a killed apply)."""

import os
import subprocess
import sys
from pathlib import Path


class TaskWorker:
    """``manage.py db_worker`` on the test database and the test's file directory."""

    def __init__(self, files_dir):
        self.files_dir = files_dir
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        url = database_url()
        if url is None:
            # SQLite in memory: no other process can open it; tests that need the worker
            # run under scripts/with-postgres, as `make test-browser` does.
            return
        env = {**os.environ, "DATABASE_URL": url, "TANDEM_FILES_DIR": str(self.files_dir)}
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=Path(__file__).resolve().parents[1],
            env=env,
        )

    def kill(self) -> None:
        """SIGKILL: the worker dies where it is, as on a power cut or the OOM killer."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=30)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


def database_url() -> str | None:
    """The test database as a URL another process can open; None for SQLite in memory."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        return f"sqlite:///{db['NAME']}"
    return None
