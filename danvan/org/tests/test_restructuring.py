import datetime

import pytest
from django.core.exceptions import ValidationError

from danvan.audit.models import AuditEntry
from danvan.audit.services import verify_chain
from danvan.org import selectors
from danvan.org.models import Membership, RestructuringEvent, Role, Unit
from danvan.org.services import (
    UnitSpec,
    preview_restructuring,
    unit_create,
    unit_dissolve,
    unit_merge,
    unit_move,
    unit_rename,
    unit_split,
)

D = datetime.date
DAY = D(2025, 7, 1)
BEFORE = D(2025, 6, 30)


def _district_with_communes(tree):
    district = unit_create(by=None, valid_from=D(2020, 1, 1),
                           spec=UnitSpec(name="Huyện Tuy Phước", kind=Unit.Kind.DISTRICT, parent=tree["province"]))
    a = unit_create(by=None, valid_from=D(2020, 1, 1),
                    spec=UnitSpec(name="Xã Phước An", kind=Unit.Kind.COMMUNE, parent=district))
    b = unit_create(by=None, valid_from=D(2020, 1, 1),
                    spec=UnitSpec(name="Xã Phước Thành", kind=Unit.Kind.COMMUNE, parent=district))
    return district, a, b


def test_merge_into_a_new_unit_ends_predecessors_the_day_before_and_links_them(people, tree):
    admin = people["admin"]
    result = unit_merge(
        by=admin, predecessors=[tree["dept"], tree["other_dept"]], date=DAY,
        new=UnitSpec(name="Sở Nội vụ và Tư pháp", kind=Unit.Kind.DEPARTMENT, parent=tree["province"]),
    )
    tree["dept"].refresh_from_db()
    tree["other_dept"].refresh_from_db()
    assert tree["dept"].valid_to == BEFORE and tree["other_dept"].valid_to == BEFORE
    new = Unit.objects.get(name="Sở Nội vụ và Tư pháp")
    assert new.valid_from == DAY and new.parent == tree["province"]
    event = result.events[0]
    assert event.kind == RestructuringEvent.Kind.MERGE and event.date == DAY
    assert set(event.predecessors.all()) == {tree["dept"], tree["other_dept"]}
    assert list(event.successors.all()) == [new]
    assert selectors.successors(tree["dept"]) == [new]
    assert selectors.direct_predecessors(new) == sorted([tree["dept"], tree["other_dept"]], key=lambda u: u.name)
    # The coordinator's membership follows the merged unit.
    assert Membership.objects.get(user=people["coordinator"], role=Role.COORDINATOR).unit == new
    assert AuditEntry.objects.filter(action="unit_merge", actor_id=admin.pk).count() == 1
    assert AuditEntry.objects.filter(action="unit_ended").count() == 2
    assert verify_chain()[0]


def test_tree_as_of_a_date_shows_the_tree_that_was_valid_then(tree):
    district, a, b = _district_with_communes(tree)
    merged = unit_create(by=None, valid_from=DAY,
                         spec=UnitSpec(name="Xã Tuy Phước", kind=Unit.Kind.COMMUNE, parent=tree["province"]))
    unit_merge(by=None, predecessors=[a, b], successor=merged, date=DAY)
    unit_dissolve(by=None, unit=district, date=DAY)
    before = {n.unit.name for n in selectors.tree_as_of(BEFORE)}
    after = {n.unit.name for n in selectors.tree_as_of(DAY)}
    assert {"Huyện Tuy Phước", "Xã Phước An", "Xã Phước Thành"} <= before
    assert "Xã Tuy Phước" not in before
    assert "Xã Tuy Phước" in after
    assert not {"Huyện Tuy Phước", "Xã Phước An", "Xã Phước Thành"} & after
    depth = {n.unit.name: n.depth for n in selectors.tree_as_of(BEFORE)}
    assert depth["Tỉnh Thử"] == 0 and depth["Huyện Tuy Phước"] == 1 and depth["Xã Phước An"] == 2


def test_tree_search_ignores_diacritics_and_keeps_the_path(tree):
    names = [n.unit.name for n in selectors.tree_as_of(D(2025, 8, 1), query="quy nhon")]
    assert names == ["Tỉnh Thử", "Phường Quy Nhơn Nam"]
    assert [n.unit.name for n in selectors.tree_as_of(D(2025, 8, 1), query="dak po")] == ["Tỉnh Thử", "Xã Đắk Pơ"]


def test_successors_follow_several_events_to_the_units_valid_on_a_date(tree):
    first = unit_rename(by=None, unit=tree["dept"], date=D(2025, 3, 1), name="Sở Nội vụ (mới)")
    renamed = first.events[0].successors.get()
    unit_merge(by=None, predecessors=[renamed, tree["other_dept"]], date=DAY,
               new=UnitSpec(name="Sở Hợp nhất", kind=Unit.Kind.DEPARTMENT, parent=tree["province"]))
    final = Unit.objects.get(name="Sở Hợp nhất")
    assert selectors.successors(tree["dept"]) == [final]
    assert selectors.successors(tree["dept"], as_of=D(2025, 4, 1)) == [renamed]
    assert selectors.successors(tree["dept"], as_of=D(2025, 8, 1)) == [final]
    assert selectors.successors(tree["dept"], as_of=D(2024, 1, 1)) == [tree["dept"]]
    assert selectors.successors(final) == []


def test_split_gives_sub_units_and_members_to_the_first_successor(people, tree):
    result = unit_split(
        by=people["admin"], unit=tree["commune"], date=DAY,
        new=[UnitSpec(name="Phường A", kind=Unit.Kind.COMMUNE, parent=tree["province"]),
             UnitSpec(name="Phường B", kind=Unit.Kind.COMMUNE, parent=tree["province"])],
    )
    event = result.events[0]
    assert event.kind == RestructuringEvent.Kind.SPLIT
    assert {u.name for u in selectors.successors(tree["commune"])} == {"Phường A", "Phường B"}
    assert Membership.objects.get(user=people["owner"]).unit.name == "Phường A"


def test_rename_moves_valid_sub_units_under_the_new_row_as_caused_moves(tree):
    district, a, b = _district_with_communes(tree)
    result = unit_rename(by=None, unit=district, date=DAY, name="Thị xã Tuy Phước")
    new = Unit.objects.get(name="Thị xã Tuy Phước")
    assert {c.name for c in new.children.valid_on(DAY)} == {"Xã Phước An", "Xã Phước Thành"}
    assert len(result.moved_units) == 2
    moves = RestructuringEvent.objects.filter(kind=RestructuringEvent.Kind.MOVE)
    assert moves.count() == 2 and all(m.cause == result.events[0] for m in moves)
    # Before the date the old tree stands untouched.
    assert {c.name for c in district.children.valid_on(BEFORE)} == {"Xã Phước An", "Xã Phước Thành"}


def test_move_changes_the_parent_from_the_date(tree):
    district, a, _b = _district_with_communes(tree)
    unit_move(by=None, unit=a, date=DAY, parent=tree["province"])
    moved = Unit.objects.get(name="Xã Phước An", valid_from=DAY)
    assert moved.parent == tree["province"]
    assert selectors.successors(a) == [moved]


def test_a_unit_cannot_move_under_its_own_sub_unit(tree):
    district, a, _b = _district_with_communes(tree)
    with pytest.raises(ValidationError):
        unit_move(by=None, unit=district, date=DAY, parent=a)


def test_dissolve_refuses_a_unit_that_still_has_sub_units_and_changes_nothing(tree):
    district, _a, _b = _district_with_communes(tree)
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        unit_dissolve(by=None, unit=district, date=DAY)
    assert "Xã Phước An" in " ".join(error.value.messages)
    district.refresh_from_db()
    assert district.valid_to is None
    assert RestructuringEvent.objects.count() == 0
    assert AuditEntry.objects.count() == entries


def test_a_unit_already_ended_cannot_be_restructured_again(tree):
    unit_dissolve(by=None, unit=tree["other_commune"], date=DAY)
    tree["other_commune"].refresh_from_db()
    with pytest.raises(ValidationError):
        unit_dissolve(by=None, unit=tree["other_commune"], date=D(2025, 9, 1))


def test_preview_shows_what_would_move_and_writes_nothing(people, tree):
    district, _a, _b = _district_with_communes(tree)
    units, events, entries = Unit.objects.count(), RestructuringEvent.objects.count(), AuditEntry.objects.count()
    preview = preview_restructuring(unit_rename, by=people["admin"], unit=district, date=DAY, name="Thị xã Mới")
    assert preview.ended == ["Huyện Tuy Phước (Tỉnh Thử)"]
    assert preview.started == ["Thị xã Mới (Tỉnh Thử)"]
    assert sorted(preview.moved_units) == ["Xã Phước An: Huyện Tuy Phước → Thị xã Mới",
                                           "Xã Phước Thành: Huyện Tuy Phước → Thị xã Mới"]
    assert (Unit.objects.count(), RestructuringEvent.objects.count(), AuditEntry.objects.count()) == (
        units, events, entries)
    district.refresh_from_db()
    assert district.valid_to is None


def test_merge_into_a_new_unit_needs_two_units(tree):
    with pytest.raises(ValidationError):
        unit_merge(by=None, predecessors=[tree["dept"]], date=DAY,
                   new=UnitSpec(name="X", kind=Unit.Kind.DEPARTMENT, parent=tree["province"]))
