import os
import subprocess
import sys

import pytest

PRODUCTION_ENV = {
    "TANDEM_ENV": "production",
    "SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-value-0123456789",
    "ALLOWED_HOSTS": "tandem.example.org",
    "DATABASE_URL": "sqlite:////tmp/tandem-deploy-check.sqlite3",
}


def _manage(*args, extra_env):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "TANDEM_DEMO", "DJANGO_ALLOW_ASYNC_UNSAFE", *PRODUCTION_ENV)
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**env, **extra_env},
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_in_production_with_nothing_silenced(tmp_path):
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path}/deploy.sqlite3"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", extra_env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 silenced" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_settings(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", extra_env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_a_malformed_boolean_stops_start_up():
    result = _manage("check", extra_env={"DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
