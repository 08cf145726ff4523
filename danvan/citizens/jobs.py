"""Scheduler jobs of the citizens app: the petitions' clocks. Idempotent: the clock column is the claim — a
conditional UPDATE moves a petition from one state to the next once, and only the worker that moved it sends
the warning."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.citizens.models import Petition
from danvan.core.notify import notify
from danvan.core.scheduler import job
from danvan.org import scoping
from danvan.org.models import Role

OPEN = [Petition.Status.RECEIVED, Petition.Status.CLASSIFIED, Petition.Status.IN_PROGRESS]


def _warn(petition: Petition, subject: str) -> None:
    people = list(scoping.people_of(petition.unit, roles={Role.UNIT_HEAD}))
    if petition.handler_id:
        people.append(petition.handler)
    notify(people, subject=subject, url=settings.SITE_URL.rstrip("/") + reverse("citizens:petition",
                                                                                  args=[petition.pk]))


@job
def petition_clocks_due(worker: str, today: datetime.date | None = None) -> int:
    """Mark open petitions due soon or overdue and warn the handler and the unit head, once per state."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=settings.PETITION_DUE_SOON_DAYS)
    moved = 0
    targets = [
        (Petition.Clock.OVERDUE, Petition.objects.filter(status__in=OPEN, resolve_due__lt=today)
         .exclude(clock=Petition.Clock.OVERDUE)),
        (Petition.Clock.DUE_SOON, Petition.objects.filter(status__in=OPEN, resolve_due__gte=today,
                                                          resolve_due__lte=soon, clock=Petition.Clock.RUNNING)),
    ]
    for state, candidates in targets:
        for petition in candidates.select_related("unit", "handler").iterator(chunk_size=500):
            won = Petition.objects.filter(pk=petition.pk, clock=petition.clock).update(clock=state)
            if not won:
                continue  # another worker moved it first
            moved += 1
            if state == Petition.Clock.OVERDUE:
                _warn(petition, _("Overdue since %(due)s: %(subject)s") % {
                    "due": f"{petition.resolve_due:%d/%m/%Y}", "subject": petition.subject[:120]})
            else:
                _warn(petition, _("Due on %(due)s: %(subject)s") % {
                    "due": f"{petition.resolve_due:%d/%m/%Y}", "subject": petition.subject[:120]})
    return moved
