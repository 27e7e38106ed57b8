"""交办函: the referral letter for one suggestion, and the batch letter to one unit after a session."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from lianluo.proposals import workflow
from lianluo.proposals.letters import labels, layout
from lianluo.proposals.models import Suggestion
from lianluo.regions.models import chinese_numeral


def _requirements(doc, *, issuer: str, due_text: str, partners: bool) -> None:
    """The numbered requirements of a 交办函, each with the rule it rests on."""
    days = workflow.return_window_days()
    items = [
        ("按期答复", "承办单位应当自交办之日起三个月内答复代表；涉及面广、处理难度大的建议，应当自交办之日起六个月内"
                     "答复（《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》第五十一条）。" + due_text),
        ("联系代表", "办理过程中应当与代表联系沟通，充分听取意见（代表法第五十一条第二款），可采取见面、电话、座谈、"
                     "实地察看等方式；答复前应当与领衔代表联系沟通，并如实记录联系情况。"),
    ]
    if partners:
        items.append(("协同办理", "协办、会办单位应当主动配合主办单位，及时将书面意见送主办单位；主办单位会签"
                                  "协办、会办单位意见后统一答复代表。"))
    items += [
        ("申请退回", f"承办单位认为建议不属于本单位职责范围的，应当自收到之日起{days}日内向{issuer}说明理由、"
                     "申请退回；逾期未申请的，应当按交办意见办理。"),
        ("答复要求", f"答复件应当经本单位负责人审签，在首页右上角标明答复类别（{labels.class_legend()}），连同"
                     f"《代表建议办理情况征询意见表》送领衔代表，并抄送{issuer}。"),
    ]
    for number, (heading, text) in enumerate(items, start=1):
        layout.headed(doc, f"{chinese_numeral(number)}、{heading}。", text)


def _attachment(doc, suggestion: Suggestion, *, index: int | None = None) -> None:
    layout.page_break(doc)
    layout.para(doc, "附件" if index is None else f"附件{index}", font=layout.HEADING_FONT)
    layout.para(doc)
    layout.title(doc, suggestion.title)
    layout.para(doc, f"编号：{suggestion.number_label}　　领衔代表：{suggestion.lead.person.name}", indent=True)
    cosigners = labels.cosigner_names(suggestion)
    if cosigners:
        layout.para(doc, "附议代表：" + "、".join(cosigners), indent=True)
    layout.para(doc)
    layout.body(doc, suggestion.body)


def assignment_letter(suggestion: Suggestion) -> bytes:
    """交办函 for one suggestion, to all its units: the number and title, the lead deputy, the lead (主办),
    assisting (协办) and joint (会办) units, the reply deadline (代表法 Art 51: 3 months, 6 for broad and difficult
    ones — Suggestion.due_on), the duty to contact the deputy (Art 51 ¶2), the 10-day return rule (RULES.md D5),
    and the suggestion's text as the attachment."""
    congress = suggestion.term.congress
    issuer = labels.issuer_name(congress)
    handlings = labels.open_handlings(suggestion)
    units = labels.units_by_role(handlings)
    label = labels.suggestion_label(suggestion)
    title = f"关于交办{label}的函"
    doc = layout.new_document(title=title, issuer=issuer)
    layout.masthead(doc, issuer, number=suggestion.letter_number)
    layout.title(doc, title)
    layout.para(doc, "、".join([*units[workflow.LEAD], *units[workflow.ASSIST], *units[workflow.JOINT]]) + "：")
    roles = []
    if units[workflow.LEAD]:
        roles.append(f"{'、'.join(units[workflow.LEAD])}为主办单位")
    if units[workflow.ASSIST]:
        roles.append(f"{'、'.join(units[workflow.ASSIST])}为协办单位")
    if units[workflow.JOINT]:
        roles.append(f"{'、'.join(units[workflow.JOINT])}为会办单位")
    due = layout.chinese_date(suggestion.due_on)
    source = labels.source_phrase(suggestion)
    layout.para(doc, f"现将{source}{suggestion.lead.person.name}代表提出的《{suggestion.title}》"
                     f"（{suggestion.number_label}）交由你单位办理，其中{'，'.join(roles)}。请认真研究办理，于{due}前"
                     "答复代表。现将有关要求函告如下：", indent=True)
    layout.para(doc)
    table = layout.table(doc, [36, 120], 7)
    rows = [
        ("建议编号", suggestion.number_label), ("建议标题", suggestion.title),
        ("领衔代表", suggestion.lead.person.name),
        ("主办单位", "、".join(units[workflow.LEAD]) or "—"),
        ("协办单位", "、".join(units[workflow.ASSIST]) or "—"),
        ("会办单位", "、".join(units[workflow.JOINT]) or "—"),
        ("答复期限", f"{due}（交办日期 {layout.chinese_date(suggestion.assigned_on)}，"
                     f"{'涉及面广、处理难度大，六个月' if suggestion.is_complex else '三个月'}）"),
    ]
    for row, (key, value) in zip(table.rows, rows, strict=True):
        layout.cell(row.cells[0], key, align=WD_ALIGN_PARAGRAPH.CENTER, font=layout.HEADING_FONT)
        layout.cell(row.cells[1], value)
        layout.row_height(row, 9)
    layout.para(doc)
    _requirements(doc, issuer=issuer, due_text=f"本件答复期限为{due}。",
                  partners=bool(units[workflow.ASSIST] or units[workflow.JOINT]))
    layout.para(doc, "特此函告。", indent=True)
    layout.para(doc)
    layout.attachment_note(doc, f"{suggestion.title}（建议原文）")
    layout.signature(doc, issuer, suggestion.assigned_on)
    _attachment(doc, suggestion)
    return layout.to_bytes(doc)


def assignment_letter_batch(unit, suggestions: list[Suggestion]) -> bytes:
    """One 交办函 to ``unit`` listing the suggestions referred to it (what offices send after a session): per
    suggestion its number, title, lead deputy, this unit's part (主办/协办/会办), the other units and the reply
    deadline; the same requirements as the single letter; the texts as attachments."""
    suggestions = sorted(suggestions, key=lambda s: (s.term_id, s.session_id or 0, s.year, s.number or 0, s.pk))
    first = suggestions[0]
    congress = first.term.congress
    issuer = labels.issuer_name(congress)
    same_source = len({(s.term_id, s.session_id) for s in suggestions}) == 1
    between = "" if first.session_id else "闭会期间"
    subject = f"{labels.session_short(first)}{between}代表建议" if same_source else "代表建议"
    title = f"关于交办{subject}的函"
    doc = layout.new_document(title=title, issuer=issuer)
    layout.masthead(doc, issuer)
    layout.title(doc, title)
    layout.para(doc, f"{unit.name}：")
    source = labels.source_phrase(first) if same_source else ""
    layout.para(doc, f"现将{source}代表提出的{len(suggestions)}件建议交由你单位办理（详见下表）。请认真研究办理，"
                     "在规定期限内答复代表。现将有关要求函告如下：", indent=True)
    layout.para(doc)
    table = layout.table(doc, [10, 18, 57, 20, 14, 37], len(suggestions) + 1)
    layout.repeat_header(table.rows[0])
    small = {"style": "表格小字", "align": WD_ALIGN_PARAGRAPH.CENTER}
    for cell, text in zip(table.rows[0].cells, ["序号", "编号", "建议标题", "领衔代表", "承办方式", "答复期限"],
                          strict=True):
        layout.cell(cell, text, font=layout.HEADING_FONT, **small)
    partners = False
    for index, (row, suggestion) in enumerate(zip(table.rows[1:], suggestions, strict=True), start=1):
        handlings = labels.open_handlings(suggestion)
        own = next((h for h in handlings if h.unit_id == unit.pk), None)
        others = [f"{h.unit.name}（{h.get_role_display()}）" for h in handlings if h.unit_id != unit.pk]
        partners = partners or len(handlings) > 1
        layout.cell(row.cells[0], str(index), **small)
        layout.cell(row.cells[1], suggestion.number_label.removeprefix("闭会期间"), **small)
        title_cell = layout.cell(row.cells[2], suggestion.title, style="表格小字")
        if others:
            title_cell.add_run("\n其他承办单位：" + "、".join(others)).font.size = Pt(10.5)
        layout.cell(row.cells[3], suggestion.lead.person.name, **small)
        layout.cell(row.cells[4], own.get_role_display() if own else "—", **small)
        layout.cell(row.cells[5], layout.chinese_date(suggestion.due_on), **small)
    layout.para(doc)
    _requirements(doc, issuer=issuer, due_text="各件的答复期限见上表。", partners=partners)
    layout.para(doc, "特此函告。", indent=True)
    layout.para(doc)
    layout.attachment_note(doc, f"代表建议原文（共{len(suggestions)}件）")
    dates = [s.assigned_on for s in suggestions if s.assigned_on]
    layout.signature(doc, issuer, max(dates) if dates else None)
    for index, suggestion in enumerate(suggestions, start=1):
        _attachment(doc, suggestion, index=index)
    return layout.to_bytes(doc)
