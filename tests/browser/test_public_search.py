"""The published suggestions on the public site, in a real browser on a phone: a person searches by keyword,
filters by the handling unit, opens one and reads the suggestion and its reply (代表法 Art 51 ¶3)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

SCHOOL = "关于加强校园周边交通安全管理的建议"
PARKING = "关于规范小区停车收费的建议"
def _results(page) -> list[str]:
    return page.get_by_role("list", name="查询结果").get_by_role("heading").all_inner_texts()


def test_a_person_on_a_phone_searches_filters_and_reads_a_suggestion(browser, live_demo):
    base = live_demo["url"]
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    person = context.new_page()
    errors = []
    person.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    person.goto(f"{base}/public/suggestions/")
    expect(person.get_by_role("heading", name="代表建议及答复")).to_be_visible()
    assert {SCHOOL, PARKING} <= set(_results(person))
    screenshot(person, "public-suggestions-phone")

    # A keyword, submitted from the keyboard.
    person.get_by_label("关键词").fill("校园周边")
    person.get_by_label("关键词").press("Enter")
    person.wait_for_load_state()
    assert _results(person) == [SCHOOL]
    expect(person.get_by_role("status")).to_contain_text("找到 1 件")

    # No keyword; the filters: the county's congress and its housing bureau.
    person.get_by_label("关键词").fill("")
    person.locator("summary", has_text="筛选").click()
    person.get_by_label("人民代表大会").select_option(label="长沙县人民代表大会")
    person.get_by_label("主办单位").select_option(label="长沙县住房和城乡建设局")
    person.get_by_role("button", name="筛选").click()
    person.wait_for_load_state()
    assert _results(person) == [PARKING]
    expect(person.get_by_label("主办单位")).to_have_value("长沙县住房和城乡建设局")  # the filters stay open, set
    screenshot(person, "public-suggestions-filtered-phone")

    # The suggestion's public page: the public text and the reply, nothing internal.
    person.get_by_role("link", name=PARKING).click()
    person.wait_for_url(re.compile(r"/public/suggestions/\d+/$"))
    expect(person.get_by_role("heading", name=PARKING, level=1)).to_be_visible()
    text = person.locator("main").inner_text()
    assert "领衔代表" in text and "黄志勇" in text and "长沙县住房和城乡建设局" in text
    assert "经认真研究，现答复如下" in text
    for secret in ("13907310004", "0731-84011234", "csx_"):  # the deputy's phone, the unit's contact line
        assert secret not in person.content()
    screenshot(person, "public-suggestion-phone")

    # Back to the search from the page.
    person.get_by_role("link", name="返回查询").click()
    person.wait_for_load_state()
    expect(person.get_by_role("heading", name="代表建议及答复")).to_be_visible()
    context.close()
    assert not errors, f"browser console errors: {errors}"

