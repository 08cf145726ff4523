import datetime

import pytest

from danvan.audit.models import AuditEntry
from danvan.core import calendar
from danvan.core.models import CalendarDay
from danvan.core.services import calendar_day_set


def test_admin_adds_an_extra_day_off_and_the_calendar_counts_it(client, people):
    day = datetime.date(2026, 12, 31)  # a Thursday
    assert calendar.is_working_day(day)
    client.force_login(people["admin"])
    response = client.post("/calendar/", {"date": "31/12/2026", "kind": "off", "note": "Thông báo 123/TB-VPCP"})
    assert response.status_code == 302
    assert not calendar.is_working_day(day)
    assert AuditEntry.objects.filter(action="calendar_day_set", actor_id=people["admin"].pk).exists()
    page = client.get("/calendar/", {"year": 2026}).content.decode()
    assert "31/12/2026" in page and "Thông báo 123/TB-VPCP" in page
    assert "Tết Nguyên Đán" in page  # the public holidays of the year, in Vietnamese


def test_a_make_up_working_day_must_be_a_day_off(people):
    with pytest.raises(Exception, match="đã là ngày làm việc"):
        calendar_day_set(by=people["admin"], date=datetime.date(2026, 12, 30), kind=CalendarDay.Kind.WORKING)
    calendar_day_set(by=people["admin"], date=datetime.date(2026, 12, 26), kind=CalendarDay.Kind.WORKING)
    assert calendar.is_working_day(datetime.date(2026, 12, 26))  # a Saturday


def test_removing_a_day_restores_the_calendar(client, people):
    day = calendar_day_set(by=people["admin"], date=datetime.date(2026, 12, 31), kind=CalendarDay.Kind.DAY_OFF)
    client.force_login(people["admin"])
    assert client.post(f"/calendar/{day.pk}/delete/").status_code == 302
    assert calendar.is_working_day(datetime.date(2026, 12, 31))
    assert AuditEntry.objects.filter(action="calendar_day_deleted").exists()


def test_a_bad_date_is_refused_in_vietnamese_and_keeps_the_note(client, people):
    client.force_login(people["admin"])
    response = client.post("/calendar/", {"date": "32/12/2026", "kind": "off", "note": "Ghi chú giữ lại"})
    page = response.content.decode()
    assert response.status_code == 200 and "Nhập ngày theo dạng dd/mm/yyyy" in page and "Ghi chú giữ lại" in page
    assert CalendarDay.objects.count() == 0


def test_only_admins_manage_the_calendar(client, people):
    for name in ("coordinator", "owner", "auditor"):
        client.force_login(people[name])
        assert client.get("/calendar/").status_code == 403
        assert client.post("/calendar/", {"date": "31/12/2026", "kind": "off"}).status_code == 403
    assert CalendarDay.objects.count() == 0
    client.force_login(people["admin"])
    assert client.put("/calendar/").status_code == 405
