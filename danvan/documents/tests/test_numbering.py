"""Document numbers: in order within (issuer, year, symbol), from 1 each year, never the same twice."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from danvan.audit.models import AuditEntry
from danvan.documents.models import NumberSeries
from danvan.documents.services import document_number_next


def test_numbers_run_in_order_within_an_issuer_year_and_symbol(tree, people):
    dept, clerk = tree["dept"], people["coordinator"]

    taken = [document_number_next(issuer=dept, year=2025, symbol="BC-SNV", by=clerk) for _ in range(3)]

    assert taken == [1, 2, 3]
    assert NumberSeries.objects.get(issuer=dept, year=2025, symbol="BC-SNV").last_number == 3


def test_other_symbols_and_issuers_have_their_own_series(tree, people):
    clerk = people["coordinator"]
    document_number_next(issuer=tree["dept"], year=2025, symbol="BC-SNV", by=clerk)
    document_number_next(issuer=tree["dept"], year=2025, symbol="BC-SNV", by=clerk)

    assert document_number_next(issuer=tree["dept"], year=2025, symbol="KH-SNV", by=clerk) == 1
    assert document_number_next(issuer=tree["other_dept"], year=2025, symbol="BC-SNV", by=clerk) == 1
    assert document_number_next(issuer=tree["dept"], year=2025, symbol="BC-SNV", by=clerk) == 3


def test_a_new_year_starts_again_at_one(tree, people):
    clerk = people["coordinator"]
    for _ in range(4):
        document_number_next(issuer=tree["dept"], year=2025, symbol="BC-SNV", by=clerk)

    assert document_number_next(issuer=tree["dept"], year=2026, symbol="BC-SNV", by=clerk) == 1
    assert document_number_next(issuer=tree["dept"], year=2025, symbol="BC-SNV", by=clerk) == 5


def test_taking_a_number_is_audited(tree, people):
    clerk = people["coordinator"]
    document_number_next(issuer=tree["dept"], year=2025, symbol="BC-SNV", by=clerk)
    document_number_next(issuer=tree["dept"], year=2025, symbol="BC-SNV", by=clerk)

    entries = list(AuditEntry.objects.filter(action="document_number_taken").order_by("seq"))
    assert [e.object_repr for e in entries] == ["01/BC-SNV (2025)", "02/BC-SNV (2025)"]
    assert entries[-1].changes == {"last_number": [1, 2]}
    assert entries[-1].actor_id == clerk.pk
    assert entries[-1].unit_id == tree["dept"].pk


def test_the_symbol_is_normalised_and_required(tree, people):
    clerk = people["coordinator"]
    assert document_number_next(issuer=tree["dept"], year=2025, symbol=" BC-SNV ", by=clerk) == 1
    assert document_number_next(issuer=tree["dept"], year=2025, symbol="BC-SNV", by=clerk) == 2
    with pytest.raises(ValidationError):
        document_number_next(issuer=tree["dept"], year=2025, symbol="  ", by=clerk)
    with pytest.raises(ValidationError):
        document_number_next(issuer=tree["dept"], year=25, symbol="BC-SNV", by=clerk)


THREADS = 4
NUMBERS_PER_THREAD = 5


@pytest.mark.django_db(transaction=True)
def test_clerks_taking_numbers_at_the_same_moment_get_different_numbers(tree):
    """Each thread has its own connection, as each request would, and closes it when done. The series does not
    exist yet, so the threads also race to create it."""
    start = threading.Barrier(THREADS)
    taken, errors = [], []
    lock = threading.Lock()

    def clerk():
        try:
            start.wait()
            for _ in range(NUMBERS_PER_THREAD):
                number = document_number_next(issuer=tree["dept"], year=2025, symbol="BC-SNV", by=None)
                with lock:
                    taken.append(number)
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=clerk) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not any(thread.is_alive() for thread in threads), "a clerk is stuck (deadlock?)"
    assert errors == []
    assert sorted(taken) == list(range(1, THREADS * NUMBERS_PER_THREAD + 1))
    assert NumberSeries.objects.get().last_number == THREADS * NUMBERS_PER_THREAD
    assert AuditEntry.objects.filter(action="document_number_taken").count() == THREADS * NUMBERS_PER_THREAD
