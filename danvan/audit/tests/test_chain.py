import datetime
import decimal

import pytest
from django.db import transaction

from danvan.audit.models import GENESIS, AuditEntry, AuditHead
from danvan.audit.services import audit_record, created, diff, snapshot, verify_chain
from danvan.conftest import make_user


def test_entries_are_numbered_from_one_and_each_holds_the_hash_of_the_one_before(db):
    first = audit_record(actor=None, action="first")
    second = audit_record(actor=None, action="second")
    third = audit_record(actor=None, action="third")

    stored = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in stored] == [1, 2, 3]
    assert [e.action for e in stored] == ["first", "second", "third"]
    assert stored[0].prev_hash == GENESIS
    assert stored[1].prev_hash == first.hash
    assert stored[2].prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    for entry in stored:
        assert entry.hash == entry.compute_hash()
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (3, third.hash)


def test_an_entry_records_who_did_what_to_which_object_in_which_unit(tree):
    actor = make_user("ngoc.anh", full_name="Nguyễn Ngọc Anh")
    commune = tree["commune"]

    entry = audit_record(actor=actor, action="unit_updated", obj=commune, unit=tree["dept"],
                         changes={"name": ["Phường Quy Nhơn", "Phường Quy Nhơn Nam"]})

    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.actor_id == actor.pk
    assert stored.actor_name == "ngoc.anh"  # the username, not the display name
    assert stored.unit_id == tree["dept"].pk
    assert stored.unit_name == "Sở Nội vụ"
    assert stored.action == "unit_updated"
    assert stored.object_type == "org.unit"
    assert stored.object_id == str(commune.pk)
    assert stored.object_repr == "Phường Quy Nhơn Nam"
    assert stored.changes == {"name": ["Phường Quy Nhơn", "Phường Quy Nhơn Nam"]}


def test_an_entry_without_a_person_is_written_by_the_system(db):
    entry = audit_record(actor=None, action="scheduler_ran")

    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.actor_id is None
    assert stored.actor_name == "system"
    assert (stored.unit_id, stored.unit_name) == (None, "")
    assert (stored.object_type, stored.object_id, stored.object_repr) == ("", "", "")
    assert stored.changes == {}


def test_the_object_can_be_named_without_a_model_instance_and_a_long_name_is_cut(db):
    entry = audit_record(actor=None, action="import_run", object_type="import.file", object_id="42",
                         object_repr="x" * 400)

    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.object_type, stored.object_id) == ("import.file", "42")
    assert stored.object_repr == "x" * 300
    assert verify_chain()[0]


def test_an_entry_read_back_from_the_database_still_matches_its_hash(db):
    """Whatever the changes hold, the database must hand back what was hashed (jsonb rewrites numbers)."""
    changes = {
        "title": ["Kế hoạch dân vận", "Kế hoạch dân vận khéo 2025"],
        "due": [datetime.date(2025, 3, 15), None],
        "at": [None, datetime.datetime(2025, 3, 15, 8, 30, tzinfo=datetime.UTC)],
        "amount": [decimal.Decimal("1.50"), decimal.Decimal("2")],
        "ratio": [0.1, 1e20],
        "sign": [-0.0, 2.5],
        "count": [2**70, 0],
        "active": [True, False],
        "tags": [("a", "b"), ["c"]],
        "nested": [{"z": 1, "a": [1, 2]}, {}],
    }

    entry = audit_record(actor=None, action="plan_updated", changes=changes)

    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.compute_hash() == stored.hash == entry.hash
    assert stored.changes["due"] == ["2025-03-15", None]
    assert stored.changes["at"] == [None, "2025-03-15T08:30:00+00:00"]
    assert stored.changes["amount"] == ["1.50", "2"]
    assert stored.changes["ratio"] == ["0.1", "1e+20"]
    assert stored.changes["tags"] == [["a", "b"], ["c"]]
    assert verify_chain() == (True, "1 entries, chain intact")


def test_an_entry_rolled_back_with_its_transaction_leaves_no_gap(db):
    audit_record(actor=None, action="kept")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action="rolled_back")
        raise RuntimeError("the service failed after auditing")
    audit_record(actor=None, action="kept_too")

    stored = AuditEntry.objects.order_by("seq").values_list("seq", "action")
    assert list(stored) == [(1, "kept"), (2, "kept_too")]
    assert verify_chain() == (True, "2 entries, chain intact")


def test_snapshot_gives_foreign_keys_as_ids_and_dates_as_iso_strings(tree):
    commune = tree["commune"]

    assert snapshot(commune, ["name", "code", "parent", "valid_from", "valid_to"]) == {
        "name": "Phường Quy Nhơn Nam",
        "code": "21583",
        "parent": tree["province"].pk,
        "valid_from": "2020-01-01",
        "valid_to": None,
    }


def test_snapshot_gives_datetimes_as_iso_strings(db):
    user = make_user("lan")
    user.date_joined = datetime.datetime(2025, 3, 15, 1, 2, 3, tzinfo=datetime.UTC)

    assert snapshot(user, ["date_joined", "is_active"]) == {
        "date_joined": "2025-03-15T01:02:03+00:00",
        "is_active": True,
    }


def test_diff_keeps_only_the_fields_that_changed_as_before_and_after():
    before = {"name": "Xã A", "code": "1", "valid_to": None, "gone": 1}
    after = {"name": "Xã B", "code": "1", "valid_to": "2025-06-30", "new": 2}

    assert diff(before, after) == {
        "name": ["Xã A", "Xã B"],
        "valid_to": [None, "2025-06-30"],
        "gone": [1, None],
        "new": [None, 2],
    }
    assert diff(before, dict(before)) == {}


def test_created_lists_the_filled_fields_as_set_from_nothing(tree):
    commune = tree["commune"]

    assert created(commune, ["name", "short_name", "code", "parent", "valid_to"]) == {
        "name": [None, "Phường Quy Nhơn Nam"],
        "code": [None, "21583"],
        "parent": [None, tree["province"].pk],
    }


def test_created_keeps_a_false_flag_but_drops_empty_text(db):
    user = make_user("minh")
    user.is_staff = False

    assert created(user, ["is_staff", "position"]) == {"is_staff": [None, False]}
