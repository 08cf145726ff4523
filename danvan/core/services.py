"""Writes owned by core: the extra days off and make-up working days of the calendar."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record
from danvan.core import calendar
from danvan.core.models import CalendarDay
from danvan.core.text import nfc


def _forget_cached_calendar() -> None:
    """Now, for this transaction's own reads, and after commit, in case another thread refilled the cache
    with the old days in between. (Other processes pick the change up within the cache's minute.)"""
    calendar.clear_cache()
    transaction.on_commit(calendar.clear_cache)


@transaction.atomic
def calendar_day_set(*, by, date: datetime.date, kind: str, note: str = "") -> CalendarDay:
    """Record a day the government announced as an extra day off or a make-up working day."""
    if kind not in CalendarDay.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of day.")})
    if kind == CalendarDay.Kind.WORKING and date.weekday() < 5 and calendar.holiday_name(date) is None:
        raise ValidationError({"date": _("%(date)s is already a working day.") % {"date": f"{date:%d/%m/%Y}"}})
    day = CalendarDay.objects.filter(date=date).first()
    before = {"kind": day.kind, "note": day.note} if day else {"kind": None, "note": None}
    if day is None:
        day = CalendarDay(date=date)
    day.kind, day.note = kind, nfc(note)
    day.full_clean()
    day.save()
    audit_record(
        actor=by, action="calendar_day_set", obj=day,
        changes={"date": [None, date.isoformat()], "kind": [before["kind"], kind], "note": [before["note"], day.note]},
    )
    _forget_cached_calendar()
    return day


@transaction.atomic
def calendar_day_delete(*, by, day: CalendarDay) -> None:
    audit_record(actor=by, action="calendar_day_deleted", obj=day,
                 changes={"date": [day.date.isoformat(), None], "kind": [day.kind, None]})
    day.delete()
    _forget_cached_calendar()
