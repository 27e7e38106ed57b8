"""Reading an office's category tree (意见分类目录) from a CSV of paths, before anything is written.

The file has one row per leaf and one column per level, as offices keep it in a spreadsheet::

    一级分类,二级分类,三级分类
    城乡建设,城市建设和市政管理,小区管理
    交通运输,公路与道路,道路维护

A shorter path (trailing cells empty) is a category without children. Pure Python: ``check_rows`` returns the
paths or a row-by-row list of errors in Chinese; the service writes only when the list is empty.
"""

import csv
import io
from dataclasses import dataclass, field

from lianluo.core.uploads import decode_csv

MAX_DEPTH = 5
NAME_MAX_LENGTH = 50  # Category.name max_length


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self):
        return f"第 {self.line} 行，{self.field}：{self.message}"


@dataclass
class CategoryImportReport:
    created: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_csv(data: bytes) -> tuple[list[tuple[int, list[str]]], list[RowError]]:
    """Decode (UTF-8 with or without BOM, else GB18030); the first row is the header (one column per level)."""
    text = decode_csv(data)
    if text is None:
        return [], [RowError(1, "文件", "文件编码无法识别，请保存为 UTF-8 编码的 CSV")]
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        return [], [RowError(1, "文件", "文件为空或缺少表头（如：一级分类,二级分类,三级分类）")]
    if len(header) > MAX_DEPTH:
        return [], [RowError(1, "文件", f"分类最多 {MAX_DEPTH} 级，表头有 {len(header)} 列")]
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        rows.append((reader.line_num, [cell.strip() for cell in cells]))
    if not rows:
        return [], [RowError(1, "文件", "文件中没有分类")]
    return rows, []


def level_label(depth: int) -> str:
    return f"{'一二三四五'[depth - 1]}级分类"


def check_rows(rows: list[tuple[int, list[str]]]) -> tuple[list[tuple[str, ...]], list[RowError]]:
    """Every row must be a path with no gaps and no over-long names; returns the distinct paths in file order."""
    errors: list[RowError] = []
    paths: list[tuple[str, ...]] = []
    seen: set[tuple[str, ...]] = set()
    for line, cells in rows:
        while cells and not cells[-1]:
            cells = cells[:-1]
        if len(cells) > MAX_DEPTH:
            errors.append(RowError(line, "文件", f"分类最多 {MAX_DEPTH} 级，本行有 {len(cells)} 级"))
            continue
        row_errors = []
        for depth, name in enumerate(cells, start=1):
            if not name:
                row_errors.append(RowError(line, level_label(depth), "不能为空（下级分类须有上级分类）"))
            elif len(name) > NAME_MAX_LENGTH:
                row_errors.append(RowError(line, level_label(depth), f"不能超过 {NAME_MAX_LENGTH} 个字符"))
        if row_errors:
            errors.extend(row_errors)
            continue
        path = tuple(cells)
        if path not in seen:
            seen.add(path)
            paths.append(path)
    return paths, errors
