"""`manage.py verify_audit` against a chain tampered with as an intruder would: raw SQL, behind the ORM."""

import io
import os
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from danvan.audit.models import AuditEntry
from danvan.audit.services import audit_record


def _write_entries(count: int = 5) -> list[AuditEntry]:
    return [
        audit_record(actor=None, action=f"action_{n}", object_type="test.item", object_id=str(n),
                     object_repr=f"Hồ sơ {n}", changes={"status": ["draft", "sent"]})
        for n in range(1, count + 1)
    ]


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _verify() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_an_intact_chain_passes_and_says_how_many_entries_it_has(db):
    _write_entries(5)

    assert "5 entries, chain intact" in _verify()


def test_an_empty_chain_passes(db):
    assert "0 entries, chain intact" in _verify()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("action", "x"),
        ("actor_name", "someone_else"),
        ("object_repr", "Hồ sơ khác"),
        ("changes", '{"status": ["draft", "rejected"]}'),
        ("actor_id", 7),
    ],
)
def test_a_row_altered_in_the_database_is_named(db, column, value):
    _write_entries(5)

    _sql(f"UPDATE audit_auditentry SET {column} = %s WHERE seq = 3", [value])

    with pytest.raises(CommandError, match=r"#3\b.*altered"):
        _verify()


def test_a_row_altered_and_given_a_fresh_hash_breaks_the_link_from_the_next_one(db):
    _write_entries(5)
    forged = AuditEntry.objects.get(seq=3)
    forged.action = "x"

    _sql("UPDATE audit_auditentry SET action = %s, hash = %s WHERE seq = 3", ["x", forged.compute_hash()])

    with pytest.raises(CommandError, match=r"#4\b.*previous hash does not match entry #3"):
        _verify()


def test_the_last_row_altered_and_given_a_fresh_hash_is_caught_by_the_head(db):
    _write_entries(5)
    forged = AuditEntry.objects.get(seq=5)
    forged.action = "x"

    _sql("UPDATE audit_auditentry SET action = %s, hash = %s WHERE seq = 5", ["x", forged.compute_hash()])

    with pytest.raises(CommandError, match=r"#5\b.*head"):
        _verify()


def test_a_deleted_middle_row_is_named(db):
    _write_entries(5)

    _sql("DELETE FROM audit_auditentry WHERE seq = 3")

    with pytest.raises(CommandError, match=r"#3 is missing"):
        _verify()


def test_a_deleted_first_row_is_named(db):
    _write_entries(5)

    _sql("DELETE FROM audit_auditentry WHERE seq = 1")

    with pytest.raises(CommandError, match=r"#1 is missing"):
        _verify()


def test_a_deleted_last_row_is_caught_by_the_head(db):
    _write_entries(5)

    _sql("DELETE FROM audit_auditentry WHERE seq = 5")

    with pytest.raises(CommandError, match=r"#5 and later are missing \(head says #5\)"):
        _verify()


def test_a_deleted_head_row_is_caught(db):
    _write_entries(5)

    _sql("DELETE FROM audit_audithead")

    with pytest.raises(CommandError, match=r"head of the chain is missing"):
        _verify()


def _test_database_url() -> str:
    """The URL of the database pytest-django created, for a process started outside this one."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    if connection.vendor == "postgresql":
        auth = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            auth += ":" + quote(db["PASSWORD"], safe="")
        host, port, name = db["HOST"] or "localhost", db["PORT"] or 5432, quote(db["NAME"], safe="")
        return f"postgres://{auth}@{host}:{port}/{name}"
    pytest.skip(f"no URL for a {connection.vendor} test database")


def _manage_py_verify_audit() -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": _test_database_url(),
           "DJANGO_SETTINGS_MODULE": "danvan.settings_test"}
    return subprocess.run([sys.executable, "manage.py", "verify_audit"], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.django_db(transaction=True)  # committed, so the other process sees the entries
def test_manage_py_exits_zero_on_an_intact_chain_and_non_zero_on_a_tampered_one():
    _write_entries(5)

    intact = _manage_py_verify_audit()
    assert intact.returncode == 0, intact.stderr
    assert "5 entries, chain intact" in intact.stdout

    _sql("UPDATE audit_auditentry SET action = 'x' WHERE seq = 3")

    tampered = _manage_py_verify_audit()
    assert tampered.returncode != 0
    assert "Audit chain broken: entry #3" in tampered.stderr
