"""Assignment as the tree stands, on the real demo tree: Bình Định (20 departments, two of which merge on
01/03/2025, 11 districts) until 30/06/2025, then Gia Lai (the 19 departments moved under it, 135 communes)."""

import datetime

import pytest
import time_machine

from danvan.core.models import Notification
from danvan.org import selectors as org_selectors
from danvan.org.demo import DEPARTMENTS, MERGED_DEPARTMENTS
from danvan.org.models import Unit
from danvan.plans import selectors, services
from danvan.plans.demo import load_plan_demo
from danvan.plans.models import Plan

D = datetime.date
BEFORE_MERGER, Q1_DAY, AFTER_JULY = D(2025, 2, 1), D(2025, 3, 15), D(2025, 10, 1)


@pytest.fixture
def seed_plan(demo):
    load_plan_demo()
    return Plan.objects.get(issuer__name="Tỉnh Bình Định", parent__isnull=True)


def _kinds(units) -> dict[str, int]:
    counts: dict[str, int] = {}
    for unit in units:
        counts[unit.kind] = counts.get(unit.kind, 0) + 1
    return counts


def test_the_demo_has_the_department_counts_the_selector_relies_on(demo):
    binh_dinh = Unit.objects.get(name="Tỉnh Bình Định")
    gia_lai = Unit.objects.get(name="Tỉnh Gia Lai")
    departments = Unit.objects.filter(kind=Unit.Kind.DEPARTMENT)
    assert departments.valid_on(BEFORE_MERGER).filter(parent=binh_dinh).count() == len(DEPARTMENTS) == 20
    merged = len(DEPARTMENTS) - len(MERGED_DEPARTMENTS) + 1
    assert departments.valid_on(Q1_DAY).filter(parent=binh_dinh).count() == merged == 19
    assert departments.valid_on(AFTER_JULY).filter(parent=gia_lai).count() == 19


def test_in_march_the_plan_is_assigned_to_binh_dinhs_departments_and_districts(
    seed_plan, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        units = selectors.assigned_units(seed_plan, Q1_DAY)
    assert _kinds(units) == {"department": 19, "district": 11}
    assert {u.parent.name for u in units} == {"Tỉnh Bình Định"}
    assert all(u.is_valid_on(Q1_DAY) for u in units)
    assert "Sở Nông nghiệp và Môi trường" in {u.name for u in units}
    assert units[0].kind == "department" and units[-1].kind == "district"  # departments first, then by name


def test_before_the_department_merger_there_are_twenty_departments(seed_plan):
    units = selectors.assigned_units(seed_plan, BEFORE_MERGER)
    assert _kinds(units) == {"department": 20, "district": 11}
    assert "Sở Tài nguyên và Môi trường" in {u.name for u in units}


def test_after_july_the_plan_is_assigned_to_gia_lais_departments_and_communes(
    seed_plan, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        units = selectors.assigned_units(seed_plan, AFTER_JULY)
    assert _kinds(units) == {"department": 19, "commune": 135}
    assert {u.parent.name for u in units} == {"Tỉnh Gia Lai"}
    assert all(u.valid_from == D(2025, 7, 1) for u in units)


def test_the_issuer_successor_is_the_one_org_selectors_give(seed_plan):
    gia_lai = Unit.objects.get(name="Tỉnh Gia Lai")
    assert org_selectors.successors(seed_plan.issuer, as_of=AFTER_JULY) == [gia_lai]
    assert selectors.carried_on_by([seed_plan.issuer], AFTER_JULY) == {seed_plan.issuer.pk: [gia_lai]}


def test_carried_on_by_agrees_with_org_successors_for_every_old_commune(demo, django_assert_max_num_queries):
    communes = list(Unit.objects.filter(kind=Unit.Kind.COMMUNE, valid_to=D(2025, 6, 30)))
    assert len(communes) == 155
    with django_assert_max_num_queries(3):
        carried = selectors.carried_on_by(communes, AFTER_JULY)
    for commune in communes[::10]:
        assert carried[commune.pk] == org_selectors.successors(commune, as_of=AFTER_JULY), commune.name
    assert selectors.carried_on_by(communes[:3], Q1_DAY) == {c.pk: [c] for c in communes[:3]}


def test_units_assigned_by_name_follow_their_successors(seed_plan):
    old = Unit.objects.get(name="Sở Tài nguyên và Môi trường")
    services.plan_update(by=None, plan=seed_plan, assigned_kinds=["district"], assigned_units=[old])
    assert {u.name for u in selectors.assigned_units(seed_plan, BEFORE_MERGER) if u.kind == "department"} == {
        "Sở Tài nguyên và Môi trường"}
    march = selectors.assigned_units(seed_plan, Q1_DAY)
    assert [u.name for u in march if u.kind == "department"] == ["Sở Nông nghiệp và Môi trường"]
    october = selectors.assigned_units(seed_plan, AFTER_JULY)
    assert [(u.name, u.parent.name) for u in october] == [("Sở Nông nghiệp và Môi trường", "Tỉnh Gia Lai")]


def test_issuing_in_the_past_tells_the_people_who_carry_the_plan_on_today(
    seed_plan, django_capture_on_commit_callbacks
):
    # The demo's people hold their roles in the new units (restructuring moved them there on 01/07/2025).
    with time_machine.travel(datetime.datetime(2026, 1, 15, 9, 0), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        services.plan_issue(by=None, plan=seed_plan, number=12, issued_on=D(2025, 1, 20))
    notified = {n.recipient.username for n in Notification.objects.select_related("recipient")}
    assert notified == {"truongphuong", "canbophuong", "canboxa", "truongso"}


def test_status_shows_each_units_plan_and_a_predecessors_after_restructuring(
    seed_plan, django_assert_max_num_queries
):
    services.plan_issue(by=None, plan=seed_plan, number=12, issued_on=D(2025, 1, 20))
    old_justice = Unit.objects.get(name="Sở Tư pháp", valid_to=D(2025, 6, 30))
    old_agri = Unit.objects.get(name="Sở Nông nghiệp và Phát triển nông thôn")
    district = Unit.objects.filter(kind=Unit.Kind.DISTRICT).order_by("name").first()
    for unit in (old_justice, district):
        unit_plan = services.unit_plan_start(by=None, plan=seed_plan, unit=unit)
        services.unit_plan_approve(by=None, plan=unit_plan)
        services.unit_plan_issue(by=None, plan=unit_plan, number=3, issued_on=D(2025, 2, 10))
    services.unit_plan_start(by=None, plan=seed_plan, unit=old_agri)  # a draft, before the merger

    with django_assert_max_num_queries(7):
        march = dict(selectors.unit_plan_status(seed_plan, Q1_DAY))
    by_name = {u.name: p for u, p in march.items()}
    assert len(march) == 30
    assert by_name["Sở Tư pháp"].issuer == old_justice and by_name[district.name].is_issued()
    # The merged department inherits its predecessor's draft.
    assert by_name["Sở Nông nghiệp và Môi trường"].issuer == old_agri
    assert sum(1 for p in march.values() if p is None) == 27

    with django_assert_max_num_queries(8):
        october = selectors.unit_plan_status(seed_plan, AFTER_JULY)
    assert len(october) == 154
    with_plans = {u.name: p for u, p in october if p is not None}
    assert set(with_plans) == {"Sở Tư pháp", "Sở Nông nghiệp và Môi trường"}  # the district's plan has no heir
    assert with_plans["Sở Tư pháp"].issuer == old_justice


def test_startable_units_are_the_persons_assigned_units_without_a_plan(seed_plan):
    from danvan.accounts.models import User

    officer = User.objects.get(username="canbophuong")
    assert selectors.startable_units(seed_plan, officer) == []  # not issued yet
    services.plan_issue(by=None, plan=seed_plan, number=12, issued_on=D(2025, 1, 20))
    units = selectors.startable_units(seed_plan, officer)
    assert [u.name for u in units] == ["Phường Quy Nhơn Nam"]
    unit_plan = services.unit_plan_start(by=officer, plan=seed_plan, unit=units[0])
    assert (unit_plan.place, unit_plan.issuer_title) == ("Quy Nhơn Nam", "ỦY BAN NHÂN DÂN PHƯỜNG QUY NHƠN NAM")
    assert selectors.startable_units(seed_plan, officer) == []
    assert selectors.startable_units(seed_plan, User.objects.get(username="thulyphuong")) == []  # case handler
