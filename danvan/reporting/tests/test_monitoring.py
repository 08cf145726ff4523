import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from danvan.conftest import make_user
from danvan.core.models import Notification
from danvan.core.scheduler import run_once
from danvan.org.models import Unit
from danvan.org.services import UnitSpec, unit_merge
from danvan.reporting import jobs, selectors, services
from danvan.reporting.models import Reminder, Report

VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date


def at(year, month, day, hour=10):
    return time_machine.travel(datetime.datetime(year, month, day, hour, tzinfo=VN), tick=False)


@pytest.fixture
def heads(tree, people):
    """A head for every expected unit (the commune already has `member` as its head)."""
    return {
        "commune": people["member"],
        "other_commune": make_user("head_dp", unit=tree["other_commune"], role="unit_head"),
        "dept": make_user("head_nv", unit=tree["dept"], role="unit_head"),
        "other_dept": make_user("head_tp", unit=tree["other_dept"], role="unit_head"),
    }


def _send(period, unit, head, when):
    report = services.report_open(by=head, period=period, unit=unit)
    with at(*when):
        services.report_submit(by=head, report=report)
    return report


def test_expected_units_are_the_assigned_kinds_valid_on_the_due_date(q1, h1, tree):
    assert {u.name for u in selectors.expected_units(q1)} == {
        "Sở Nội vụ", "Sở Tư pháp", "Phường Quy Nhơn Nam", "Xã Đắk Pơ"}
    merged = unit_merge(by=None, predecessors=[tree["commune"], tree["other_commune"]], date=D(2025, 4, 1),
                        new=UnitSpec(name="Phường Mới", kind=Unit.Kind.COMMUNE, parent=tree["province"]))
    assert merged.started == ["Phường Mới (Tỉnh Thử)"]
    assert {u.name for u in selectors.expected_units(q1)} >= {"Phường Quy Nhơn Nam", "Xã Đắk Pơ"}
    assert {u.name for u in selectors.expected_units(h1)} == {"Sở Nội vụ", "Sở Tư pháp", "Phường Mới"}


def test_monitoring_counts_and_dhis2_rates(q1, tree, heads):
    _send(q1, tree["commune"], heads["commune"], (2025, 3, 18))
    _send(q1, tree["dept"], heads["dept"], (2025, 3, 22))
    on_time = _send(q1, tree["other_dept"], heads["other_dept"], (2025, 3, 19))
    m = selectors.monitoring(q1, today=D(2025, 3, 25))
    assert (m.expected, m.submitted, m.on_time, m.late, m.missing) == (4, 3, 2, 1, 1)
    assert m.reporting_rate == 75.0 and m.timeliness_rate == 50.0
    assert [u.name for u in m.late_units()] == ["Xã Đắk Pơ"]
    statuses = {row.unit.name: row.status for row in m.rows}
    assert statuses["Xã Đắk Pơ"] == "overdue" and statuses["Sở Nội vụ"] == "late"
    assert Report.objects.get(pk=on_time.pk).on_time is True
    before_due = selectors.monitoring(q1, today=D(2025, 3, 10))
    assert {row.status for row in before_due.rows if not row.sent} == {"not_sent"}


def test_a_returned_report_counts_as_missing_until_resent(q1, tree, heads, people):
    report = _send(q1, tree["commune"], heads["commune"], (2025, 3, 18))
    services.report_return(by=people["coordinator"], report=report, comment="Bổ sung")
    m = selectors.monitoring(q1, today=D(2025, 3, 25))
    assert m.submitted == 0 and m.returned == 1 and m.missing == 4


def test_reminders_go_once_per_stage_and_only_to_units_that_have_not_sent(
    q1, tree, heads, people, django_capture_on_commit_callbacks
):
    _send(q1, tree["dept"], heads["dept"], (2025, 3, 12))
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.report_reminders_due("w1", today=D(2025, 3, 13)) == 3  # 7 days before: three units left
        assert jobs.report_reminders_due("w2", today=D(2025, 3, 13)) == 0  # a second run sends nothing
        assert jobs.report_reminders_due("w1", today=D(2025, 3, 14)) == 0  # same stage
        assert jobs.report_reminders_due("w1", today=D(2025, 3, 17)) == 3  # 3 days before
        assert jobs.report_reminders_due("w1", today=D(2025, 3, 21)) == 3  # 1 day after: overdue
    assert Reminder.objects.filter(unit=tree["dept"]).count() == 0
    owner_notes = Notification.objects.filter(recipient=people["owner"]).order_by("created_at")
    assert owner_notes.count() == 3
    assert owner_notes.last().subject.startswith("Quá hạn")
    assert "20/03/2025" in owner_notes.first().subject
    assert jobs.reminder_stage(q1, D(2025, 3, 1)) is None
    assert jobs.reminder_stage(q1, D(2025, 3, 30)) == 7


@pytest.mark.django_db(transaction=True)
def test_running_the_whole_scheduler_twice_sends_nothing_twice(q1_transactional):
    period, unit_count = q1_transactional
    with at(2025, 3, 13):
        first = run_once("a")
        second = run_once("b")
    assert first["report_reminders_due"] == unit_count and second["report_reminders_due"] == 0
    assert first["reports_open_due"] == unit_count and second["reports_open_due"] == 0
    assert Reminder.objects.count() == unit_count


@pytest.fixture
def q1_transactional(transactional_db):
    from danvan.plans.models import Plan, Task
    from danvan.reporting.periods import period_create

    province = Unit.objects.create(name="Tỉnh Thử", name_folded="tinh thu", kind=Unit.Kind.PROVINCE)
    for name in ("Xã A", "Xã B"):
        commune = Unit.objects.create(name=name, name_folded=name.lower(), kind=Unit.Kind.COMMUNE, parent=province)
        make_user(f"cb-{commune.pk}", unit=commune, role="unit_officer")
    plan = Plan.objects.create(issuer=province, year=2025, title="KH", status=Plan.Status.ISSUED,
                               assigned_kinds=["commune"])
    Task.objects.create(plan=plan, number=1, title="Nhiệm vụ")
    return period_create(by=None, plan=plan, kind="Q1"), 2
