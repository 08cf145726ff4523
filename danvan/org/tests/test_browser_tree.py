"""Browser journey (Debian Chromium): the coordinator reads the organisation tree across July 2025."""

import re

import pytest
from playwright.sync_api import expect

from danvan.org.demo import DEMO_PASSWORD, load_org_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    load_org_demo()


def _login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_wrong_password_shows_a_vietnamese_error(page, live_server, demo):
    _login(page, live_server, "noivu", "mat-khau-sai-roi")
    expect(page.get_by_role("alert")).to_contain_text("Sai tên đăng nhập hoặc mật khẩu")
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("noivu")


def test_coordinator_reads_the_tree_before_and_after_july_2025(page, live_server, demo):
    _login(page, live_server, "noivu", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    page.get_by_role("link", name="Tổ chức").click()

    page.get_by_label("Tại ngày").fill("15/03/2025")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("heading", name="Cây tổ chức tại ngày 15/03/2025")).to_be_visible()
    tree = page.locator("#tree")
    expect(tree.get_by_role("link", name="Tỉnh Bình Định", exact=True)).to_be_visible()
    expect(tree.locator("[data-kind=district]")).to_have_count(11)
    expect(tree.get_by_role("link", name="Thành phố Quy Nhơn", exact=True)).to_be_visible()
    expect(tree.get_by_role("link", name="Tỉnh Gia Lai", exact=True)).to_have_count(0)

    page.get_by_label("Tại ngày").fill("01/08/2025")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("heading", name="Cây tổ chức tại ngày 01/08/2025")).to_be_visible()
    province = tree.locator(".tree-row", has=page.get_by_role("link", name="Tỉnh Gia Lai", exact=True))
    expect(province).to_be_visible()
    expect(tree.locator("[data-kind=commune]")).to_have_count(135)
    expect(tree.locator("[data-kind=district]")).to_have_count(0)
    expect(province.locator("[data-children]")).to_contain_text("154")  # 135 communes and 19 departments

    page.get_by_label("Tìm kiếm").fill("quy nhon")
    page.get_by_role("button", name="Xem").click()
    expect(tree.get_by_role("link", name="Phường Quy Nhơn", exact=True)).to_be_visible()
    expect(tree.get_by_role("link", name="Phường Quy Nhơn Nam")).to_be_visible()
    expect(tree.get_by_role("link", name="Xã An Lão")).to_have_count(0)

    tree.get_by_role("link", name="Phường Quy Nhơn Nam").click()
    expect(page.get_by_role("heading", name="Phường Quy Nhơn Nam")).to_be_visible()
    expect(page.locator("#predecessors")).not_to_be_empty()
    expect(page.locator("#members")).to_contain_text("Phạm Văn Trưởng")
