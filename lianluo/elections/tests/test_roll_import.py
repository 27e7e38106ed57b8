"""Importing a voter roll from Excel (real .xlsx files built with openpyxl): whole or nothing, with a report by row
(选举法 Arts 4–5: of age on election day, once per person per election)."""

import datetime
import io

import pytest
from openpyxl import Workbook

from lianluo.demo.elections import _id_number
from lianluo.elections import services
from lianluo.elections.models import ElectionEvent, Voter
from lianluo.regions.models import Region

DAY = datetime.date(2026, 12, 20)
HEADER = ["选区编号", "姓名", "身份证号"]


def xlsx(rows, header=HEADER, *, title="春华镇选民名单") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def election(db, cast):
    staff = cast("csx_xuanju")
    election = services.election_create(actor=staff, region=Region.objects.get(pk="430121106"),
                                        title="春华镇第十九届人民代表大会代表选举", election_day=DAY,
                                        committee="春华镇选举委员会")
    for number in (1, 2):
        services.constituency_add(election=election, number=number, name=f"第{number}村", seats=2, actor=staff)
    return election


def person(n, born=datetime.date(1985, 6, 1)):
    return _id_number(born + datetime.timedelta(days=n), 300 + n)


def test_a_sound_roll_is_registered_whole(election, cast):
    rows = [(1 + n % 2, f"选民{n}", person(n)) for n in range(30)]
    report = services.voters_import(election=election, data=xlsx(rows), actor=cast("csx_xuanju"))
    assert report.ok and report.registered == 30
    assert Voter.objects.filter(election=election, constituency__number=1).count() == 15
    assert ElectionEvent.objects.filter(election=election, action="voters_import").get().data["registered"] == 30


def test_any_bad_row_and_nothing_is_registered_each_named_art_4_5(election, cast):
    rows = [
        (1, "甲", person(1)),
        (3, "乙", person(2)),  # no 第3选区
        (1, "", person(3)),  # no name
        (2, "丙", "430121198506010000"),  # bad check digit
        (2, "丁", _id_number(datetime.date(2008, 12, 21), 9)),  # 18 the day after election day
        (2, "甲", person(1)),  # the same person twice
    ]
    report = services.voters_import(election=election, data=xlsx(rows), actor=cast("csx_xuanju"))
    assert not report.ok and report.registered == 0
    assert [(e.row, e.column) for e in report.errors] == [
        (4, "选区编号"), (5, "姓名"), (6, "身份证号"), (7, "身份证号"), (8, "身份证号")]
    assert "十八周岁" in report.errors[3].message and "第 3 行" in report.errors[4].message
    assert not Voter.objects.filter(election=election).exists()


def test_someone_already_registered_is_named(election, cast):
    staff = cast("csx_xuanju")
    services.voter_register(constituency=election.constituencies.get(number=1), name="甲", id_number=person(1),
                            actor=staff)
    report = services.voters_import(election=election, data=xlsx([(2, "甲", person(1))]), actor=staff)
    assert [e.message for e in report.errors] == ["该公民已在本次选举中登记（选举法第五条）"]


def test_not_a_workbook_a_missing_header_and_an_empty_sheet(election, cast):
    staff = cast("csx_xuanju")
    broken = services.voters_import(election=election, data=b"PK\x03\x04 not really", actor=staff)
    assert "xlsx" in broken.errors[0].message and broken.registered == 0
    assert "表头" in services.voters_import(election=election, data=xlsx([], header=["姓名", "电话"]),
                                          actor=staff).errors[0].message
    assert "没有数据行" in services.voters_import(election=election, data=xlsx([]), actor=staff).errors[0].message


def test_the_page_shows_the_report_and_imports(election, signed_in):
    client = signed_in("csx_xuanju")
    bad = io.BytesIO(xlsx([(9, "甲", person(1))]))
    bad.name = "roll.xlsx"
    response = client.post(f"/elections/{election.pk}/voters/import/", {"file": bad})
    assert response.status_code == 400 and "第 3 行“选区编号”：没有第9选区" in response.content.decode()
    good = io.BytesIO(xlsx([(1, "甲", person(1)), (2, "乙", person(2))]))
    good.name = "roll.xlsx"
    response = client.post(f"/elections/{election.pk}/voters/import/", {"file": good}, follow=True)
    assert "已导入选民 2 人" in response.content.decode()
