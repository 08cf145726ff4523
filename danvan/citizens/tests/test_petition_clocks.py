"""Statutory clocks, counted by the calendar with the real 2026 holidays (Tết: Monday 16 to Friday 20/02/2026)."""

import pytest
import time_machine
from django.core.exceptions import ValidationError

from danvan.citizens import clocks, services
from danvan.citizens.models import Petition
from danvan.citizens.tests.petition_helpers import D, accepted, at, denunciation, handler_of, petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler(tree):
    return handler_of(tree["commune"])


def test_a_complaint_is_accepted_within_10_days_moved_past_tet(tree, people):
    # 06/02/2026 + 10 days = Monday 16/02, the eve of Tết: the limit moves to the next working day, 23/02.
    p = petition(people["owner"], tree["commune"], received_on=D(2026, 2, 6))
    assert p.accept_due == D(2026, 2, 23)


@pytest.mark.parametrize(("complex_", "remote", "due"), [
    (False, False, D(2026, 2, 23)),  # 30 days → 19/02 (Tết) → 23/02
    (True, False, D(2026, 3, 6)),  # 45 days, complex (Luật Khiếu nại 2011, Điều 28)
    (False, True, D(2026, 3, 6)),  # 45 days, remote area
    (True, True, D(2026, 3, 23)),  # 60 days → Saturday 21/03 → Monday 23/03
])
def test_a_complaint_is_resolved_within_30_45_or_60_days_of_acceptance(tree, people, handler, complex_, remote, due):
    with time_machine.travel(at(2026, 1, 15), tick=False):
        p = petition(people["owner"], tree["commune"], received_on=D(2026, 1, 15), is_remote_area=remote)
    with time_machine.travel(at(2026, 1, 20), tick=False):
        p = accepted(people["owner"], p, handler, is_complex=complex_)
    assert p.accepted_on == D(2026, 1, 20)
    assert p.resolve_due == due
    assert p.status == Petition.Status.IN_PROGRESS and p.clock == Petition.Clock.RUNNING


@pytest.mark.parametrize(("complex_", "remote", "due"), [
    (False, False, D(2026, 2, 23)),  # 45 days → 19/02 (Tết) → 23/02 (Điều 37)
    (True, False, D(2026, 3, 6)),  # 60 days
    (False, True, D(2026, 3, 6)),  # 60 days, remote area
    (True, True, D(2026, 3, 16)),  # 70 days
])
def test_a_second_instance_complaint_has_45_60_or_70_days(tree, people, handler, complex_, remote, due):
    with time_machine.travel(at(2025, 11, 3), tick=False):
        first = petition(people["owner"], tree["commune"], received_on=D(2025, 11, 3), is_remote_area=remote)
        first = accepted(people["owner"], first, handler)
    with time_machine.travel(at(2025, 12, 1), tick=False):
        first = services.petition_resolve(by=handler, petition=first, decision_number="12/QĐ-UBND",
                                          decision_date=D(2025, 12, 1), answer="Giữ nguyên quyết định.")
    province_officer = handler_of(tree["province"], "province_officer")
    with time_machine.travel(at(2026, 1, 2), tick=False):
        second, _secret = services.petition_second_instance(by=province_officer, first=first, unit=tree["province"],
                                                            received_on=D(2026, 1, 2), content="Không đồng ý.")
    assert second.instance == 2 and second.first_instance == first and second.is_remote_area == remote
    with time_machine.travel(at(2026, 1, 5), tick=False):
        second = accepted(province_officer, second, province_officer, is_complex=complex_)
    assert second.resolve_due == due


def test_a_denunciation_is_checked_within_7_working_days_skipping_tet(tree, people):
    # Thursday 12/02/2026: Friday 13 is day 1, Tết week and the weekend do not count, Monday 02/03 is day 7.
    p = denunciation(people["owner"], tree["commune"], received_on=D(2026, 2, 12))
    assert p.accept_due == D(2026, 3, 2)
    assert clocks.accept_due("denunciation", D(2026, 2, 12), needs_verification=True) == D(2026, 3, 5)


def test_a_denunciation_is_resolved_within_30_days_of_acceptance(tree, people, handler):
    with time_machine.travel(at(2026, 1, 19), tick=False):
        p = denunciation(people["owner"], tree["commune"], received_on=D(2026, 1, 16))
        p = accepted(people["owner"], p, handler)
    assert p.resolve_due == D(2026, 2, 23)  # 18/02 is Tết → 23/02


def test_a_complex_denunciation_is_extended_once_then_twice_by_at_most_30_days_then_refused(tree, people, handler):
    with time_machine.travel(at(2026, 1, 19), tick=False):
        p = denunciation(people["owner"], tree["commune"], received_on=D(2026, 1, 16))
        p = accepted(people["owner"], p, handler)
        with pytest.raises(ValidationError, match="Chỉ vụ việc tố cáo phức tạp"):
            services.petition_extend(by=handler, petition=p, days=30, reason="Cần xác minh thêm")
        with pytest.raises(ValidationError, match="không quá 30 ngày"):
            services.petition_extend(by=handler, petition=p, days=31, reason="Phức tạp", is_complex=True)
        first = services.petition_extend(by=handler, petition=p, days=30, reason="Vụ việc phức tạp",
                                         decision_number="01/QĐ-GH", is_complex=True)
        p.refresh_from_db()
        assert p.resolve_due == D(2026, 3, 20) and p.extended_days == 30  # 19/01 + 60 days
        services.petition_extend(by=handler, petition=p, days=20, reason="Đặc biệt phức tạp")
        p.refresh_from_db()
        assert p.resolve_due == D(2026, 4, 9) and p.extended_days == 50
        with pytest.raises(ValidationError, match="tối đa hai lần"):
            services.petition_extend(by=handler, petition=p, days=5, reason="Thêm nữa")
    assert first.reason == "Vụ việc phức tạp" and first.decided_by == handler and first.decided_on == D(2026, 1, 19)
    assert list(p.extensions.values_list("days", flat=True)) == [30, 20]


def test_a_complaint_is_not_extended_the_complex_limit_is_its_extension(tree, people, handler):
    with time_machine.travel(at(2026, 1, 20), tick=False):
        p = accepted(people["owner"], petition(people["owner"], tree["commune"], received_on=D(2026, 1, 20)),
                     handler)
        with pytest.raises(ValidationError, match="đánh dấu vụ việc phức tạp"):
            services.petition_extend(by=handler, petition=p, days=10, reason="Phức tạp")
    assert not p.extensions.exists()


def test_feedback_is_answered_within_10_working_days_and_extended_once(tree, people, handler, settings):
    settings.FEEDBACK_ANSWER_WORKING_DAYS = 10
    with time_machine.travel(at(2026, 2, 13), tick=False):
        p = petition(people["owner"], tree["commune"], kind=Petition.Kind.FEEDBACK, name="", address="",
                     received_on=D(2026, 2, 13), subject="Đèn đường hỏng")
        assert p.accept_due is None
        assert p.resolve_due == D(2026, 3, 6)  # Tết week skipped
        p = accepted(people["owner"], p, handler)
        assert p.resolve_due == D(2026, 3, 6)  # counted from receipt, not acceptance
        with pytest.raises(ValidationError, match="dài hơn thời hạn trả lời"):
            services.petition_extend(by=handler, petition=p, days=11, reason="Chờ vật tư")
        services.petition_extend(by=handler, petition=p, days=5, reason="Chờ vật tư")
        p.refresh_from_db()
        assert p.resolve_due == D(2026, 3, 13)  # 15 working days
        with pytest.raises(ValidationError, match="chỉ được gia hạn một lần"):
            services.petition_extend(by=handler, petition=p, days=1, reason="Lần nữa")


def test_an_announced_day_off_moves_the_limit(tree, people):
    from danvan.core import calendar
    from danvan.core.models import CalendarDay

    CalendarDay.objects.create(date=D(2026, 2, 23), kind=CalendarDay.Kind.DAY_OFF, note="Nghỉ bù")
    calendar.clear_cache()
    p = petition(people["owner"], tree["commune"], received_on=D(2026, 2, 6))
    assert p.accept_due == D(2026, 2, 24)
