"""Browser journeys (Debian Chromium): an admin restructures with a preview; an auditor reads the trail;
a person changes their password and makes an API token."""

import pytest
from playwright.sync_api import expect

from danvan.org.demo import DEMO_PASSWORD, load_org_demo
from danvan.org.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    load_org_demo()


def _login(page, live_server, username, password=DEMO_PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("link", name="Đăng xuất")).to_have_count(0)  # it is a form button, not a link
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def test_admin_previews_then_applies_a_rename(page, live_server, demo):
    _login(page, live_server, "quantri")
    page.get_by_role("link", name="Sắp xếp đơn vị").click()
    page.get_by_label("Thay đổi").select_option(label="Đổi tên đơn vị")
    page.get_by_label("Ngày có hiệu lực").fill("01/01/2026")
    page.get_by_label("Đơn vị liên quan").select_option(label="Xã An Lão — Tỉnh Gia Lai")
    page.get_by_label("Tên mới", exact=True).fill("Xã An Lão Mới")
    page.get_by_role("button", name="Xem trước").click()
    preview = page.locator("#preview")
    expect(preview).to_contain_text("Xã An Lão (Tỉnh Gia Lai)")
    expect(preview).to_contain_text("Xã An Lão Mới (Tỉnh Gia Lai)")
    expect(preview).to_contain_text("Đinh Văn Xã")  # the officer who moves with the unit
    expect(page.get_by_label("Tên mới", exact=True)).to_have_value("Xã An Lão Mới")  # the form kept the input
    assert not Unit.objects.filter(name="Xã An Lão Mới").exists()
    page.get_by_role("button", name="Áp dụng").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã áp dụng việc sắp xếp")
    expect(page.get_by_role("heading", name="Xã An Lão Mới")).to_be_visible()
    expect(page.locator("#predecessors")).to_contain_text("Xã An Lão")


def test_admin_gets_a_vietnamese_error_for_a_dissolve_that_would_orphan_units(page, live_server, demo):
    _login(page, live_server, "quantri")
    page.goto(f"{live_server.url}/units/restructure/")
    page.get_by_label("Thay đổi").select_option(label="Giải thể đơn vị")
    page.get_by_label("Ngày có hiệu lực").fill("01/01/2026")
    page.get_by_label("Đơn vị liên quan").select_option(label="Tỉnh Gia Lai")
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_role("alert")).to_contain_text("vẫn còn đơn vị trực thuộc")
    expect(page.get_by_label("Ngày có hiệu lực")).to_have_value("01/01/2026")


def test_auditor_filters_the_audit_trail(page, live_server, demo):
    _login(page, live_server, "kiemtra")
    page.get_by_role("link", name="Nhật ký kiểm tra").click()
    page.get_by_label("Thao tác").fill("unit_dissolve")
    page.get_by_role("button", name="Lọc").click()
    rows = page.locator("#audit tbody tr")
    expect(rows).to_have_count(11)  # the eleven districts of Bình Định
    expect(rows.first).to_contain_text("unit_dissolve")
    page.get_by_label("Từ ngày").fill("99/99/2025")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_text("Nhập ngày theo dạng dd/mm/yyyy")).to_be_visible()


def test_a_person_changes_password_and_creates_an_api_token(page, live_server, demo):
    _login(page, live_server, "canbophuong")
    page.get_by_role("link", name="Lê Thị Cán Bộ").click()
    page.get_by_label("Tên mã truy cập").fill("Hệ thống của xã")
    page.get_by_role("button", name="Tạo mã truy cập").click()
    expect(page.locator("#new-token")).to_contain_text("dv_")
    page.get_by_role("link", name="Đổi mật khẩu").click()
    page.get_by_label("Mật khẩu hiện tại").fill(DEMO_PASSWORD)
    page.get_by_label("Mật khẩu mới", exact=True).fill("ngan")
    page.get_by_label("Nhập lại mật khẩu mới").fill("ngan")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.get_by_text("ít nhất 10 ký tự")).to_be_visible()
    page.get_by_label("Mật khẩu hiện tại").fill(DEMO_PASSWORD)
    page.get_by_label("Mật khẩu mới", exact=True).fill("Sen-hong-Quy-Nhon-2026")
    page.get_by_label("Nhập lại mật khẩu mới").fill("Sen-hong-Quy-Nhon-2026")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.get_by_role("alert")).to_contain_text("Mật khẩu của bạn đã được thay đổi")
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("alert")).to_contain_text("Bạn đã đăng xuất")
    _login(page, live_server, "canbophuong", "Sen-hong-Quy-Nhon-2026")
