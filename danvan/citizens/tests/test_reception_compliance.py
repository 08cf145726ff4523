"""The heads' reception days against the legal minimum, for March 2025.

March 2025 starts on a Saturday. Its ISO weeks (a week belongs to the month of its Thursday) are
W1 03–09/03, W2 10–16/03, W3 17–23/03, W4 24–30/03; 01–02/03 belong to February and 31/03 to April.
"""

import datetime

import pytest

from danvan.citizens.fields import ensure_fields
from danvan.citizens.models import ReceptionRequirement, ReceptionSession
from danvan.citizens.reception_selectors import month_weeks, reception_compliance
from danvan.org import scoping
from danvan.org.models import Unit
from danvan.org.services import UnitSpec, unit_create

D = datetime.date
AFTER = D(2025, 4, 15)  # the month is over


def _held(unit, day, role="head", kind="regular"):
    ReceptionSession.objects.create(unit=unit, date=day, presiding_name="Người chủ trì", presiding_role=role,
                                    kind=kind)


@pytest.fixture
def march(tree):
    ensure_fields()
    commune, other = tree["commune"], tree["other_commune"]
    for day in (D(2025, 3, 1),  # February's last week
                D(2025, 3, 4), D(2025, 3, 5),  # W1, two days
                D(2025, 3, 12), D(2025, 3, 12),  # W2, two sessions on one day: one day
                D(2025, 3, 27),  # W4
                D(2025, 3, 31)):  # April's first week
        _held(commune, day)
    _held(commune, D(2025, 3, 19), role="deputy")  # W3: the deputy does not count
    _held(commune, D(2025, 3, 20), kind="ad_hoc")  # W3: ad hoc does not make up for the regular day
    for day in (D(2025, 3, 3), D(2025, 3, 10), D(2025, 3, 17), D(2025, 3, 24)):
        _held(other, day)
    _held(tree["province"], D(2025, 3, 31))  # monthly: the calendar month, so 31/03 counts
    _held(tree["dept"], D(2025, 3, 10), role="deputy")
    _held(tree["other_dept"], D(2025, 2, 28))
    _held(tree["other_dept"], D(2025, 4, 1))
    return tree


def _rows(result):
    return {row.unit.name: row for row in result.rows}


def test_weeks_belong_to_the_month_of_their_thursday():
    assert month_weeks(2025, 3) == [(D(2025, 3, 3), D(2025, 3, 9)), (D(2025, 3, 10), D(2025, 3, 16)),
                                    (D(2025, 3, 17), D(2025, 3, 23)), (D(2025, 3, 24), D(2025, 3, 30))]
    january = month_weeks(2025, 1)  # 01/01/2025 is a Wednesday: its week (from Monday 30/12/2024) is January's
    assert len(january) == 5 and january[0] == (D(2024, 12, 30), D(2025, 1, 5))
    assert january[-1] == (D(2025, 1, 27), D(2025, 2, 2))
    # Every day of 2025 is judged in exactly one month.
    days = [monday + datetime.timedelta(days=i) for m in range(1, 13) for monday, _ in month_weeks(2025, m)
            for i in range(7)]
    assert len(days) == len(set(days))


def test_a_commune_chairman_must_meet_every_week(march, people):
    rows = _rows(reception_compliance(year=2025, month=3, unit_ids=None, today=AFTER))
    commune = rows["Phường Quy Nhơn Nam"]
    # Head, regular, inside W1–W4: 04, 05, 12, 27 → 4 days. Weeks met: W1, W2, W4 (W3 had a deputy and an
    # ad-hoc day only). 4 days held against 4 required, but one week was missed: not met.
    assert (commune.every, commune.required, commune.held) == ("week", 4, 4)
    assert commune.days == [D(2025, 3, 4), D(2025, 3, 5), D(2025, 3, 12), D(2025, 3, 27)]
    assert [w.held for w in commune.weeks] == [2, 1, 0, 1] and commune.weeks_met == 3
    assert commune.ad_hoc_days == [D(2025, 3, 20)]
    assert commune.status == "not_met"
    assert commune.heads == [people["member"].get_full_name()]
    other = rows["Xã Đắk Pơ"]
    assert (other.required, other.held, other.weeks_met, other.status) == (4, 4, 4, "met")


def test_provincial_and_department_heads_need_one_day_in_the_calendar_month(march):
    rows = _rows(reception_compliance(year=2025, month=3, unit_ids=None, today=AFTER))
    assert (rows["Tỉnh Thử"].every, rows["Tỉnh Thử"].required, rows["Tỉnh Thử"].held) == ("month", 1, 1)
    assert rows["Tỉnh Thử"].status == "met"
    assert (rows["Sở Nội vụ"].held, rows["Sở Nội vụ"].status) == (0, "not_met")  # only the deputy received
    assert (rows["Sở Tư pháp"].held, rows["Sở Tư pháp"].status) == (0, "not_met")  # 28/02 and 01/04 are outside


def test_a_month_still_running_is_in_progress_not_failed(march):
    # Wednesday 19/03: W1 and W2 met, W3 not over yet, W4 to come; the departments have until 31/03.
    rows = _rows(reception_compliance(year=2025, month=3, unit_ids=None, today=D(2025, 3, 19)))
    assert rows["Phường Quy Nhơn Nam"].status == "in_progress"
    assert rows["Sở Nội vụ"].status == "in_progress"
    # Monday 24/03: W3 is over and was missed.
    rows = _rows(reception_compliance(year=2025, month=3, unit_ids=None, today=D(2025, 3, 24)))
    assert rows["Phường Quy Nhơn Nam"].status == "not_met"


def test_the_minimum_is_configurable(march):
    ReceptionRequirement.objects.filter(unit_kind="commune").update(min_days=2)
    ReceptionRequirement.objects.filter(unit_kind="department").update(min_days=1, every="week")
    rows = _rows(reception_compliance(year=2025, month=3, unit_ids=None, today=AFTER))
    assert (rows["Phường Quy Nhơn Nam"].required, rows["Phường Quy Nhơn Nam"].weeks_met) == (8, 1)  # only W1 had 2
    assert (rows["Sở Nội vụ"].every, rows["Sở Nội vụ"].required) == ("week", 4)
    ReceptionRequirement.objects.filter(unit_kind="province").delete()
    assert "Tỉnh Thử" not in _rows(reception_compliance(year=2025, month=3, unit_ids=None, today=AFTER))


def test_units_valid_in_the_month_only_owe_their_own_weeks(march):
    province = march["province"]
    unit_create(by=None, valid_from=D(2020, 1, 1), valid_to=D(2025, 2, 28),
                spec=UnitSpec(name="Sở Đã Hợp Nhất", kind=Unit.Kind.DEPARTMENT, parent=province))
    late = unit_create(by=None, valid_from=D(2025, 3, 21),
                       spec=UnitSpec(name="Xã Mới Lập", kind=Unit.Kind.COMMUNE, parent=province))
    _held(late, D(2025, 3, 25))
    rows = _rows(reception_compliance(year=2025, month=3, unit_ids=None, today=AFTER))
    assert "Sở Đã Hợp Nhất" not in rows  # ended before March
    assert (rows["Xã Mới Lập"].required, rows["Xã Mới Lập"].held, rows["Xã Mới Lập"].status) == (1, 1, "met")


def test_each_person_sees_the_units_they_may_see(march, people):
    officer_view = reception_compliance(year=2025, month=3, unit_ids=scoping.visible_unit_ids(people["owner"]),
                                        today=AFTER)
    assert [r.unit.name for r in officer_view.rows] == ["Phường Quy Nhơn Nam"]
    assert len(reception_compliance(year=2025, month=3, unit_ids=scoping.visible_unit_ids(people["coordinator"]),
                                    today=AFTER).rows) == 5


def test_four_queries_whatever_the_number_of_units(march, django_assert_max_num_queries):
    for i in range(20):
        unit = unit_create(by=None, valid_from=D(2020, 1, 1),
                           spec=UnitSpec(name=f"Xã Thêm {i}", kind=Unit.Kind.COMMUNE, parent=march["province"]))
        _held(unit, D(2025, 3, 5))
    with django_assert_max_num_queries(4):
        result = reception_compliance(year=2025, month=3, unit_ids=None, today=AFTER)
    assert len(result.rows) == 25
