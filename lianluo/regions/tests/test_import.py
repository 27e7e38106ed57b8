"""Importing the official division-code table and the code tree built on it.

The table is 统计用区划代码 for Hunan (GB/T 2260 prefixes: 2 province, 4 prefecture, 6 county,
9 township digits). The import is whole-or-nothing: one wrong row and nothing is written, and every
wrong row is reported with its line number and the field in Chinese (SECURITY.md A10).
"""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lianluo.accounts.scoping import restrict_to_jurisdiction
from lianluo.core.audit import audit_verify
from lianluo.core.models import AuditEvent
from lianluo.regions.models import Region
from lianluo.regions.tree import is_within, parent_code_of, subtree_q, upper_bound

pytestmark = pytest.mark.django_db

HUNAN_CSV = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "regions" / "hunan_divisions.csv"
HUNAN_TOTAL = 2157
HUNAN_LEVELS = {1: 1, 2: 14, 3: 134, 4: 2008}
HEADER = "code,name,parent_code,level\n"
NEW_TOWN = "430121999,测试新镇,430121,4\n"  # a valid row, to prove nothing is written when another row is bad
SUMMARY = re.compile(r"新增 (\d+)，更新 (\d+)，未变 (\d+)")


@pytest.fixture(scope="module")
def hunan_csv() -> Path:
    if not HUNAN_CSV.is_file():
        pytest.fail(f"the official Hunan division table is missing: {HUNAN_CSV}")
    return HUNAN_CSV


@pytest.fixture(scope="module")
def hunan_codes(hunan_csv) -> list[str]:
    with hunan_csv.open(encoding="utf-8-sig", newline="") as handle:
        return [row["code"] for row in csv.DictReader(handle)]


def run_import(path: Path, *extra: str) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("regions", "import", str(path), *extra, stdout=out, stderr=err)
    except SystemExit as exit_info:
        return out.getvalue(), err.getvalue(), exit_info.code
    return out.getvalue(), err.getvalue(), 0


def summary_counts(output: str) -> tuple[int, int, int]:
    match = SUMMARY.search(output)
    assert match, output
    return tuple(int(group) for group in match.groups())


# --- The official table ---------------------------------------------------------------------


def test_full_hunan_table_imports_with_official_counts(hunan_csv):
    """The whole Hunan table gives exactly 2,157 regions: 1 province, 14 prefectures, 134 counties,
    2,008 townships, and the created/updated/unchanged counts add up with what the demo world had."""
    before = Region.objects.count()
    audit_count = AuditEvent.objects.count()

    out, err, code = run_import(hunan_csv)

    assert code == 0, err
    created, updated, unchanged = summary_counts(out)
    assert Region.objects.count() == HUNAN_TOTAL
    counts = {level: Region.objects.filter(level=level).count() for level in HUNAN_LEVELS}
    assert counts == HUNAN_LEVELS
    assert created + updated + unchanged == HUNAN_TOTAL
    assert created == HUNAN_TOTAL - before
    assert updated + unchanged == before == 150  # the demo world's slice of the same table
    assert "省级 1，市级 14，县级 134，乡级 2008" in out
    # One audit row, recording the same numbers, and the chain still verifies.
    assert AuditEvent.objects.count() == audit_count + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "region.import"
    assert event.summary == {"created": created, "updated": updated, "unchanged": unchanged}
    assert audit_verify().ok


def test_every_imported_region_hangs_under_its_code_prefix(hunan_csv, hunan_codes):
    """Each region's parent is its code's prefix, and codes have the length of their level."""
    run_import(hunan_csv)
    lengths = {1: 2, 2: 4, 3: 6, 4: 9}
    for code, parent_id, level in Region.objects.values_list("code", "parent_id", "level"):
        assert len(code) == lengths[level], code
        assert parent_id == parent_code_of(code), code
    assert sorted(hunan_codes) == list(Region.objects.order_by("code").values_list("code", flat=True))


def test_reimporting_the_same_table_changes_nothing(hunan_csv):
    """The import is idempotent: the second run creates and updates nothing."""
    run_import(hunan_csv)
    rows = list(Region.objects.order_by("code").values_list("code", "name", "parent_id", "level", "unit_type"))

    out, err, code = run_import(hunan_csv)

    assert code == 0, err
    assert summary_counts(out) == (0, 0, HUNAN_TOTAL)
    assert list(Region.objects.order_by("code").values_list("code", "name", "parent_id", "level", "unit_type")) == rows


def test_a_renamed_region_is_updated_in_place(tmp_path):
    """A changed name in a new edition of the table updates that row only."""
    path = tmp_path / "rename.csv"
    path.write_text(HEADER + "430121,长沙县（新名）,4301,3\n", encoding="utf-8")
    out, err, code = run_import(path)
    assert code == 0, err
    assert summary_counts(out) == (0, 1, 0)
    assert Region.objects.get(code="430121").name == "长沙县（新名）"


def test_a_gb18030_file_from_excel_is_read(tmp_path):
    """Excel on Chinese Windows saves CSV in GB18030; Chinese names must survive the round trip."""
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + "430121,长沙县,4301,3\n" + NEW_TOWN).encode("gb18030"))
    out, err, code = run_import(path)
    assert code == 0, err
    assert summary_counts(out) == (1, 0, 1)
    assert Region.objects.get(code="430121999").name == "测试新镇"


def test_chinese_headers_and_level_words_are_accepted(tmp_path):
    """The column names of the published table (区划代码, 名称, 上级代码, 层级) work as well."""
    path = tmp_path / "zh.csv"
    path.write_text("区划代码,名称,上级代码,层级\n430121999,测试新镇,430121,乡级\n", encoding="utf-8-sig")
    out, err, code = run_import(path)
    assert code == 0, err
    assert Region.objects.get(code="430121999").level == 4


# --- Malformed files: nothing is written ---------------------------------------------------------

MALFORMED = [
    pytest.param(HEADER + NEW_TOWN + "43a121,坏县,4301,3\n", [(3, "区划代码", "不是数字代码")], id="bad-code"),
    pytest.param(
        HEADER + NEW_TOWN + "43012,短县,4301,3\n", [(3, "区划代码", "3 级区划代码应为 6 位")], id="wrong-length"
    ),
    pytest.param(
        HEADER + NEW_TOWN + "439901,无上级县,4399,3\n", [(3, "上级代码", "既不在文件中也不在系统中")],
        id="missing-parent",
    ),
    pytest.param(
        HEADER + NEW_TOWN + "430121999,又一个镇,430121,4\n", [(3, "区划代码", "与第 2 行重复")], id="duplicate-code"
    ),
    pytest.param(
        HEADER + NEW_TOWN + "430121998,越级镇,43,4\n", [(3, "层级", "与上级层级 1 不衔接")], id="level-gap"
    ),
    pytest.param(HEADER + NEW_TOWN + "430121997,,430121,4\n", [(3, "名称", "不能为空")], id="empty-name"),
    pytest.param(
        HEADER + NEW_TOWN + "430121996,镇,430121,5\n", [(3, "层级", "不是有效层级")], id="bad-level"
    ),
    pytest.param(
        HEADER + NEW_TOWN + "430121995," + "长" * 65 + ",430121,4\n", [(3, "名称", "不能超过 64 个字符")],
        id="name-too-long",
    ),
    pytest.param(
        HEADER + NEW_TOWN + "４３０１２１９９４,全角镇,430121,4\n", [(3, "区划代码", "不是数字代码")],
        id="full-width-digits",
    ),
    pytest.param(
        HEADER + NEW_TOWN + "430121993,上标镇,430121,²\n", [(3, "层级", "不是有效层级")], id="superscript-level"
    ),
    pytest.param(
        HEADER + NEW_TOWN + "\n\n" + "430121992,空行后,430121,9\n", [(5, "层级", "不是有效层级")],
        id="line-number-counts-blank-lines",
    ),
    pytest.param(
        HEADER + NEW_TOWN + "43a121,坏县,4301,3\n" + "430122,长沙县重复名,4301,3\n" + "4301,,43,2\n",
        [(3, "区划代码", "不是数字代码"), (5, "名称", "不能为空")],
        id="several-bad-rows",
    ),
    pytest.param(
        "code,name,level\n430121999,测试新镇,4\n", [(1, "文件", "表头缺少列：上级代码")], id="missing-column"
    ),
    pytest.param(
        b"code,name,parent_code,level\n\xff\xfe\x80\x81garbage\x00\n", [(1, "文件", "编码无法识别")], id="not-utf8"
    ),
    pytest.param("", [(1, "文件", "文件为空或缺少表头")], id="empty-file"),
]


@pytest.mark.parametrize("content, expected", MALFORMED)
def test_malformed_file_changes_nothing_and_reports_each_row(tmp_path, content, expected):
    """A bad row rejects the whole file: no region and no audit row is written; each bad row is named
    by line number (header = line 1) and field in Chinese; the exit status is 2."""
    path = tmp_path / "bad.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    regions_before = sorted(Region.objects.values_list("code", "name"))
    audit_before = AuditEvent.objects.count()

    out, err, code = run_import(path)

    assert code == 2
    assert sorted(Region.objects.values_list("code", "name")) == regions_before
    assert not Region.objects.filter(code="430121999").exists()
    assert AuditEvent.objects.count() == audit_before
    for line, field, text in expected:
        assert re.search(rf"第 {line} 行，{field}：[^\n]*{re.escape(text)}", err), (line, field, text, err)
    assert "系统中的数据未作任何改动" in err
    assert "导入完成" not in out


def test_report_option_writes_the_errors_row_by_row(tmp_path):
    """`--report FILE` writes one CSV row per error: line, field (in Chinese), problem."""
    path, report = tmp_path / "bad.csv", tmp_path / "report.csv"
    path.write_text(HEADER + NEW_TOWN + "43a121,坏县,4301,3\n" + "43012,短县,4301,3\n" + "439901,无上级县,4399,3\n")

    _, _, code = run_import(path, "--report", str(report))

    assert code == 2
    with report.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["行号", "字段", "问题"]
    assert [(row[0], row[1]) for row in rows[1:]] == [("3", "区划代码"), ("4", "区划代码"), ("5", "上级代码")]
    assert "不是数字代码" in rows[1][2]


def test_report_is_not_written_for_a_good_file(tmp_path):
    path, report = tmp_path / "good.csv", tmp_path / "report.csv"
    path.write_text(HEADER + NEW_TOWN, encoding="utf-8")
    _, err, code = run_import(path, "--report", str(report))
    assert code == 0, err
    assert not report.exists()


def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("regions", "import", str(tmp_path / "nope.csv"))


# --- The code tree --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, bound",
    [("43", "44"), ("4301", "4302"), ("430121", "430122"), ("430121105", "430121106"), ("4309", "4310"),
     ("4399", "4400"), ("0999", "1000"), ("99", None), ("999999", None)],
)
def test_upper_bound(code, bound):
    """The first same-length code after every code with this prefix (None when there is none)."""
    assert upper_bound(code) == bound


@pytest.mark.parametrize("code", ["", "43a1", "４３", "4301 "])
def test_upper_bound_refuses_non_digit_codes(code):
    with pytest.raises(ValueError):
        upper_bound(code)


@pytest.mark.parametrize(
    "codes", [{"43"}, {"4301"}, {"430121"}, {"430121105"}, {"4302", "430121"}, {"4301", "430121"}, {"4309"}, {"4331"}]
)
def test_subtree_q_equals_prefix_match(hunan_csv, codes):
    """On the full table, the range filter selects exactly the codes that start with one of codes."""
    run_import(hunan_csv)
    all_codes = list(Region.objects.values_list("code", flat=True))
    expected = sorted(c for c in all_codes if any(c.startswith(prefix) for prefix in codes))
    got = sorted(Region.objects.filter(subtree_q("code", codes)).values_list("code", flat=True))
    assert got == expected
    assert got, codes


def test_subtree_q_of_no_codes_matches_nothing():
    assert not Region.objects.filter(subtree_q("code", set())).exists()


def test_subtree_q_follows_a_foreign_key():
    """subtree_q works on a Region foreign key as well as on the code itself."""
    children = set(Region.objects.filter(subtree_q("parent", {"4301"})).values_list("code", flat=True))
    codes = Region.objects.values_list("code", flat=True)
    assert children == {c for c in codes if c.startswith("4301") and c != "4301"}


def test_is_within_and_parent_code_of():
    assert is_within("430121105", "430121") and is_within("430121", "430121")
    assert not is_within("430221", "4301")
    assert [parent_code_of(c) for c in ["43", "4301", "430121", "430121105"]] == [None, "43", "4301", "430121"]


@pytest.mark.parametrize(
    "username, prefix",
    [("csx_lianluo", "430121"), ("cs_lianluo", "4301"), ("hn_lianluo", "43")],
)
def test_restrict_to_jurisdiction_gives_each_liaison_officer_their_subtree(hunan_csv, cast, username, prefix):
    """A liaison officer sees their own region and everything below it, nothing else (DESIGN.md §2; A7)."""
    run_import(hunan_csv)
    seen = set(restrict_to_jurisdiction(Region.objects.all(), cast(username), region_field="code")
               .values_list("code", flat=True))
    expected = {c for c in Region.objects.values_list("code", flat=True) if c.startswith(prefix)}
    assert seen == expected


def test_county_officer_sees_only_changsha_county(hunan_csv, cast):
    """csx_lianluo (长沙县) sees 长沙县 and its townships, not 长沙市, 芙蓉区 or 株洲."""
    run_import(hunan_csv)
    seen = restrict_to_jurisdiction(Region.objects.all(), cast("csx_lianluo"), region_field="code")
    names = set(seen.values_list("name", flat=True))
    assert "长沙县" in names
    assert {"湖南省", "长沙市", "芙蓉区", "株洲市"}.isdisjoint(names)
    assert seen.filter(level=3).count() == 1
    assert seen.filter(level=4).count() == Region.objects.filter(parent_id="430121").count() > 10


@pytest.mark.parametrize("username", ["hn_xitong", "hn_shenji"])
def test_restrict_to_jurisdiction_for_liaison_role_excludes_other_roles(cast, username):
    """Scoping by role: an administrator holds no liaison assignment, so sees no region as liaison staff."""
    from lianluo.accounts.roles import Role

    qs = restrict_to_jurisdiction(Region.objects.all(), cast(username), region_field="code",
                                  roles=[Role.LIAISON_STAFF])
    assert not qs.exists()
