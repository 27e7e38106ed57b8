"""The building blocks of an official letter (GB/T 9704-2012 《党政机关公文格式》): the page, the styles and
their fonts, paragraphs, the masthead, the title, tables, the signature block.

Word picks the font of Chinese text from the ``w:eastAsia`` attribute of ``w:rFonts`` only (and a theme font
attribute wins over a named one), so every font is set through ``set_east_asian_font``.
"""

import datetime
import functools
import io
import re

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
RED = RGBColor(0xC0, 0x00, 0x00)  # 版头 and 分隔线 of an official letter are red
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
TABLE_PT = 14  # 四号
LINE_PT = 28  # 22 lines in the 225 mm text block
CHAR_PT = BODY_PT  # one Chinese character of body text
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
UNCHECKED, CHECKED = "☐", "☑"  # one Unicode block, so that both come from the same font

def chinese_date(on: datetime.date | None) -> str:
    """成文日期 with Arabic numerals, no leading zeros (GB/T 9704 §7.3.5.1): 2026年1月5日."""
    if on is None:
        return "    年  月  日"
    return f"{on.year}年{on.month}月{on.day}日"


# ---------------------------------------------------------------- fonts and styles


def set_east_asian_font(target, name: str, *, latin: str | None = None) -> None:
    """Set the font of ``target`` (a paragraph or character style, a run, or a ``w:rPr`` element) for Chinese
    text (``w:eastAsia``) and for Latin text (``w:ascii``/``w:hAnsi``, ``latin`` or the same font). Theme font
    attributes win over explicit names in Word, so they are removed."""
    if hasattr(target, "element") and hasattr(target.element, "get_or_add_rPr"):
        rpr = target.element.get_or_add_rPr()  # a style
    elif hasattr(target, "_element"):
        rpr = target._element.get_or_add_rPr()  # a run
    else:
        rpr = target
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    latin = latin or name
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), name)


def _paragraph_style(doc, name: str, font: str, size: int, *, align=None, line: int = LINE_PT, bold=False,
                     latin: str | None = None):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, 1)
    if name != "Normal":
        style.base_style = styles["Normal"]
    style.font.size = Pt(size)
    style.font.bold = bold
    set_east_asian_font(style, font, latin=latin or (LATIN_FONT if font == BODY_FONT else font))
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line)
    fmt.space_before = fmt.space_after = Pt(0)
    if align is not None:
        fmt.alignment = align
    return style


def new_document(*, title: str, issuer: str):
    doc = Document()
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_east_asian_font(rpr, BODY_FONT, latin=LATIN_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "zh-CN")
        lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    if spacing is not None:
        spacing.set(qn("w:after"), "0")
    _paragraph_style(doc, "Normal", BODY_FONT, BODY_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _paragraph_style(doc, "公文标题", TITLE_FONT, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, line=35)
    _paragraph_style(doc, "发文机关标志", TITLE_FONT, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, line=35)
    _paragraph_style(doc, "一级标题", HEADING_FONT, BODY_PT)
    _paragraph_style(doc, "二级标题", SUBHEADING_FONT, BODY_PT)
    _paragraph_style(doc, "类别标识", HEADING_FONT, BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph_style(doc, "版记", BODY_FONT, TABLE_PT)
    _paragraph_style(doc, "表格文字", BODY_FONT, TABLE_PT, line=22)
    _paragraph_style(doc, "表格小字", BODY_FONT, 12, line=18)
    section = doc.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(20)
    _page_number_footer(section)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, issuer, issuer
    props.comments = props.keywords = props.subject = ""
    props.language = "zh-CN"
    return doc


def _page_number_footer(section) -> None:
    """"— 1 —" centred at the foot of each page (GB/T 9704 §7.5, simplified: centred on every page)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" —")
    for run in paragraph.runs:
        run.font.size = Pt(TABLE_PT)
        set_east_asian_font(run, "宋体")


def to_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- building blocks


def border(paragraph, side: str = "bottom", *, color: str = "C00000", size: int = 12) -> None:
    """A rule under (or over) a paragraph: the red separator below the 版头, the lines of the 版记."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)


def para(doc, text: str = "", *, style: str | None = None, indent: bool = False, align=None,
         right_indent: float = 0, font: str | None = None):
    """A paragraph of text (indented two characters for body text), in a style or with a font of its own."""
    paragraph = doc.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        if font:
            set_east_asian_font(run, font)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(2 * CHAR_PT)
    if align is not None:
        paragraph.alignment = align
    if right_indent:
        paragraph.paragraph_format.right_indent = Pt(right_indent)
    return paragraph


def headed(doc, heading: str, text: str):
    """A numbered requirement: "一、按期答复。" in 黑体, the rest in 仿宋."""
    paragraph = para(doc, indent=True)
    set_east_asian_font(paragraph.add_run(heading), HEADING_FONT)
    paragraph.add_run(text)
    return paragraph


def body(doc, text: str) -> None:
    for line in re.split(r"\r?\n+", text.strip()):
        if line.strip():
            para(doc, line.strip(), indent=True)


def attachment_note(doc, name: str):
    """附件说明: two characters in, a long name wrapping under its own first character (GB/T 9704 §7.3.4)."""
    paragraph = para(doc, f"附件：{name}")
    paragraph.paragraph_format.left_indent = Pt(5 * CHAR_PT)
    paragraph.paragraph_format.first_line_indent = Pt(-3 * CHAR_PT)
    return paragraph


def text_width(text: str) -> float:
    """Width in body characters: Chinese characters count one, digits and Latin letters half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def signature(doc, issuer: str, on: datetime.date | None) -> None:
    """The issuer centred over the date, the date four characters from the right (further when the issuer is
    the longer), one blank line above for the seal (GB/T 9704 §7.3.5.1, 加盖印章的公文)."""
    date_text = chinese_date(on)
    wi, wd = text_width(issuer), text_width(date_text)
    if wi <= wd + 4:
        date_right = 4.0
        issuer_right = max(date_right + (wd - wi) / 2, 0)
    else:
        issuer_right = 2.0
        date_right = issuer_right + (wi - wd) / 2
    para(doc)
    para(doc, issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=issuer_right * CHAR_PT)
    para(doc, date_text, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=date_right * CHAR_PT)


def masthead(doc, name: str, *, signatory: str = "", number: str = "") -> None:
    """The 版头 of a letter: the issuer's name in red, the 发文字号 centred under it (GB/T 9704 §7.2.4), a red
    rule under them (and 签发人 at its right)."""
    head = para(doc, name, style="发文机关标志")
    head.runs[0].font.color.rgb = RED
    head.paragraph_format.space_after = Pt(LINE_PT / 2)
    if number:
        head = para(doc, number, align=WD_ALIGN_PARAGRAPH.CENTER)
    if signatory:
        line = para(doc, align=WD_ALIGN_PARAGRAPH.RIGHT)
        line.add_run("签发人：")
        set_east_asian_font(line.add_run(signatory), SUBHEADING_FONT)
        border(line)
    else:
        border(head)
    para(doc)


TITLE_LINE_CHARS = 19  # 二号 characters that fit the 156 mm text block with a little room on both sides
# Where a long title may break: after the source of the suggestion, before its number, after 关于.
_TITLE_BREAKS = re.compile(r"(?<=会议)|(?<=期间)|(?=第\d)|(?<=关于)|(?<=建议)|(?<=的)")


@functools.lru_cache(maxsize=256)
def _title_lines(text: str, width: float) -> tuple[str, ...]:
    return tuple(title_lines(text, width))


def title_lines(text: str, width: float = TITLE_LINE_CHARS) -> list[str]:
    """A title split into lines at a meaningful point, the upper line the longer (a "梯形" title, GB/T 9704
    §7.3.1: 回行时要做到词意完整，排列对称); a title that fits stays on one line."""
    if text_width(text) <= width:
        return [text]
    best = None
    for match in _TITLE_BREAKS.finditer(text):
        head, tail = text[:match.start()], text[match.start():]
        if not head or not tail or text_width(head) > width:
            continue
        rest = _title_lines(tail, width)
        # prefer the upper line longer than the next, and lines of similar length
        score = abs(text_width(head) - text_width(rest[0])) + (0 if text_width(head) >= text_width(rest[0])
                                                                else 3)
        if best is None or score < best[0]:
            best = (score, [head, *rest])
    if best is not None:
        return best[1]
    cut = 1
    while cut < len(text) and text_width(text[:cut + 1]) <= width:
        cut += 1
    return [text[:cut], *_title_lines(text[cut:], width)]


def title(doc, text: str) -> None:
    """The title, centred, broken as title_lines decides, and a blank line after it. One paragraph, its lines
    joined by line breaks, so that Word keeps the break where it was chosen."""
    paragraph = para(doc, style="公文标题")
    lines = title_lines(text)
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if index < len(lines) - 1:
            run.add_break()
    para(doc)


def cell(target, text: str = "", *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT, font: str | None = None,
         style: str = "表格文字"):
    """Text in a table cell (its first paragraph), vertically centred; returns the paragraph."""
    paragraph = target.paragraphs[0]
    paragraph.style = style
    paragraph.alignment = align
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        if font:
            set_east_asian_font(run, font)
    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return paragraph


def table(doc, widths_mm: list[float], rows: int):
    """A ruled table of fixed column widths (in mm, adding up to the 156 mm text block), centred."""
    grid = doc.add_table(rows=rows, cols=len(widths_mm))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    # LibreOffice reads the grid's column widths, Word the cells': set both.
    for column, width in zip(grid.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in grid.rows:
        for item, width in zip(row.cells, widths_mm, strict=True):
            item.width = Mm(width)
    return grid


def row_height(row, mm: float) -> None:
    row.height = Mm(mm)


def repeat_header(row) -> None:
    """The table's header row is repeated at the top of each page the table runs onto."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
