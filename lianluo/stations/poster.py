"""A station's printable poster (A4 PDF): its name, address, opening hours, reception days and a large QR code
that opens its public form.

Chinese text is set in the font the project bundles (``lianluo.core.pdf``). The QR code is drawn as vector
rectangles, sharp at any print size.
"""

import segno
from fpdf import FPDF
from fpdf.enums import TextMode, XPos, YPos

from lianluo.core.pdf import FONT, a4_document
from lianluo.core.pdf import printable as _printable

RED = (179, 38, 30)
INK = (33, 37, 41)
GREY = (95, 99, 104)
PAGE_W, MARGIN = 210, 18
WEEKDAYS = "一二三四五六日"


def _reception_days(station) -> str:
    days = [d for d in station.weekdays if 1 <= d <= 7]
    parts = []
    if days:
        parts.append("每周" + "、".join(f"周{WEEKDAYS[d - 1]}" for d in days).removeprefix("周"))
    if station.reception_rule:
        parts.append(station.reception_rule)
    return "；".join(parts)


def _qr(pdf: FPDF, data: str, x: float, y: float, size: float) -> None:
    """The QR code of ``data`` as filled rectangles (one per run of dark modules in a row), quiet zone included."""
    qr = segno.make(data, error="m", micro=False)
    rows = list(qr.matrix_iter(scale=1, border=4))
    module = size / len(rows)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                # A hair of overlap keeps viewers from drawing seams between neighbouring modules.
                pdf.rect(x + start * module, y + r * module, (c - start) * module + 0.02, module + 0.02, style="F")
            else:
                c += 1


def _centred(pdf: FPDF, text: str, size: float, color=INK, *, bold=False, gap=2.0) -> None:
    """A centred paragraph. One weight is bundled: bold is drawn by stroking the glyph outlines as well as filling
    them, inside a saved graphics state so that the stroke does not leak into the text that follows."""
    pdf.set_font(FONT, size=size)
    pdf.set_x(MARGIN)
    style = {"text_mode": TextMode.FILL_STROKE, "line_width": 0.25, "draw_color": color} if bold else {}
    with pdf.local_context(text_color=color, **style):
        pdf.multi_cell(PAGE_W - 2 * MARGIN, size * 0.45, _printable(text), align="C",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(gap)


def station_poster_pdf(station, public_url: str) -> bytes:
    """An A4 poster for ``station`` whose QR code opens ``public_url`` (the station's public form)."""
    pdf = a4_document(title=f"{station.name} 二维码海报", margin=MARGIN)
    pdf.set_lang("zh-CN")
    pdf.add_page()

    # Red band with the title.
    pdf.set_fill_color(*RED)
    pdf.rect(0, 0, PAGE_W, 46, style="F")
    pdf.set_y(12)
    kind = station.get_kind_display() if hasattr(station, "get_kind_display") else "代表联络站"
    _centred(pdf, f"人大{kind}", 30, (255, 255, 255), bold=True, gap=0)
    pdf.set_y(50)
    _centred(pdf, station.name, 24, INK, bold=True, gap=3)

    details = [("地址", station.address), ("开放时间", station.opening_hours),
               ("代表接待日", _reception_days(station)), ("联系电话", station.phone)]
    for label, value in details:
        if value:
            _centred(pdf, f"{label}：{value}", 13, GREY, gap=0.8)

    # The QR code, large and centred, with the call to action above it.
    pdf.ln(4)
    _centred(pdf, "扫码反映意见建议", 26, RED, bold=True, gap=3)
    size = 100
    top = pdf.get_y()
    _qr(pdf, public_url, (PAGE_W - size) / 2, top, size)
    pdf.set_y(top + size + 2)
    _centred(pdf, public_url, 9, GREY, gap=4)

    # How to follow an issue.
    box_top = pdf.get_y()
    pdf.set_fill_color(248, 241, 240)
    pdf.rect(MARGIN, box_top, PAGE_W - 2 * MARGIN, 40, style="F")
    pdf.set_y(box_top + 4)
    _centred(pdf, "如何查询办理进度", 14, RED, bold=True, gap=1.5)
    steps = [
        "1. 用手机扫描上方二维码，填写您要反映的问题，不需要注册或登录。",
        "2. 提交后页面会显示 10 位查询码，请抄写或截图保存。",
        "3. 再次扫码，点击页面上方“查询办理进度”，输入查询码即可查看办理进度和答复。",
    ]
    for line in steps:
        _centred(pdf, line, 11, INK, gap=0.6)

    pdf.set_y(282)
    _centred(pdf, "您的姓名和联系电话加密保存，仅用于办理和答复您反映的问题。", 9, GREY, gap=0)
    return bytes(pdf.output())
