import datetime
import signal
import smtplib
import threading
from collections import Counter
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from danvan.core import scheduler
from danvan.core.models import OutgoingEmail


class FlakyBackend(EmailBackend):
    """The locmem backend, except that the server refuses the addresses in `refused`."""

    refused: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            bad = self.refused.intersection(message.to)
            if bad:
                raise smtplib.SMTPRecipientsRefused({address: (550, b"no such mailbox") for address in bad})
        return super().send_messages(messages)


@pytest.fixture
def refused(settings, monkeypatch):
    """The addresses the mail server refuses; empty it to let them through again."""
    monkeypatch.setattr(FlakyBackend, "refused", set())
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    return FlakyBackend.refused


def queue(*addresses):
    return OutgoingEmail.objects.bulk_create(
        OutgoingEmail(to=address, subject=f"Thông báo {n}", body="Nội dung") for n, address in enumerate(addresses)
    )


def sent_to():
    return Counter(address for message in mail.outbox for address in message.to)


def due():
    return OutgoingEmail.objects.filter(sent_at__isnull=True)


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_at_once_send_every_mail_exactly_once():
    addresses = [f"nguoi{n}@example.gov.vn" for n in range(1000)]
    queue(*addresses)
    # Both workers start each pass together, so that their claims really race; 1000 rows (ten claims of
    # 100) give five such races. After each pass both look at the same state to decide whether to go on.
    together = threading.Barrier(2, timeout=30)
    errors = []

    def work(name):
        try:
            for _ in range(50):  # a bound, so that a broken claim cannot keep them going for ever
                together.wait()
                scheduler.send_mail_due(name)
                together.wait()
                if not due().exists():
                    break
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread below
            errors.append(exc)
            together.abort()
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(f"worker-{n}",)) for n in (1, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not any(worker.is_alive() for worker in workers)
    assert errors == []
    assert sent_to() == Counter(addresses)  # every address once, none twice
    rows = list(OutgoingEmail.objects.all())
    assert len(rows) == 1000
    assert all(row.sent_at is not None for row in rows)
    assert all(row.attempts == 1 for row in rows)
    assert set(Counter(row.claimed_by for row in rows)) == {"worker-1", "worker-2"}  # both did work


def test_claim_rows_hands_each_row_to_one_worker_only(db):
    queue(*(f"nguoi{n}@example.gov.vn" for n in range(5)))
    first = scheduler.claim_rows(due(), "worker-1", limit=3)
    second = scheduler.claim_rows(due(), "worker-2", limit=3)
    third = scheduler.claim_rows(due(), "worker-3", limit=3)
    assert len(first) == 3
    assert len(second) == 2
    assert third == []
    assert {row.pk for row in first}.isdisjoint(row.pk for row in second)
    assert {row.claimed_by for row in first} == {"worker-1"}
    assert all(row.claimed_at is not None for row in first + second)


def test_a_row_another_worker_claims_between_the_read_and_the_update_stays_with_that_worker(db):
    first, second = queue("mot@example.gov.vn", "hai@example.gov.vn")
    rival = []

    def rival_claims_first_row(execute, sql, params, many, context):
        # Just before this worker's first UPDATE, a rival wins the first candidate (the window the
        # conditional UPDATE closes; threads hit it only by chance).
        if sql.lstrip().upper().startswith("UPDATE") and not rival:
            rival.append(sql)
            OutgoingEmail.objects.filter(pk=first.pk).update(claimed_by="rival", claimed_at=timezone.now())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(rival_claims_first_row):
        claimed = scheduler.claim_rows(due(), "worker-1")
    assert rival  # the rival did step in
    assert [row.pk for row in claimed] == [second.pk]
    first.refresh_from_db()
    assert first.claimed_by == "rival"


def test_a_claim_older_than_the_timeout_is_taken_over_by_another_worker(db):
    (row,) = queue("nguoi@example.gov.vn")
    with time_machine.travel(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False) as clock:
        assert [claimed.pk for claimed in scheduler.claim_rows(due(), "crashed")] == [row.pk]
        clock.shift(scheduler.CLAIM_TIMEOUT - datetime.timedelta(seconds=1))
        assert scheduler.send_mail_due("alive") == 0  # the claim may still be live: leave it
        assert mail.outbox == []
        clock.shift(datetime.timedelta(seconds=2))
        assert scheduler.send_mail_due("alive") == 1
    row.refresh_from_db()
    assert sent_to() == Counter(["nguoi@example.gov.vn"])
    assert row.claimed_by == "alive"
    assert row.sent_at is not None
    assert row.attempts == 1


def test_a_failed_send_releases_the_row_and_records_the_error(db, refused, caplog):
    good, bad = queue("tot@example.gov.vn", "hong@example.gov.vn")
    refused.add("hong@example.gov.vn")
    assert scheduler.send_mail_due("worker-1") == 1
    assert sent_to() == Counter(["tot@example.gov.vn"])
    bad.refresh_from_db()
    assert bad.sent_at is None
    assert bad.attempts == 1
    assert "no such mailbox" in bad.last_error
    assert bad.claimed_by == ""
    assert bad.claimed_at is None
    assert "hong@example.gov.vn" in caplog.text
    good.refresh_from_db()
    assert good.sent_at is not None
    assert good.attempts == 1


def test_a_failed_mail_is_sent_on_a_later_pass(db, refused):
    (row,) = queue("hong@example.gov.vn")
    refused.add("hong@example.gov.vn")
    assert scheduler.send_mail_due("worker-1") == 0
    refused.clear()
    assert scheduler.send_mail_due("worker-2") == 1
    row.refresh_from_db()
    assert sent_to() == Counter(["hong@example.gov.vn"])
    assert row.sent_at is not None
    assert row.attempts == 2
    assert row.claimed_by == "worker-2"


def test_a_mail_that_keeps_failing_is_given_up_after_five_tries(db, refused):
    (row,) = queue("hong@example.gov.vn")
    refused.add("hong@example.gov.vn")
    for _ in range(7):
        scheduler.send_mail_due("worker-1")
    row.refresh_from_db()
    assert row.attempts == 5
    assert row.sent_at is None
    refused.clear()
    assert scheduler.send_mail_due("worker-1") == 0
    assert mail.outbox == []


def test_run_once_keeps_going_when_a_job_fails(db, monkeypatch, caplog):
    ran = []

    def broken_due(worker):
        raise RuntimeError("hỏng")

    def after_due(worker):
        ran.append(worker)
        return 3

    monkeypatch.setitem(scheduler.JOBS, "broken_due", broken_due)
    monkeypatch.setitem(scheduler.JOBS, "after_due", after_due)
    assert list(scheduler.JOBS).index("broken_due") < list(scheduler.JOBS).index("after_due")
    queue("nguoi@example.gov.vn")
    results = scheduler.run_once("worker-1")
    assert results["broken_due"] == -1
    assert results["after_due"] == 3
    assert results["send_mail_due"] == 1
    assert ran == ["worker-1"]
    assert sent_to() == Counter(["nguoi@example.gov.vn"])
    assert "scheduler job broken_due failed" in caplog.text


def test_run_once_runs_only_the_named_jobs(db, monkeypatch):
    monkeypatch.setitem(scheduler.JOBS, "after_due", lambda worker: 3)
    queue("nguoi@example.gov.vn")
    assert scheduler.run_once("worker-1", names=["after_due"]) == {"after_due": 3}
    assert mail.outbox == []


def test_job_registers_a_function_under_its_name(monkeypatch):
    monkeypatch.setattr(scheduler, "JOBS", {})

    @scheduler.job
    def reminders_due(worker):
        return 0

    assert scheduler.JOBS == {"reminders_due": reminders_due}


def test_worker_names_differ_between_workers():
    assert scheduler.worker_name() != scheduler.worker_name()


# The command closes stale connections between passes, which a test's wrapping transaction would not survive.
@pytest.mark.django_db(transaction=True)
def test_scheduler_command_once_sends_the_pending_mail_and_exits():
    queue("mot@example.gov.vn", "hai@example.gov.vn")
    out = StringIO()
    call_command("scheduler", "--once", stdout=out)
    assert sent_to() == Counter(["mot@example.gov.vn", "hai@example.gov.vn"])
    assert not due().exists()
    assert "send_mail_due" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_scheduler_command_gives_back_the_signal_handlers_it_borrowed():
    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    call_command("scheduler", "--once", stdout=StringIO())
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
