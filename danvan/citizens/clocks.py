"""Statutory clocks of citizens' petitions, all counted by the calendar module (DESIGN §7, legal notes §3).

| kind | step | limit |
|---|---|---|
| khiếu nại | accept (thụ lý) | 10 days from receipt (Luật Khiếu nại 2011, Điều 27; 2nd instance Điều 36) |
| khiếu nại | resolve, 1st instance | 30 days from acceptance; complex 45; remote area 45, complex 60 (Điều 28) |
| khiếu nại | resolve, 2nd instance | 45 days; complex 60; remote area 60, complex 70 (Điều 37) |
| tố cáo | accept | 7 working days from receipt, up to 10 when verification is needed (Luật Tố cáo 2018, Điều 24) |
| tố cáo | resolve | 30 days from acceptance; extended once by ≤ 30 (complex) or twice (especially complex) (Điều 30) |
| kiến nghị, phản ánh | answer | FEEDBACK_ANSWER_WORKING_DAYS working days from receipt (default 10; a setting) |

"Days" are calendar days, moved to the next working day when the last one is a day off; working days skip
weekends, holidays and announced days off (core.calendar).
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext_noop

from danvan.core import calendar

COMPLAINT_ACCEPT_DAYS = 10
COMPLAINT_RESOLVE_DAYS = {  # (instance, remote, complex) → days
    (1, False, False): 30, (1, False, True): 45, (1, True, False): 45, (1, True, True): 60,
    (2, False, False): 45, (2, False, True): 60, (2, True, False): 60, (2, True, True): 70,
}
DENUNCIATION_ACCEPT_WORKING_DAYS = 7
DENUNCIATION_ACCEPT_WORKING_DAYS_EXTENDED = 10
DENUNCIATION_RESOLVE_DAYS = 30
# Extensions the law allows, per kind: (number of extensions, days each).
EXTENSION_LIMITS = {"denunciation": (2, 30)}


def accept_due(kind: str, received_on: datetime.date, *, needs_verification: bool = False) -> datetime.date | None:
    if kind == "complaint":
        return calendar.add_calendar_days(received_on, COMPLAINT_ACCEPT_DAYS)
    if kind == "denunciation":
        days = DENUNCIATION_ACCEPT_WORKING_DAYS_EXTENDED if needs_verification else DENUNCIATION_ACCEPT_WORKING_DAYS
        return calendar.add_working_days(received_on, days)
    return None


def resolve_due(kind: str, *, received_on: datetime.date, accepted_on: datetime.date | None, instance: int = 1,
                is_complex: bool = False, is_remote_area: bool = False, extended_days: int = 0) -> datetime.date:
    """The day by which the petition must be resolved or answered."""
    if kind == "complaint":
        days = COMPLAINT_RESOLVE_DAYS[(2 if instance >= 2 else 1, is_remote_area, is_complex)]
        return calendar.add_calendar_days(accepted_on or received_on, days + extended_days)
    if kind == "denunciation":
        return calendar.add_calendar_days(accepted_on or received_on, DENUNCIATION_RESOLVE_DAYS + extended_days)
    return calendar.add_working_days(received_on, settings.FEEDBACK_ANSWER_WORKING_DAYS + extended_days)


def extension_allowed(kind: str, extensions_so_far: int, days: int, *, is_complex: bool) -> str | None:
    """None when the law allows this extension, else why not (an English msgid for the caller to translate).

    Tố cáo: once by ≤ 30 days for a complex case, twice for an especially complex one (Điều 30). Khiếu nại: the
    longer limit for complex cases is the extension (mark the case complex). Kiến nghị, phản ánh: at most once,
    by ≤ the configured answer time."""
    if days <= 0:
        return gettext_noop("An extension must be at least one day.")
    if kind == "denunciation":
        if not is_complex:
            return gettext_noop("Only a complex denunciation may be extended.")
        count, limit = EXTENSION_LIMITS["denunciation"]
        if extensions_so_far >= count:
            return gettext_noop("A denunciation may be extended at most twice.")
        if days > limit:
            return gettext_noop("Each extension of a denunciation is at most 30 days.")
        return None
    if kind == "complaint":
        return gettext_noop("A complaint is not extended: mark it complex (or remote area) for the longer limit.")
    if extensions_so_far >= 1:
        return gettext_noop("A recommendation or feedback may be extended once.")
    if days > settings.FEEDBACK_ANSWER_WORKING_DAYS:
        return gettext_noop("The extension cannot be longer than the time to answer.")
    return None


def clock_state(due: datetime.date | None, today: datetime.date) -> str:
    if due is None:
        return "running"
    if today > due:
        return "overdue"
    if (due - today).days <= settings.PETITION_DUE_SOON_DAYS:
        return "due_soon"
    return "running"
