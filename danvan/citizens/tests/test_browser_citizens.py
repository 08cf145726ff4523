"""Browser journeys (Debian Chromium), issue 4: a citizen's feedback from the portal to its published answer,
a denunciation whose author stays secret from colleagues, the coordinator's dashboard to a unit's list, and a
stale form refused in Vietnamese."""

import re

import pytest
from playwright.sync_api import expect

from danvan.citizens.tests.petition_helpers import petition
from danvan.conftest import PASSWORD, make_user
from danvan.org.demo import DEMO_PASSWORD, load_org_demo
from danvan.org.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    load_org_demo()
    ward = Unit.objects.get(name="Phường Quy Nhơn Nam", valid_to__isnull=True)
    make_user("dongnghiep", unit=ward, role="unit_officer", full_name="Phan Văn Đồng Nghiệp")
    return ward


def _login(page, live_server, username, password=DEMO_PASSWORD):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def test_feedback_from_the_portal_to_its_published_answer(page, live_server, demo):
    # A citizen, on a phone, sends feedback without a name in the form's identity, then keeps the code.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/portal/submit/")
    page.get_by_label(re.compile("^Phản ánh")).check()
    page.get_by_role("combobox", name="Xã, phường có trách nhiệm trả lời").fill("quy nhon nam")
    page.get_by_role("option", name="Phường Quy Nhơn Nam").click()
    page.get_by_label("Lĩnh vực").select_option(label="Hạ tầng, giao thông, chiếu sáng")
    page.get_by_label("Tiêu đề").fill("Đèn đường hỏng trên đường Lê Lợi")
    page.get_by_label("Nội dung").fill("Ba cột đèn trước số 12 Lê Lợi không sáng từ tuần trước.")
    page.get_by_label("Họ và tên").fill("Nguyễn Văn Dân")
    page.get_by_label("Điện thoại").fill("0905123456")
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.locator("#resolve-due")).to_contain_text("Hạn trả lời")
    code = page.locator("#tracking-code").inner_text().strip()
    secret = page.locator("#tracking-secret").inner_text().strip()
    assert code.startswith("DV") and secret

    # The ward's officer classifies it and gives it to the case handler.
    page.set_viewport_size({"width": 1280, "height": 900})
    _login(page, live_server, "canbophuong")
    page.goto(f"{live_server.url}/citizens/petitions/")
    page.locator("tr", has_text="Đèn đường hỏng").get_by_role("link").first.click()
    page.get_by_label("Quyết định xử lý đơn").select_option(label="Thụ lý giải quyết")
    handler = page.get_by_label("Người xử lý").locator("option", has_text="Võ Văn Thụ Lý").get_attribute("value")
    page.get_by_label("Người xử lý").select_option(handler)
    page.get_by_role("button", name="Ghi nhận kết quả phân loại").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã ghi nhận kết quả phân loại")

    # The handler answers and publishes the answer (which quotes the citizen's name and phone).
    _login(page, live_server, "thulyphuong")
    page.goto(f"{live_server.url}/citizens/petitions/")
    page.locator("tr", has_text="Đèn đường hỏng").get_by_role("link").first.click()
    page.get_by_label("Số quyết định hoặc văn bản trả lời").fill("45/UBND-VP")
    page.get_by_label("Ngày quyết định hoặc văn bản trả lời").fill("28/11/2026")
    page.get_by_label("Quyết định, trả lời").fill(
        "Trả lời ông Nguyễn Văn Dân (0905123456): đã thay bóng ba cột đèn trên đường Lê Lợi.")
    page.get_by_label("Công khai kết quả trả lời").check()
    page.get_by_role("button", name="Ghi nhận quyết định, trả lời").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã ghi nhận quyết định, trả lời")

    # The citizen reads the answer with the code and the secret.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/portal/track/")
    page.get_by_label("Mã theo dõi").fill(code)
    page.get_by_label("Mã bí mật").fill(secret)
    page.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(page.locator("#case-answer")).to_contain_text("đã thay bóng ba cột đèn")

    # The public list shows the answer without the citizen's name or phone.
    page.goto(f"{live_server.url}/portal/answers/")
    answers = page.locator("main")
    expect(answers).to_contain_text("đã thay bóng ba cột đèn")
    expect(answers).not_to_contain_text("Nguyễn Văn Dân")
    expect(answers).not_to_contain_text("0905123456")
    expect(answers).to_contain_text("[bảo mật]")


def test_a_denunciation_shows_bao_mat_to_a_colleague(page, live_server, demo):
    _login(page, live_server, "canbophuong")
    page.goto(f"{live_server.url}/citizens/petitions/new/")
    page.get_by_label("Loại").select_option(label="Tố cáo")
    page.get_by_label("Hình thức tiếp nhận").select_option(label="Trực tiếp")
    page.get_by_label("Ngày tiếp nhận").fill("27/11/2026")
    page.get_by_label("Họ và tên").fill("Trần Thị Bích")
    page.get_by_label("Địa chỉ").fill("12 Lê Lợi, Phường Quy Nhơn Nam")
    page.get_by_label("Tiêu đề").fill("Tố cáo cán bộ địa chính nhận tiền")
    page.get_by_label("Nội dung").fill("Cán bộ địa chính phường nhận tiền khi cấp giấy chứng nhận.")
    page.get_by_label("Lĩnh vực").select_option(label="Đất đai")
    page.get_by_role("button", name="Ghi nhận", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã ghi nhận đơn")

    _login(page, live_server, "dongnghiep", PASSWORD)
    page.goto(f"{live_server.url}/citizens/petitions/")
    page.locator("tr", has_text="Tố cáo cán bộ địa chính").get_by_role("link").first.click()
    main = page.locator("main")
    expect(main).to_contain_text("[bảo mật]")
    expect(main).not_to_contain_text("Trần Thị Bích")

    _login(page, live_server, "truongphuong")
    page.goto(f"{live_server.url}/citizens/petitions/")
    page.locator("tr", has_text="Tố cáo cán bộ địa chính").get_by_role("link").first.click()
    expect(page.locator("main")).to_contain_text("Trần Thị Bích")  # the unit head may see it (audited)


def test_the_coordinator_goes_from_the_dashboard_to_a_units_petitions(page, live_server, demo):
    """The table by unit ordered and narrowed by a name typed without diacritics; its number opens the list of
    that unit (a coordinator of the demo sees more units than a list of choices holds: the unit is kept and can
    be dropped)."""
    officer = make_user("canbo2", unit=demo, role="unit_officer", full_name="Lê Văn Hai")
    petition(officer, demo, subject="Khiếu nại về bồi thường đất")
    petition(officer, demo, kind="feedback", name="", address="", subject="Đèn đường hỏng ở tổ 4")
    _login(page, live_server, "noivu")
    page.goto(f"{live_server.url}/citizens/petitions/dashboard/")
    page.get_by_label("Sắp xếp đơn vị theo").select_option(label="Đang giải quyết nhiều nhất trước")
    page.get_by_label("Tên đơn vị có chứa").fill("quy nhon nam")
    page.get_by_role("button", name="Xem").click()
    rows = page.locator("#by-unit tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Phường Quy Nhơn Nam")
    rows.first.locator('[data-figure="received"]').click()
    expect(page.locator("#chosen-unit")).to_contain_text("Phường Quy Nhơn Nam")
    expect(page.locator("#count")).to_contain_text("2 đơn thư")
    page.locator("#chosen-unit").get_by_role("link", name="tất cả đơn vị").click()
    expect(page.locator("#chosen-unit")).to_have_count(0)


def test_a_form_sent_after_its_cookies_are_gone_is_refused_in_vietnamese(page, live_server, demo):
    page.goto(f"{live_server.url}/portal/submit/")
    page.get_by_label("Tiêu đề").fill("Đèn đường hỏng")
    page.context.clear_cookies()  # as when the browser drops them, or the page was left open too long
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_role("heading", name="Biểu mẫu chưa được gửi")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Không có gì được lưu.")
