"""The statistics and the assessment as Excel workbooks (.xlsx): one sheet per table, rates as percentages
(numbers formatted "0.0%", so that the office can sum and chart them in Excel), counts as numbers.

No personal data leaves here: the rows are units, categories, sessions and delegations, never deputies.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from lianluo.proposals.assessment import Ranking
from lianluo.proposals.statistics import GROUPINGS, Figures, GroupRow

PERCENT = "0.0%"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2E6E5")


def figure_columns(classes: list[tuple[str, str]]) -> list[tuple[str, object, bool]]:
    """(header, value of a Figures row, is a rate) for the group tables."""
    columns = [
        ("交办件数", lambda f: f.assigned, False),
        ("已答复（办结）", lambda f: f.finished, False),
        ("办结率", lambda f: f.finish_rate, True),
        ("已联系代表", lambda f: f.contacted, False),
        ("见面率", lambda f: f.contact_rate, True),
        ("首次评价", lambda f: f.first_rated, False),
        ("首次满意率", lambda f: f.first_satisfied_rate, True),
        ("首次满意率（含基本满意）", lambda f: f.first_satisfied_incl_rate, True),
        ("最终评价", lambda f: f.final_rated, False),
        ("最终满意率", lambda f: f.final_satisfied_rate, True),
        ("最终满意率（含基本满意）", lambda f: f.final_satisfied_incl_rate, True),
    ]
    for index, (code, _label) in enumerate(classes):
        columns.append((f"{code}类答复", lambda f, i=index: f.classes[i] if i < len(f.classes) else 0, False))
    columns += [
        ("解决率", lambda f: f.solved_rate, True),
        ("逾期未答复", lambda f: f.overdue_open, False),
        ("超期答复", lambda f: f.replied_late, False),
        ("按时答复率", lambda f: f.on_time_rate, True),
        ("重新办理", lambda f: f.rehandled, False),
    ]
    return columns


def headline_rows(figures: Figures, classes: list[tuple[str, str]]) -> list[tuple[str, object, bool]]:
    """(label, value, is a rate) of the headline figures, as the page and the report show them."""
    rows = [
        ("收到建议", figures.received, False),
        ("并案处理", figures.merged, False),
        ("交办", figures.assigned, False),
        ("已答复（含已办结）", figures.finished, False),
        ("办结率", figures.finish_rate, True),
        ("已与代表联系", figures.contacted, False),
        ("见面率", figures.contact_rate, True),
        ("首次评价", figures.first_rated, False),
        ("首次满意率", figures.first_satisfied_rate, True),
        ("首次满意率（含基本满意）", figures.first_satisfied_incl_rate, True),
        ("最终评价", figures.final_rated, False),
        ("最终满意率", figures.final_satisfied_rate, True),
        ("最终满意率（含基本满意）", figures.final_satisfied_incl_rate, True),
    ]
    for index, (code, label) in enumerate(classes):
        rows.append((f"{code}类（{label}）", figures.classes[index] if index < len(figures.classes) else 0, False))
    rows += [
        ("解决率", figures.solved_rate, True),
        ("逾期未答复", figures.overdue_open, False),
        ("超期答复", figures.replied_late, False),
        ("按时答复率", figures.on_time_rate, True),
        ("重新办理", figures.rehandled, False),
        ("重点督办建议", figures.key, False),
        ("重点督办建议已答复", figures.key_finished, False),
    ]
    return rows


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list], percent_columns: set[int],
           widths: list[int]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append(row)
        for index in percent_columns:
            sheet.cell(row=sheet.max_row, column=index + 1).number_format = PERCENT
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def statistics_xlsx(*, title: str, conditions: str, figures: Figures, groups: dict[str, list[GroupRow]],
                    classes: list[tuple[str, str]]) -> bytes:
    """总体情况 (the headline figures and the filters they were taken with), then one sheet per grouping."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    headline = headline_rows(figures, classes)
    _sheet(workbook, "总体情况", ["指标", "数值"], [[label, value] for label, value, _ in headline], set(), [28, 14])
    sheet = workbook["总体情况"]
    for row_index, (_label, _value, is_rate) in enumerate(headline, start=2):
        if is_rate:
            sheet.cell(row=row_index, column=2).number_format = PERCENT
    sheet.append([])
    sheet.append(["统计范围", title])
    sheet.append(["筛选条件", conditions or "全部"])
    columns = figure_columns(classes)
    percent = {i + 1 for i, (_h, _g, is_rate) in enumerate(columns) if is_rate}
    for by, rows in groups.items():
        label = GROUPINGS[by]
        _sheet(workbook, f"按{label}", [label, *(h for h, _g, _r in columns)],
               [[r.label, *(getter(r.figures) for _h, getter, _r in columns)] for r in rows], percent,
               [34, *([11] * len(columns))])
    return _bytes(workbook)


def assessment_xlsx(*, title: str, conditions: str, ranking: Ranking) -> bytes:
    """考核排名, 未参与排名 (below the minimum volume) and 评分办法 (the weights and the minimum)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    header = ["名次", "承办单位", "主办件数", *(w.label for w in ranking.weights), "得分"]
    percent = set(range(3, 3 + len(ranking.weights)))

    def line(item, position):
        return [position, item.unit.name, item.unit.volume, *(item.unit.rates.get(w.key) for w in ranking.weights),
                item.score]

    _sheet(workbook, "考核排名", header, [line(s, s.rank) for s in ranking.ranked], percent,
           [8, 34, 10, *([14] * len(ranking.weights)), 10])
    _sheet(workbook, "未参与排名", header, [line(s, "—") for s in ranking.apart], percent,
           [8, 34, 10, *([14] * len(ranking.weights)), 10])
    rules = [[w.label, w.weight] for w in ranking.weights]
    rules += [["最低主办件数", ranking.minimum], ["统计范围", title], ["筛选条件", conditions or "全部"]]
    _sheet(workbook, "评分办法", ["项目", "权重/数值"], rules, set(), [28, 40])
    return _bytes(workbook)
