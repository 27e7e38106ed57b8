"""From a person's words to an answer, in a real browser: the public form, the query code, the station manager,
the handling unit and back to the person."""

import re

import pytest
from playwright.sync_api import expect

from lianluo.demo.world import DEMO_PASSWORD
from lianluo.portal.challenge import parse_answer
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

NUMBER = re.compile(r"验证问题：(.+?)(加|减)(.+?)等于几")


def _solve(question_label: str) -> str:
    """Answer the public form's check question (simple arithmetic in Chinese numerals) as a person would."""
    match = NUMBER.search(question_label)
    assert match, f"no check question in {question_label!r}"
    left, op, right = parse_answer(match.group(1)), match.group(2), parse_answer(match.group(3))
    return str(left + right if op == "加" else left - right)


def _staff(browser, base: str, username: str):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名或手机号码").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/workbench/$"))
    return context, page


def _act(page, heading: str, fields: dict[str, str] | None = None, selects: dict[str, str] | None = None):
    """Fill and submit the action card titled ``heading`` on an issue's page."""
    card = page.locator("section.card", has=page.get_by_role("heading", name=heading, exact=True))
    for label, value in (fields or {}).items():
        card.get_by_label(label).fill(value)
    for label, option in (selects or {}).items():
        card.get_by_label(label).select_option(label=option)
    card.get_by_role("button", name=heading, exact=True).click()
    page.wait_for_load_state()


def _follow(page, base: str, code: str) -> str:
    page.goto(f"{base}/public/q/")
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    return page.locator("main").inner_text()


def test_issue_from_public_form_to_answer(browser, live_demo):
    """A person files an issue on a station's public form and follows it with the query code; the station
    manager accepts it and forwards it to a unit; the unit officer reports back; the manager answers; the person
    sees the answer and rates it."""
    base = live_demo["url"]

    # The station's public address, as printed on its poster.
    manager_context, manager = _staff(browser, base, "xs_zhanzhang")
    manager.goto(f"{base}/stations/")
    manager.get_by_role("link", name="星沙街道代表联络站").first.click()
    public_url = manager.locator("a[href*='/public/s/']").first.get_attribute("href")
    assert public_url, "the station page links its public form"

    # The person, on a phone, with no account.
    person_context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    person = person_context.new_page()
    person.goto(public_url if public_url.startswith("http") else base + public_url)
    expect(person.get_by_role("heading", name=re.compile("星沙街道代表联络站"))).to_be_visible()
    person.get_by_role("textbox", name=re.compile("^标题")).fill("星沙大道东段路灯连续一周不亮")
    person.get_by_role("textbox", name=re.compile("^内容")).fill(
        "星沙大道东段从十字路口往东约三百米的路灯已经一周没有亮了，晚上行人和电动车很危险。")
    person.get_by_role("textbox", name=re.compile("^发生地点")).fill("星沙街道星沙大道东段")
    person.get_by_role("textbox", name=re.compile("^联系电话")).fill("13807310123")
    person.get_by_label(re.compile("我已阅读")).check()
    question = person.locator("label[for='id_challenge_answer']").inner_text()
    person.get_by_label(re.compile("验证问题")).fill(_solve(question))
    screenshot(person, "public-form-phone")
    person.get_by_role("button", name=re.compile("提交")).click()
    person.wait_for_load_state()
    code = person.locator("[data-query-code]").first.get_attribute("data-query-code")
    assert code and len(code) == 10, person.locator("main").inner_text()
    screenshot(person, "public-form-submitted")
    assert "等待工作人员受理" in _follow(person, base, code)

    # The station manager finds it, accepts it and forwards it to the county housing bureau.
    manager.goto(f"{base}/casework/?status=received")
    manager.get_by_role("link", name="星沙大道东段路灯连续一周不亮").first.click()
    issue_url = manager.url
    assert "138****0123" in manager.locator("main").inner_text()  # the phone number is masked
    _act(manager, "受理")
    _act(manager, "转承办单位", selects={"承办单位": "长沙县住房和城乡建设局"})
    expect(manager.locator("main")).to_contain_text("已转办")
    screenshot(manager, "issue-forwarded")

    # The unit officer sees it in the unit's inbox and reports back.
    unit_context, unit = _staff(browser, base, "csx_zhujian")
    unit.goto(f"{base}/casework/inbox/")
    unit.get_by_role("link", name="星沙大道东段路灯连续一周不亮").first.click()
    _act(unit, "单位反馈", fields={"办理情况反馈": "已安排路灯维护队更换损坏的线路和灯具，11月25日前全部恢复照明。"})
    expect(unit.locator("main")).to_contain_text("单位已反馈")
    unit_context.close()

    # The manager answers the person.
    manager.goto(issue_url)
    _act(manager, "答复群众", fields={"答复内容": "经县住建局核查，路灯线路老化损坏，已更换，11月25日前全部恢复照明。"})
    expect(manager.locator("main")).to_contain_text("已答复")
    manager_context.close()

    # The person sees the answer with the query code and rates it.
    page_text = _follow(person, base, code)
    assert "11月25日前全部恢复照明" in page_text
    assert "13807310123" not in page_text and "xs_zhanzhang" not in page_text
    screenshot(person, "public-follow-answered")
    person.get_by_label("满意", exact=True).check()
    person.get_by_role("button", name=re.compile("提交评价")).click()
    person.wait_for_load_state()
    expect(person.locator("main")).to_contain_text("已办结")
    person_context.close()
