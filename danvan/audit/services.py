"""The audit trail: every service appends an entry here inside its own transaction."""

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from danvan.audit.models import GENESIS, AuditEntry, AuditHead


def _plain(value: Any) -> Any:
    """A JSON-safe, stable form of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, float)):
        # As text: PostgreSQL's jsonb rewrites numbers (1e20 comes back as an integer, -0.0 as 0.0), and the
        # entry's hash must survive the round trip through the database.
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields` on `instance`, for a before/after diff (foreign keys by id)."""
    result = {}
    for name in fields:
        field = instance._meta.get_field(name)
        result[name] = _plain(getattr(instance, field.attname))
    return result


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """{field: [before, after]} for the fields that changed."""
    keys = list(dict.fromkeys([*before, *after]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def created(instance: models.Model, fields: Iterable[str]) -> dict[str, list]:
    return {k: [None, v] for k, v in snapshot(instance, fields).items() if v not in (None, "")}


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    unit=None,
    changes: dict | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEntry:
    """Append one entry to the chain. `actor` is a user or None (the system)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    with transaction.atomic():
        # Taking the head: the UPDATE locks the row (PostgreSQL) or the database (SQLite) until commit.
        if not AuditHead.objects.filter(pk=1).update(seq=F("seq") + 1):
            AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS})
            AuditHead.objects.filter(pk=1).update(seq=F("seq") + 1)
        head = AuditHead.objects.select_for_update().get(pk=1)
        entry = AuditEntry(
            seq=head.seq,
            created_at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor_name=(actor.get_username() if actor is not None else "system")[:200],
            unit_id=getattr(unit, "pk", None),
            unit_name=(str(unit) if unit is not None else "")[:300],
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:300],
            changes=_plain(changes or {}),
            prev_hash=head.hash,
        )
        entry.hash = entry.compute_hash()
        entry.save(force_insert=True)
        AuditHead.objects.filter(pk=1).update(hash=entry.hash)
    return entry


def verify_chain() -> tuple[bool, str]:
    """Walk the chain in order. Returns (True, summary) or (False, what is wrong with the first bad entry).

    The head is read before the entries: writers commit an entry and the head together, so every entry up
    to the head's seq is already there, and entries appended while we walk only lengthen the chain. (Reading
    the head last would report the entries committed in between as missing.)"""
    head = AuditHead.objects.filter(pk=1).first()
    expected_prev = GENESIS
    expected_seq = 1
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return False, f"entry #{expected_seq} is missing (next found: #{entry.seq})"
        if entry.prev_hash != expected_prev:
            return False, f"entry #{entry.seq}: previous hash does not match entry #{entry.seq - 1}"
        if entry.compute_hash() != entry.hash:
            return False, f"entry #{entry.seq}: content does not match its hash (altered)"
        if head is not None and entry.seq == head.seq and entry.hash != head.hash:
            return False, f"entry #{entry.seq}: does not match the head of the chain (altered)"
        expected_prev = entry.hash
        expected_seq += 1
    count = expected_seq - 1
    if head is None:
        # No head when we started: either the chain was empty and its first writer created the head while
        # we walked (fine), or someone deleted the head row.
        if count and not AuditHead.objects.filter(pk=1).exists():
            return False, f"the head of the chain is missing ({count} entries found, last #{count})"
    elif count < head.seq:
        return False, f"entry #{count + 1} and later are missing (head says #{head.seq})"
    return True, f"{count} entries, chain intact"
