"""The layer contracts of `make lint` (import-linter, pyproject.toml) hold, and they catch an
import that points up (issue 10, item 4)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=project,
        env={"PYTHONPATH": str(project), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(
        ROOT / "tandem", project / "tandem", ignore=shutil.ignore_patterns("*.pyc", "static")
    )
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    return project


def test_the_layers_hold_today(tmp_path):
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout


def test_an_import_that_points_up_fails_and_names_both_modules(tmp_path):
    project = _copy(tmp_path)
    calendar = project / "tandem" / "organizations" / "selectors.py"
    calendar.write_text(
        calendar.read_text() + "\nfrom tandem.evaluation.models import EvaluationCycle  # noqa\n"
    )
    result = _lint(project)
    assert result.returncode == 1
    assert "tandem.organizations is not allowed to import tandem.evaluation" in result.stdout
    assert "tandem.organizations.selectors -> tandem.evaluation.models" in result.stdout
