"""Roster import and export with real .xlsx files (whole or nothing; re-import changes nothing; masking)."""

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from lianluo.core.models import AuditEvent
from lianluo.core.validators import ID_CHECK, ID_WEIGHTS
from lianluo.deputies import roster_io
from lianluo.deputies.models import Mandate, MandateEvent, Person
from lianluo.deputies.services import roster_import
from lianluo.regions.models import Term

HEADER = ["序号", "姓名", "性别", "民族", "出生年月", "党派", "籍贯", "学历", "工作单位及职务", "选区", "联系电话",
          "身份证号"]


def make_id(birth: str, serial: int) -> str:
    body = f"430121{birth}{serial:03d}"
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def xlsx(rows, header=HEADER, title_row=True) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title_row:
        sheet.append(["长沙县第十八届人民代表大会代表名册"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def good_rows():
    return [
        [1, "欧阳明", "男", "汉族", "1975.03", "中国共产党", "湖南长沙", "大学本科", "某村党支部书记", "第1选区",
         "13800001111", make_id("19750312", 101)],
        [2, "覃小红", "女", "土家族", "1982-11", "群众", "湖南张家界", "大专", "乡村教师", "第2选区", "",
         make_id("19821105", 202)],
        [3, "单志", "男", "汉", 198004, "九三学社", "", "硕士研究生", "工程师", "第3选区", "139 0000 2222", ""],
        [4, "李娟", "女", "苗族", datetime.datetime(1990, 6, 1), "", "", "", "医生", "第4选区", "", ""],
    ]


@pytest.fixture
def term(db):
    return Term.objects.get(congress__region_id="430121")


def snapshot():
    return (Person.objects.count(), Mandate.objects.count(), MandateEvent.objects.count(),
            AuditEvent.objects.count(), list(Person.objects.order_by("id").values_list("updated_at", flat=True)))


def test_good_file_lands_whole_and_reimport_changes_nothing(term, cast):
    actor = cast("csx_lianluo")
    before = Mandate.objects.filter(term=term).count()
    report = roster_import(term=term, data=xlsx(good_rows()), actor=actor)
    assert report.ok and report.errors == []
    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    assert Mandate.objects.filter(term=term).count() == before + 4
    person = Person.objects.get(name="单志")
    assert person.birth_date == datetime.date(1980, 4, 1)
    assert person.mobile == "13900002222"
    assert Person.objects.get(name="欧阳明").id_number == make_id("19750312", 101)
    assert Person.objects.get(name="李娟").ethnicity == "苗族"
    assert MandateEvent.objects.filter(mandate__term=term, kind="imported").count() == 4
    assert AuditEvent.objects.filter(action="deputy.roster_import").exists()

    state = snapshot()
    again = roster_import(term=term, data=xlsx(good_rows()), actor=actor)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert snapshot() == state  # nothing written, not even an audit row


def test_changed_row_updates_the_matched_deputy_by_identity_number(term):
    roster_import(term=term, data=xlsx(good_rows()))
    rows = good_rows()
    rows[0][1] = "欧阳明亮"  # renamed, same identity number
    rows[0][8] = "某镇镇长"
    report = roster_import(term=term, data=xlsx(rows))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    person = Person.objects.get(name="欧阳明亮")
    assert person.occupation == "某镇镇长"
    assert Mandate.objects.get(person=person, term=term).strokes_key == person.name_strokes_key


def test_person_known_from_another_term_gets_a_new_mandate(term):
    existing = Mandate.objects.filter(term__congress__region_id="4301").select_related("person").first().person
    rows = [[1, existing.name, existing.get_gender_display(), existing.ethnicity, "", existing.party, "", "",
             existing.occupation, "第9选区", "", existing.id_number]]
    report = roster_import(term=term, data=xlsx(rows))
    assert report.ok and report.created == 1
    assert Mandate.objects.filter(person=existing, term=term).exists()
    assert Person.objects.filter(id_number_index=existing.id_number_index).count() == 1


@pytest.mark.parametrize(("change", "column", "fragment"), [
    (lambda rows: rows[0].__setitem__(11, rows[0][11][:-1] + ("0" if rows[0][11][-1] != "0" else "1")),
     "身份证号", "校验位"),
    (lambda rows: rows[1].__setitem__(11, rows[0][11]), "身份证号", "第 3 行重复"),
    (lambda rows: rows[0].__setitem__(4, "七五年三月"), "出生年月", "无法识别"),
    (lambda rows: rows[2].__setitem__(1, ""), "姓名", "不能为空"),
    (lambda rows: rows[2].__setitem__(2, "未知"), "性别", "男"),
    (lambda rows: rows[3].__setitem__(10, "12345"), "联系电话", "11 位"),
])
def test_bad_rows_are_reported_by_row_and_column_and_nothing_lands(term, change, column, fragment):
    rows = good_rows()
    change(rows)
    state = snapshot()
    report = roster_import(term=term, data=xlsx(rows))
    assert not report.ok
    assert any(e.column == column and fragment in e.message and e.row >= 3 for e in report.errors), report.errors
    assert snapshot() == state


def test_wrong_header_is_refused(term):
    report = roster_import(term=term, data=xlsx(good_rows(), header=["编号", "名字", "男女"]))
    assert not report.ok and "表头" in report.errors[0].message


def test_missing_required_column_is_named(term):
    header = [h for h in HEADER if h != "性别"]
    rows = [[c for i, c in enumerate(r) if i != 2] for r in good_rows()]
    report = roster_import(term=term, data=xlsx(rows, header=header))
    assert not report.ok and "性别" in report.errors[0].message


def test_not_an_xlsx_at_all(term):
    report = roster_import(term=term, data="姓名,性别\n张三,男\n".encode())
    assert not report.ok and ".xlsx" in report.errors[0].message


def test_zip_bomb_is_refused_before_parsing(term):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    report = roster_import(term=term, data=buffer.getvalue())
    assert not report.ok and "压缩比" in report.errors[0].message


def test_too_many_rows_and_too_large_files_are_refused(term, monkeypatch):
    monkeypatch.setattr(roster_io, "MAX_ROWS", 3)
    report = roster_import(term=term, data=xlsx(good_rows()))
    assert not report.ok and "行数超过" in report.errors[0].message
    monkeypatch.setattr(roster_io, "MAX_FILE_BYTES", 100)
    report = roster_import(term=term, data=xlsx(good_rows()))
    assert not report.ok and "过大" in report.errors[0].message


def test_unknown_delegation_is_an_error(db):
    province = Term.objects.get(congress__region_id="43")
    header = ["姓名", "性别", "代表团"]
    ok = roster_import(term=province, data=xlsx([["甲乙", "男", "长沙市"]], header=header, title_row=False))
    assert ok.ok and Mandate.objects.get(person__name="甲乙").delegation.name == "长沙市代表团"
    bad = roster_import(term=province, data=xlsx([["丙丁", "男", "火星代表团"]], header=header, title_row=False))
    assert not bad.ok and bad.errors[0].column == "代表团"


def test_birth_month_formats():
    assert roster_io.parse_month("1975.03") == datetime.date(1975, 3, 1)
    assert roster_io.parse_month("1975-03") == datetime.date(1975, 3, 1)
    assert roster_io.parse_month("197503") == datetime.date(1975, 3, 1)
    assert roster_io.parse_month("1975年3月") == datetime.date(1975, 3, 1)
    assert roster_io.parse_month(1975.03) == datetime.date(1975, 3, 1)
    assert roster_io.parse_month(1975.1) == datetime.date(1975, 10, 1)
    assert roster_io.parse_month(datetime.datetime(1975, 3, 9)) == datetime.date(1975, 3, 9)
    with pytest.raises(ValueError):
        roster_io.parse_month("1975.13")


def test_import_page_offers_the_error_report_download(signed_in, term):
    client = signed_in("csx_lianluo")
    rows = good_rows()
    rows[0][2] = "未知"
    upload = io.BytesIO(xlsx(rows))
    upload.name = "名册.xlsx"
    page = client.post("/deputies/import/", {"term": term.pk, "file": upload})
    assert page.status_code == 200 and "未导入任何数据" in page.content.decode()
    report = client.get("/deputies/import/errors.xlsx")
    assert report["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(report.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("行号", "列", "问题") and values[1][:2] == (3, "性别")


def _export(client, url="/deputies/export/"):
    response = client.get(url)
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_export_masks_identity_numbers_except_for_the_rolls_own_office(signed_in):
    """csx_lianluo keeps the 长沙县 roll: full numbers; hn_lianluo sees 长沙县 deputies masked (PIPL Art 51)."""
    county = Mandate.objects.filter(term__congress__region_id="430121").select_related("person").first().person
    own = {row[0]: row for row in _export(signed_in("csx_lianluo"), "/deputies/export/?level=3")}
    assert own[county.name][13] == county.id_number and own[county.name][12] == county.mobile
    province_rows = _export(signed_in("hn_lianluo"), "/deputies/export/?level=3")
    row = next(r for r in province_rows if r[0] == county.name)
    assert "*" in row[13] and "*" in row[12]
    assert AuditEvent.objects.filter(action="deputy.roster_export").count() == 2


def test_export_reimports_unchanged(signed_in, term, cast):
    rows = _export(signed_in("csx_lianluo"), "/deputies/export/?level=3")
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = roster_import(term=term, data=buffer.getvalue(), actor=cast("csx_lianluo"))
    assert report.ok and report.created == 0 and report.updated == 0


# ---------------------------------------------------------------- import digests and bulk writes


@pytest.fixture
def decryptions(monkeypatch):
    """Counts decryptions of stored personal data."""
    from lianluo.core.crypto import provider

    calls = []
    cls = type(provider())
    original = cls.decrypt

    def counting(self, token, *, purpose):
        calls.append(purpose)
        return original(self, token, purpose=purpose)

    monkeypatch.setattr(cls, "decrypt", counting)
    return calls


def test_identical_reimport_decrypts_nothing(term, decryptions):
    roster_import(term=term, data=xlsx(good_rows()))
    decryptions.clear()
    again = roster_import(term=term, data=xlsx(good_rows()))
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert decryptions == []


def test_imported_rows_are_written_as_save_would(term, cast):
    actor = cast("csx_lianluo")
    roster_import(term=term, data=xlsx(good_rows()), actor=actor)
    for mandate in Mandate.objects.filter(term=term, events__note="导入新增").select_related("person"):
        person = mandate.person
        assert Person.derived_values(name=person.name, id_number=person.id_number) == {
            "id_number_index": person.id_number_index, "name_strokes_key": person.name_strokes_key,
            "name_pinyin_key": person.name_pinyin_key}
        assert (mandate.strokes_key, mandate.pinyin_key) == (person.name_strokes_key, person.name_pinyin_key)
        assert (mandate.region_id, mandate.status, mandate.end_reason) == (term.congress.region_id, "serving", "")
        assert person.created_at == person.updated_at == mandate.created_at and mandate.import_digest
        event = mandate.events.get()
        assert (event.kind, event.actor, event.changes) == ("imported", actor, {})
    # The ids came from the database's own counter: the next ordinary insert does not collide.
    assert Person.objects.create(name="后来", gender="male").pk > Person.objects.exclude(name="后来").order_by(
        "-id").first().pk


@pytest.mark.parametrize("edit", ["person", "mandate"])
def test_a_row_written_elsewhere_since_the_import_is_compared_again(term, edit):
    from lianluo.deputies.services import mandate_update, person_update

    roster_import(term=term, data=xlsx(good_rows()))
    mandate = Mandate.objects.get(term=term, person__name="覃小红")
    if edit == "person":
        person_update(person=mandate.person, occupation="乡镇干部")
    else:
        mandate_update(mandate=mandate, constituency="第9选区")
    report = roster_import(term=term, data=xlsx(good_rows()))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    mandate = Mandate.objects.select_related("person").get(pk=mandate.pk)
    assert (mandate.person.occupation, mandate.constituency) == ("乡村教师", "第2选区")  # the file wins
    assert mandate.events.filter(kind="imported").count() == 2


def test_rows_without_a_digest_are_compared_and_then_remembered(term, decryptions):
    """Mandates imported before digests existed (or registered by hand) get one when found identical, with no
    other write: updated_at, history and audit stay as they are."""
    roster_import(term=term, data=xlsx(good_rows()))
    Mandate.objects.filter(term=term).update(import_digest="")
    state = snapshot()
    decryptions.clear()
    report = roster_import(term=term, data=xlsx(good_rows()))
    assert (report.updated, report.unchanged) == (0, 4) and decryptions
    assert snapshot() == state
    assert not Mandate.objects.filter(term=term, person__name__in=["欧阳明", "覃小红", "单志", "李娟"],
                                      import_digest="").exists()
    decryptions.clear()
    assert roster_import(term=term, data=xlsx(good_rows())).unchanged == 4 and decryptions == []


def test_two_rows_for_one_deputy_write_nothing(term):
    roster_import(term=term, data=xlsx(good_rows()))
    row = [5, "单志", "男", "汉", 198004, "九三学社", "", "硕士研究生", "工程师", "第3选区", "", ""]
    state = snapshot()
    report = roster_import(term=term, data=xlsx([row, [6, *row[1:]]]))
    assert not report.ok and report.errors[0].message == "与表中另一行是同一位代表。"
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert snapshot() == state


def test_changed_file_updates_and_creates_in_one_go(term, cast):
    roster_import(term=term, data=xlsx(good_rows()))
    rows = good_rows()
    rows[1][10] = "13700003333"  # new mobile
    rows.append([5, "新人", "女", "汉族", "1991.02", "", "", "", "", "第5选区", "", make_id("19910214", 303)])
    report = roster_import(term=term, data=xlsx(rows), actor=cast("csx_lianluo"))
    assert (report.created, report.updated, report.unchanged) == (1, 1, 3)
    person = Person.objects.get(name="覃小红")
    assert person.mobile == "13700003333" and person.updated_at > person.created_at
    event = MandateEvent.objects.filter(mandate__person=person, kind="imported").latest("id")
    assert event.changes == {"mobile": ["", "137****3333"]}
    assert Person.objects.get(name="新人").id_number == make_id("19910214", 303)
    assert roster_import(term=term, data=xlsx(rows)).unchanged == 5


@pytest.mark.parametrize("value", [
    None, "", "张三", "张 三", "张  三", " 张三", "张三 ", "张\u3000三", "张\t三", "张\n三", "\u00a0张三", "a\u2028b",
    "x\x1fy", 13800001111, 1975.0, 1975.03, True, datetime.datetime(1975, 3, 1),
])
def test_cell_text_shortcut_agrees_with_roster_io(value):
    from lianluo.deputies.services import _cell_text

    assert _cell_text(value) == roster_io.cell_text(value)
