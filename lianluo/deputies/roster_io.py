"""Roster spreadsheets in the form offices keep them (代表名册): reading, checking cells, writing.

Pure functions over bytes and values; the services decide what to write.
"""

import datetime
import html
import io
import re
import zipfile
from dataclasses import dataclass

from openpyxl import Workbook

# (field, header written on export, other headers accepted on import)
COLUMNS = [
    ("name", "姓名", ("代表姓名",)),
    ("gender", "性别", ()),
    ("ethnicity", "民族", ()),
    ("birth", "出生年月", ("出生日期", "出生年月日")),
    ("party", "党派", ("政治面貌", "党派及身份")),
    ("native_place", "籍贯", ()),
    ("education", "学历", ("文化程度", "学历学位")),
    ("occupation", "工作单位及职务", ("工作单位及职务（职称）", "工作单位和职务", "单位及职务", "工作单位")),
    ("occupation_category", "职业构成", ("代表构成", "构成类别", "界别")),
    ("delegation", "代表团", ("所在代表团",)),
    ("constituency", "选区", ("选区或选举单位", "选举单位", "原选区")),
    ("deputy_group", "代表小组", ("所在代表小组",)),
    ("mobile", "联系电话", ("手机", "手机号码", "电话")),
    ("id_number", "身份证号", ("公民身份号码", "身份证号码")),
    ("started_on", "当选日期", ()),
]
HEADER_OF = {field: header for field, header, _ in COLUMNS}
REQUIRED = ("name", "gender")

MAX_FILE_BYTES = 40 * 1024 * 1024  # an office's roster of 130,000 rows is about 10 MB
MAX_UNPACKED_BYTES = 600 * 1024 * 1024  # guard against a zip bomb before the parser inflates anything
MAX_RATIO = 150  # a worksheet's XML compresses about 10:1; far more is a bomb
MAX_ROWS = 200_000
HEADER_SEARCH_ROWS = 5


class RosterFileError(Exception):
    """The file as a whole cannot be read (the message is shown to the user)."""


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (1-based, as Excel shows it)
    column: str  # the header, or "" for the whole row
    message: str


def _normalise_header(value) -> str:
    text = re.sub(r"[\s　*＊]", "", str(value or ""))
    return text.replace("(", "（").replace(")", "）")


ALIASES = {}
for _field, _header, _others in COLUMNS:
    for _name in (_header, *_others):
        ALIASES[_normalise_header(_name)] = _field


def _check_container(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise RosterFileError(f"文件过大（超过 {MAX_FILE_BYTES // 1024 // 1024} MB），请分批导入。")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise RosterFileError(
            "文件不是有效的 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后再导入。") from None
    with archive:
        total = 0
        for info in archive.infolist():
            total += info.file_size
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1 << 20:
                raise RosterFileError("文件内容压缩比异常，已拒绝导入。")
        if total > MAX_UNPACKED_BYTES:
            raise RosterFileError("文件解压后过大，请分批导入。")
        if "[Content_Types].xml" not in archive.namelist():
            raise RosterFileError("文件不是有效的 Excel 工作簿（.xlsx）。")


_SHEET_RE = re.compile(r"<(?:\w+:)?sheet\b([^>]*)>")
_REL_RE = re.compile(r"<(?:\w+:)?Relationship\b([^>]*)>")
_ANY_ATTR_RE = re.compile(r"""([\w:]+)=["']([^"']*)["']""")  # XML allows either quote
_SI_RE = re.compile(r"<(?:\w+:)?si>(.*?)</(?:\w+:)?si>", re.S)
_RPH_RE = re.compile(r"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    """The path of the workbook's first worksheet (from xl/workbook.xml and its relationships).

    Read with regular expressions rather than an XML parser: no entity expansion, no DTD (SECURITY.md upload
    checks), and much faster on large sheets.
    """
    names = set(archive.namelist())
    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        sheet = _SHEET_RE.search(workbook)
        rel_id = next((v for k, v in _ANY_ATTR_RE.findall(sheet.group(1)) if k.endswith(":id")), None)
        for rel in _REL_RE.finditer(rels):
            attrs = dict(_ANY_ATTR_RE.findall(rel.group(1)))
            if attrs.get("Id") == rel_id:
                target = attrs.get("Target", "").lstrip("/")
                path = target if target.startswith("xl/") else f"xl/{target}"
                if path in names:
                    return path
    except (KeyError, AttributeError, UnicodeDecodeError):
        pass
    if "xl/worksheets/sheet1.xml" in names:
        return "xl/worksheets/sheet1.xml"
    raise RosterFileError("文件不是有效的 Excel 工作簿（.xlsx）：找不到工作表。")


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    xml = archive.read("xl/sharedStrings.xml").decode("utf-8")
    # Rich text keeps its runs in <r><t>; phonetic runs (<rPh>) are not part of the value.
    return [_text("".join(_T_RE.findall(_RPH_RE.sub("", si)))) for si in _SI_RE.findall(xml)]


def _column_index(reference: str) -> int:
    index = 0
    for char in reference:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        else:
            break
    return index - 1


_ROW_RE = re.compile(r"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_CELL_RE = re.compile(r"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_ATTR_RE = re.compile(r"""\b(r|t)=["']([^"']*)["']""")
_V_RE = re.compile(r"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_T_RE = re.compile(r"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.S)


def _text(raw: str) -> str:
    return html.unescape(raw) if "&" in raw else raw


def _sheet_rows(archive: zipfile.ZipFile, path: str, strings: list[str]):
    """(row number, tuple of values) for each row of a worksheet.

    A fast reader of the cell grid only (regular expressions over the sheet XML, several times faster than a
    DOM or event parser): shared and inline strings, numbers and booleans. Dates arrive as Excel serial numbers
    (parse_month/parse_date understand them). The container was size-checked before (_check_container).
    """
    xml = archive.read(path).decode("utf-8")
    row_number = 0
    for row in _ROW_RE.finditer(xml):
        attrs = dict(_ATTR_RE.findall(row.group(1)))
        row_number = int(attrs["r"]) if attrs.get("r", "").isdigit() else row_number + 1
        values = {}
        position = -1
        for cell in _CELL_RE.finditer(row.group(2) or ""):
            cell_attrs = dict(_ATTR_RE.findall(cell.group(1)))
            reference = cell_attrs.get("r")
            position = _column_index(reference) if reference else position + 1
            inner = cell.group(2) or ""
            kind = cell_attrs.get("t", "n")
            if kind == "inlineStr":
                value = _text("".join(_T_RE.findall(inner)))
            else:
                match = _V_RE.search(inner)
                if match is None:
                    continue
                raw = match.group(1)
                if kind == "s":
                    value = strings[int(raw)] if raw.isdigit() and int(raw) < len(strings) else ""
                elif kind in ("str", "e"):
                    value = _text(raw)
                elif kind == "b":
                    value = raw == "1"
                else:
                    try:
                        number = float(raw)
                    except ValueError:
                        value = raw
                    else:
                        value = int(number) if number.is_integer() else number
            values[position] = value
        if values:
            yield row_number, tuple(values.get(i) for i in range(max(values) + 1))


def sheet_rows(data: bytes):
    """The first sheet of an .xlsx as an iterator of (row number, tuple of cell values), after the zip-bomb guards
    (compression ratio and unpacked size are checked before anything is inflated). Any .xlsx upload reads through
    here; raises RosterFileError or zipfile/decoding errors for a file that is not a sound workbook."""
    _check_container(data)
    archive = zipfile.ZipFile(io.BytesIO(data))
    path = _first_sheet_path(archive)
    strings = _shared_strings(archive)
    return _sheet_rows(archive, path, strings)


def read_roster(data: bytes):
    """(columns {field: index}, header row number, iterator of (row number, tuple of cell values)).

    Raises RosterFileError for a file that is not a workbook, too large, or without the required headers.
    """
    try:
        rows = sheet_rows(data)
        columns, header_row = {}, 0
        for number, values in rows:
            found = {}
            for index, value in enumerate(values or ()):
                field = ALIASES.get(_normalise_header(value))
                if field and field not in found:
                    found[field] = index
            if "name" in found and len(found) >= 2:
                columns, header_row = found, number
                break
            if number >= HEADER_SEARCH_ROWS:
                break
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, ValueError) as exc:
        raise RosterFileError("无法读取该 Excel 文件，请检查文件是否损坏。") from exc
    if not columns:
        raise RosterFileError("未找到表头：前 5 行中应有“姓名”“性别”等列名。")
    missing = [HEADER_OF[f] for f in REQUIRED if f not in columns]
    if missing:
        raise RosterFileError(f"缺少必需的列：{'、'.join(missing)}。")

    def body():
        try:
            for number, values in rows:
                if number - header_row > MAX_ROWS:
                    raise RosterFileError(f"行数超过 {MAX_ROWS} 行，请分批导入。")
                if any(v not in (None, "") for v in values):
                    yield number, values
        except (UnicodeDecodeError, ValueError) as exc:
            raise RosterFileError("无法读取该 Excel 文件，请检查文件是否损坏。") from exc

    return columns, header_row, body()


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


_MONTH_PATTERNS = [
    re.compile(r"^(\d{4})[.\-/年](\d{1,2})(?:[.\-/月](\d{1,2})日?|月)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})?$"),
]


def parse_month(value) -> datetime.date:
    """出生年月 as offices write it: 1975.03, 1975-03, 1975年3月, 197503, 1975.3.12, or an Excel date.

    Raises ValueError when it is none of these or not a plausible birth date.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        serial = _excel_serial(value)
        if serial is not None:
            return serial
        if isinstance(value, float):
            # 1975.03 typed into a number cell arrives as 1975.03; two decimals are a month.
            value = f"{value:.2f}"
    text = cell_text(value)
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            day = int(match.group(3)) if match.group(3) else 1
            result = datetime.date(year, month, day)
            if not 1900 <= year <= datetime.date.today().year:
                raise ValueError(text)
            return result
    raise ValueError(text)


def _excel_serial(value) -> datetime.date | None:
    """An Excel date serial (days since 1899-12-30) between 1900 and 2099; None for other numbers
    (1975.03 is a year and month, 197503 a compact year-month)."""
    if 3000 <= value < 73051:
        return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
    return None


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and _excel_serial(value):
        return _excel_serial(value)
    text = cell_text(value)
    match = re.match(r"^(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})日?$", text)
    if not match:
        raise ValueError(text)
    return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def workbook_bytes(title: str, header: list[str], rows) -> bytes:
    """A single-sheet .xlsx written in streaming mode (constant memory per row)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def error_report_xlsx(errors) -> bytes:
    """The row-by-row error report: 行号, 列, 问题."""
    return workbook_bytes("错误报告", ["行号", "列", "问题"], ([e.row or "", e.column, e.message] for e in errors))
