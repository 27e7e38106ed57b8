"""A deputy filing a suggestion on a phone is warned, as he types, of a similar suggestion already in hand, and
the hot-issue page turns a cluster of the same estate's complaints into a suggestion draft in one click."""

import re

import pytest
from playwright.sync_api import expect

from lianluo.demo.world import DEMO_PASSWORD
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def _signed_in(browser, base: str, username: str, *, phone: bool = False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(locale="zh-CN", viewport=viewport, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名或手机号码").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/workbench/$"))
    return context, page, errors


def test_the_filing_page_warns_of_a_similar_suggestion_as_the_deputy_types(browser, live_demo):
    context, page, errors = _signed_in(browser, live_demo["url"], "csx_daibiao", phone=True)
    page.goto(f"{live_demo['url']}/proposals/new/")
    warning = page.locator("#similar-suggestions")
    expect(warning).to_be_empty()
    page.locator("#id_title").press_sequentially("关于加强住宅小区物业服务监管的建议")
    page.locator("#id_body").press_sequentially("小区物业擅自提高收费标准，维修不及时。")
    expect(warning.get_by_text("以下建议与您正在填写的内容相似")).to_be_visible()
    expect(warning.get_by_role("link", name=re.compile("关于加强住宅小区物业服务监管的建议"))).to_be_visible()
    screenshot(page, "similar-warning-phone")
    assert not errors, errors
    context.close()


def test_a_hot_issue_becomes_a_suggestion_draft_in_one_click(browser, live_demo):
    context, page, errors = _signed_in(browser, live_demo["url"], "csx_lianluo")
    page.goto(f"{live_demo['url']}/casework/hot/")
    cluster = page.locator("li", has_text="凤凰城小区").first
    expect(cluster).to_be_visible()
    screenshot(page, "hot-issues")
    cluster.get_by_role("link", name="转为建议草稿").click()
    expect(page.get_by_label("建议标题")).to_have_value(re.compile("凤凰城小区"))
    expect(page.get_by_role("checkbox").first).to_be_checked()
    assert not errors, errors
    context.close()
