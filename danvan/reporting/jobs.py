"""Scheduler jobs of the reporting loop. Each is idempotent: running the scheduler twice, or two schedulers at
once, opens no report twice and reminds nobody twice (a Reminder row is the claim, unique per period, unit
and offset)."""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from danvan.core.notify import notify
from danvan.core.scheduler import job
from danvan.org import scoping
from danvan.plans.models import Plan
from danvan.reporting.models import Period, Reminder, Report
from danvan.reporting.selectors import SENT, expected_units

log = logging.getLogger(__name__)


def _live_periods(today: datetime.date, before: int, after: int):
    return Period.objects.filter(
        plan__status=Plan.Status.ISSUED, plan__parent__isnull=True,
        due_date__gte=today - datetime.timedelta(days=after), due_date__lte=today + datetime.timedelta(days=before),
    ).select_related("plan")


def reminder_stage(period: Period, today: datetime.date) -> int | None:
    """The reminder offset that applies today (−7, −3, −1, +1, +3, +7 by default), or None. A scheduler that
    was stopped for a few days sends the latest stage reached, not every one it missed."""
    offsets = sorted([-d for d in settings.REMINDER_DAYS_BEFORE] + list(settings.REMINDER_DAYS_AFTER))
    stage = None
    for offset in offsets:
        if today >= period.due_date + datetime.timedelta(days=offset):
            stage = offset
    return stage


@job
def report_reminders_due(worker: str, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    before = max(settings.REMINDER_DAYS_BEFORE, default=0)
    after = max(settings.REMINDER_DAYS_AFTER, default=0)
    for period in _live_periods(today, before, after):
        stage = reminder_stage(period, today)
        if stage is None:
            continue
        units = expected_units(period)
        done = set(Report.objects.filter(period=period, status__in=SENT).values_list("unit_id", flat=True))
        reminded = set(Reminder.objects.filter(period=period, offset_days=stage).values_list("unit_id", flat=True))
        due = formats.date_format(period.due_date, "d/m/Y")
        for unit in units:
            if unit.pk in done or unit.pk in reminded:
                continue
            try:
                with transaction.atomic():
                    Reminder.objects.create(period=period, unit=unit, offset_days=stage)
                    if stage < 0:
                        subject = _("Reminder: the report for %(period)s is due on %(due)s") % {
                            "period": period.display_name, "due": due}
                    else:
                        subject = _("Overdue: the report for %(period)s was due on %(due)s") % {
                            "period": period.display_name, "due": due}
                    notify(scoping.people_of(unit), subject=subject,
                           url=settings.SITE_URL.rstrip("/") + reverse("reporting:mine"))
            except IntegrityError:
                continue  # another worker reminded this unit at this stage
            sent += 1
    return sent


@job
def reports_open_due(worker: str, today: datetime.date | None = None) -> int:
    """Open the period's report, pre-filled, for every expected unit that has none yet."""
    from danvan.reporting.services import report_open

    today = today or timezone.localdate()
    opened = 0
    for period in _live_periods(today, settings.REPORT_OPEN_DAYS_BEFORE, 0):
        existing = set(Report.objects.filter(period=period).values_list("unit_id", flat=True))
        for unit in expected_units(period):
            if unit.pk in existing:
                continue
            try:
                with transaction.atomic():
                    report_open(by=None, period=period, unit=unit)
            except IntegrityError:
                continue
            opened += 1
    return opened
