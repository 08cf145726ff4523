"""Scheduler jobs of the citizens app: the petitions' clocks. Idempotent: a column is the claim — a conditional
UPDATE moves a petition from one state to the next once, and only the worker that moved it sends the warning.
Two clocks are watched: the answer's (`resolve_due`, claimed by `clock`) and, while a complaint or denunciation
waits to be accepted or refused, the acceptance's (`accept_due`, claimed by `accept_warned_on`)."""

import datetime

from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.citizens.models import Petition
from danvan.citizens.selectors import OPEN_STATUSES
from danvan.citizens.services import shown_subject, tell_unit
from danvan.core.notify import notify
from danvan.core.scheduler import job
from danvan.org import scoping
from danvan.org.models import Role


@job
def petition_clocks_due(worker: str, today: datetime.date | None = None) -> int:
    """Mark open petitions due soon or overdue and warn the handler and the unit head, once per state; warn them
    too, once each, when a petition's acceptance (thụ lý) falls due or is late."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=settings.PETITION_DUE_SOON_DAYS)
    moved = 0
    targets = [
        (Petition.Clock.OVERDUE, Petition.objects.filter(status__in=OPEN_STATUSES, resolve_due__lt=today)
         .exclude(clock=Petition.Clock.OVERDUE)),
        (Petition.Clock.DUE_SOON, Petition.objects.filter(status__in=OPEN_STATUSES, resolve_due__gte=today,
                                                          resolve_due__lte=soon, clock=Petition.Clock.RUNNING)),
    ]
    for state, candidates in targets:
        for petition in candidates.select_related("unit", "handler").iterator(chunk_size=500):
            won = Petition.objects.filter(pk=petition.pk, clock=petition.clock).update(clock=state)
            if not won:
                continue  # another worker moved it first
            moved += 1
            values = {"due": f"{petition.resolve_due:%d/%m/%Y}", "subject": shown_subject(petition)}
            if state == Petition.Clock.OVERDUE:
                tell_unit(petition, _("Overdue since %(due)s: %(subject)s") % values)
            else:
                tell_unit(petition, _("Due on %(due)s: %(subject)s") % values)
    return moved + _acceptance_due(today, soon)


def _acceptance_due(today: datetime.date, soon: datetime.date) -> int:
    """Complaints and denunciations not yet accepted or refused (Luật Khiếu nại 2011, Điều 27: 10 days; Luật Tố
    cáo 2018, Điều 24: 7 working days): "due soon" once, "late" once, as for commitments' reminders."""
    waiting = Petition.objects.filter(status=Petition.Status.RECEIVED, accept_due__isnull=False)
    not_late_yet = Q(accept_warned_on__isnull=True) | Q(accept_warned_on__lte=F("accept_due"))
    stages = [
        ("late", waiting.filter(not_late_yet, accept_due__lt=today), not_late_yet),
        ("soon", waiting.filter(accept_warned_on__isnull=True, accept_due__gte=today, accept_due__lte=soon),
         Q(accept_warned_on__isnull=True)),
    ]
    warned = 0
    for stage, candidates, claim in stages:
        for petition in candidates.select_related("unit", "handler").order_by("accept_due", "pk").iterator(500):
            if not Petition.objects.filter(claim, pk=petition.pk, status=Petition.Status.RECEIVED).update(
                    accept_warned_on=today):
                continue  # another worker warned first, or it was classified meanwhile
            warned += 1
            values = {"due": f"{petition.accept_due:%d/%m/%Y}", "subject": shown_subject(petition)}
            if stage == "late":
                tell_unit(petition, _("Not accepted or refused by %(due)s as the law requires: %(subject)s") % values)
            else:
                tell_unit(petition, _("To be accepted or refused by %(due)s: %(subject)s") % values)
    return warned


# Dialogue commitments -------------------------------------------------------------------------------------------

# A reminder goes out when an open commitment falls due within this many days, and once more after its due date.
COMMITMENT_REMIND_DAYS_BEFORE = 7


@job
def commitment_reminders_due(worker: str, today: datetime.date | None = None) -> int:
    """Remind the owner and the unit's head of an open dialogue commitment: once when its due date comes near,
    once when it has passed. `reminded_on` is both the claim and the stage reached: a date on or before the due
    date means the "due soon" reminder went out, a later one the "overdue" reminder. A conditional UPDATE moves it
    forward and only the worker that moved it sends, in the same transaction, so a second run sends nothing."""
    from django.db import transaction
    from django.db.models import F, Q

    from danvan.citizens.models import Commitment

    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=COMMITMENT_REMIND_DAYS_BEFORE)
    open_ = Commitment.objects.filter(status=Commitment.Status.OPEN)
    not_overdue_yet = Q(reminded_on__isnull=True) | Q(reminded_on__lte=F("due_date"))
    stages = [
        ("overdue", open_.filter(not_overdue_yet, due_date__lt=today)),
        ("soon", open_.filter(reminded_on__isnull=True, due_date__gte=today, due_date__lte=soon)),
    ]
    sent = 0
    for stage, candidates in stages:
        claim = not_overdue_yet if stage == "overdue" else Q(reminded_on__isnull=True)
        rows = candidates.select_related("dialogue", "dialogue__unit", "owner_user").order_by("due_date", "pk")
        for commitment in rows.iterator(chunk_size=500):
            with transaction.atomic():
                if not Commitment.objects.filter(claim, pk=commitment.pk, status=Commitment.Status.OPEN).update(
                        reminded_on=today):
                    continue  # another worker reminded it first, or it was done meanwhile
                unit = commitment.dialogue.unit
                people = list(scoping.people_of(unit, roles={Role.UNIT_HEAD}))
                if commitment.owner_user_id:
                    people.append(commitment.owner_user)
                else:  # nobody named: the unit's officers follow it up
                    people += list(scoping.people_of(unit))
                values = {"due": f"{commitment.due_date:%d/%m/%Y}", "text": commitment.text[:120]}
                if stage == "overdue":
                    subject = _("Commitment overdue since %(due)s: %(text)s") % values
                else:
                    subject = _("Commitment due on %(due)s: %(text)s") % values
                notify(people, subject=subject, url=settings.SITE_URL.rstrip("/")
                       + reverse("citizens:dialogue", args=[commitment.dialogue_id]))
            sent += 1
    return sent
