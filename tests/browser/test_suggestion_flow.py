"""A deputy's suggestion from the phone to the rating, in a real browser: the deputy files it, the county office
accepts and refers it, the housing bureau signs for it, records its contact with the deputy and drafts the reply,
the bureau's leader approves it, and the deputy rates it on the phone."""

import re

import pytest
from playwright.sync_api import expect

from lianluo.demo.world import DEMO_PASSWORD
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

TITLE = "关于在星沙大道增设过街天桥的建议"


def _signed_in(browser, base: str, username: str, *, phone: bool = False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(locale="zh-CN", viewport=viewport, is_mobile=phone)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名或手机号码").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/workbench/$"))
    return context, page


def _card(page, heading: str):
    return page.locator("section.card", has=page.get_by_role("heading", name=heading, exact=True))


def _unit_action(page, summary: str, fields: dict[str, str] | None = None, selects: dict[str, str] | None = None):
    """Open the unit's action (a disclosure under the unit's part), fill it and submit."""
    page.get_by_text(summary, exact=True).first.click()
    form = page.locator("details[open] form").last
    for label, value in (fields or {}).items():
        form.get_by_label(label).fill(value)
    for label, option in (selects or {}).items():
        form.get_by_label(label).select_option(label=option)
    form.get_by_role("button", name=summary, exact=True).click()
    page.wait_for_load_state()


def test_suggestion_from_the_deputys_phone_to_the_rating(browser, live_demo):
    base = live_demo["url"]

    # The deputy drafts and submits on his phone.
    deputy_context, deputy = _signed_in(browser, base, "csx_daibiao", phone=True)
    deputy.goto(f"{base}/proposals/")
    deputy.get_by_role("link", name="提出建议").click()
    deputy.get_by_label("提出时间").select_option(label="第五次会议（2026年01月）")
    deputy.get_by_label("建议标题").fill(TITLE)
    deputy.get_by_label("建议内容").fill("星沙大道与开元路交会处人流密集，行人横穿马路险情不断，建议尽快增设过街天桥"
                                     "或地下通道，并在建成前增加交通协管力量。")
    screenshot(deputy, "suggestion-filing-phone")
    deputy.get_by_role("button", name="提交").click()
    deputy.wait_for_load_state()
    expect(deputy.locator("main")).to_contain_text("待审核")
    suggestion_url = deputy.url

    # The county office accepts it (it gets its number) and refers it to the housing bureau.
    office_context, office = _signed_in(browser, base, "csx_lianluo")
    office.goto(suggestion_url)
    _card(office, "审核立案").get_by_role("button", name="审核立案").click()
    office.wait_for_load_state()
    expect(office.locator("main")).to_contain_text("已立案")
    assign = _card(office, "交办")
    assign.get_by_label("主办单位").select_option(label="长沙县住房和城乡建设局")
    assign.get_by_role("button", name="交办").click()
    office.wait_for_load_state()
    expect(office.locator("main")).to_contain_text("办理中")
    office_context.close()

    # The bureau's officer finds it in the inbox, signs for it, records the contact and drafts the reply.
    officer_context, officer = _signed_in(browser, base, "csx_zhujian")
    officer.goto(f"{base}/proposals/inbox/")
    officer.get_by_role("link", name=TITLE).click()
    _unit_action(officer, "签收")
    _unit_action(officer, "联系代表", fields={"沟通情况": "到星沙大道现场与代表察看，听取代表对选址的意见。"},
                 selects={"联系方式": "见面"})
    _unit_action(officer, "提交答复（待审签）",
                 fields={"答复内容": "经研究，过街天桥已列入明年城市建设计划，建成前增派交通协管员。"},
                 selects={"答复类别": "B 类：所提问题已列入计划，逐步解决"})
    expect(officer.locator("main")).to_contain_text("待领导审签")
    screenshot(officer, "suggestion-reply-drafted")
    officer_context.close()

    # The bureau's leader approves the reply; it goes to the deputy.
    leader_context, leader = _signed_in(browser, base, "csx_zhujian_fz")
    leader.goto(suggestion_url)
    leader.locator("form[action*='/approve/']").get_by_role("button", name="审签答复").click()
    leader.wait_for_load_state()
    expect(leader.locator("main")).to_contain_text("已答复")
    leader_context.close()

    # The deputy rates the reply on his phone.
    deputy.goto(suggestion_url)
    expect(deputy.locator("main")).to_contain_text("过街天桥已列入明年城市建设计划")
    rate = _card(deputy, "评价")
    rate.get_by_label("基本满意", exact=True).check()
    screenshot(deputy, "suggestion-rating-phone")
    rate.get_by_role("button", name="评价").click()
    deputy.wait_for_load_state()
    expect(deputy.locator("main")).to_contain_text("已办结")
    expect(deputy.locator("main")).to_contain_text("基本满意")
    deputy_context.close()
