"""The election returns as an Excel workbook (.xlsx), the form an office sends upward: one row per county and per
election under it, then the total; counts as numbers and the turnout and women's share as percentages, so that the
receiving office can add the sheets of its counties up. No personal data: the rows are regions and elections."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from lianluo.elections.returns import Figures, Group

COLUMNS = [
    ("选区", lambda f: f.constituencies), ("应选名额", lambda f: f.seats), ("登记选民", lambda f: f.registered),
    ("已公布选区", lambda f: f.published), ("参加投票", lambda f: f.voted), ("参选率", lambda f: f.turnout),
    ("当选", lambda f: f.elected), ("其中女性", lambda f: f.women), ("女性比例", lambda f: f.women_share),
    ("待另行选举名额", lambda f: f.unfilled), ("得票相等待再投票", lambda f: f.tied),
    ("选举无效选区", lambda f: f.void),
]
RATES = {"参选率", "女性比例"}


def _fill(sheet, title: str, heading: str, lines: list[tuple[str, Figures, bool]], width: int) -> None:
    """A title, a header row, then one row per (label, figures, bold) line."""
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([heading, *(name for name, _ in COLUMNS)])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for label, figures, bold in lines:
        sheet.append([label, *(value(figures) for _, value in COLUMNS)])
        for index, (name, _) in enumerate(COLUMNS, start=2):
            if name in RATES:
                sheet.cell(row=sheet.max_row, column=index).number_format = "0.0%"
        if bold:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = width
    sheet.freeze_panes = "B3"


def returns_xlsx(groups: list[Group], total: Figures, *, title: str, cities: list[Group] = ()) -> bytes:
    """One sheet by county and election; with more than one city, a second sheet by city and county."""
    workbook = Workbook()
    workbook.active.title = "选举情况统计"
    lines = [line for group in groups for line in [
        (group.region.name, group.figures, True), *((f"  {e.title}", f, False) for e, f in group.rows)]]
    _fill(workbook.active, title, "地区 / 选举", [*lines, ("合计", total, True)], 40)
    if len(cities) > 1:
        lines = [line for city in cities for line in [
            (city.region.name, city.figures, True), *((f"  {c.name}", f, False) for c, f in city.rows)]]
        _fill(workbook.create_sheet("按市州汇总"), title, "市州 / 县市区", [*lines, ("合计", total, True)], 30)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
