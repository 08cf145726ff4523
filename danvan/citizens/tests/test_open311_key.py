"""`manage.py open311_key`: a client's key is printed once and only its hash is kept."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.audit.models import AuditEntry
from danvan.citizens.fields import ensure_fields
from danvan.citizens.models import Open311Client
from danvan.citizens.services import hash_secret


def _run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("open311_key", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_prints_a_key_once_and_stores_only_its_hash(client, tree):
    ensure_fields()
    out, err = _run("--create", "Ứng dụng Zalo của tỉnh")
    key = out.strip()
    assert len(key) > 40 and "\n" not in key and "cannot be displayed again" in err
    registered = Open311Client.objects.get()
    assert registered.name == "Ứng dụng Zalo của tỉnh" and registered.active
    assert registered.key_hash == hash_secret(key) and key.startswith(registered.key_prefix)
    assert key not in repr(list(Open311Client.objects.values()))
    assert key not in repr(list(AuditEntry.objects.values()))
    assert AuditEntry.objects.filter(action="open311_client_created").exists()

    listing, _err = _run("--list")
    assert registered.key_prefix in listing and "Ứng dụng Zalo của tỉnh" in listing and key not in listing

    data = {"api_key": key, "service_code": "feedback-ha-tang", "attribute[unit]": "21583", "description": "Thử."}
    assert client.post("/open311/v2/requests.json", data).status_code == 200
    _run("--revoke", registered.key_prefix)
    assert client.post("/open311/v2/requests.json", data).status_code == 403


def test_the_command_refuses_an_empty_name_and_an_unknown_prefix(db):
    with pytest.raises(CommandError):
        _run("--create", "  ")
    with pytest.raises(CommandError):
        _run("--revoke", "o311_nothing")
    assert not Open311Client.objects.exists()
