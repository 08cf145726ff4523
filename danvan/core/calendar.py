"""The working-day calendar: the one place where deadlines and statutory clocks are counted.

Working days are Monday to Friday, less Vietnamese public holidays (the `holidays` package: Tết, Hùng Kings,
30/4, 1/5, 2/9 and their substitute days) and less extra days off announced by the government, plus the
make-up working days it announces (often a Saturday; the package knows some of them too). Extra days off
and make-up days are `CalendarDay` rows, editable by administrators; a row wins over the package.
"""

import datetime
import threading
import time

import holidays
from django.utils import translation

_CACHE_SECONDS = 60
_lock = threading.Lock()
_cache: dict[int, tuple[float, frozenset[datetime.date], frozenset[datetime.date]]] = {}


def _year(year: int) -> tuple[frozenset[datetime.date], frozenset[datetime.date]]:
    """(days off, make-up working days) of one year, cached for a minute per process."""
    now = time.monotonic()
    with _lock:
        hit = _cache.get(year)
        if hit and now - hit[0] < _CACHE_SECONDS:
            return hit[1], hit[2]
    from danvan.core.models import CalendarDay

    public = holidays.country_holidays("VN", years=year)
    off = set(public.keys())
    # The package also knows the Saturdays worked in exchange for a bridge day off (26/4/2025 for 2/5/2025);
    # the set can also hold such days of other years, hence the filter.
    working = {day for day in public.weekend_workdays if day.year == year}
    for row in CalendarDay.objects.filter(date__year=year):
        if row.kind == CalendarDay.Kind.DAY_OFF:
            off.add(row.date)
            working.discard(row.date)
        else:
            working.add(row.date)
            off.discard(row.date)
    result = (frozenset(off), frozenset(working))
    with _lock:
        _cache[year] = (now, *result)
    return result


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def holiday_name(day: datetime.date) -> str | None:
    """The public holiday's name in the active language (the package would otherwise follow the server's
    locale: English under LANG=C)."""
    language = "en_US" if (translation.get_language() or "").startswith("en") else "vi"
    return holidays.country_holidays("VN", years=day.year, language=language).get(day)


def is_working_day(day: datetime.date) -> bool:
    off, working = _year(day.year)
    if day in working:
        return True
    if day in off:
        return False
    return day.weekday() < 5


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (the start day itself is not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def add_calendar_days(start: datetime.date, days: int) -> datetime.date:
    """Calendar-day limits (e.g. Luật Khiếu nại 2011, Điều 28: 30 days). If the last day is not a working
    day the limit moves to the next working day (Bộ luật Dân sự 2015, Điều 148)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start + datetime.timedelta(days=days)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
