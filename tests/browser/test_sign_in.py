"""Log in through a real browser, open the dashboard and take screenshots."""

import re

import pytest
from playwright.sync_api import expect

from lianluo.accounts import otp
from lianluo.demo.world import DEMO_PASSWORD
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def _sign_in(page, base, username):
    page.goto(f"{base}/")
    page.get_by_label("用户名或手机号码").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_liaison_officer_signs_in_and_sees_the_dashboard(page, live_demo):
    """A county liaison officer signs in and sees the dashboard of their own jurisdiction only."""
    _sign_in(page, live_demo["url"], "csx_lianluo")
    page.wait_for_url(re.compile(r"/workbench/$"))
    assert page.get_by_role("heading", name="辖区概况").is_visible()
    assert page.locator("#chart-levels svg").count() == 1, "the ECharts chart did not draw"
    body = page.locator("main").inner_text()
    assert "长沙县人民代表大会" in body
    assert "长沙市人民代表大会" not in body and "湖南省人民代表大会" not in body
    path = screenshot(page, "dashboard-county-officer")
    assert path.stat().st_size > 10_000
    outside = page.request.get(f"{live_demo['url']}/regions/4302/")  # 株洲市: outside 长沙县
    assert outside.status == 404 and "页面不存在" in outside.text()


def test_keyboard_only_sign_in_on_a_phone(browser, live_demo):
    """On a phone-sized screen a deputy signs in with the keyboard alone (Tab, typing, Enter)."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_demo['url']}/accounts/login/")
    expect(page.get_by_label("用户名或手机号码")).to_be_focused()  # autofocus: no click needed
    page.keyboard.type("csx_daibiao")
    page.keyboard.press("Tab")
    expect(page.get_by_label("密码")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    try:
        page.wait_for_url(re.compile(r"/workbench/$"), timeout=15_000)
    except Exception as exc:  # show what the page said instead of a bare timeout
        raise AssertionError(f"sign-in did not reach the dashboard: {page.locator('main').inner_text()}") from exc
    assert page.get_by_role("button", name="展开导航").is_visible()
    screenshot(page, "dashboard-deputy-phone")
    context.close()


def test_wrong_password_shows_a_chinese_message(page, live_demo):
    page.goto(f"{live_demo['url']}/accounts/login/")
    page.get_by_label("用户名或手机号码").fill("csx_xuanju")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    assert "用户名（手机号码）或密码不正确" in page.locator("main").inner_text()


def test_administrator_enrols_a_second_factor(page, live_demo):
    """An audit administrator must bind TOTP at first sign-in (等保 8.1.4.1 d), then reads the audit log."""
    _sign_in(page, live_demo["url"], "hn_shenji")
    page.wait_for_url(re.compile(r"/accounts/login/totp/$"))
    assert page.locator(".qr svg").count() == 1
    secret = page.locator(".user-select-all").inner_text().replace(" ", "")
    screenshot(page, "totp-enrolment")
    page.get_by_label("动态口令").fill(otp.code_at(secret, otp.current_step()))
    page.get_by_role("button", name="绑定并登录").click()
    page.wait_for_url(re.compile(r"/workbench/$"))
    page.get_by_role("link", name="审计日志", exact=True).first.click()
    assert "auth.login" in page.locator("table").inner_text()
    screenshot(page, "audit-log")
