"""The annual handling report (代表建议、批评和意见办理情况的报告) drafted from the figures, as a Word document.

The handling report goes to the standing committee, is printed for the next congress session and must be made
public (代表法 Art 51 ¶3; 地方组织法 Art 42 ¶3; RULES.md B5). This module writes the draft an office then edits:
the title, an opening paragraph, the numbers (received, assigned, replied, contact rate, satisfaction, the solved
share, key suggestions), a table by lead unit, the issues that remain, and the work ahead.

Layout of an official document (党政机关公文格式 GB/T 9704): A4, margins 37/35/28/26 mm, body in 仿宋_GB2312 三号
(16 pt) on a fixed 28 pt line, first lines indented by two characters, the title in 方正小标宋简体 二号 (22 pt),
first-level headings in 黑体, second-level in 楷体_GB2312, page numbers "— N —" in 宋体 四号. The font names are set
in the document's styles; the reader's installed fonts render them.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from lianluo.proposals.statistics import Figures, GroupRow

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
CHINESE_ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class ReportInput:
    office: str  # "长沙县人大常委会"
    subject: str  # what the title names: "2026年度长沙县人大", "长沙县第十八届人民代表大会第五次会议"
    period: str  # what the first figures are counted over: "2026年", "长沙县第十八届人民代表大会第五次会议期间"
    figures: Figures
    units: list[GroupRow]
    classes: list[tuple[str, str]]
    as_of: datetime.date
    has_standing_committee: bool = True


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# ---------------------------------------------------------------- styles


def _fonts(style_or_run, name: str, size: float, *, bold: bool = False) -> None:
    """One font for Latin and East Asian text; theme fonts removed so that the names set here are the ones used."""
    font = style_or_run.font
    font.name, font.size, font.bold = name, Pt(size), bold
    font.color.rgb = RGBColor(0, 0, 0)
    element = style_or_run.element
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def _paragraph_style(document, name: str, font: str, size: float, *, bold: bool = False, indent: bool = True,
                     align=WD_ALIGN_PARAGRAPH.JUSTIFY, line: float = 28, base: str = "Normal"):
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        style.base_style = styles[base]
    _fonts(style, font, size, bold=bold)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(line)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(size * 2) if indent else Pt(0)
    # Built-in headings carry a border or keep-with-next spacing in the default template; none in a 公文.
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    return style


def _styles(document) -> None:
    _paragraph_style(document, "Normal", BODY_FONT, 16)
    _paragraph_style(document, "Report Title", TITLE_FONT, 22, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER,
                     line=36)
    _paragraph_style(document, "Report Subtitle", SUBHEADING_FONT, 16, indent=False,
                     align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(document, "Heading 1", HEADING_FONT, 16)
    _paragraph_style(document, "Heading 2", SUBHEADING_FONT, 16)
    _paragraph_style(document, "Report Table Text", BODY_FONT, 10.5, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER,
                     line=16)
    _paragraph_style(document, "Report Signature", BODY_FONT, 16, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(footer.add_run("— "), PAGE_NUMBER_FONT, 14)
    run = footer.add_run()
    _fonts(run, PAGE_NUMBER_FONT, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text.strip() == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    _fonts(footer.add_run(" —"), PAGE_NUMBER_FONT, 14)


# ---------------------------------------------------------------- text


def _opening(data: ReportInput) -> str:
    return (f"根据《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》第五十一条的规定，现将{data.subject}"
            f"代表建议、批评和意见（以下简称代表建议）办理情况报告如下，请予审议。")


def _basics(data: ReportInput) -> list[str]:
    f = data.figures
    units = len(data.units)
    text = (f"{data.period}，共收到代表建议{f.received}件，经审核交有关单位办理{f.assigned}件"
            f"{f'，另有{f.merged}件内容相近的建议并案处理' if f.merged else ''}，涉及主办单位{units}个。")
    key = (f"主任会议确定重点督办建议{f.key}件，由常委会领导牵头督办，目前已答复{f.key_finished}件。"
           if f.key else "本期未确定重点督办建议。")
    return [text, key]


def _results(data: ReportInput) -> list[tuple[str, str]]:
    f = data.figures
    parts = [
        ("（一）答复情况。", f"截至{_date(data.as_of)}，已答复代表{f.finished}件，办结率{percent(f.finish_rate)}；"
                         f"尚在办理中{f.in_hands}件。"
                         + (f"其中超过答复期限尚未答复{f.overdue_open}件。" if f.overdue_open else "")),
        ("（二）联系沟通情况。",
         f"承办单位在答复前与代表联系沟通的建议{f.contacted}件，见面率{percent(f.contact_rate)}。"),
    ]
    classes = "，".join(
        f"{label}的（{code}类）{f.classes[i] if i < len(f.classes) else 0}件，"
        f"占{percent((f.classes[i] if i < len(f.classes) else 0) / f.classed if f.classed else None)}"
        for i, (code, label) in enumerate(data.classes))
    parts.append(("（三）办理结果。", f"按答复类别（重新办理的以最近一次答复计），{classes}。"
                                  f"解决率{percent(f.solved_rate)}。" if f.classed else "尚无分类答复的建议。"))
    if f.first_rated:
        satisfaction = (f"代表首次评价{f.first_rated}件，其中满意{f.first_satisfied}件、基本满意{f.first_basic}件、"
                        f"不满意{f.first_dissatisfied}件，满意率{percent(f.first_satisfied_rate)}，含基本满意"
                        f"{percent(f.first_satisfied_incl_rate)}。")
        if f.rehandled:
            satisfaction += (f"对代表不满意的{f.rehandled}件建议已交承办单位重新办理；以最终评价计，满意率"
                             f"{percent(f.final_satisfied_rate)}，含基本满意{percent(f.final_satisfied_incl_rate)}。")
    else:
        satisfaction = "代表尚未反馈评价意见。"
    parts.append(("（四）代表评价情况。", satisfaction))
    return parts


def _issues(data: ReportInput) -> list[str]:
    f = data.figures
    issues = []
    late_units = [u for u in data.units if u.figures.overdue_open]
    late_units.sort(key=lambda u: (-u.figures.overdue_open, u.label))
    if f.overdue_open:
        names = "、".join(u.label for u in late_units[:5]) + ("等单位" if len(late_units) > 5 else "")
        issues.append(f"个别单位办理不够及时。仍有{f.overdue_open}件建议超过法定答复期限尚未答复，涉及{names}。")
    if f.replied_late:
        issues.append(f"有{f.replied_late}件建议超过答复期限才予答复，办理时限意识有待增强。")
    if f.uncontacted:
        issues.append(f"沟通联系不够充分。有{f.uncontacted}件建议在办理中未见与代表联系沟通的记录，"
                      f"与代表法“与代表联系沟通，充分听取意见”的要求还有差距。")
    unsolved = f.classed - f.solved
    if unsolved:
        issues.append(f"部分建议落实还需时日。列入计划逐步解决或因条件限制留作参考的建议{unsolved}件，"
                      f"占已分类答复建议的{percent(unsolved / f.classed)}，需要持续跟踪、推动落实。")
    if f.first_dissatisfied:
        issues.append(f"代表首次评价不满意的建议{f.first_dissatisfied}件，答复质量和办理实效仍需提高。")
    if not issues:
        issues.append("办理工作总体规范。（请结合督办中了解的情况补充。）")
    return issues


NEXT_STEPS = [
    ("（一）加强跟踪督办。",
     "对尚未答复和列入计划逐步解决的建议，督促承办单位明确时限、细化措施，按期办结并及时向代表反馈。"),
    ("（二）注重沟通实效。",
     "督促承办单位在办理前、办理中、答复前与代表充分沟通，把代表满意作为检验办理工作的重要标准。"),
    ("（三）完善考核机制。", "将办理情况纳入承办单位年度考核，对办理质量不高、代表不满意的建议跟踪重办。"),
]


def _table(document, data: ReportInput) -> None:
    header = ["承办单位", "交办", "已答复", "办结率", "见面率", "首次满意率\n（含基本满意）", "解决率", "逾期未答复"]
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    repeat = OxmlElement("w:tblHeader")  # the header row again on every page the table runs onto
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        cell.paragraphs[0].style = "Report Table Text"
    for row in data.units:
        f = row.figures
        values = [row.label, str(f.assigned), str(f.finished), percent(f.finish_rate), percent(f.contact_rate),
                  percent(f.first_satisfied_incl_rate), percent(f.solved_rate), str(f.overdue_open)]
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
            cell.paragraphs[0].style = "Report Table Text"
    if not data.units:
        cells = table.add_row().cells
        cells[0].merge(cells[-1]).text = "尚无交办的建议"
        cells[0].paragraphs[0].style = "Report Table Text"
    # The unit's name gets the room; the figures fit "100.0%" in 五号 on one line (156 mm of text width).
    table.autofit = False
    margins = OxmlElement("w:tblCellMar")  # narrow cell margins (1 mm) so that the figures keep to one line
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "57")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    widths = [Mm(32), *([Mm(124 / (len(header) - 1))] * (len(header) - 1))]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice and WPS read
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width  # the cells, which Word reads


def report_docx(data: ReportInput) -> bytes:
    """The draft report as .docx bytes."""
    document = Document()
    _styles(document)
    _page(document)
    document.add_paragraph(f"关于{data.subject}代表建议、批评和意见办理情况的报告", style="Report Title")
    document.add_paragraph("（草稿）", style="Report Subtitle")
    document.add_paragraph("")
    salutation = "主任、各位副主任、各位委员：" if data.has_standing_committee else "各位代表："
    document.add_paragraph(salutation).paragraph_format.first_line_indent = Pt(0)
    document.add_paragraph(_opening(data))

    sections = iter(CHINESE_ORDINALS)
    document.add_paragraph(f"{next(sections)}、基本情况", style="Heading 1")
    for text in _basics(data):
        document.add_paragraph(text)

    document.add_paragraph(f"{next(sections)}、办理结果", style="Heading 1")
    for heading, text in _results(data):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(heading)
        _fonts(run, SUBHEADING_FONT, 16)
        paragraph.add_run(text)
    document.add_paragraph("各主办单位办理情况见下表。")
    _table(document, data)

    document.add_paragraph(f"{next(sections)}、存在的问题", style="Heading 1")
    for index, text in enumerate(_issues(data)):
        document.add_paragraph(f"（{CHINESE_ORDINALS[index]}）{text}")

    document.add_paragraph(f"{next(sections)}、下一步工作", style="Heading 1")
    for heading, text in NEXT_STEPS:
        paragraph = document.add_paragraph()
        _fonts(paragraph.add_run(heading), SUBHEADING_FONT, 16)
        paragraph.add_run(text)

    document.add_paragraph("")
    document.add_paragraph(data.office, style="Report Signature")
    document.add_paragraph(_date(data.as_of), style="Report Signature")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
