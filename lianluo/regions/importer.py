"""Parsing and checking an official division-code table (CSV) before anything is written.

Pure Python: ``check_rows`` turns CSV rows into validated ``DivisionRow`` objects or a row-by-row
list of errors in Chinese; the service in services.py writes only when the list is empty.
"""

import csv
import io
from dataclasses import dataclass

from lianluo.core.uploads import decode_csv
from lianluo.regions.tree import LEVEL_CODE_LENGTHS

HEADER_ALIASES = {
    "code": {"code", "区划代码", "代码"},
    "name": {"name", "名称"},
    "parent_code": {"parent_code", "parent code", "parent", "上级代码"},
    "level": {"level", "层级", "级别"},
    "unit_type": {"unit_type", "类型"},
}
LEVEL_WORDS = {"province": 1, "prefecture": 2, "county": 3, "township": 4, "省级": 1, "市级": 2, "县级": 3, "乡级": 4}
REQUIRED = ("code", "name", "parent_code", "level")
LINE = "_line"
NAME_MAX_LENGTH = 64  # Region.name max_length; PostgreSQL would refuse a longer name mid-import
FIELD_LABELS = {
    "file": "文件", "code": "区划代码", "name": "名称", "parent_code": "上级代码", "level": "层级", "unit_type": "类型",
}


@dataclass(frozen=True)
class DivisionRow:
    code: str
    name: str
    parent_code: str | None
    level: int
    unit_type: str


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)

    def __str__(self):
        return f"第 {self.line} 行，{self.field_label}：{self.message}"


def read_csv(data: bytes) -> tuple[list[dict], list[RowError]]:
    """Decode (UTF-8 with or without BOM, else GB18030) and map headers to canonical names."""
    text = decode_csv(data)
    if text is None:
        return [], [RowError(1, "file", "文件编码无法识别，请保存为 UTF-8 编码的 CSV")]
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        return [], [RowError(1, "file", "文件为空或缺少表头")]
    mapping = {}
    for header in reader.fieldnames:
        key = (header or "").strip().lower()
        for canonical, aliases in HEADER_ALIASES.items():
            if key in aliases:
                mapping[header] = canonical
    missing = [FIELD_LABELS[name] for name in REQUIRED if name not in mapping.values()]
    if missing:
        return [], [RowError(1, "file", f"表头缺少列：{'、'.join(missing)}（应有 code, name, parent_code, level）")]
    rows = []
    for raw in reader:
        row = {mapping[h]: (v or "").strip() for h, v in raw.items() if h in mapping}
        # The reader skips blank lines, so count lines as the file has them, not rows as read.
        row[LINE] = reader.line_num
        rows.append(row)
    return rows, []


def check_rows(rows: list[dict], *, existing_levels: dict[str, int]) -> tuple[list[DivisionRow], list[RowError]]:
    """Validate every row; ``existing_levels`` maps codes already stored to their levels.

    Line numbers count the header as line 1, as a spreadsheet shows them.
    """
    errors: list[RowError] = []
    parsed: list[tuple[int, DivisionRow]] = []
    seen: dict[str, int] = {}
    for position, row in enumerate(rows, start=2):
        index = row.get(LINE, position)
        code, name = row.get("code", ""), row.get("name", "")
        parent = row.get("parent_code", "") or None
        level = _level(row.get("level", ""))
        row_errors = []
        # ASCII only: str.isdigit() is also true for full-width and superscript digits.
        code_is_digits = code.isascii() and code.isdigit()
        if not code_is_digits:
            row_errors.append(RowError(index, "code", f"“{code}”不是数字代码"))
        if not name:
            row_errors.append(RowError(index, "name", "不能为空"))
        elif len(name) > NAME_MAX_LENGTH:
            row_errors.append(RowError(index, "name", f"不能超过 {NAME_MAX_LENGTH} 个字符"))
        if level is None:
            row_errors.append(RowError(
                index, "level", f"“{row.get('level', '')}”不是有效层级（1–4 或 province/prefecture/county/township）"
            ))
        elif code_is_digits and len(code) != LEVEL_CODE_LENGTHS[level]:
            expected = LEVEL_CODE_LENGTHS[level]
            row_errors.append(
                RowError(index, "code", f"{level} 级区划代码应为 {expected} 位，“{code}”为 {len(code)} 位")
            )
        if code in seen:
            row_errors.append(RowError(index, "code", f"“{code}”与第 {seen[code]} 行重复"))
        if level is not None and level > 1 and not parent:
            row_errors.append(RowError(index, "parent_code", "非省级区划必须填写上级代码"))
        if parent and code_is_digits and not code.startswith(parent):
            row_errors.append(RowError(index, "parent_code", f"“{code}”不在上级“{parent}”的代码范围内"))
        seen.setdefault(code, index)
        unit_type = "admin" if row.get("unit_type", "admin") in ("", "admin") else "other_unit"
        if row_errors:
            errors.extend(row_errors)
        else:
            parsed.append((index, DivisionRow(code, name, parent, level, unit_type)))
    levels = dict(existing_levels) | {row.code: row.level for _, row in parsed}
    for index, row in parsed:
        if row.parent_code is None:
            continue
        parent_level = levels.get(row.parent_code)
        if parent_level is None:
            errors.append(RowError(index, "parent_code", f"上级“{row.parent_code}”既不在文件中也不在系统中"))
        elif parent_level != row.level - 1:
            errors.append(RowError(index, "level", f"层级 {row.level} 与上级层级 {parent_level} 不衔接"))
    errors.sort(key=lambda error: error.line)
    return [row for _, row in parsed], errors


def _level(value: str) -> int | None:
    value = value.strip().lower()
    if value.isascii() and value.isdigit() and 1 <= int(value) <= 4:
        return int(value)
    return LEVEL_WORDS.get(value)
