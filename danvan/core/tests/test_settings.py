import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "DEBUG": "0",
    "SECRET_KEY": "a-production-like-secret-key-used-only-by-this-test-0123456789abcdef",
    "ALLOWED_HOSTS": "danvan.example.gov.vn",
}


def _manage(*args, env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**PRODUCTION, "VAR_DIR": str(tmp_path)}
    del env["SECRET_KEY"]
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_malformed_setting_fails_loudly(tmp_path):
    result = _manage("check", env={**PRODUCTION, "VAR_DIR": str(tmp_path), "SESSION_IDLE_SECONDS": "half an hour"})
    assert result.returncode != 0
    assert "SESSION_IDLE_SECONDS must be an integer" in result.stderr


REUSE = """
from django.core.signals import request_finished, request_started
from django.db import connection
request_started.send(sender=None)
connection.ensure_connection()
first = connection.connection
request_finished.send(sender=None)
request_started.send(sender=None)
connection.ensure_connection()
print("reused" if connection.connection is first else "reopened")
"""


def _between_requests(tmp_path, **extra) -> str:
    result = _manage("shell", "-v", "0", "-c", REUSE, env={**PRODUCTION, "VAR_DIR": str(tmp_path), **extra})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_worker_keeps_its_database_connection_between_requests(tmp_path):
    # Opening one per request cost more than the portal's write itself (SQLite checkpoints its WAL when the last
    # connection closes; PostgreSQL starts a process per connection).
    assert _between_requests(tmp_path) == "reused"
    assert _between_requests(tmp_path, DB_CONN_MAX_AGE="0") == "reopened"
