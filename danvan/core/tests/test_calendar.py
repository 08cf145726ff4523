import datetime
from types import SimpleNamespace

import holidays
import pytest
from django.utils import translation

from danvan.core import calendar
from danvan.core.models import CalendarDay

D = datetime.date
pytestmark = pytest.mark.django_db


def test_every_tet_2026_holiday_of_the_package_is_a_day_off():
    tet = [
        day
        for day, name in holidays.country_holidays("VN", years=2026, language="en_US").items()
        if "Lunar New Year" in name
    ]
    assert len(tet) >= 5
    assert not any(calendar.is_working_day(day) for day in tet)


def test_tet_2026_takes_the_whole_week_of_16_to_20_february():
    week = [D(2026, 2, 16) + datetime.timedelta(days=n) for n in range(5)]
    assert [day.weekday() for day in week] == [0, 1, 2, 3, 4]  # Monday to Friday: off only as holidays
    assert not any(calendar.is_working_day(day) for day in week)
    assert calendar.is_working_day(D(2026, 2, 13))
    assert calendar.is_working_day(D(2026, 2, 23))


@pytest.mark.parametrize(
    "day",
    [D(2025, 9, 2), D(2025, 9, 1), D(2025, 4, 30), D(2025, 5, 1), D(2025, 5, 2), D(2026, 1, 1)],
    ids=str,
)
def test_public_holidays_on_weekdays_are_days_off(day):
    assert day.weekday() < 5
    assert not calendar.is_working_day(day)


def test_weekends_are_off_and_weekdays_are_working_days():
    assert not calendar.is_working_day(D(2026, 3, 7))  # Saturday
    assert not calendar.is_working_day(D(2026, 3, 8))  # Sunday
    assert all(calendar.is_working_day(D(2026, 3, day)) for day in range(9, 14))


def test_a_saturday_worked_in_exchange_for_a_bridge_day_is_a_working_day():
    # 2025: Friday 2/5 off, made up on Saturday 26/4 (the `holidays` package knows the swap).
    assert not calendar.is_working_day(D(2025, 5, 2))
    assert calendar.is_working_day(D(2025, 4, 26))


def test_an_extra_day_off_makes_a_weekday_off():
    day = D(2026, 3, 11)
    assert calendar.is_working_day(day)
    CalendarDay.objects.create(date=day, kind=CalendarDay.Kind.DAY_OFF, note="Nghỉ bù")
    calendar.clear_cache()
    assert not calendar.is_working_day(day)


def test_a_make_up_working_day_makes_a_saturday_a_working_day():
    saturday = D(2026, 3, 7)
    assert not calendar.is_working_day(saturday)
    CalendarDay.objects.create(date=saturday, kind=CalendarDay.Kind.WORKING, note="Làm bù")
    calendar.clear_cache()
    assert calendar.is_working_day(saturday)
    assert not calendar.is_working_day(D(2026, 3, 8))


def test_calendar_rows_win_over_the_package():
    CalendarDay.objects.create(date=D(2025, 9, 2), kind=CalendarDay.Kind.WORKING)
    CalendarDay.objects.create(date=D(2025, 4, 26), kind=CalendarDay.Kind.DAY_OFF)
    calendar.clear_cache()
    assert calendar.is_working_day(D(2025, 9, 2))
    assert not calendar.is_working_day(D(2025, 4, 26))


def test_calendar_rows_are_read_again_once_the_cached_minute_is_over(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(calendar, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    day = D(2026, 3, 11)
    assert calendar.is_working_day(day)
    CalendarDay.objects.create(date=day, kind=CalendarDay.Kind.DAY_OFF)
    clock[0] += 59
    assert calendar.is_working_day(day)  # still the cached year
    clock[0] += 2
    assert not calendar.is_working_day(day)


def test_one_working_day_after_the_last_day_before_tet_lands_after_the_holiday_block():
    assert calendar.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert calendar.add_working_days(D(2026, 2, 12), 2) == D(2026, 2, 23)
    assert calendar.add_working_days(D(2026, 2, 9), 9) == D(2026, 2, 27)


def test_add_working_days_skips_weekends_and_crosses_the_new_year():
    assert calendar.add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)  # Friday + 1: Monday
    assert calendar.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 2)  # over 1/1
    assert calendar.add_working_days(D(2026, 3, 7), 0) == D(2026, 3, 7)  # nothing to count


def test_add_working_days_counts_a_make_up_saturday():
    CalendarDay.objects.create(date=D(2026, 3, 7), kind=CalendarDay.Kind.WORKING)
    calendar.clear_cache()
    assert calendar.add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 7)


def test_a_calendar_day_limit_ending_on_a_weekend_moves_to_monday():
    # Luật Khiếu nại 2011, Điều 28: 30 days. 02/01/2026 + 30 = Sunday 01/02/2026.
    assert calendar.add_calendar_days(D(2026, 1, 2), 30) == D(2026, 2, 2)


def test_a_calendar_day_limit_ending_on_a_holiday_moves_past_it():
    assert calendar.add_calendar_days(D(2025, 8, 2), 30) == D(2025, 9, 3)  # 1/9 and 2/9 off
    assert calendar.add_calendar_days(D(2026, 1, 17), 30) == D(2026, 2, 23)  # lands on Tết eve


def test_a_calendar_day_limit_ending_on_a_working_day_stays():
    assert calendar.add_calendar_days(D(2026, 3, 2), 30) == D(2026, 4, 1)


def test_working_days_between_counts_after_start_up_to_and_including_end():
    assert calendar.working_days_between(D(2026, 3, 2), D(2026, 3, 9)) == 5
    assert calendar.working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1
    assert calendar.working_days_between(D(2026, 2, 9), D(2026, 2, 27)) == 9


def test_working_days_between_counts_the_end_day_and_not_the_start_day():
    assert calendar.working_days_between(D(2026, 3, 6), D(2026, 3, 7)) == 0  # Friday to Saturday
    assert calendar.working_days_between(D(2026, 3, 7), D(2026, 3, 9)) == 1  # Saturday to Monday


def test_working_days_between_is_zero_when_end_is_not_after_start():
    assert calendar.working_days_between(D(2026, 3, 9), D(2026, 3, 9)) == 0
    assert calendar.working_days_between(D(2026, 3, 9), D(2026, 3, 2)) == 0


@pytest.mark.parametrize("days", [1, 5, 10, 30])
def test_working_days_between_undoes_add_working_days(days):
    start = D(2026, 2, 2)
    assert calendar.working_days_between(start, calendar.add_working_days(start, days)) == days


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        calendar.add_working_days(D(2026, 3, 2), -1)
    with pytest.raises(ValueError):
        calendar.add_calendar_days(D(2026, 3, 2), -1)


def test_holiday_name_speaks_the_active_language():
    with translation.override("vi"):
        assert calendar.holiday_name(D(2026, 2, 17)) == "Tết Nguyên Đán"
        assert calendar.holiday_name(D(2025, 9, 2)) == "Quốc khánh"
    with translation.override("en"):
        assert calendar.holiday_name(D(2026, 2, 17)) == "Lunar New Year"
    assert calendar.holiday_name(D(2026, 3, 9)) is None
