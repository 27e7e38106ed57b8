import datetime

import pytest
from django.core.exceptions import ValidationError

from lianluo.core.models import AuditEvent
from lianluo.deputies.models import Mandate
from lianluo.regions.models import Region
from lianluo.stations import services
from lianluo.stations.models import (
    DutyShift,
    Reception,
    Station,
    StationDeputy,
    StationMonthly,
    StationRegionMonthly,
)

NOVEMBER = datetime.date(2026, 11, 1)


@pytest.fixture
def xingsha(db):
    return Station.objects.get(name="星沙街道代表联络站")


def _state():
    """Everything a refused write must leave as it was."""
    return (Station.objects.count(), StationDeputy.objects.count(), DutyShift.objects.count(),
            Reception.objects.count(), list(StationMonthly.objects.order_by("pk").values_list()),
            list(StationRegionMonthly.objects.order_by("pk").values_list()), AuditEvent.objects.count())


def _audits(action):
    return AuditEvent.objects.filter(action=action).count()


# ---------------------------------------------------------------- stations


def test_station_create_writes_the_station_and_an_audit_row(cast):
    region = Region.objects.get(code="430121002")
    before = _audits("station.create")
    station = services.station_create(name="泉塘街道代表联络站", region=region, reception_weekdays=[3, 1],
                                      actor=cast("csx_lianluo"))
    assert station.reception_weekdays == "1,3" and station.weekdays == [1, 3]
    assert station.public_key and len(station.public_key) >= 12
    assert _audits("station.create") == before + 1


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": "  "}, "name"),
    ({"kind": "office"}, "kind"),
    ({"reception_weekdays": "1,9"}, "reception_weekdays"),
    ({"region": None}, "region"),
    ({"name": "星沙街道代表联络站", "region_code": "430121001"}, "name"),
    ({"region_code": "430202"}, "region"),  # outside 长沙县: not the actor's jurisdiction
    ({"manager": "csx_daibiao"}, "manager"),  # a deputy, not a station manager
    ({"manager": "xs_zhanzhang", "region_code": "430121105"}, "manager"),  # manages 星沙, not 黄花
])
def test_station_create_refuses_bad_input_naming_the_field(cast, changes, field):
    args = {"name": "新联络站", "region": Region.objects.get(code=changes.pop("region_code", "430121002")),
            "actor": cast("csx_lianluo")}
    if "manager" in changes:
        changes["manager"] = cast(changes["manager"])
    args.update(changes)
    before = _state()
    with pytest.raises(ValidationError) as caught:
        services.station_create(**args)
    assert field in caught.value.message_dict
    assert all("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message_dict[field][0][:1])
    assert _state() == before


def test_station_manager_must_cover_the_station_region(cast, xingsha):
    """xs_zhanzhang manages 星沙街道 (430121001): fine for the 星沙 station, refused for 黄花镇's."""
    services.station_update(station=xingsha, manager=cast("xs_zhanzhang"), actor=cast("csx_lianluo"))
    huanghua = Station.objects.get(name="黄花镇代表联络站")
    with pytest.raises(ValidationError) as caught:
        services.station_update(station=huanghua, manager=cast("xs_zhanzhang"), actor=cast("csx_lianluo"))
    assert "manager" in caught.value.message_dict


def test_station_update_audits_the_changes_and_moving_region_moves_figures(cast, xingsha):
    before = _audits("station.update")
    services.station_update(station=xingsha, address="星沙街道新址", opening_hours="工作日 8:30–17:00",
                            actor=cast("csx_lianluo"))
    event = AuditEvent.objects.filter(action="station.update").latest("id")
    assert _audits("station.update") == before + 1
    assert set(event.summary["changes"]) == {"address", "opening_hours"}
    old = StationRegionMonthly.objects.get(region_id="430121001", month=NOVEMBER).receptions
    mine = StationMonthly.objects.get(station=xingsha, month=NOVEMBER).receptions
    services.station_update(station=xingsha, region=Region.objects.get(code="430121002"), manager=None,
                            actor=cast("csx_lianluo"))
    assert StationRegionMonthly.objects.get(region_id="430121001", month=NOVEMBER).receptions == old - mine
    assert StationRegionMonthly.objects.get(region_id="430121002", month=NOVEMBER).receptions == mine
    assert StationMonthly.objects.get(station=xingsha, month=NOVEMBER).region_id == "430121002"


def test_station_update_refuses_unknown_fields(xingsha):
    with pytest.raises(ValidationError) as caught:
        services.station_update(station=xingsha, public_key="guess")
    assert "public_key" in caught.value.message_dict


# ---------------------------------------------------------------- deputies at a station


def test_assign_a_deputy_whose_congress_covers_the_station(cast, xingsha):
    """代表法 Art 28 (就地就近): a provincial deputy may join a township station in the province."""
    mandate = Mandate.objects.filter(region_id="43").exclude(stations__station=xingsha).first()
    before = _audits("station.deputy_assign")
    assignment = services.station_deputy_assign(station=xingsha, mandate=mandate, actor=cast("csx_lianluo"))
    assert assignment.until is None and _audits("station.deputy_assign") == before + 1


def test_assign_refuses_a_deputy_of_another_area_under_art_28(xingsha):
    """代表法 Art 28: a 长沙市 deputy cannot join a 株洲 station; nor a 长沙县 deputy one in 岳麓区."""
    hetang = Station.objects.get(name="荷塘区代表联络站")
    city = Mandate.objects.filter(region_id="4301").first()
    county = Mandate.objects.filter(region_id="430121").first()
    before = _state()
    for station, mandate in [(hetang, city), (Station.objects.get(name="岳麓街道代表联络站"), county)]:
        with pytest.raises(ValidationError) as caught:
            services.station_deputy_assign(station=station, mandate=mandate)
        assert "第二十八条" in caught.value.message_dict["mandate"][0]
    assert _state() == before


def test_assign_refuses_an_ended_mandate_under_art_62(xingsha):
    """代表法 Art 62: a deputy whose mandate has ended is not assigned to a station."""
    mandate = Mandate.objects.filter(region_id="430121").exclude(stations__station=xingsha).first()
    mandate.status, mandate.ended_on, mandate.end_reason = "ended", datetime.date(2026, 5, 1), "moved_away"
    mandate.save()
    before = _state()
    with pytest.raises(ValidationError) as caught:
        services.station_deputy_assign(station=xingsha, mandate=mandate)
    assert "mandate" in caught.value.message_dict
    assert _state() == before


def test_assign_twice_is_refused(xingsha):
    assigned = xingsha.deputies.filter(until__isnull=True).first().mandate
    with pytest.raises(ValidationError):
        services.station_deputy_assign(station=xingsha, mandate=assigned)


def test_release_takes_the_deputy_off_later_shifts_without_a_reception(cast, xingsha):
    assignment = xingsha.deputies.filter(until__isnull=True).order_by("id").first()
    with pytest.raises(ValidationError) as caught:
        services.station_deputy_release(assignment=assignment, until=datetime.date(2020, 1, 1))
    assert "until" in caught.value.message_dict
    services.station_deputy_release(assignment=assignment, until=datetime.date(2026, 11, 30),
                                    actor=cast("csx_lianluo"))
    assert not DutyShift.objects.filter(station=xingsha, date__gt=datetime.date(2026, 11, 30),
                                        deputies=assignment.mandate).exists()
    assert AuditEvent.objects.filter(action="station.deputy_release").exists()
    with pytest.raises(ValidationError):
        services.station_deputy_release(assignment=assignment)


# ---------------------------------------------------------------- roster


def test_shift_plan_over_national_day_2026_is_idempotent(cast):
    """代表法 Art 28: regular reception days; planning October 2026 for a Thursday station skips 1 October
    (National Day) and planning again creates nothing."""
    station = services.station_create(name="测试站", region=Region.objects.get(code="430121003"),
                                      reception_weekdays="4")
    mandates = list(Mandate.objects.filter(region_id="430121").order_by("id")[:3])
    for mandate in mandates:
        services.station_deputy_assign(station=station, mandate=mandate, since=datetime.date(2026, 9, 1))
    created = services.shift_plan(station=station, year=2026, month=10, per_shift=2, actor=cast("csx_lianluo"))
    assert [s.date.day for s in created] == [8, 15, 22, 29]
    assert [len(s.deputies.all()) for s in created] == [2, 2, 2, 2]
    monthly = StationMonthly.objects.get(station=station, month=datetime.date(2026, 10, 1))
    assert monthly.shifts == 4
    audits = _audits("station.shift_plan")
    assert services.shift_plan(station=station, year=2026, month=10) == []
    assert DutyShift.objects.filter(station=station).count() == 4
    assert StationMonthly.objects.get(pk=monthly.pk).shifts == 4 and _audits("station.shift_plan") == audits


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"year": 2026, "month": 13}, "month"),
    ({"year": 1999, "month": 1}, "year"),
    ({"year": 2026, "month": 1, "per_shift": 11}, "per_shift"),
    ({"year": 2026, "month": 1, "starts_at": datetime.time(11), "ends_at": datetime.time(9)}, "ends_at"),
])
def test_shift_plan_refuses_bad_input(xingsha, kwargs, field):
    before = _state()
    with pytest.raises(ValidationError) as caught:
        services.shift_plan(station=xingsha, **kwargs)
    assert field in caught.value.message_dict
    assert _state() == before


def test_shift_plan_needs_reception_weekdays(xingsha):
    services.station_update(station=xingsha, reception_weekdays="")
    before = _state()
    with pytest.raises(ValidationError) as caught:
        services.shift_plan(station=xingsha, year=2027, month=1)
    assert "reception_weekdays" in caught.value.message_dict
    assert _state() == before


def test_shift_set_deputies_only_takes_the_station_deputies(cast, xingsha):
    shift = xingsha.shifts.filter(date__month=12).first()
    mine = list(xingsha.deputies.filter(until__isnull=True).values_list("mandate_id", flat=True))
    services.shift_set_deputies(shift=shift, mandates=mine[:3], actor=cast("xs_zhanzhang"))
    assert sorted(shift.deputies.values_list("pk", flat=True)) == sorted(mine[:3])
    assert AuditEvent.objects.filter(action="station.shift_deputies", object_id=str(shift.pk)).exists()
    stranger = Mandate.objects.filter(region_id="4301").first()
    before = _state()
    with pytest.raises(ValidationError) as caught:
        services.shift_set_deputies(shift=shift, mandates=[stranger])
    assert "deputies" in caught.value.message_dict
    assert _state() == before


# ---------------------------------------------------------------- receptions


def test_reception_from_a_shift_counts_in_the_monthly_figures(cast, xingsha):
    shift = xingsha.shifts.filter(date=datetime.date(2026, 11, 19)).get()
    deputies = list(shift.deputies.all())
    station_before = StationMonthly.objects.get(station=xingsha, month=NOVEMBER)
    province_before = StationRegionMonthly.objects.get(region_id="43", month=NOVEMBER)
    reception = services.reception_record(shift=shift, deputies=deputies, visitors=11, summary="反映停车难。",
                                          actor=cast("xs_zhanzhang"))
    assert reception.date == shift.date and reception.recorded_by.username == "xs_zhanzhang"
    station_after = StationMonthly.objects.get(station=xingsha, month=NOVEMBER)
    assert station_after.receptions == station_before.receptions + 1
    assert station_after.visitors == station_before.visitors + 11
    assert station_after.deputy_attendances == station_before.deputy_attendances + len(deputies)
    assert StationRegionMonthly.objects.get(region_id="43", month=NOVEMBER).visitors == province_before.visitors + 11
    assert AuditEvent.objects.filter(action="station.reception_record", object_id=str(reception.pk)).exists()
    with pytest.raises(ValidationError) as caught:
        services.reception_record(shift=shift, deputies=deputies, visitors=1)
    assert "shift" in caught.value.message_dict


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"visitors": -1}, "visitors"),
    ({"visitors": "十"}, "visitors"),
    ({"deputies": []}, "deputies"),
    ({"date": datetime.date(2099, 1, 1)}, "date"),
    ({"date": None}, "date"),
    ({"deputies": "stranger"}, "deputies"),
])
def test_reception_record_refuses_bad_input(xingsha, kwargs, field):
    args = {"station": xingsha, "date": datetime.date(2026, 11, 10), "visitors": 3,
            "deputies": list(xingsha.deputies.filter(until__isnull=True).values_list("mandate_id", flat=True)[:1])}
    if kwargs.get("deputies") == "stranger":
        kwargs = {"deputies": [Mandate.objects.filter(region_id="43").exclude(stations__station=xingsha).first()]}
    args.update(kwargs)
    before = _state()
    with pytest.raises(ValidationError) as caught:
        services.reception_record(**args)
    assert field in caught.value.message_dict
    assert _state() == before


def test_monthly_rebuild_agrees_with_the_services(xingsha):
    """The figures the services kept in step equal a recomputation from the shifts and receptions."""
    services.reception_record(station=xingsha, date=datetime.date(2026, 11, 9), visitors=2,
                              deputies=list(xingsha.deputies.values_list("mandate_id", flat=True)[:2]))
    kept = sorted(StationMonthly.objects.values_list("station_id", "region_id", "month", "shifts", "receptions",
                                                     "deputy_attendances", "visitors"))
    kept_regions = sorted(StationRegionMonthly.objects.values_list("region_id", "month", "shifts", "receptions",
                                                                   "deputy_attendances", "visitors"))
    assert services.station_monthly_rebuild() == len(kept)
    assert sorted(StationMonthly.objects.values_list("station_id", "region_id", "month", "shifts", "receptions",
                                                     "deputy_attendances", "visitors")) == kept
    assert sorted(StationRegionMonthly.objects.values_list("region_id", "month", "shifts", "receptions",
                                                           "deputy_attendances", "visitors")) == kept_regions


def test_demo_is_idempotent(db):
    from lianluo.demo.stations import load_demo_stations

    before = _state()
    load_demo_stations()
    assert _state() == before
