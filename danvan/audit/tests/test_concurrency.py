"""Several writers at once must never read the same head (DESIGN.md §4: one audit chain, taken under a lock).

These tests commit for real (transaction=True): each thread has its own database connection, as each
request or worker process would, and closes it when it is done.
"""

import threading

import pytest
from django.db import connection, transaction

from danvan.audit.models import AuditEntry
from danvan.audit.services import audit_record, verify_chain

THREADS = 4
ENTRIES_PER_THREAD = 25


def _run_in_threads(targets):
    """Start every target at the same moment; return the exceptions they raised (none, we hope)."""
    start = threading.Barrier(len(targets))
    errors = []

    def run(target):
        try:
            start.wait()
            target()
        except BaseException as exc:  # noqa: BLE001 - reported to the test, which fails on any of them
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer is stuck (deadlock?)"
    return errors


def _writer(number: int):
    def write():
        for i in range(ENTRIES_PER_THREAD):
            # Each entry in its own transaction, as each service call is.
            with transaction.atomic():
                audit_record(actor=None, action=f"writer_{number}", object_type="test.item", object_id=str(i),
                             changes={"n": [None, i]})

    return write


@pytest.mark.django_db(transaction=True)
def test_writers_in_parallel_threads_build_one_unbroken_chain():
    errors = _run_in_threads([_writer(n) for n in range(THREADS)])

    assert errors == []
    total = THREADS * ENTRIES_PER_THREAD
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, total + 1))
    for n in range(THREADS):
        assert AuditEntry.objects.filter(action=f"writer_{n}").count() == ENTRIES_PER_THREAD
    assert verify_chain() == (True, f"{total} entries, chain intact")


@pytest.mark.django_db(transaction=True)
def test_verifying_while_writers_append_never_reports_a_break():
    writers_done = threading.Event()
    results = []

    def verify_until_writers_finish():
        while not writers_done.is_set():
            results.append(verify_chain())
        results.append(verify_chain())

    def write_then_signal():
        try:
            _writer(0)()
        finally:
            writers_done.set()

    errors = _run_in_threads([write_then_signal, _writer(1), verify_until_writers_finish])

    assert errors == []
    assert len(results) > 1
    assert [message for ok, message in results if not ok] == []
    assert verify_chain() == (True, f"{2 * ENTRIES_PER_THREAD} entries, chain intact")
