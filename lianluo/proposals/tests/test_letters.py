"""The Word letters (交办函, 答复函, 征询意见表), built from the demo suggestions of 长沙县 and read back with
python-docx; their downloads (scope, 404 outside, one audit row each)."""

import io

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from lianluo.core.models import AuditEvent
from lianluo.proposals import letters
from lianluo.proposals.models import Reply, Suggestion
from lianluo.regions.models import Congress, Organisation

PARKING = "关于规范小区停车收费的建议"  # 第6号, replied (A), led by 黄志勇, 长沙县住建局
SCHOOL = "关于加强校园周边交通安全管理的建议"  # 第7号, closed, 教育局 lead, 交通运输局 assists, led by 黄志勇
PROPERTY = "关于加强住宅小区物业服务监管的建议"  # 第3号, referred: 住建局 lead, 教育局 assists; 黄志勇 co-signs
FLOODING = "关于整治城区易涝点的建议"  # 第5号, complex (6 months), reply awaiting the leader's approval
BUS = "关于优化黄花镇至星沙城区公交线路的建议"  # 第1号, accepted, not yet referred
HOUSING = "长沙县住房和城乡建设局"
DOCX = letters.DOCX


def _suggestion(title: str) -> Suggestion:
    return Suggestion.objects.select_related("lead__person", "term__congress", "session", "region").get(title=title)


def _reply(title: str) -> Reply:
    return Reply.objects.select_related("suggestion__lead__person", "handling__unit").filter(
        suggestion__title=title).order_by("-id").first()


def _open(data: bytes):
    return Document(io.BytesIO(data))


def _text(doc) -> str:
    """All text of the document, body paragraphs and table cells, with the titles' line breaks removed."""
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts).replace("\n\n", "\n")


def _flat(doc) -> str:
    return _text(doc).replace("\n", "")


# ---------------------------------------------------------------- 答复函


def test_reply_letter_marks_the_class_top_right_and_addresses_the_lead_deputy(db):
    """RULES.md E1: the reply class is marked at the top right of the first page; the title names the session
    and number; the salutation is to the lead deputy; 抄送 goes to the congress office (D5)."""
    reply = _reply(PARKING)
    doc = _open(letters.reply_letter(reply))
    first = doc.paragraphs[0]
    assert first.text == "A" and first.style.paragraph_format.alignment == 2  # RIGHT
    flat = _flat(doc)
    assert "关于对县十八届人大五次会议第6号建议的答复" in flat
    assert "黄志勇代表：" in flat
    assert "经认真研究，现答复如下" in flat
    assert "签发人：肖卫国" in flat
    assert "联系人：曾小军" in flat and "0731-84011234" in flat
    assert "抄送：长沙县人大常委会选举任免联络工作委员会。" in flat
    assert letters.chinese_date(reply.sent_on) in flat
    assert HOUSING in flat


def test_reply_letter_carries_the_countersigned_opinions_of_the_co_units(db):
    doc = _open(letters.reply_letter(_reply(SCHOOL)))
    flat = _flat(doc)
    assert "会签意见" in flat
    assert "长沙县交通运输局（协办）：我单位同意主办单位的办理意见" in flat
    assert "关于对县十八届人大五次会议第7号建议的答复" in flat


# ---------------------------------------------------------------- 交办函


def test_assignment_letter_names_units_deadline_contact_duty_and_return_rule(db):
    """代表法 Art 51: the reply deadline (3 months from referral) and contact with the deputy (¶2); the 10-day
    return rule (RULES.md D5); the issuer derived from the congress's name."""
    suggestion = _suggestion(PROPERTY)
    doc = _open(letters.assignment_letter(suggestion))
    flat = _flat(doc)
    assert doc.paragraphs[0].text == "长沙县人大常委会选举任免联络工作委员会"
    assert "关于交办县十八届人大五次会议第3号建议的函" in flat
    assert "长沙县住房和城乡建设局、长沙县教育局：" in flat
    assert "长沙县住房和城乡建设局为主办单位" in flat and "长沙县教育局为协办单位" in flat
    assert suggestion.lead.person.name in flat and "第3号" in flat and PROPERTY in flat
    assert letters.chinese_date(suggestion.due_on) in flat and "三个月" in flat
    assert "与代表联系沟通，充分听取意见" in flat and "第五十一条" in flat
    assert "自收到之日起10日内" in flat
    assert "附件：" in flat and suggestion.body[:20] in flat  # the text goes along
    assert letters.chinese_date(suggestion.assigned_on) in flat


def test_assignment_letter_of_a_complex_suggestion_gives_six_months(db):
    """代表法 Art 51 ¶1–2: six months for suggestions that are broad and hard to handle."""
    suggestion = _suggestion(FLOODING)
    assert suggestion.is_complex
    flat = _flat(_open(letters.assignment_letter(suggestion)))
    assert "涉及面广、处理难度大，六个月" in flat and letters.chinese_date(suggestion.due_on) in flat
    assert "长沙县交通运输局为会办单位" in flat


def test_batch_assignment_letter_lists_the_units_suggestions(db):
    unit = Organisation.objects.get(name=HOUSING)
    batch = list(Suggestion.objects.filter(handlings__unit=unit).distinct()
                 .select_related("lead__person", "term__congress", "session", "region"))
    doc = _open(letters.assignment_letter_batch(unit, batch))
    flat = _flat(doc)
    assert f"{HOUSING}：" in flat
    assert f"代表提出的{len(batch)}件建议" in flat
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "编号", "建议标题", "领衔代表", "承办方式", "答复期限"]
    assert len(table.rows) == len(batch) + 1
    numbers = [row.cells[1].text for row in table.rows[1:]]
    assert numbers == sorted(numbers, key=lambda label: int(label.strip("第号")))
    for suggestion in batch:
        assert suggestion.number_label in numbers and suggestion.title in flat
        assert suggestion.lead.person.name in flat and letters.chinese_date(suggestion.due_on) in flat
    assert "长沙县教育局（协办）" in flat  # the other unit of 第3号
    assert "自收到之日起10日内" in flat


# ---------------------------------------------------------------- 征询意见表


def test_feedback_form_has_the_three_ratings_the_contact_and_the_return_date(db):
    """RULES.md E4 (满意 / 基本满意 / 不满意) and D5 (returned within 10 days of the reply: Suggestion.rate_by);
    the unit's contact with the deputy (代表法 Art 51 ¶2) as recorded."""
    reply = _reply(PARKING)
    suggestion = reply.suggestion
    doc = _open(letters.feedback_form(reply))
    flat = _flat(doc)
    assert "代表建议办理情况征询意见表" in flat
    for box in ("☐满意", "☐基本满意", "☐不满意"):
        assert box in flat
    assert "☑见面" in flat and "☐电话" in flat and "☐座谈" in flat and "☐未联系" in flat
    assert "第6号" in flat and PARKING in flat and "黄志勇" in flat and HOUSING in flat
    assert letters.chinese_date(suggestion.rate_by) in flat
    assert "代表签名" in flat and "意见和建议" in flat


# ---------------------------------------------------------------- layout


def _east_asia(element) -> str:
    fonts = element.find(qn("w:rPr")).find(qn("w:rFonts")) if element.find(qn("w:rPr")) is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else ""


def test_letters_use_the_official_layout_with_east_asian_fonts_set(db):
    """GB/T 9704: A4, margins 37/35/28/26 mm, title 方正小标宋简体, text 仿宋_GB2312 三号 on a 28 pt line; the
    Chinese font is named in w:eastAsia (Word ignores w:ascii for Chinese text) and no theme font overrides it."""
    for data in (letters.reply_letter(_reply(PARKING)), letters.assignment_letter(_suggestion(PROPERTY)),
                 letters.feedback_form(_reply(PARKING))):
        doc = _open(data)
        section = doc.sections[0]
        for measured, mm in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 37),
                             (section.bottom_margin, 35), (section.left_margin, 28), (section.right_margin, 26)):
            assert abs(measured - Mm(mm)) < Mm(0.1)  # stored in twips
        normal = doc.styles["Normal"]
        assert _east_asia(normal.element) == "仿宋_GB2312"
        assert normal.font.size == Pt(16) and normal.paragraph_format.line_spacing == Pt(28)
        assert _east_asia(doc.styles["公文标题"].element) == "方正小标宋简体"
        assert _east_asia(doc.styles["一级标题"].element) == "黑体"
        defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
        fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and fonts.get(qn("w:eastAsiaTheme")) is None
        title = next(p for p in doc.paragraphs if p.style.name == "公文标题")
        assert title.text


def test_set_east_asian_font_on_a_run_replaces_theme_fonts(db):
    doc = Document()
    run = doc.add_paragraph().add_run("测试")
    letters.set_east_asian_font(run, "黑体", latin="Arial")
    fonts = run._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "黑体" and fonts.get(qn("w:ascii")) == "Arial"
    style = doc.styles["Normal"]
    letters.set_east_asian_font(style, "仿宋_GB2312")
    assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_long_titles_break_at_a_meaningful_point():
    """GB/T 9704 §7.3.1: a title that does not fit breaks where the words allow, the upper line the longer."""
    assert letters.title_lines("代表建议办理情况征询意见表") == ["代表建议办理情况征询意见表"]
    assert letters.title_lines("关于对县十八届人大五次会议第6号建议的答复") == ["关于对县十八届人大五次会议",
                                                                      "第6号建议的答复"]
    for line in letters.title_lines("关于" + "加强" * 30 + "的建议"):
        assert letters.text_width(line) <= letters.TITLE_LINE_CHARS


def test_issuer_follows_the_congress_and_the_local_setting(db, settings):
    """A township congress has no standing committee: its presidium refers suggestions (代表法 Art 51 ¶1)."""
    county = Congress.objects.get(region_id="430121")
    assert letters.issuer_name(county) == "长沙县人大常委会选举任免联络工作委员会"
    assert letters.issuer_name(Congress.objects.get(region_id="430121105")) == "黄花镇人民代表大会主席团"
    settings.LIANLUO_PROPOSALS_LETTER_OFFICE = "办公室"
    assert letters.issuer_name(county) == "长沙县人大常委会办公室"


# ---------------------------------------------------------------- downloads


def _letter_audits():
    return AuditEvent.objects.filter(action="suggestion.letter")


@pytest.mark.parametrize("route", ["letter_reply", "letter_feedback"])
@pytest.mark.parametrize("username", ["csx_lianluo", "cs_lianluo", "csx_daibiao", "csx_zhujian", "csx_zhujian_fz"])
def test_office_lead_deputy_and_unit_download_reply_letters_audited(signed_in, username, route):
    reply = _reply(PARKING)
    before = _letter_audits().count()
    response = signed_in(username).get(reverse(f"proposals:{route}",
                                               kwargs={"pk": reply.suggestion_id, "reply": reply.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX and "attachment" in response["Content-Disposition"]
    assert _open(response.content).paragraphs
    events = list(_letter_audits().order_by("id"))
    assert len(events) == before + 1
    event = events[-1]
    assert event.actor.username == username and event.object_id == str(reply.suggestion_id)
    assert event.summary["letter"] == route.removeprefix("letter_") and event.summary["reply"] == reply.pk
    assert "黄志勇" not in str(event.summary)


def test_assignment_letter_download_audited(signed_in):
    suggestion = _suggestion(PROPERTY)
    before = _letter_audits().count()
    response = signed_in("csx_zhujian").get(reverse("proposals:letter_assignment", kwargs={"pk": suggestion.pk}))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert _letter_audits().count() == before + 1


def _outsider(cast):
    """Liaison staff of 株洲市: a congress office outside 长沙."""
    from lianluo.accounts.services import assignment_grant, user_create
    from lianluo.regions.models import Region

    region = Region.objects.get(code="4302")
    user, _ = user_create(actor=None, username="lt_zhuzhou", full_name="株洲联络员", home_region=region,
                          password="Lianluo-Test-2026x", must_change_password=False)
    assignment_grant(actor=None, user=user, role="liaison_staff", region=region)
    return user.username


@pytest.mark.parametrize(("username", "title", "route", "expect"), [
    ("csx_zhujian", SCHOOL, "letter_reply", 404),  # not the housing bureau's suggestion: outside its scope
    ("csx_zhujian", SCHOOL, "letter_assignment", 404),
    ("outsider", PARKING, "letter_reply", 404),  # another city's office
    ("hn_changwei", PARKING, "letter_reply", 403),  # reads the suggestion, does not handle it
    ("csx_daibiao", PROPERTY, "letter_assignment", 403),  # co-signer, not the lead deputy
    ("xs_zhanzhang", PARKING, "letter_feedback", 403),
    ("csx_lianluo", BUS, "letter_assignment", 404),  # not referred yet
    ("csx_lianluo", FLOODING, "letter_reply", 404),  # the reply awaits the leader's approval: not sent
    ("csx_zhujian_fz", FLOODING, "letter_feedback", 404),
])
def test_downloads_outside_scope_are_refused_and_not_audited(signed_in, cast, username, title, route, expect):
    if username == "outsider":
        username = _outsider(cast)
    suggestion = _suggestion(title)
    kwargs = {"pk": suggestion.pk}
    if route != "letter_assignment":
        kwargs["reply"] = (_reply(title) or _reply(PARKING)).pk
    before = _letter_audits().count()
    response = signed_in(username).get(reverse(f"proposals:{route}", kwargs=kwargs))
    assert response.status_code == expect
    assert _letter_audits().count() == before


def test_a_reply_of_another_suggestion_is_404(signed_in):
    response = signed_in("csx_lianluo").get(reverse("proposals:letter_reply", kwargs={
        "pk": _suggestion(PROPERTY).pk, "reply": _reply(PARKING).pk}))
    assert response.status_code == 404


def _batch_url(unit, ids):
    return reverse("proposals:letter_assignment_batch") + f"?unit={unit}&ids={','.join(map(str, ids))}"


def test_office_downloads_a_units_batch_letter_audited_once(signed_in):
    unit = Organisation.objects.get(name=HOUSING)
    ids = list(Suggestion.objects.filter(handlings__unit=unit).values_list("pk", flat=True).distinct())
    other = _suggestion(SCHOOL).pk  # not referred to this unit: left out
    before = _letter_audits().count()
    response = signed_in("csx_lianluo").get(_batch_url(unit.pk, [*ids, other]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    doc = _open(response.content)
    assert len(doc.tables[0].rows) == len(ids) + 1 and SCHOOL not in _flat(doc)
    event = _letter_audits().order_by("-id").first()
    assert _letter_audits().count() == before + 1
    assert event.summary == {"letter": "assignment_batch", "suggestions": sorted(ids)}


@pytest.mark.parametrize(("username", "query", "expect"), [
    ("csx_zhujian", "ok", 403),  # office only
    ("csx_daibiao", "ok", 403),
    ("csx_lianluo", "no-ids", 400),
    ("csx_lianluo", "city-unit", 404),  # 长沙市住建局 is outside the county office's jurisdiction
    ("outsider", "ok", 404),
])
def test_batch_letter_refusals(signed_in, cast, username, query, expect):
    if username == "outsider":
        username = _outsider(cast)
    unit = Organisation.objects.get(name=HOUSING)
    ids = list(Suggestion.objects.filter(handlings__unit=unit).values_list("pk", flat=True).distinct())
    url = {
        "ok": _batch_url(unit.pk, ids),
        "no-ids": reverse("proposals:letter_assignment_batch") + f"?unit={unit.pk}",
        "city-unit": _batch_url(Organisation.objects.get(name="长沙市住房和城乡建设局").pk, ids),
    }[query]
    before = _letter_audits().count()
    assert signed_in(username).get(url).status_code == expect
    assert _letter_audits().count() == before


def test_assignment_letter_carries_its_document_number_under_the_masthead(db):
    """GB/T 9704 §7.2.4: 发文字号 (the issuer's code, the year in 〔〕, the number in the year) under the
    issuer's name; numbered per congress and year when the suggestion is referred."""
    suggestion = _suggestion(PROPERTY)
    assert suggestion.letter_number.startswith(f"长沙县人大联函〔{suggestion.assigned_on.year}〕")
    doc = _open(letters.assignment_letter(suggestion))
    assert doc.paragraphs[1].text == suggestion.letter_number and doc.paragraphs[1].alignment == 1  # CENTER
