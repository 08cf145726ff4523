"""The scheduler: idempotent `*_due()` jobs driven by one loop command (`manage.py scheduler`).

Apps register their jobs with `@job`. A job finds due rows and claims each one before acting on it, with a
conditional UPDATE that only one worker can win (`claim_rows`): two loops over the same rows, or a loop that
crashed half way, never handle a row twice. On PostgreSQL the candidates are read with
`SELECT … FOR UPDATE SKIP LOCKED` so that parallel workers spread over different rows.
"""

import datetime
import logging
import os
import socket
import uuid
from collections.abc import Callable, Iterable

from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

log = logging.getLogger(__name__)

JOBS: dict[str, Callable[[str], int]] = {}
# A claim older than this is taken to belong to a worker that died, and may be claimed again.
CLAIM_TIMEOUT = datetime.timedelta(minutes=10)


def job(func: Callable[[str], int]) -> Callable[[str], int]:
    """Register a scheduler job. It takes the worker name and returns how many rows it handled."""
    JOBS[func.__name__] = func
    return func


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def claim_rows(queryset: QuerySet, worker: str, *, limit: int = 100) -> list:
    """Claim up to `limit` unclaimed rows of `queryset` for `worker`; return the claimed rows.

    The model needs `claimed_by` (text) and `claimed_at` (datetime) fields.
    """
    now = timezone.now()
    free = Q(claimed_by="") | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    candidates = queryset.filter(free).order_by("pk")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            candidates = candidates.select_for_update(skip_locked=True)
        pks = list(candidates.values_list("pk", flat=True)[:limit])
        claimed = []
        model = queryset.model
        for pk in pks:
            won = model.objects.filter(free, pk=pk).update(claimed_by=worker, claimed_at=now)
            if won:
                claimed.append(pk)
    return list(model.objects.filter(pk__in=claimed).order_by("pk"))


@job
def send_mail_due(worker: str) -> int:
    """Send outgoing e-mails. A failed send is released for another try, at most five in all."""
    from danvan.core.models import OutgoingEmail

    due = OutgoingEmail.objects.filter(sent_at__isnull=True, attempts__lt=5)
    sent = 0
    for mail in claim_rows(due, worker):
        try:
            send_mail(mail.subject, mail.body, None, [mail.to])
        except Exception as exc:  # noqa: BLE001 - any transport error: release the row and try later
            log.warning("mail %s to %s failed: %s", mail.pk, mail.to, exc)
            OutgoingEmail.objects.filter(pk=mail.pk, claimed_by=worker).update(
                claimed_by="", claimed_at=None, attempts=mail.attempts + 1, last_error=str(exc)[:2000]
            )
            continue
        OutgoingEmail.objects.filter(pk=mail.pk, claimed_by=worker).update(
            sent_at=timezone.now(), attempts=mail.attempts + 1
        )
        sent += 1
    return sent


def run_once(worker: str, names: Iterable[str] | None = None) -> dict[str, int]:
    """One pass over every registered job (or the named ones). A failing job does not stop the others."""
    results = {}
    for name, func in JOBS.items():
        if names and name not in names:
            continue
        try:
            results[name] = func(worker)
        except Exception:
            log.exception("scheduler job %s failed", name)
            results[name] = -1
    return results
