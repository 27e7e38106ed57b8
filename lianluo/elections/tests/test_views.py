"""The election pages on the demo election (黄花镇): what they show, the forms' Chinese errors, the documents, and
a fixed number of queries per page."""

import pytest

from lianluo.elections.models import Election, Result, StationTally


@pytest.fixture
def demo(db):
    return Election.objects.get(title="黄花镇第十九届人民代表大会代表选举")


def test_the_election_page_shows_the_timetable_and_constituencies(demo, signed_in):
    page = signed_in("csx_xuanju").get(f"/elections/{demo.pk}/").content.decode()
    assert "公布选民名单" in page and "按时" in page and "第2选区（黄龙新村）" in page
    assert "增加选区" in page


def test_a_reader_sees_no_forms(demo, signed_in):
    page = signed_in("hn_changwei").get(f"/elections/{demo.pk}/").content.decode()
    assert "第1选区" in page and "增加选区" not in page


def test_the_roll_masks_identity_numbers(demo, signed_in):
    page = signed_in("csx_xuanju").get(f"/elections/{demo.pk}/voters/").content.decode()
    assert "430121********" in page
    voter = demo.voters.first()
    assert voter.id_number not in page


def test_keying_in_a_tally_and_publishing(demo, signed_in):
    client = signed_in("csx_xuanju")
    constituency = demo.constituencies.get(number=3)
    station = constituency.stations.get()
    # The ballot lists 蒋丽娟 before 曾志强: both surnames have 12 strokes, and 蒋 begins with 横, 曾 with 点.
    form = {"voters_voted": 30, "ballots_issued": 31, "ballots_cast": 30, "ballots_invalid": 2,
            "votes_0": 8, "votes_1": 20, "other_name_0": "", "other_votes_0": ""}
    response = client.post(f"/elections/station/{station.pk}/tally/first/", form)
    assert response.status_code == 302
    page = client.get(f"/elections/constituency/{constituency.pk}/").content.decode()
    assert "按现有计票的结果（尚未公布）" in page and "曾志强" in page
    assert client.post(f"/elections/constituency/{constituency.pk}/publish/first/").status_code == 302
    result = Result.objects.get(constituency=constituency)
    assert result.decision["elected"] == ["曾志强"] and result.published_by.username == "csx_xuanju"


def test_a_wrong_tally_comes_back_with_the_field_named_and_nothing_saved(demo, signed_in):
    client = signed_in("csx_xuanju")
    station = demo.constituencies.get(number=3).stations.get()
    response = client.post(f"/elections/station/{station.pk}/tally/first/", {
        "voters_voted": 30, "ballots_issued": 20, "ballots_cast": 30, "ballots_invalid": 0, "votes_0": 10,
        "votes_1": 5})
    assert response.status_code == 400
    assert "收回的选票（30）不能多于发出的选票（20）" in response.content.decode()
    assert not StationTally.objects.filter(station=station).exists()


def test_the_documents_are_pdfs_and_certificates_only_for_those_elected(demo, signed_in):
    client = signed_in("csx_xuanju")
    result = Result.objects.get(constituency__election=demo, constituency__number=1)
    announcement = client.get(f"/elections/result/{result.pk}/announcement/")
    assert announcement["Content-Type"] == "application/pdf" and announcement.content.startswith(b"%PDF")
    assert client.get(f"/elections/result/{result.pk}/certificate/1/").status_code == 200
    assert client.get(f"/elections/result/{result.pk}/certificate/2/").status_code == 404
    assert signed_in("hn_changwei").get(f"/elections/result/{result.pk}/certificate/0/").status_code == 403


def test_the_ballot_lists_the_formal_candidates_and_write_in_columns(demo, signed_in):
    import zlib

    constituency = demo.constituencies.get(number=2)
    response = signed_in("csx_xuanju").get(f"/elections/constituency/{constituency.pk}/ballot/first/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert signed_in("csx_xuanju").get(f"/elections/constituency/{constituency.pk}/ballot/runoff/").status_code == 404
    streams = [zlib.decompress(part.split(b"stream\n", 1)[1].rsplit(b"endstream", 1)[0])
               for part in response.content.split(b"endobj") if b"/FlateDecode" in part and b"stream\n" in part]
    rectangles = sum(s.count(b" re S") for s in streams)
    assert rectangles == 2 * (5 + 3)  # five candidates and three write-in columns, name and mark boxes


def test_the_returns_roll_the_published_results_up(demo, signed_in):
    from lianluo.elections.returns import election_returns

    groups, total = election_returns(user=_user("hn_lianluo"))
    assert [g.region.name for g in groups] == ["长沙县"]
    assert (total.elections, total.constituencies, total.seats, total.registered) == (1, 3, 6, 170)
    assert (total.published, total.published_registered, total.voted, total.elected, total.women) == (
        1, 60, 47, 2, 1)
    page = signed_in("cs_lianluo").get("/elections/returns/").content.decode()
    assert "长沙县" in page and "黄花镇第十九届人民代表大会代表选举" in page and "78%" in page
    none, nothing = election_returns(user=_user("hn_lianluo"), year=2020)
    assert none == [] and nothing.elections == 0 and nothing.turnout is None


def _user(username):
    from lianluo.accounts.models import User

    return User.objects.get(username=username)


@pytest.mark.parametrize(("path", "limit"), [
    ("/elections/", 7), ("/elections/{e}/", 8), ("/elections/{e}/voters/", 12), ("/elections/constituency/{c}/", 18),
])
def test_pages_run_a_bounded_number_of_queries(demo, signed_in, django_assert_max_num_queries, path, limit):
    client = signed_in("csx_xuanju")
    url = path.format(e=demo.pk, c=demo.constituencies.get(number=2).pk)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_the_demo_election_is_still_voting_while_constituencies_wait(demo):
    assert demo.status == "voting"


def test_a_counting_machines_file_is_imported_from_the_tally_page(demo, signed_in):
    import io
    import json

    client = signed_in("csx_xuanju")
    constituency = demo.constituencies.get(number=3)
    station = constituency.stations.get()
    assert "从计票机导入" in client.get(f"/elections/station/{station.pk}/tally/first/").content.decode()
    count = {"method": "direct", "round": "first", "seats": 1, "electorate": 40, "voters_voted": 30,
             "candidates": ["曾志强", "蒋丽娟"], "ballots": [{"for": ["曾志强"]}] * 20 + [{"for": ["蒋丽娟"]}] * 10}
    upload = io.BytesIO(json.dumps(count, ensure_ascii=False).encode())
    upload.name = "station.json"
    response = client.post(f"/elections/station/{station.pk}/tally/first/import/",
                           {"file": upload, "ballots_issued": 31})
    assert response.status_code == 302
    assert StationTally.objects.get(station=station).votes == {"曾志强": 20, "蒋丽娟": 10}
    bad = io.BytesIO(b"{not json")
    bad.name = "bad.json"
    response = client.post(f"/elections/station/{station.pk}/tally/first/import/", {"file": bad, "ballots_issued": 1})
    assert response.status_code == 400 and "不是有效的 JSON" in response.content.decode()


def test_the_returns_download_as_a_workbook_with_the_pages_figures(demo, signed_in):
    from io import BytesIO

    from openpyxl import load_workbook

    response = signed_in("csx_lianluo").get("/elections/returns/?format=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in sheet[2]]
    assert header[:4] == ["地区 / 选举", "选区", "应选名额", "登记选民"]
    rows = {r[0].strip(): r for r in sheet.iter_rows(min_row=3, values_only=True)}
    registered = demo.voters.filter(status="registered").count()
    assert rows[demo.title][header.index("登记选民")] == registered
    assert rows["合计"][header.index("登记选民")] >= registered


def test_a_voter_is_moved_from_the_roll_page(demo, signed_in):
    client = signed_in("csx_xuanju")
    voter = demo.voters.filter(constituency__number=1, status="registered", proxy__isnull=True,
                               proxies_held__isnull=True).first()
    target = demo.constituencies.get(number=2)
    response = client.post(f"/elections/voter/{voter.pk}/transfer/", {"to": target.pk, "reason": "户籍迁入"})
    assert response.status_code == 302
    voter.refresh_from_db()
    assert voter.constituency == target
    refused = client.post(f"/elections/voter/{voter.pk}/transfer/", {"to": target.pk, "reason": "再迁"})
    assert refused.status_code == 400 and "迁移：该选民已在此选区" in refused.content.decode()


def test_the_returns_add_counties_up_by_city_for_the_province(demo, signed_in):
    import datetime

    from lianluo.elections import returns, services
    from lianluo.regions.models import Level, Region

    office = _user("hn_lianluo")
    county = Region.objects.filter(level=Level.COUNTY).exclude(code__startswith="4301").order_by("code").first()
    other = services.election_create(actor=office, region=county, title=f"{county.name}人大代表选举（测试）",
                                     election_day=datetime.date(2026, 12, 20), committee="选举委员会")
    services.constituency_add(election=other, number=1, name="一", seats=2, actor=office)
    groups, total = returns.election_returns(user=office)
    cities = returns.by_city(groups)
    assert [c.region.code for c in cities] == ["4301", county.code[:4]]
    assert sum(c.figures.seats for c in cities) == total.seats == 8
    assert [county.code for county, _ in cities[1].rows] == [county.code]
    page = signed_in("hn_lianluo").get("/elections/returns/").content.decode()
    assert "按市州汇总" in page and cities[1].region.name in page
