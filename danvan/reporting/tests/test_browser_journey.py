"""Browser journey (Debian Chromium), issue 3: the plan is issued, a Q1 report goes out, comes back with a
comment, goes out again and is accepted; the consolidated DOCX downloads; monitoring shows the unit on time.

The clock is set to March 2025 for the whole journey (the server runs in this process, so time_machine moves
its clock too)."""

import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from docx import Document
from playwright.sync_api import expect

from danvan.conftest import PASSWORD, make_user
from danvan.org.demo import DEMO_PASSWORD, load_org_demo
from danvan.org.models import Unit
from danvan.plans.demo import load_plan_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def journey(transactional_db):
    load_org_demo()
    load_plan_demo()
    # People of a unit that reports for Q1 2025: Quy Nhơn city, a district until 30/06/2025.
    quy_nhon = Unit.objects.get(name="Thành phố Quy Nhơn")
    make_user("canbo_qn", unit=quy_nhon, role="unit_officer", full_name="Trần Văn Cán Bộ")
    make_user("truong_qn", unit=quy_nhon, role="unit_head", full_name="Ngô Thị Trưởng")
    return quy_nhon


def _login(page, live_server, username, password):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def _open_q1_report(page, live_server):
    page.goto(f"{live_server.url}/reports/")
    row = page.locator("#my-reports tr", has_text="Quý I")
    row.get_by_role("button", name=re.compile("Lập báo cáo|Mở")).or_(row.get_by_role("link", name="Mở")).click()
    expect(page.get_by_role("heading", name=re.compile("Thành phố Quy Nhơn"))).to_be_visible()


def test_plan_to_consolidated_report(page, live_server, journey):
    with time_machine.travel(datetime.datetime(2025, 1, 20, 9, tzinfo=VN), tick=True):
        _login(page, live_server, "noivu", DEMO_PASSWORD)
        page.get_by_role("link", name="Kế hoạch", exact=True).click()
        page.get_by_role("link", name=re.compile("dân vận chính quyền năm 2025")).first.click()
        page.locator("#plan-issue").click()
        page.get_by_label("Số", exact=True).fill("12")
        page.get_by_label("Ngày", exact=True).fill("20/01/2025")
        page.get_by_role("button", name="Ban hành").click()
        expect(page.get_by_role("alert")).to_contain_text("Đã ban hành kế hoạch")
        expect(page.locator("#periods")).to_contain_text("20/03/2025")

    with time_machine.travel(datetime.datetime(2025, 3, 16, 9, tzinfo=VN), tick=True):
        _login(page, live_server, "canbo_qn", PASSWORD)
        _open_q1_report(page, live_server)
        page.get_by_label("Kết quả đạt được (nhiệm vụ 1)").fill("Tổ chức 4 hội nghị quán triệt Chỉ thị 33.")
        page.get_by_label("Lượt công dân được tiếp").fill("120")
        page.get_by_role("button", name="Lưu nháp").click()
        expect(page.get_by_role("alert")).to_contain_text("Đã lưu nháp")
        expect(page.get_by_label("Lượt công dân được tiếp")).to_have_value("120")
        expect(page.get_by_role("button", name="Duyệt và gửi")).to_have_count(0)  # officers cannot send

    with time_machine.travel(datetime.datetime(2025, 3, 18, 9, tzinfo=VN), tick=True):
        _login(page, live_server, "truong_qn", PASSWORD)
        _open_q1_report(page, live_server)
        expect(page.get_by_label("Kết quả đạt được (nhiệm vụ 1)")).to_have_value(
            "Tổ chức 4 hội nghị quán triệt Chỉ thị 33.")
        page.get_by_role("button", name="Duyệt và gửi").click()
        expect(page.get_by_role("alert").first).to_contain_text("Đã gửi báo cáo")
        expect(page.locator("main")).to_contain_text("Đã gửi — đúng hạn")

    with time_machine.travel(datetime.datetime(2025, 3, 19, 9, tzinfo=VN), tick=True):
        _login(page, live_server, "noivu", DEMO_PASSWORD)
        page.goto(f"{live_server.url}/plans/")
        page.get_by_role("link", name=re.compile("dân vận chính quyền năm 2025")).first.click()
        page.locator("#periods").get_by_role("link", name="Quý I 2025").click()
        row = page.locator("#units tr", has_text="Thành phố Quy Nhơn")
        expect(row).to_contain_text("Đã gửi — đúng hạn")
        row.get_by_role("link", name="Mở").click()
        page.get_by_label("Ý kiến").fill("Bổ sung số liệu tiếp công dân của tháng 3.")
        page.get_by_role("button", name="Trả lại để chỉnh sửa").click()
        expect(page.get_by_role("alert").first).to_contain_text("Đã trả lại báo cáo")

    with time_machine.travel(datetime.datetime(2025, 3, 20, 9, tzinfo=VN), tick=True):
        _login(page, live_server, "canbo_qn", PASSWORD)
        _open_q1_report(page, live_server)
        expect(page.locator("#return-comment")).to_contain_text("Bổ sung số liệu tiếp công dân")
        page.get_by_label("Lượt công dân được tiếp").fill("135")
        page.get_by_role("button", name="Lưu nháp").click()
        expect(page.get_by_role("alert").first).to_contain_text("Đã lưu nháp")
        _login(page, live_server, "truong_qn", PASSWORD)
        _open_q1_report(page, live_server)
        page.get_by_role("button", name="Duyệt và gửi").click()
        expect(page.locator("main")).to_contain_text("Đã gửi — đúng hạn")

    with time_machine.travel(datetime.datetime(2025, 3, 21, 9, tzinfo=VN), tick=True):
        _login(page, live_server, "noivu", DEMO_PASSWORD)
        page.goto(f"{live_server.url}/plans/")
        page.get_by_role("link", name=re.compile("dân vận chính quyền năm 2025")).first.click()
        page.locator("#periods").get_by_role("link", name="Quý I 2025").click()
        expect(page.locator('[data-figure="on_time"]')).to_have_text("1")
        page.locator("#units tr", has_text="Thành phố Quy Nhơn").get_by_role("link", name="Mở").click()
        page.get_by_role("button", name="Tiếp nhận").click()
        expect(page.get_by_role("alert").first).to_contain_text("Đã tiếp nhận báo cáo")
        page.goto(f"{live_server.url}/plans/")
        page.get_by_role("link", name=re.compile("dân vận chính quyền năm 2025")).first.click()
        page.locator("#periods").get_by_role("link", name="Quý I 2025").click()
        row = page.locator("#units tr", has_text="Thành phố Quy Nhơn")
        expect(row).to_contain_text("Đã tiếp nhận · đúng hạn")
        page.get_by_role("link", name="Báo cáo tổng hợp").click()
        expect(page.locator("#totals tr[data-code=TCD_LUOT] .total")).to_have_text("135")
        with page.expect_download() as info:
            page.get_by_role("link", name="Tải DOCX").click()
        with open(info.value.path(), "rb") as handle:
            data = handle.read()
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and "Tổ chức 4 hội nghị quán triệt Chỉ thị 33." in text
    assert "Thành phố Quy Nhơn" in text
