"""Notifications: an in-app notice for each person and an e-mail queued for the scheduler.

Call `notify()` inside a service; the rows are written when the service's transaction commits, so a
rolled-back action notifies nobody.
"""

from collections.abc import Iterable

from django.db import transaction


def notify(recipients: Iterable, *, subject: str, body: str = "", url: str = "") -> None:
    people = [person for person in {p.pk: p for p in recipients}.values() if person.is_active]
    # One line: a mail header cannot hold a line break (Django raises BadHeaderError), so a subject with one
    # would fail on every try and never be sent.
    subject = " ".join(subject.split())[:300]

    @transaction.atomic  # one commit for both tables
    def write():
        from danvan.core.models import Notification, OutgoingEmail

        Notification.objects.bulk_create(
            Notification(recipient=p, subject=subject, body=body, url=url) for p in people
        )
        OutgoingEmail.objects.bulk_create(
            OutgoingEmail(to=p.email, subject=subject, body=f"{body}\n\n{url}".strip())
            for p in people
            if p.email
        )

    transaction.on_commit(write)
