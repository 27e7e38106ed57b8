"""Counting a constituency in a real browser: the county election committee's officer keys in the two polling
stations still to report in 黄花镇's 第2选区 (one of them on a phone, from the keyboard), is stopped by a count sheet
that cannot be true, sees the result the engine decides (选举法 Art 45: more than half of those who voted), publishes
it and opens the announcement and a certificate."""

import re

import pytest
from playwright.sync_api import expect

from lianluo.demo.world import DEMO_PASSWORD
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

ELECTION = "黄花镇第十九届人民代表大会代表选举"
CONSTITUENCY = "第2选区（黄龙新村）"
NAMES = ("刘海波", "彭春梅", "谢卫东", "罗晓红", "唐新民")


def _signed_in(browser, base: str, *, phone: bool = False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(locale="zh-CN", viewport=viewport, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    errors = []

    def collect(message):
        # A refused count sheet comes back as 400 on purpose; the browser logs any 4xx page as an error.
        if message.type == "error" and "status of 400" not in message.text:
            errors.append(message.text)

    page.on("console", collect)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名或手机号码").fill("csx_xuanju")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/workbench/$"))
    return context, page, errors


def _fill_sheet(page, voted, issued, cast, invalid, votes):
    page.get_by_label("参加投票人数（含委托投票）").fill(str(voted))
    page.get_by_label("发出选票").fill(str(issued))
    page.get_by_label("收回选票").fill(str(cast))
    page.get_by_label("无效票（赞成人数多于应选名额）").fill(str(invalid))
    for name, n in zip(NAMES, votes, strict=True):
        page.get_by_label(f"{name} 得票").fill(str(n))


def test_keying_in_tallies_deciding_and_publishing_a_constituency(browser, live_demo):
    base = live_demo["url"]
    context, page, errors = _signed_in(browser, base)
    page.get_by_role("link", name="选举", exact=True).click()
    page.get_by_role("link", name=ELECTION).click()
    expect(page.get_by_role("heading", name="法定时间节点")).to_be_visible()
    page.get_by_role("link", name=CONSTITUENCY).click()
    expect(page.get_by_role("heading", name=CONSTITUENCY, level=1)).to_be_visible()
    expect(page.get_by_text("黄龙小学投票站尚未录入计票")).to_be_visible()
    screenshot(page, "election-constituency-before")
    constituency_url = page.url

    # 黄龙小学投票站: first a sheet with more ballots returned than issued, refused with the reason.
    page.get_by_role("row", name=re.compile("黄龙小学投票站")).get_by_role("link", name="录入计票").click()
    _fill_sheet(page, 20, 20, 25, 1, (15, 14, 9, 10, 4))
    page.get_by_role("button", name="保存计票").click()
    expect(page.get_by_text("收回的选票（25）不能多于发出的选票（20）")).to_be_visible()
    expect(page.get_by_label("收回选票")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("收回选票").fill("20")
    page.get_by_role("button", name="保存计票").click()
    page.wait_for_url(constituency_url)
    expect(page.get_by_text("黄龙小学投票站的计票已保存")).to_be_visible()
    context.close()
    assert not errors, errors

    # The mobile box, keyed in on a phone at the count, with the keyboard alone.
    context, phone, errors = _signed_in(browser, base, phone=True)
    phone.goto(constituency_url)
    phone.get_by_role("row", name=re.compile("流动票箱")).get_by_role("link", name="录入计票").click()
    phone.get_by_label("参加投票人数（含委托投票）").focus()
    for value in ("4", "4", "4", "0", "3", "3", "2", "2", "1"):
        phone.keyboard.type(value)
        phone.keyboard.press("Tab")
    screenshot(phone, "election-tally-phone")
    phone.keyboard.press("Enter")
    phone.wait_for_url(constituency_url)
    context.close()
    assert not errors, errors

    # Every station has reported: the engine's decision, then publication.
    context, page, errors = _signed_in(browser, base)
    page.goto(constituency_url)
    preview = page.locator(".card", has=page.get_by_role("heading", name="按现有计票的结果（尚未公布）"))
    expect(preview).to_contain_text(re.compile(r"当选所需票数\s*25"))
    expect(preview).to_contain_text("刘海波、彭春梅、罗晓红")
    screenshot(page, "election-constituency-preview")
    page.get_by_role("button", name="确认并公布结果").click()
    page.wait_for_url(constituency_url)
    published = page.locator(".card", has=page.get_by_role("heading", name=re.compile("已公布的结果")))
    expect(published).to_contain_text("刘海波、彭春梅、罗晓红")
    expect(page.get_by_role("button", name="确认并公布结果")).to_have_count(0)
    screenshot(page, "election-constituency-published")

    href = published.get_by_role("link", name="选举结果公告（PDF）").get_attribute("href")
    announcement = page.request.get(base + href)
    assert announcement.ok and announcement.body().startswith(b"%PDF")
    link = published.get_by_role("link", name="罗晓红当选证书（PDF）")
    certificate = page.request.get(base + link.get_attribute("href"))
    assert certificate.ok and certificate.headers["content-type"] == "application/pdf"
    assert certificate.body().startswith(b"%PDF")
    context.close()
    assert not errors, errors
