import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.audit.models import AuditEntry
from danvan.core.models import Notification
from danvan.plans.models import Plan
from danvan.reporting import services
from danvan.reporting.models import Indicator, IndicatorValue, Report

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year, month, day, hour=10):
    return time_machine.travel(datetime.datetime(year, month, day, hour, tzinfo=VN), tick=False)


def _value(report, code):
    return IndicatorValue.objects.get(report=report, indicator__code=code)


def _ids(report, **codes):
    return {Indicator.objects.get(code=code).pk: {"value": value} for code, value in codes.items()}


@pytest.fixture
def report(q1, tree, people):
    return services.report_open(by=people["owner"], period=q1, unit=tree["commune"])


def test_a_report_opens_prefilled_from_its_sources(q1, tree, people, plan):
    Plan.objects.create(issuer=tree["commune"], parent=plan, year=2025, title="Kế hoạch của phường",
                        status=Plan.Status.ISSUED, number=3, issued_on=datetime.date(2025, 2, 1))
    report = services.report_open(by=people["owner"], period=q1, unit=tree["commune"])
    issued = _value(report, "KH_BAN_HANH")
    assert issued.computed == Decimal(1) and issued.value == Decimal(1) and not issued.overridden
    assert report.narratives.count() == 3
    assert report.values.count() == Indicator.objects.filter(active=True).count()
    assert services.report_open(by=people["owner"], period=q1, unit=tree["commune"]) == report  # once only


def test_a_half_filled_draft_is_kept_and_an_override_keeps_the_computed_value(report, people):
    task = report.narratives.first().task
    services.report_save(by=people["owner"], report=report, narratives={task.pk: {"results": "Tổ chức 3 hội nghị"}},
                         values=_ids(report, TT_HOI_NGHI="3", KH_BAN_HANH="2"))
    assert report.narratives.get(task=task).results == "Tổ chức 3 hội nghị"
    assert _value(report, "TT_HOI_NGHI").value == 3
    issued = _value(report, "KH_BAN_HANH")
    assert issued.value == 2 and issued.computed == 0 and issued.overridden
    assert report.versions.count() == 2  # opened, saved
    assert AuditEntry.objects.filter(action="report_saved", object_id=str(report.pk)).exists()


def test_vietnamese_number_forms_are_read(report, people):
    services.report_save(by=people["owner"], report=report, values=_ids(report, TT_LUOT_DAN="1.234", DON_NHAN="12,0"))
    assert _value(report, "TT_LUOT_DAN").value == 1234
    assert _value(report, "DON_NHAN").value == 12


def test_a_value_that_is_not_a_number_is_refused_and_nothing_is_saved(report, people):
    task = report.narratives.first().task
    with pytest.raises(ValidationError, match="không phải là số"):
        services.report_save(by=people["owner"], report=report, narratives={task.pk: {"results": "mất?"}},
                             values=_ids(report, TT_HOI_NGHI="ba"))
    assert report.narratives.get(task=task).results == ""
    assert report.versions.count() == 1


def test_an_outsider_cannot_write_the_report(report, people):
    with pytest.raises(PermissionDenied):
        services.report_save(by=people["outsider"], report=report, values=_ids(report, TT_HOI_NGHI="1"))


def test_only_the_head_submits_and_on_time_means_by_the_due_date(report, people, django_capture_on_commit_callbacks):
    with pytest.raises(PermissionDenied):
        services.report_submit(by=people["owner"], report=report)
    with at(2025, 3, 18), django_capture_on_commit_callbacks(execute=True):
        services.report_submit(by=people["member"], report=report)
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED and report.on_time is True
    assert Notification.objects.filter(recipient=people["coordinator"]).exists()
    with pytest.raises(ValidationError):
        services.report_save(by=people["owner"], report=report, values=_ids(report, TT_HOI_NGHI="1"))


def test_a_report_sent_after_the_due_date_is_late(report, people):
    with at(2025, 3, 21):
        services.report_submit(by=people["member"], report=report)
    report.refresh_from_db()
    assert report.on_time is False


def test_returned_report_stays_on_time_only_if_resent_by_the_revision_deadline(
    report, people, q1, tree, django_capture_on_commit_callbacks
):
    with at(2025, 3, 18):
        services.report_submit(by=people["member"], report=report)
    with at(2025, 3, 19), django_capture_on_commit_callbacks(execute=True):
        services.report_return(by=people["coordinator"], report=report, comment="Bổ sung số liệu tiếp dân")
    report.refresh_from_db()
    assert report.status == Report.Status.RETURNED and report.revision_due == datetime.date(2025, 3, 26)
    assert Notification.objects.filter(recipient=people["owner"], body="Bổ sung số liệu tiếp dân").exists()
    with at(2025, 3, 25):
        services.report_submit(by=people["member"], report=report)
    report.refresh_from_db()
    assert report.on_time is True
    other = services.report_open(by=people["outsider"], period=q1, unit=tree["other_commune"])
    from danvan.conftest import make_user

    head = make_user("head2", unit=tree["other_commune"], role="unit_head")
    with at(2025, 3, 18):
        services.report_submit(by=head, report=other)
    with at(2025, 3, 19):
        services.report_return(by=people["coordinator"], report=other, comment="Thiếu")
    with at(2025, 3, 27):
        services.report_submit(by=head, report=other)
    other.refresh_from_db()
    assert other.on_time is False


def test_a_return_needs_a_comment_and_only_coordinators_review(report, people):
    with at(2025, 3, 18):
        services.report_submit(by=people["member"], report=report)
    with pytest.raises(ValidationError):
        services.report_return(by=people["coordinator"], report=report, comment="  ")
    with pytest.raises(PermissionDenied):
        services.report_accept(by=people["member"], report=report)
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_accepted_reports_are_locked_until_reopened_with_a_reason(report, people):
    with at(2025, 3, 18):
        services.report_submit(by=people["member"], report=report)
    services.report_accept(by=people["coordinator"], report=report)
    with pytest.raises(ValidationError):
        services.report_save(by=people["owner"], report=report, values=_ids(report, TT_HOI_NGHI="9"))
    with pytest.raises(ValidationError):
        services.report_reopen(by=people["coordinator"], report=report, reason="")
    services.report_reopen(by=people["coordinator"], report=report, reason="Sai số liệu đơn thư")
    report.refresh_from_db()
    assert report.status == Report.Status.RETURNED and report.return_comment == "Sai số liệu đơn thư"
    services.report_save(by=people["owner"], report=report, values=_ids(report, TT_HOI_NGHI="9"))
    reasons = list(report.versions.order_by("number").values_list("reason", flat=True))
    assert reasons == ["opened", "submitted", "accepted", "reopened", "saved"]
    actions = set(AuditEntry.objects.filter(object_id=str(report.pk), object_type="reporting.report")
                  .values_list("action", flat=True))
    assert {"report_opened", "report_submitted", "report_accepted", "report_reopened", "report_saved"} <= actions


def test_resolved_more_than_received_is_a_warning_on_a_draft_and_blocks_sending(report, people):
    warnings = services.report_save(by=people["owner"], report=report,
                                    values=_ids(report, DON_NHAN="10", DON_KN_NHAN="4", DON_KN_GQ="5"))
    assert any("không được vượt" in w for w in warnings)
    assert _value(report, "DON_KN_GQ").value == 5  # kept anyway
    with pytest.raises(ValidationError):
        services.report_submit(by=people["member"], report=report)
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_a_cumulative_figure_never_shrinks_from_one_period_to_the_next(report, people, h1, tree):
    services.report_save(by=people["owner"], report=report, values=_ids(report, TCD_LUOT="40"))
    with at(2025, 3, 18):
        services.report_submit(by=people["member"], report=report)
    six = services.report_open(by=people["owner"], period=h1, unit=tree["commune"])
    warnings = services.report_save(by=people["owner"], report=six, values=_ids(six, TCD_LUOT="35"))
    assert any("lũy kế" in w for w in warnings)
    services.report_save(by=people["owner"], report=six, values=_ids(six, TCD_LUOT="55"))
    with at(2025, 6, 18):
        services.report_submit(by=people["member"], report=six)


def test_percentages_over_100_and_fractions_of_counts_are_refused_on_sending(report, people):
    services.report_save(by=people["owner"], report=report, values=_ids(report, TT_HOI_NGHI="2,5"))
    with pytest.raises(ValidationError, match="số nguyên"):
        services.report_submit(by=people["member"], report=report)
