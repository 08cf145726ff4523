"""Communes without their yearly dialogue conference (Luật Thực hiện dân chủ ở cơ sở 2022, Điều 32)."""

import datetime

from danvan.citizens.models import Dialogue
from danvan.citizens.reception_selectors import dialogue_compliance
from danvan.org import scoping
from danvan.org.models import Unit
from danvan.org.services import UnitSpec, unit_create

D = datetime.date


def _dialogue(unit, day, annual=True):
    Dialogue.objects.create(unit=unit, date=day, presiding_name="Chủ tịch", topic="Đối thoại",
                            is_annual_conference=annual)


def test_communes_without_a_conference_in_the_year(tree, django_assert_max_num_queries):
    province = tree["province"]
    merged = unit_create(by=None, valid_from=D(2020, 1, 1), valid_to=D(2025, 6, 30),
                         spec=UnitSpec(name="Xã Cũ", kind=Unit.Kind.COMMUNE, parent=province))
    unit_create(by=None, valid_from=D(2025, 7, 1),
                spec=UnitSpec(name="Xã Mới", kind=Unit.Kind.COMMUNE, parent=province))
    unit_create(by=None, valid_from=D(2020, 1, 1), valid_to=D(2024, 12, 31),
                spec=UnitSpec(name="Xã Đã Giải Thể", kind=Unit.Kind.COMMUNE, parent=province))
    _dialogue(tree["commune"], D(2025, 1, 1))  # first day of the year: counts
    _dialogue(tree["other_commune"], D(2024, 12, 31))  # the year before: does not
    _dialogue(tree["other_commune"], D(2026, 1, 1))  # the year after: does not
    _dialogue(tree["other_commune"], D(2025, 6, 1), annual=False)  # not the yearly conference
    _dialogue(merged, D(2025, 6, 30))  # on its last day, before the merger
    _dialogue(tree["dept"], D(2025, 3, 1))  # a department is not a commune
    with django_assert_max_num_queries(2):
        result = dialogue_compliance(year=2025, unit_ids=None)
    rows = {r.unit.name: r for r in result.rows}
    assert sorted(rows) == ["Phường Quy Nhơn Nam", "Xã Cũ", "Xã Mới", "Xã Đắk Pơ"]  # not the dissolved one
    assert rows["Phường Quy Nhơn Nam"].conferences == [D(2025, 1, 1)]
    assert [r.unit.name for r in result.missing] == ["Xã Đắk Pơ", "Xã Mới"]  # by folded name
    assert result.held == 2
    assert (rows["Xã Cũ"].whole_year, rows["Xã Mới"].whole_year, rows["Xã Đắk Pơ"].whole_year) == (False, False, True)
    assert [r.unit.name for r in dialogue_compliance(year=2024, unit_ids=None).missing] == [
        "Phường Quy Nhơn Nam", "Xã Cũ", "Xã Đã Giải Thể"]


def test_each_person_sees_their_communes(tree, people):
    result = dialogue_compliance(year=2025, unit_ids=scoping.visible_unit_ids(people["outsider"]))
    assert [r.unit for r in result.rows] == [tree["other_commune"]]
