"""答复函 (the lead unit's reply to the deputy) and 征询意见表 (the feedback form sent with it)."""

import datetime

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from lianluo.proposals import workflow
from lianluo.proposals.letters import labels, layout
from lianluo.proposals.models import ContactRecord, Reply


def reply_title(reply: Reply) -> str:
    """关于对县十八届人大五次会议第6号建议的答复 (a later round: …的再次答复)."""
    again = "再次" if reply.round > 1 else ""
    return f"关于对{labels.suggestion_label(reply.suggestion)}的{again}答复"


def reply_letter(reply: Reply) -> bytes:
    """答复函 of a sent reply: the reply class at the top right of the first page (RULES.md E1), the unit's
    masthead with its signatory, the title, the salutation to the lead deputy, the reply, the co-units' opinions
    countersigned into it, the unit and date, contact person and phone, and 抄送 to the congress office (D5)."""
    suggestion = reply.suggestion
    unit = reply.handling.unit
    issuer = labels.issuer_name(suggestion.term.congress)
    title = reply_title(reply)
    doc = layout.new_document(title=title, issuer=unit.name)
    mark = layout.para(doc, reply.reply_class, style="类别标识")
    mark.runs[0].bold = True
    layout.masthead(doc, unit.name, signatory=reply.signatory)
    layout.title(doc, title)
    layout.para(doc, f"{suggestion.lead.person.name}代表：")
    body = reply.body.strip()
    if "收悉" not in body[:80]:
        layout.para(doc, f"您提出的《{suggestion.title}》（{suggestion.number_label}）收悉。", indent=True)
    layout.body(doc, body)
    if reply.countersigned:
        layout.para(doc, "会签意见：", font=layout.HEADING_FONT, indent=True)
        for item in reply.countersigned:
            on = datetime.date.fromisoformat(item["on"]) if item.get("on") else None
            text = f"{item.get('unit', '')}（{item.get('role', '')}）：{item.get('opinion', '')}"
            layout.para(doc, text + (f"（{layout.chinese_date(on)}）" if on else ""), indent=True)
    layout.signature(doc, unit.name, reply.sent_on)
    contact = "，".join(filter(None, [f"联系人：{reply.contact_person}" if reply.contact_person else "",
                                     f"联系电话：{reply.contact_phone}" if reply.contact_phone else ""]))
    if contact:  # 附注: under the date, two characters in, in parentheses (GB/T 9704 §7.3.6)
        layout.para(doc, f"（{contact}）", indent=True)
    layout.para(doc)
    copy = layout.para(doc, f"抄送：{issuer}。", style="版记")
    copy.paragraph_format.left_indent = Pt(layout.TABLE_PT)
    copy.paragraph_format.right_indent = Pt(layout.TABLE_PT)
    layout.border(copy, "top", color="000000", size=8)
    printed = layout.para(doc, style="版记")
    printed.paragraph_format.left_indent = Pt(layout.TABLE_PT)
    printed.paragraph_format.right_indent = Pt(layout.TABLE_PT)
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(2 * layout.TABLE_PT), alignment=2)  # right tab
    printed.add_run(f"{unit.name}\t{layout.chinese_date(reply.sent_on)}印发")
    layout.border(printed, "top", color="000000", size=4)
    layout.border(printed, "bottom", color="000000", size=8)
    return layout.to_bytes(doc)


# ---------------------------------------------------------------- 征询意见表

CONTACT_WAYS = [(ContactRecord.Way.MEETING, "见面"), (ContactRecord.Way.PHONE, "电话"),
                (ContactRecord.Way.FORUM, "座谈")]


def _boxes(options: list[tuple[str, bool]], gap: str = "　　") -> str:
    return gap.join(f"{layout.CHECKED if on else layout.UNCHECKED}{label}" for label, on in options)


def feedback_form(reply: Reply) -> bytes:
    """征询意见表 sent with a reply to the lead deputy (RULES.md D5, E4): the suggestion's number and title, lead
    deputy, units, how the unit contacted the deputy (from the contact records of the round), 满意 / 基本满意 /
    不满意 to tick, room for opinions, the date to return it by (Suggestion.rate_by: 10 days, D5) and the
    deputy's signature."""
    suggestion = reply.suggestion
    issuer = labels.issuer_name(suggestion.term.congress)
    units = labels.units_by_role(labels.open_handlings(suggestion))
    contacts = list(suggestion.contacts.filter(round=reply.round).order_by("contacted_on", "id"))
    ways = {c.way for c in contacts}
    title = "代表建议办理情况征询意见表"
    doc = layout.new_document(title=title, issuer=issuer)
    layout.para(doc, title, style="公文标题")
    between = "" if suggestion.session_id else "闭会期间"
    layout.para(doc, f"（{labels.session_short(suggestion)}{between}代表建议）", align=WD_ALIGN_PARAGRAPH.CENTER,
                font=layout.SUBHEADING_FONT)
    layout.para(doc)
    return_by = suggestion.rate_by or workflow.rate_by(reply.sent_on or datetime.date.today())
    table = layout.table(doc, [40, 44, 26, 46], 9)
    rows = table.rows

    def label(row, column, text):
        layout.cell(rows[row].cells[column], text, align=WD_ALIGN_PARAGRAPH.CENTER, font=layout.HEADING_FONT)

    def wide(row, text):
        merged = rows[row].cells[1].merge(rows[row].cells[3])
        return layout.cell(merged, text)

    label(0, 0, "建议编号")
    layout.cell(rows[0].cells[1], suggestion.number_label)
    label(0, 2, "领衔代表")
    layout.cell(rows[0].cells[3], suggestion.lead.person.name, align=WD_ALIGN_PARAGRAPH.CENTER)
    label(1, 0, "建议标题")
    wide(1, suggestion.title)
    label(2, 0, "主办单位")
    layout.cell(rows[2].cells[1], "、".join(units[workflow.LEAD]) or reply.handling.unit.name)
    label(2, 2, "答复类别")
    layout.cell(rows[2].cells[3], reply.reply_class, align=WD_ALIGN_PARAGRAPH.CENTER)
    label(3, 0, "协办、会办单位")
    wide(3, "、".join([*units[workflow.ASSIST], *units[workflow.JOINT]]) or "—")
    label(4, 0, "答复日期")
    layout.cell(rows[4].cells[1], layout.chinese_date(reply.sent_on))
    label(4, 2, "送回期限")
    layout.cell(rows[4].cells[3], layout.chinese_date(return_by), align=WD_ALIGN_PARAGRAPH.CENTER)
    label(5, 0, "承办单位与代表联系情况")
    options = [(name, way in ways) for way, name in CONTACT_WAYS]
    options.append(("其他", bool(ways - {w for w, _ in CONTACT_WAYS})))
    options.append(("未联系", not contacts))
    cell = wide(5, _boxes(options, "　"))
    if contacts:
        cell.add_run("\n（办理记录：" + "；".join(f"{layout.chinese_date(c.contacted_on)}{c.get_way_display()}"
                                             for c in contacts) + "）").font.size = Pt(12)
    label(6, 0, "对办理工作的评价")
    wide(6, _boxes([("满意", False), ("基本满意", False), ("不满意", False)], "　　　"))
    layout.row_height(rows[6], 14)
    label(7, 0, "意见和建议")
    hint = wide(7, "（不满意的，请写明具体意见和理由，承办单位将重新办理。）")
    hint.runs[0].font.size = Pt(12)
    rows[7].cells[1].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    layout.row_height(rows[7], 50)
    label(8, 0, "代表签名")
    layout.cell(rows[8].cells[1], "")
    label(8, 2, "填写日期")
    layout.cell(rows[8].cells[3], "年　　月　　日", align=WD_ALIGN_PARAGRAPH.CENTER)
    layout.row_height(rows[8], 16)
    for row in rows[:6]:
        layout.row_height(row, 11)
    layout.para(doc)
    notes = [
        f"1.请在所选项前的“{layout.UNCHECKED}”内打“√”。",
        f"2.请于{layout.chinese_date(return_by)}前将本表送回{issuer}，也可交承办单位转送。",
    ]
    layout.para(doc, "注：" + notes[0], style="表格文字")
    for note in notes[1:]:
        paragraph = layout.para(doc, note, style="表格文字")
        paragraph.paragraph_format.left_indent = Pt(2 * layout.TABLE_PT)
    return layout.to_bytes(doc)
