import datetime

import pytest
from django.core.exceptions import ValidationError

from danvan.reporting.models import Period
from danvan.reporting.periods import default_periods, period_create, period_update

D = datetime.date


def test_default_windows_follow_the_decree_09_scheme():
    periods = {p.kind: p for p in default_periods(2025)}
    assert periods["Q1"].data_from == D(2024, 12, 15) and periods["Q1"].data_to == D(2025, 3, 14)
    assert periods["6M"].data_to == D(2025, 6, 14) and periods["9M"].data_to == D(2025, 9, 14)
    assert periods["YEAR"].data_from == D(2024, 12, 15) and periods["YEAR"].data_to == D(2025, 12, 14)
    assert periods["Q1"].due_date == D(2025, 3, 20)


def test_6m_9m_and_year_are_cumulative_and_q1_starts_the_year(plan, q1, h1):
    assert h1.cumulative and not q1.cumulative
    assert h1.data_from == q1.data_from == D(2024, 12, 15)


def test_a_plan_overrides_the_annual_due_date_like_the_seed(plan, people):
    year = period_create(by=people["coordinator"], plan=plan, kind="YEAR", data_to=D(2025, 11, 14),
                         due_date=D(2025, 11, 25))
    assert (year.data_from, year.data_to, year.due_date) == (D(2024, 12, 15), D(2025, 11, 14), D(2025, 11, 25))
    period_update(by=people["coordinator"], period=year, data_from=year.data_from, data_to=year.data_to,
                  due_date=D(2025, 11, 26), recipient="Sở Nội vụ")
    year.refresh_from_db()
    assert year.due_date == D(2025, 11, 26)


def test_a_second_period_of_the_same_kind_is_refused(plan):
    with pytest.raises(ValidationError):
        period_create(by=None, plan=plan, kind="Q1")
    assert plan.periods.filter(kind="Q1").count() == 1


def test_a_due_date_before_the_window_closes_is_refused_and_nothing_changes(plan, q1):
    with pytest.raises(ValidationError):
        period_update(by=None, period=q1, data_from=q1.data_from, data_to=q1.data_to, due_date=D(2025, 3, 1),
                      recipient="")
    assert Period.objects.get(pk=q1.pk).due_date == D(2025, 3, 20)


def test_an_ad_hoc_period_needs_its_dates(plan):
    with pytest.raises(ValidationError):
        period_create(by=None, plan=plan, kind="ADHOC")
    adhoc = period_create(by=None, plan=plan, kind="ADHOC", label="Báo cáo đột xuất", data_from=D(2025, 4, 1),
                          data_to=D(2025, 4, 30), due_date=D(2025, 5, 5))
    assert adhoc.display_name == "Báo cáo đột xuất"
