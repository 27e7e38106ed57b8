import datetime

import pytest

from lianluo.casework.models import IssueMonthly
from lianluo.core.models import AuditEvent
from lianluo.stations.models import DutyShift, Reception, Station, StationRegionMonthly
from lianluo.stations.selectors import station_list

ALL = {"星沙街道代表联络站", "黄花镇代表联络站", "长沙县人大代表之家", "岳麓街道代表联络站", "荷塘区代表联络站"}
CSX = {"星沙街道代表联络站", "黄花镇代表联络站", "长沙县人大代表之家"}


def _station(name):
    return Station.objects.get(name=name)


@pytest.mark.parametrize(("username", "expected"), [
    ("hn_lianluo", ALL),
    ("hn_changwei", ALL),
    ("cs_lianluo", ALL - {"荷塘区代表联络站"}),
    ("csx_lianluo", CSX),
    ("xs_zhanzhang", {"星沙街道代表联络站"}),
    ("csx_daibiao", {"星沙街道代表联络站"}),  # the stations his mandate is assigned to
    ("csx_zhujian", set()),
    ("hn_xitong", set()),
    ("hn_shenji", set()),
])
def test_station_list_is_scoped_per_role(cast, username, expected):
    assert {s.name for s in station_list(user=cast(username))} == expected


def test_out_of_jurisdiction_station_is_a_404(signed_in):
    client = signed_in("csx_lianluo")
    assert client.get(f"/stations/{_station('荷塘区代表联络站').pk}/").status_code == 404
    assert client.get(f"/stations/{_station('星沙街道代表联络站').pk}/").status_code == 200
    assert client.get(f"/api/v1/stations/{_station('岳麓街道代表联络站').pk}").status_code == 404


def test_deputy_reads_his_station_but_cannot_manage_it(signed_in):
    client = signed_in("csx_daibiao")
    pk = _station("星沙街道代表联络站").pk
    assert client.get(f"/stations/{pk}/").status_code == 200
    assert client.get(f"/stations/{_station('黄花镇代表联络站').pk}/").status_code == 404
    assert client.get(f"/stations/{pk}/plan/").status_code == 403
    assert client.get(f"/stations/{pk}/edit/").status_code == 403
    body = client.get("/stations/mine/").content.decode()
    assert "星沙街道代表联络站" in body and "12月3日" in body


def test_detail_shows_a_month_grid_with_navigation(signed_in):
    station = _station("星沙街道代表联络站")
    body = signed_in("xs_zhanzhang").get(f"/stations/{station.pk}/?month=2026-10").content.decode()
    assert "2026年10月" in body and "month-grid" in body
    assert "?month=2026-09" in body and "?month=2026-11" in body
    assert body.count('class="day-number"') == 31


def test_create_and_edit_station_forms_post(signed_in, cast):
    client = signed_in("csx_lianluo")
    response = client.post("/stations/new/", {
        "name": "湘龙街道代表联络站", "kind": "station", "region": "430121003", "reception_weekdays": ["2", "5"],
        "address": "湘龙街道", "manager": "", "is_active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    station = Station.objects.get(name="湘龙街道代表联络站")
    assert station.reception_weekdays == "2,5"
    response = client.post(f"/stations/{station.pk}/edit/", {
        "name": "湘龙街道代表联络站", "kind": "room", "region": "430121003", "reception_weekdays": ["2"],
        "manager": ""})
    assert response.status_code == 302
    station.refresh_from_db()
    assert station.kind == "room" and not station.is_active


def test_bad_form_input_is_shown_next_to_the_field_in_chinese(signed_in):
    events = AuditEvent.objects.count()
    response = signed_in("csx_lianluo").post("/stations/new/", {
        "name": "星沙街道代表联络站", "kind": "station", "region": "430121001", "manager": ""})
    assert response.status_code == 400
    assert "该区划已有同名的联络站" in response.content.decode()
    assert AuditEvent.objects.count() == events


def test_region_outside_jurisdiction_is_not_offered(signed_in):
    response = signed_in("csx_lianluo").post("/stations/new/", {
        "name": "越界站", "kind": "station", "region": "430202", "manager": ""})
    assert response.status_code == 400 and not Station.objects.filter(name="越界站").exists()


def test_assign_and_release_deputies_through_the_page(signed_in):
    from lianluo.deputies.models import Mandate

    client = signed_in("csx_lianluo")
    station = _station("黄花镇代表联络站")
    candidate = Mandate.objects.filter(region_id="430121").exclude(stations__station=station).first()
    body = client.get(f"/stations/{station.pk}/deputies/").content.decode()
    assert candidate.person.name in body
    assert client.post(f"/stations/{station.pk}/deputies/", {"mandate": candidate.pk}).status_code == 302
    assignment = station.deputies.get(mandate=candidate, until__isnull=True)
    stranger = Mandate.objects.filter(region_id="4301").first()
    assert client.post(f"/stations/{station.pk}/deputies/", {"mandate": stranger.pk}).status_code == 400
    response = client.post(f"/stations/{station.pk}/deputies/{assignment.pk}/release/",
                           {"until": "2026-12-31"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.until == datetime.date(2026, 12, 31)
    again = client.post(f"/stations/{station.pk}/deputies/{assignment.pk}/release/", {"until": "2026-12-31"})
    assert again.status_code == 404  # no longer an open assignment of this station
    other = _station("星沙街道代表联络站").deputies.filter(until__isnull=True).first()
    assert client.post(f"/stations/{station.pk}/deputies/{other.pk}/release/").status_code == 404
    assert other.__class__.objects.get(pk=other.pk).until is None


def test_plan_edit_shift_and_record_reception_pages(signed_in):
    client = signed_in("xs_zhanzhang")
    station = _station("星沙街道代表联络站")
    assert client.get(f"/stations/{station.pk}/plan/").status_code == 200
    response = client.post(f"/stations/{station.pk}/plan/", {"year": 2027, "month": 2, "per_shift": 1})
    assert response.status_code == 302
    # February 2027: the package's calendar ends with 2026, so the fixed-date estimate applies (no holiday on
    # a Tuesday or Thursday in February); 8 shifts.
    assert DutyShift.objects.filter(station=station, date__year=2027, date__month=2).count() == 8
    shift = DutyShift.objects.get(station=station, date=datetime.date(2026, 11, 19))
    mine = list(station.deputies.filter(until__isnull=True).values_list("mandate_id", flat=True))
    assert client.get(f"/stations/shifts/{shift.pk}/").status_code == 200
    assert client.post(f"/stations/shifts/{shift.pk}/", {"deputies": mine[:1]}).status_code == 302
    assert list(shift.deputies.values_list("pk", flat=True)) == mine[:1]
    page = client.get(f"/stations/{station.pk}/receptions/new/?shift={shift.pk}")
    assert page.status_code == 200
    response = client.post(f"/stations/{station.pk}/receptions/new/?shift={shift.pk}",
                           {"deputies": mine[:1], "visitors": "4", "summary": "反映路灯不亮。"})
    assert response.status_code == 302, response.content.decode()[:3000]
    reception = Reception.objects.get(shift=shift)
    assert reception.visitors == 4 and reception.date == shift.date
    bad = client.post(f"/stations/{station.pk}/receptions/new/",
                      {"deputies": mine[:1], "visitors": "-3", "date": "2026-11-20"})
    assert bad.status_code == 400


def test_reception_detail_lists_the_issues_recorded_there(signed_in):
    from lianluo.casework.models import Issue

    reception = Reception.objects.filter(station__name="星沙街道代表联络站").order_by("date").first()
    Issue.objects.create(number="测试-0001", region_id="430121", station=reception.station, reception=reception,
                         title="小区电梯维修", content="电梯常坏。", received_on=reception.date)
    body = signed_in("csx_lianluo").get(f"/stations/receptions/{reception.pk}/").content.decode()
    assert "小区电梯维修" in body and "测试-0001" in body


def test_figures_come_from_the_summary_rows(signed_in):
    """The roll-up reads StationRegionMonthly and casework's IssueMonthly, not the receptions or issues."""
    from django.core.cache import cache

    station = _station("星沙街道代表联络站")
    client = signed_in("csx_lianluo")

    def xingsha_row():
        cache.clear()
        response = client.get("/stations/figures/?region=430121&year=2026")
        assert response.status_code == 200
        return response, next(r for r in response.context["rows"] if r.code == "430121001")

    _, before = xingsha_row()
    StationRegionMonthly.objects.filter(region_id="430121001", month=datetime.date(2026, 11, 1)).update(
        receptions=97)
    IssueMonthly.objects.create(month=datetime.date(2026, 1, 1), region_id="430111", station=station,
                                received=7, closed=4, closed_on_time=3, rated=2, satisfied=1)
    response, row = xingsha_row()
    assert row.received == before.received + 7 and row.closed == before.closed + 4
    assert row.closed_on_time == before.closed_on_time + 3 and row.rated == before.rated + 2
    assert row.on_time_rate == round(100 * row.closed_on_time / row.closed, 1)
    assert row.receptions == 97 + 2  # 97 in November (from the summary row) plus October's two
    assert row.stations == 1
    direct = next(r for r in response.context["rows"] if r.code == "430121")
    assert direct.label == "长沙县本级" and direct.stations == 1
    assert '"receptions-data"' in response.content.decode()
    # Drill-down: the province sees 长沙市 and 株洲市 rows, the township its own stations.
    province = signed_in("hn_lianluo").get("/stations/figures/?year=2026").context
    assert {r.label for r in province["rows"] if r.stations} == {"长沙市", "株洲市"}
    township = signed_in("hn_lianluo").get("/stations/figures/?region=430121001&year=2026").context
    assert [s.name for s, _ in township["stations"]] == ["星沙街道代表联络站"]


def test_figures_outside_jurisdiction_is_a_404(signed_in):
    assert signed_in("csx_lianluo").get("/stations/figures/?region=4302").status_code == 404
    assert signed_in("xs_zhanzhang").get("/stations/figures/?region=430121").status_code == 404
    assert signed_in("csx_daibiao").get("/stations/figures/").status_code == 403


def test_list_pagination_is_keyset(signed_in, monkeypatch):
    from lianluo.stations import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = signed_in("hn_lianluo")
    seen = []
    url = "/stations/"
    while url:
        response = client.get(url)
        seen += [s.name for s, _ in response.context["rows"]]
        url = f"/stations/?{response.context['next_query']}" if response.context["next_query"] else ""
    assert len(seen) == len(set(seen)) == 5


def test_station_pages_run_a_fixed_number_of_queries(signed_in, django_assert_max_num_queries):
    client = signed_in("csx_lianluo")
    station = _station("星沙街道代表联络站")
    for url, limit in [(f"/stations/{station.pk}/?month=2026-11", 18), ("/stations/figures/?region=430121", 12),
                       ("/stations/?region=430121", 10)]:
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200


def test_poster_is_a_pdf(signed_in):
    response = signed_in("csx_lianluo").get(f"/stations/{_station('星沙街道代表联络站').pk}/poster/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_api_list_and_detail_are_scoped(signed_in):
    client = signed_in("csx_lianluo")
    data = client.get("/api/v1/stations?limit=2").json()
    assert len(data["items"]) == 2 and data["next"]
    rest = client.get(f"/api/v1/stations?limit=2&after={data['next']}").json()
    assert {s["name"] for s in data["items"] + rest["items"]} == CSX and rest["next"] == ""
    detail = client.get(f"/api/v1/stations/{_station('星沙街道代表联络站').pk}").json()
    assert detail["region"] == "430121001" and len(detail["deputies"]) == 4
    assert detail["figures"]["receptions"] == 4 and detail["figures"]["year"] == 2026
    assert signed_in("hn_shenji").get("/api/v1/stations").status_code == 403


def test_poster_carries_the_public_address_when_one_is_set(db, rf, settings):
    """Offices print posters from an intranet address; the QR code must open the address the public can reach."""
    from lianluo.stations.views import public_form_url

    station = _station("星沙街道代表联络站")
    request = rf.get("/stations/1/poster/", HTTP_HOST="10.1.2.3")
    settings.ALLOWED_HOSTS = ["10.1.2.3"]
    assert public_form_url(request, station) == f"http://10.1.2.3/public/s/{station.public_key}/"
    settings.LIANLUO_PUBLIC_BASE_URL = "https://rd.example.gov.cn/"
    assert public_form_url(request, station) == f"https://rd.example.gov.cn/public/s/{station.public_key}/"
