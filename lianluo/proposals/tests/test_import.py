"""Bulk import of a session's suggestions from Excel: real .xlsx files built with openpyxl, whole or nothing,
row-by-row errors, idempotent re-import, file guards, and the import page."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from lianluo.core.errors import PermissionDeniedError
from lianluo.core.models import AuditEvent
from lianluo.deputies.models import Mandate, Person
from lianluo.proposals import importer
from lianluo.proposals.models import ProposalEvent, Signer, Suggestion
from lianluo.proposals.services.filing import BODY_MIN
from lianluo.proposals.services.imports import suggestions_import
from lianluo.regions.models import Delegation, Session

HEADER = ["序号", "标题", "领衔代表", "附议代表", "内容", "分类", "是否涉及面广处理难度大"]
BODY = "星沙街道部分老旧小区雨污管网老化，每逢大雨污水漫溢，群众反映强烈，建议制定改造计划并明确完成时限。"


def xlsx(rows, header=HEADER, *, title_rows=()) -> bytes:
    """A workbook as an office would type it: optional title lines, the header, then the rows."""
    workbook = Workbook()
    sheet = workbook.active
    for line in title_rows:
        sheet.append([line])
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def world(county):
    """The 长沙县 session, its office and a few serving deputies by name."""
    mandates = list(Mandate.objects.filter(term_id=county.session.term_id, status="serving")
                    .select_related("person").order_by("id"))
    county.names = [m.person.name for m in mandates if m.pk != county.lead.pk]
    county.lead_name = county.lead.person.name
    return county


def good_rows(world, n=3):
    a, b, c = world.names[:3]
    rows = [
        (1, "关于改造星沙老旧小区雨污管网的建议", world.lead_name, f"{a}、{b}", BODY, "城乡建设/物业管理", "否"),
        (2, "关于增设黄花镇公交站点的建议", a, f"{world.lead_name}，{c}", BODY + "\n群众出行不便。", "", "是"),
        (3, "关于加强校园食品安全监管的建议", b, "", BODY, "学校管理", ""),
    ]
    return rows[:n]


def _run(world, data, *, accept=False, actor=None):
    return suggestions_import(session=world.session, data=data, actor=actor or world.office, accept=accept)


def _count(world):
    return Suggestion.objects.filter(session=world.session).count()


# ---------------------------------------------------------------- a good file


def test_a_good_file_becomes_submitted_suggestions_keyed_in_by_the_office(world):
    """The office keys in paper submissions on the deputies' behalf: co-signers' paper signatures count as
    confirmed (filing.suggestion_create); the 六个月 flag follows 是/否 (代表法 Art 51)."""
    before = _count(world)
    audits = AuditEvent.objects.filter(action="suggestion.import").count()
    report = _run(world, xlsx(good_rows(world)))
    assert report.ok and report.errors == [] and (report.rows, report.created, report.skipped) == (3, 3, [])
    assert _count(world) == before + 3
    first = Suggestion.objects.get(title="关于改造星沙老旧小区雨污管网的建议")
    assert first.status == "submitted" and first.created_by == world.office and first.lead == world.lead
    assert first.category.name == "物业管理" and first.category.parent.name == "城乡建设"
    assert first.is_complex is False and first.session == world.session
    cosigners = first.signers.filter(role=Signer.Role.COSIGNER)
    assert sorted(s.mandate.person.name for s in cosigners) == sorted(world.names[:2])
    assert {s.status for s in cosigners} == {Signer.Status.CONFIRMED}
    second = Suggestion.objects.get(title="关于增设黄花镇公交站点的建议")
    assert second.is_complex is True and "\n群众出行不便。" in second.body
    assert second.signers.filter(mandate=world.lead, role=Signer.Role.COSIGNER).exists()
    third = Suggestion.objects.get(title="关于加强校园食品安全监管的建议")
    assert third.category.name == "学校管理"  # a second-level name found once in the tree
    event = ProposalEvent.objects.filter(suggestion=first, action="import").get()
    assert event.data["row"] == 2 and event.actor == world.office
    assert AuditEvent.objects.filter(action="suggestion.import").count() == audits + 1


def test_accept_at_once_numbers_in_sheet_order(world):
    last = max(Suggestion.objects.filter(session=world.session).exclude(number=None)
               .values_list("number", flat=True), default=0)
    report = _run(world, xlsx(good_rows(world)), accept=True)
    assert report.ok and report.accepted == 3
    numbers = [Suggestion.objects.get(title=row[1]).number for row in good_rows(world)]
    assert numbers == [last + 1, last + 2, last + 3]
    assert Suggestion.objects.get(title=good_rows(world)[0][1]).status == "accepted"


def test_reimporting_the_same_file_creates_nothing_and_reports_the_rows_as_skipped(world):
    data = xlsx(good_rows(world))
    assert _run(world, data).created == 3
    before, audits = _count(world), AuditEvent.objects.count()
    again = _run(world, data, accept=True)
    assert again.ok and again.created == 0 and again.accepted == 0
    assert [row for row, _ in again.skipped] == [2, 3, 4]
    assert _count(world) == before and AuditEvent.objects.count() == audits


def test_a_file_with_new_and_known_rows_imports_only_the_new(world):
    _run(world, xlsx(good_rows(world, 2)))
    report = _run(world, xlsx(good_rows(world)))
    assert report.created == 1 and [row for row, _ in report.skipped] == [2, 3]


def test_header_found_below_title_lines_and_by_other_names(world):
    header = ["编号", "建议标题", "领衔人", "附议人", "建议内容", "类别", "涉及面广、处理难度大"]
    data = xlsx(good_rows(world, 1), header=header, title_rows=["长沙县十八届人大五次会议代表建议汇总表", ""])
    report = _run(world, data)
    assert report.ok and report.created == 1


# ---------------------------------------------------------------- bad rows: nothing is written


def _second_deputy_named(world, mandate):
    """Another serving deputy of the term with the same name, each in a delegation."""
    term = mandate.term
    first = Delegation.objects.create(term=term, name="星沙街道代表团", region_id="430121")
    second = Delegation.objects.create(term=term, name="黄花镇代表团", region_id="430121105")
    Mandate.objects.filter(pk=mandate.pk).update(delegation=first)
    person = Person.objects.create(name=mandate.person.name, gender="female")
    return Mandate.objects.create(person=person, term=term, region_id=mandate.region_id, delegation=second,
                                  started_on=term.start_date)


BAD_ROWS = [
    ("empty title", {1: ""}, "标题", "请填写建议标题"),
    ("long title", {1: "关于" + "加" * 100 + "的建议"}, "标题", "标题不能超过 100 个字"),
    ("short body", {4: "路灯不亮。"}, "内容", f"不少于 {BODY_MIN} 个字"),
    ("empty body", {4: ""}, "内容", "请填写建议内容"),
    ("unknown lead", {2: "查无此人"}, "领衔代表", "“查无此人”不是本届人民代表大会的在任代表"),
    ("no lead", {2: ""}, "领衔代表", "请填写领衔代表"),
    ("unknown cosigner", {3: "张三丰"}, "附议代表", "“张三丰”不是本届"),
    ("unknown category", {5: "外星事务"}, "分类", "分类“外星事务”不在本级人大的分类目录中"),
    ("bad yes/no", {6: "也许"}, "是否涉及面广处理难度大", "请填写“是”或“否”"),
]


@pytest.mark.parametrize(("case", "change", "column", "message"), BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_one_bad_row_and_nothing_is_written(world, case, change, column, message):
    """Whole or nothing: the other rows are good, yet none is imported; the report names row and column."""
    rows = [list(r) for r in good_rows(world)]
    for index, value in change.items():
        rows[1][index] = value
    before, audits = _count(world), AuditEvent.objects.count()
    report = _run(world, xlsx(rows))
    assert not report.ok and report.created == 0
    assert len(report.errors) == 1
    error = report.errors[0]
    assert (error.row, error.column) == (3, column) and message in error.message
    assert _count(world) == before and AuditEvent.objects.count() == audits


def test_duplicate_titles_in_the_sheet_are_refused(world):
    rows = [list(r) for r in good_rows(world)]
    rows[2][1] = rows[0][1]
    report = _run(world, xlsx(rows))
    assert [(e.row, e.column, e.message) for e in report.errors] == [(4, "标题", "标题与第 2 行重复")]


def test_an_ambiguous_name_must_name_the_delegation(world):
    """Two serving deputies share a name: the plain name is refused with a message saying how to write it; with
    the delegation (姓名（代表团）) the row goes in."""
    namesake = Mandate.objects.select_related("person", "term").get(
        term_id=world.session.term_id, person__name=world.names[0])
    twin = _second_deputy_named(world, namesake)
    rows = [list(r) for r in good_rows(world, 2)]
    report = _run(world, xlsx(rows))
    name = namesake.person.name
    assert {(e.row, e.column) for e in report.errors} == {(2, "附议代表"), (3, "领衔代表")}
    assert all(f"本届有 2 名在任代表名为“{name}”，请写作“姓名（代表团）”" in e.message for e in report.errors)
    rows[0][3] = f"{name}（黄花镇代表团）、{world.names[1]}"
    rows[1][2] = f"{name}（星沙街道）"  # the delegation without its 代表团 suffix
    report = _run(world, xlsx(rows))
    assert report.ok and report.created == 2
    assert Suggestion.objects.get(title=rows[1][1]).lead == namesake
    first = Suggestion.objects.get(title=rows[0][1])
    assert first.signers.filter(mandate=twin).exists() and not first.signers.filter(mandate=namesake).exists()


def test_many_bad_rows_are_each_reported(world):
    rows = [[i, "", "查无此人", "", "太短", "", "也许"] for i in range(1, 6)]
    report = _run(world, xlsx(rows))
    assert len(report.errors) == 5 * 4 and {e.row for e in report.errors} == {2, 3, 4, 5, 6}
    data = importer.error_report_xlsx(report.errors)
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == ["行号", "列", "问题"] and sheet.max_row == 21


# ---------------------------------------------------------------- the file itself


def _file_error(world, data) -> str:
    report = _run(world, data)
    assert not report.ok and report.created == 0 and len(report.errors) == 1 and report.errors[0].row == 0
    return report.errors[0].message


def test_not_a_workbook_is_refused(world):
    assert "不是有效的 Excel 工作簿" in _file_error(world, "序号,标题\n1,关于……的建议\n".encode())
    assert "请选择要导入的 Excel 文件" in _file_error(world, b"")


def test_an_oversized_file_is_refused_before_it_is_opened(world):
    assert "文件过大" in _file_error(world, b"PK\x03\x04" + b"\0" * importer.MAX_FILE_BYTES)


def test_a_zip_bomb_is_refused(world):
    """SECURITY.md C6: a member that inflates far beyond its compressed size is refused before parsing."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (20 * 1024 * 1024) + b"/>")
    assert "压缩比异常" in _file_error(world, buffer.getvalue())


def test_missing_columns_and_empty_sheets_are_refused(world):
    assert "缺少必需的列：内容" in _file_error(world, xlsx([], header=["标题", "领衔代表"]))
    assert "未找到表头" in _file_error(world, xlsx([["无关", "内容"]], header=["甲", "乙"]))
    assert "没有数据行" in _file_error(world, importer.template_xlsx())


def test_only_the_office_of_the_congress_imports(world, cast):
    with pytest.raises(PermissionDeniedError):
        _run(world, xlsx(good_rows(world)), actor=world.officer)
    city_session = Session.objects.filter(term__congress__region_id="4301").first()
    with pytest.raises(PermissionDeniedError):
        suggestions_import(session=city_session, data=xlsx([]), actor=world.office)


# ---------------------------------------------------------------- the template


def test_the_template_has_the_columns_and_filled_in_imports(world):
    workbook = load_workbook(io.BytesIO(importer.template_xlsx()))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER and sheet.max_row == 1
    assert "填写说明" in workbook.sheetnames
    for row in good_rows(world):
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _run(world, buffer.getvalue()).created == 3


# ---------------------------------------------------------------- pages


def _upload(data: bytes, name="建议汇总.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/vnd.openxmlformats-officedocument"
                                                         ".spreadsheetml.sheet")


def test_import_page_offers_the_template_and_the_sessions_in_jurisdiction(signed_in, world):
    response = signed_in("csx_lianluo").get(reverse("proposals:suggestion_import"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("proposals:suggestion_import_template") in html
    assert str(world.session) in html and "长沙市" not in html.split("<form", 1)[1].split("</select>")[0]
    template = signed_in("csx_lianluo").get(reverse("proposals:suggestion_import_template"))
    assert template.status_code == 200 and "attachment" in template["Content-Disposition"]


def test_posting_a_good_file_imports_and_shows_the_result(signed_in, world):
    client = signed_in("csx_lianluo")
    response = client.post(reverse("proposals:suggestion_import"), {
        "session": world.session.pk, "file": _upload(xlsx(good_rows(world))), "accept": "on"})
    assert response.status_code == 200
    assert "导入完成" in response.content.decode()
    assert Suggestion.objects.get(title=good_rows(world)[0][1]).status == "accepted"


def test_posting_a_bad_file_writes_nothing_and_offers_the_error_report(signed_in, world):
    client = signed_in("csx_lianluo")
    rows = [list(r) for r in good_rows(world)]
    rows[0][2] = "查无此人"
    before = _count(world)
    response = client.post(reverse("proposals:suggestion_import"), {
        "session": world.session.pk, "file": _upload(xlsx(rows))})
    assert response.status_code == 400 and _count(world) == before
    html = response.content.decode()
    assert "未导入任何建议" in html and reverse("proposals:suggestion_import_report") in html
    report = client.get(reverse("proposals:suggestion_import_report"))
    sheet = load_workbook(io.BytesIO(report.content)).active
    assert [c.value for c in sheet[2]] == [2, "领衔代表", "“查无此人”不是本届人民代表大会的在任代表"]


def test_a_session_outside_the_jurisdiction_is_not_offered(signed_in, world):
    city_session = Session.objects.filter(term__congress__region_id="4301").first()
    response = signed_in("csx_lianluo").post(reverse("proposals:suggestion_import"), {
        "session": city_session.pk, "file": _upload(xlsx(good_rows(world)))})
    assert response.status_code == 400 and "所选会议不在可选范围内" in response.content.decode()
    assert not Suggestion.objects.filter(title=good_rows(world)[0][1]).exists()


def test_an_oversized_upload_is_refused_by_the_page(signed_in, world):
    response = signed_in("csx_lianluo").post(reverse("proposals:suggestion_import"), {
        "session": world.session.pk, "file": _upload(b"PK\x03\x04" + b"\0" * importer.MAX_FILE_BYTES)})
    assert response.status_code == 400 and "文件过大" in response.content.decode()


@pytest.mark.parametrize("username", ["csx_zhujian", "csx_daibiao", "hn_changwei", "hn_xitong"])
def test_import_pages_are_for_the_office_only(signed_in, world, username):
    client = signed_in(username)
    for name in ("suggestion_import", "suggestion_import_template", "suggestion_import_report"):
        assert client.get(reverse(f"proposals:{name}")).status_code == 403
    assert client.post(reverse("proposals:suggestion_import"), {
        "session": world.session.pk, "file": _upload(xlsx(good_rows(world)))}).status_code == 403
    assert not Suggestion.objects.filter(title=good_rows(world)[0][1]).exists()


def test_import_page_query_count(signed_in, django_assert_max_num_queries):
    client = signed_in("hn_lianluo")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("proposals:suggestion_import")).status_code == 200
