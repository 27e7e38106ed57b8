"""The documents of a published result, as A4 PDFs in the bundled font: the election committee's announcement
of the result (选举结果公告, 选举法 Art 46) and each elected deputy's certificate (当选证书).

Both are drawn from the stored ``Result`` only, so they say exactly what was published; a corrected result gives
new documents and the replaced one's documents say so.
"""

from __future__ import annotations

from fpdf.enums import XPos, YPos

from lianluo.core.pdf import FONT, a4_document, printable
from lianluo.elections.engine.validity import VOID_REASON_LABELS
from lianluo.elections.models import Result, Round

RED = (179, 38, 30)
INK = (33, 37, 41)
MARGIN = 22
WIDTH = 210 - 2 * MARGIN


def deputy_title(election) -> str:
    """What those elected become: the title without its last word ("黄花镇第十九届人民代表大会代表选举" →
    "…代表"), or the congress's name and 人民代表大会代表."""
    if election.title.endswith("代表选举"):
        return election.title.removesuffix("选举")
    return f"{election.region.name}人民代表大会代表"


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _paragraph(pdf, text: str, size: float = 12, *, align: str = "J", color=INK, gap: float = 3) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*color)
    pdf.set_x(MARGIN)
    pdf.multi_cell(WIDTH, size * 0.6, printable(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(gap)


def announcement_pdf(result: Result) -> bytes:
    """选举结果公告: the figures of the count and those elected, in the committee's name."""
    constituency = result.constituency
    election = constituency.election
    d = result.decision
    pdf = a4_document(title=f"{election.title} {constituency} 选举结果公告", margin=MARGIN)
    pdf.add_page()
    pdf.set_y(30)
    _paragraph(pdf, f"{election.committee}公告", 20, align="C", color=RED, gap=2)
    _paragraph(pdf, f"（{constituency}）", 12, align="C", gap=8)
    round_label = "另行选举" if result.round == Round.RUNOFF else "选举"
    voted = sum(t["voters_voted"] for t in result.tallies)
    issued = sum(t["ballots_issued"] for t in result.tallies)
    _paragraph(pdf, f"{_date(election.election_day)}，{election.title}{constituency}进行了{round_label}。"
                    f"本选区登记选民 {result.electorate} 人，参加投票 {voted} 人；"
                    f"发出选票 {issued} 张，收回 {d['ballots_cast']} 张，"
                    f"其中有效票 {d['ballots_valid']} 张，无效票 {d['ballots_invalid']} 张。")
    if not d["valid"]:
        reasons = "；".join(VOID_REASON_LABELS[r] for r in d["void_reasons"])
        _paragraph(pdf, f"根据《中华人民共和国全国人民代表大会和地方各级人民代表大会选举法》，{reasons}。"
                        "本选区选举无效，应当重新进行选举。")
    else:
        _paragraph(pdf, "根据《中华人民共和国全国人民代表大会和地方各级人民代表大会选举法》第四十四条、"
                        "第四十五条的规定，本次选举有效。各代表候选人得票情况如下：")
        for name, votes in d["votes"].items():
            if votes or name in result.candidates:
                _paragraph(pdf, f"{name}　{votes} 票", 12, gap=0.5)
        pdf.ln(3)
        if d["elected"]:
            _paragraph(pdf, f"{'、'.join(d['elected'])}当选为{deputy_title(election)}。")
        if d["tied"]:
            _paragraph(pdf, f"{'、'.join(d['tied'])}得票相等，应当就这些候选人再次投票，以得票多的当选。")
        if d["unfilled_seats"]:
            _paragraph(pdf, f"当选代表人数少于应选代表名额，不足的 {d['unfilled_seats']} 名应当另行选举。")
    if result.replaces_id:
        _paragraph(pdf, f"本公告更正此前公布的结果。更正理由：{result.correction_reason}")
    if not result.current:
        _paragraph(pdf, "（本结果已被更正，以更正后的公告为准。）", 12, color=RED)
    pdf.ln(10)
    _paragraph(pdf, election.committee, 12, align="R", gap=1)
    _paragraph(pdf, _date(result.created_at.date()), 12, align="R")
    return bytes(pdf.output())


def certificate_pdf(result: Result, name: str) -> bytes:
    """当选证书 for one of those elected in a current, valid result."""
    constituency = result.constituency
    election = constituency.election
    pdf = a4_document(title=f"{name} 当选证书", margin=MARGIN, landscape=True)
    pdf.add_page()
    pdf.set_draw_color(*RED)
    pdf.set_line_width(1.2)
    pdf.rect(12, 12, 297 - 24, 210 - 24)
    pdf.set_line_width(0.4)
    pdf.rect(16, 16, 297 - 32, 210 - 32)
    pdf.set_y(42)
    pdf.set_font(FONT, size=30)
    pdf.set_text_color(*RED)
    pdf.cell(0, 16, printable("当 选 证 书"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(14)
    pdf.set_font(FONT, size=16)
    pdf.set_text_color(*INK)
    pdf.set_x(40)
    text = (f"{name}同志：\n　　在{_date(election.election_day)}举行的{election.title}中，经{constituency}选民依法"
            f"选举，您当选为{deputy_title(election)}。特发此证。")
    pdf.multi_cell(297 - 80, 11, printable(text), align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(18)
    pdf.set_font(FONT, size=15)
    pdf.set_x(40)
    pdf.cell(297 - 80, 9, printable(election.committee), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(40)
    pdf.cell(297 - 80, 9, printable(_date(result.created_at.date())), align="R")
    return bytes(pdf.output())


def ballot_pdf(constituency, names: list[str], *, seats: int, runoff: bool = False) -> bytes:
    """The ballot of a constituency (选票): the candidates in the order the committee fixed, a box under each for
    ○ (for) or × (against), and as many blank columns as seats for a name written in (选举法 Art 41); the
    instructions say that a ballot marking more names for than seats is void (Art 44 ¶2)."""
    election = constituency.election
    pdf = a4_document(title=f"{election.title} {constituency} 选票", margin=MARGIN, landscape=True)
    pdf.add_page()
    pdf.set_y(20)
    pdf.set_font(FONT, size=18)
    pdf.set_text_color(*INK)
    title = f"{election.title}{'另行选举' if runoff else ''}选票"
    pdf.cell(0, 10, printable(title), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=12)
    pdf.cell(0, 8, printable(f"{constituency}　应选代表 {seats} 名"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    columns = [*names, *([""] * seats)]
    width = min(36.0, (297 - 2 * MARGIN) / max(len(columns), 1))
    left = (297 - width * len(columns)) / 2
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    y = pdf.get_y()
    for index, name in enumerate(columns):
        x = left + index * width
        pdf.rect(x, y, width, 14)
        pdf.rect(x, y + 14, width, 22)
        pdf.set_xy(x, y + 3)
        pdf.set_font(FONT, size=13 if name else 9)
        pdf.cell(width, 8, printable(name or "另选人姓名"), align="C")
    pdf.set_y(y + 44)
    pdf.set_x(MARGIN)
    pdf.set_font(FONT, size=10.5)
    pdf.multi_cell(297 - 2 * MARGIN, 6.5, printable(
        "说明：一、对代表候选人可以投赞成票，可以投反对票，可以另选其他任何选民，也可以弃权。"
        "二、赞成的，在其姓名下方的空格内画“○”；反对的，画“×”；弃权的，不画任何符号。"
        "另选他人的，在空格内写上其姓名，并在下方的空格内画“○”。"
        f"三、所选人数等于或者少于应选代表名额 {seats} 名的为有效票，多于应选代表名额的为无效票（选举法第四十四条）。"
        "四、书写符号要准确，字迹要清楚。"),
        align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.set_font(FONT, size=11)
    pdf.cell(0, 8, printable(election.committee + "印制"), align="R")
    return bytes(pdf.output())
