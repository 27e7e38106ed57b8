"""The sheet in which an office keys in a session's paper suggestions (.xlsx): reading it, checking every row,
and the blank template. Pure: bytes and model instances in, rows and row-by-row errors out; the service
(services/imports.py) decides what to write.

Columns (header row within the first 5 rows; the names offices use are accepted too): 序号 (optional), 标题,
领衔代表, 附议代表 (names separated by 、 or ，), 内容, 分类 (optional: 一级分类/二级分类, or a name found once in the
tree), 是否涉及面广处理难度大 (是/否, optional). A deputy is named as in the roster; when two serving deputies of the
term share a name, the sheet must say which: 姓名（代表团）.

The file is checked like a roster (deputies/roster_io.py): size cap, compression ratio and unpacked size before
anything is inflated, and read with the same reader, which uses no XML parser (no entities, no DTD).
"""

import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from lianluo.deputies import roster_io
from lianluo.deputies.roster_io import RowError
from lianluo.proposals.services.filing import BODY_MIN, TITLE_MAX

MAX_FILE_BYTES = 10 * 1024 * 1024  # a session's thousand suggestions of a page each is about 1 MB
MAX_ROWS = 2000
MAX_REPORTED_ERRORS = 2000
HEADER_SEARCH_ROWS = 5

# (field, header written in the template, other headers accepted)
COLUMNS = [
    ("serial", "序号", ("编号", "顺序号")),
    ("title", "标题", ("建议标题", "题目", "案由")),
    ("lead", "领衔代表", ("领衔人", "提出人", "提出代表", "代表姓名")),
    ("cosigners", "附议代表", ("附议人", "联名代表", "附议代表姓名")),
    ("body", "内容", ("建议内容", "正文", "主要内容")),
    ("category", "分类", ("类别", "建议分类")),
    ("is_complex", "是否涉及面广处理难度大", ("涉及面广处理难度大", "是否涉及面广、处理难度大")),
]
HEADER_OF = {name: header for name, header, _ in COLUMNS}
REQUIRED = ("title", "lead", "body")
YES = {"是", "y", "yes", "true", "1", "√", "✓"}
NO = {"否", "n", "no", "false", "0", ""}


class SheetFileError(Exception):
    """The file as a whole cannot be read (the message is shown to the user)."""


def _normalise_header(value) -> str:
    return re.sub(r"[\s　*＊、，,：:（）()]", "", str(value or ""))


ALIASES = {_normalise_header(name): key for key, header, others in COLUMNS for name in (header, *others)}


@dataclass
class SheetRow:
    """One data row as typed in the sheet (text only; names and categories not yet resolved)."""

    row: int
    serial: str = ""
    title: str = ""
    lead: str = ""
    cosigners: list[str] = field(default_factory=list)
    body: str = ""
    category: str = ""
    is_complex: str = ""


def _cell(value) -> str:
    return roster_io.cell_text(value)


def _long_text(value) -> str:
    """Cell text with its line breaks kept (a suggestion's paragraphs); Excel may store CR as _x000D_."""
    if value is None:
        return ""
    text = str(value).replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t　]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def split_names(text: str) -> list[str]:
    """附议代表 as offices type them: 、 ， , ； ; or line breaks between names."""
    return [part.strip() for part in re.split(r"[、，,；;\n]+", text or "") if part.strip()]


def _open(data: bytes):
    if not data:
        raise SheetFileError("请选择要导入的 Excel 文件（.xlsx）。")
    if len(data) > MAX_FILE_BYTES:
        raise SheetFileError(f"文件过大（超过 {MAX_FILE_BYTES // 1024 // 1024} MB），请分批导入。")
    try:
        return roster_io.sheet_rows(data)  # with the zip-bomb guards
    except roster_io.RosterFileError as exc:
        raise SheetFileError(str(exc)) from None
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, ValueError) as exc:
        raise SheetFileError("无法读取该 Excel 文件，请检查文件是否损坏。") from exc


def read_sheet(data: bytes) -> list[SheetRow]:
    """The data rows of the sheet's first worksheet, in sheet order. Raises SheetFileError for a file that is
    not a workbook, too large, without the required headers, or with too many rows."""
    rows = _open(data)
    columns: dict[str, int] = {}
    try:
        for number, values in rows:
            found = {}
            for index, value in enumerate(values or ()):
                key = ALIASES.get(_normalise_header(value))
                if key and key not in found:
                    found[key] = index
            if "title" in found and len(found) >= 2:
                columns = found
                break
            if number >= HEADER_SEARCH_ROWS:
                break
        if not columns:
            raise SheetFileError("未找到表头：前 5 行中应有“标题”“领衔代表”“内容”等列名。请使用导入模板。")
        missing = [HEADER_OF[k] for k in REQUIRED if k not in columns]
        if missing:
            raise SheetFileError(f"缺少必需的列：{'、'.join(missing)}。")
        parsed = []
        for number, values in rows:
            if not any(v not in (None, "") for v in values):
                continue
            if len(parsed) >= MAX_ROWS:
                raise SheetFileError(f"行数超过 {MAX_ROWS} 行，请分批导入。")

            def get(key, values=values):
                index = columns.get(key)
                return values[index] if index is not None and index < len(values) else None

            parsed.append(SheetRow(
                row=number, serial=_cell(get("serial")), title=_cell(get("title")), lead=_cell(get("lead")),
                cosigners=split_names(_long_text(get("cosigners"))), body=_long_text(get("body")),
                category=_cell(get("category")), is_complex=_cell(get("is_complex")),
            ))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SheetFileError("无法读取该 Excel 文件，请检查文件是否损坏。") from exc
    return parsed


# ---------------------------------------------------------------- names and categories

_NAME_RE = re.compile(r"^(?P<name>[^（(）)]+?)\s*(?:[（(](?P<hint>[^（()）]+)[）)])?$")


def _squeeze(text: str) -> str:
    return re.sub(r"[\s　]+", "", text or "")


class DeputyIndex:
    """The serving mandates of one congress term, looked up by the name typed in the sheet."""

    def __init__(self, mandates):
        self.by_name = defaultdict(list)
        for mandate in mandates:
            self.by_name[_squeeze(mandate.person.name)].append(mandate)

    @staticmethod
    def _matches(mandate, hint: str) -> bool:
        delegation = mandate.delegation.name if mandate.delegation_id else ""
        names = {delegation, delegation.removesuffix("代表团"), mandate.constituency} - {""}
        return _squeeze(hint) in {_squeeze(n) for n in names}

    def resolve(self, text: str):
        """(mandate, "") or (None, the reason in Chinese)."""
        match = _NAME_RE.match((text or "").strip())
        if match is None:
            return None, f"无法识别代表姓名“{text}”，请写作“姓名”或“姓名（代表团）”"
        name, hint = _squeeze(match["name"]), (match["hint"] or "").strip()
        candidates = self.by_name.get(name, [])
        if not candidates:
            return None, f"“{name}”不是本届人民代表大会的在任代表"
        if hint:
            chosen = [m for m in candidates if self._matches(m, hint)]
            if len(chosen) == 1:
                return chosen[0], ""
            if not chosen:
                return None, f"本届在任代表中没有“{hint}”的“{name}”"
            return None, f"“{name}（{hint}）”仍有 {len(chosen)} 名代表，无法区分，请联系管理员核对代表名册"
        if len(candidates) > 1:
            example = next((m.delegation.name for m in candidates if m.delegation_id), "所在代表团")
            return None, (f"本届有 {len(candidates)} 名在任代表名为“{name}”，请写作“姓名（代表团）”，"
                          f"如“{name}（{example}）”")
        return candidates[0], ""


_PATH_SPLIT = re.compile(r"\s*[/／>＞›\\\-—－]\s*")


class CategoryIndex:
    """The office's category tree in force (first and second level), looked up by name."""

    def __init__(self, categories):
        self.by_path = {}
        self.by_name = defaultdict(list)
        for category in categories:
            self.by_name[category.name].append(category)
            if category.parent_id:
                self.by_path[(category.parent.name, category.name)] = category

    def resolve(self, text: str):
        parts = [p for p in _PATH_SPLIT.split(text.strip()) if p]
        if len(parts) == 2 and tuple(parts) in self.by_path:
            return self.by_path[tuple(parts)], ""
        if len(parts) == 1:
            found = self.by_name.get(parts[0], [])
            if len(found) == 1:
                return found[0], ""
            if len(found) > 1:
                return None, f"有 {len(found)} 个名为“{parts[0]}”的分类，请写作“一级分类/二级分类”"
        return None, f"分类“{text}”不在本级人大的分类目录中"


def parse_yes_no(text: str) -> bool | None:
    value = _squeeze(text).lower()
    if value in YES:
        return True
    if value in NO:
        return False
    return None


@dataclass
class CheckedRow:
    row: int
    title: str
    body: str
    lead: object  # Mandate
    cosigners: list
    category: object | None
    is_complex: bool


def check_rows(rows: list[SheetRow], *, deputies: DeputyIndex, categories: CategoryIndex,
               errors: list[RowError]) -> list[CheckedRow]:
    """Every row checked; each problem is appended to ``errors`` (row, column, message). Returns the rows that
    passed; the caller writes nothing unless ``errors`` stays empty (whole or nothing)."""
    checked, titles = [], {}
    for row in rows:
        before = len(errors)

        def error(column: str, message: str, row=row):
            errors.append(RowError(row.row, column, message))

        title, body = row.title.strip(), row.body.strip()
        if not title:
            error("标题", "请填写建议标题")
        elif len(title) > TITLE_MAX:
            error("标题", f"标题不能超过 {TITLE_MAX} 个字")
        else:
            first = titles.setdefault(_squeeze(title), row.row)
            if first != row.row:
                error("标题", f"标题与第 {first} 行重复")
        if not body:
            error("内容", "请填写建议内容")
        elif len(body) < BODY_MIN:
            error("内容", f"建议内容应当明确具体，正文不少于 {BODY_MIN} 个字（代表法第三十六条）")
        lead = None
        if not row.lead:
            error("领衔代表", "请填写领衔代表")
        else:
            lead, problem = deputies.resolve(row.lead)
            if problem:
                error("领衔代表", problem)
        cosigners = []
        for name in row.cosigners:
            mandate, problem = deputies.resolve(name)
            if problem:
                error("附议代表", problem)
            elif mandate is not lead and mandate not in cosigners:
                cosigners.append(mandate)
        category = None
        if row.category:
            category, problem = categories.resolve(row.category)
            if problem:
                error("分类", problem)
        is_complex = parse_yes_no(row.is_complex)
        if is_complex is None:
            error(HEADER_OF["is_complex"], f"请填写“是”或“否”（不是“{row.is_complex}”）")
        if len(errors) == before:
            checked.append(CheckedRow(row=row.row, title=title, body=body, lead=lead, cosigners=cosigners,
                                      category=category, is_complex=bool(is_complex)))
    return checked


# ---------------------------------------------------------------- files handed out

INSTRUCTIONS = [
    "1. 第一个工作表为导入数据，第一行为表头，请勿修改列名；每行一件建议。",
    "2. 标题、领衔代表、内容为必填；序号、附议代表、分类、是否涉及面广处理难度大可不填。",
    "3. 代表姓名须与代表名册一致；本届有同名代表的，写作“姓名（代表团）”，如“张伟（星沙街道代表团）”。",
    "4. 多名附议代表之间用“、”或“，”分隔。",
    "5. 分类写作“一级分类/二级分类”，如“城乡建设/物业管理”；二级分类名称唯一的，也可只写二级分类。",
    f"6. 建议内容应当明确具体，不少于 {BODY_MIN} 个字；标题不超过 {TITLE_MAX} 个字，同一表格中标题不得重复。",
    "7. 是否涉及面广处理难度大：填“是”的，办理期限为交办之日起六个月（代表法第五十一条），否则为三个月。",
    "8. 全部行检查无误才会导入；有错误时不导入任何一行，并提供逐行错误报告。",
    "9. 同一文件重复导入时，本次会议已有相同标题和领衔代表的建议将跳过，不会重复录入。",
]


def template_xlsx() -> bytes:
    """The blank import sheet (header row only, so that nothing in it is imported by mistake) and a second sheet
    with instructions and an example row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "建议"
    sheet.append([header for _, header, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFG", (8, 36, 14, 30, 60, 22, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 100
    for line in ["填写说明", *INSTRUCTIONS, "", "示例（请勿在“建议”表中保留示例）："]:
        notes.append([line])
    notes["A1"].font = Font(bold=True)
    notes.append([header for _, header, _ in COLUMNS])
    notes.append([1, "关于加强住宅小区物业服务监管的建议", "张伟（星沙街道代表团）", "李明、王芳",
                  "部分小区物业擅自提高收费标准、公共部位维修不及时，建议加强监管、完善业主委员会制度。",
                  "城乡建设/物业管理", "否"])
    for cell in notes[notes.max_row]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def error_report_xlsx(errors: list[RowError]) -> bytes:
    """The row-by-row error report: 行号, 列, 问题 (as for rosters)."""
    return roster_io.error_report_xlsx(errors)
