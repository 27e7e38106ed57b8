"""Demo stations, their deputies, duty shifts and receptions, made through the services (safe to run again).

Five stations: two township stations and the county's 代表之家 in 长沙县 (the demo's main county), one station in
岳麓区 (长沙市, outside 长沙县) and one in 株洲市荷塘区 (outside 长沙市), for the inside/outside tests.
"""

import datetime

from lianluo.accounts.models import User
from lianluo.deputies.models import Mandate
from lianluo.regions.models import Region
from lianluo.stations import services
from lianluo.stations.models import DutyShift, Reception, Station, StationDeputy

# (name, kind, region code, manager, address, weekdays, opening hours, rule, deputies: (congress region, count))
STATIONS = [
    ("星沙街道代表联络站", Station.Kind.STATION, "430121001", "xs_zhanzhang", "长沙县星沙街道开元东路社区服务中心二楼",
     "2,4", "工作日 9:00–17:00", "每周二、周四上午代表轮流接待", ("430121", 4)),
    ("黄花镇代表联络站", Station.Kind.STATION, "430121105", None, "长沙县黄花镇政务服务中心一楼",
     "3", "工作日 9:00–17:00", "每周三代表接待", ("430121", 3)),
    ("长沙县人大代表之家", Station.Kind.ROOM, "430121", None, "长沙县星沙街道县人大常委会机关一楼",
     "5", "工作日 8:30–17:30", "每周五县人大代表集中接待", ("430121", 3)),
    ("岳麓街道代表联络站", Station.Kind.STATION, "430104002", None, "长沙市岳麓区岳麓街道桃子湖社区",
     "1,3", "工作日 9:00–17:00", "每周一、周三市人大代表接待", ("4301", 4)),
    ("荷塘区代表联络站", Station.Kind.STATION, "430202", None, "株洲市荷塘区月塘街道新华社区服务中心",
     "2", "工作日 9:00–17:00", "每周二省人大代表接待", ("43", 3)),
]

# (station, date, visitors, summary); October days are ad hoc, November days are the planned shifts.
RECEPTIONS = [
    ("星沙街道代表联络站", datetime.date(2026, 10, 15), 9,
     "群众主要反映小区物业服务、老旧小区加装电梯和学校周边交通秩序问题。"),
    ("星沙街道代表联络站", datetime.date(2026, 10, 22), 6, "反映开元东路夜间施工噪音和社区养老服务点开放时间。"),
    ("星沙街道代表联络站", datetime.date(2026, 11, 5), 7, "反映农贸市场周边占道经营、公交线路调整等问题。"),
    ("星沙街道代表联络站", datetime.date(2026, 11, 12), 5, "反映小区停车位紧张和充电桩安装问题。"),
    ("黄花镇代表联络站", datetime.date(2026, 11, 4), 8, "群众反映农村道路养护、灌溉水渠清淤和村级卫生室用药问题。"),
    ("长沙县人大代表之家", datetime.date(2026, 10, 30), 4, "听取企业代表关于营商环境、用工招聘的意见。"),
    ("岳麓街道代表联络站", datetime.date(2026, 11, 2), 6, "反映景区周边交通拥堵和老旧小区改造进度。"),
    ("荷塘区代表联络站", datetime.date(2026, 11, 3), 3, "反映社区医院就医排队和老年人助餐服务。"),
]

PLANNED_MONTHS = [(2026, 11), (2026, 12)]


def _deputies(region_code: str, count: int, taken: set[int]) -> list[Mandate]:
    """Serving deputies of the congress at ``region_code`` not given to another demo station; the demo deputy
    account's person (csx_daibiao, 黄志勇) first, so that the deputy pages have something to show."""
    qs = Mandate.objects.filter(region_id=region_code, status=Mandate.Status.SERVING).select_related("person")
    linked = [m for m in qs.filter(person__user__username="csx_daibiao") if m.pk not in taken]
    rest = [m for m in qs.order_by("id") if m.pk not in taken and m not in linked]
    chosen = (linked + rest)[:count]
    taken.update(m.pk for m in chosen)
    return chosen


def load_demo_stations() -> None:
    regions = {r.code: r for r in Region.objects.filter(code__in=[s[2] for s in STATIONS])}
    taken = set(StationDeputy.objects.values_list("mandate_id", flat=True))
    stations = {}
    for name, kind, code, manager, address, weekdays, hours, rule, (deputy_region, count) in STATIONS:
        station = Station.objects.filter(region_id=code, name=name).first()
        if station is None:
            station = services.station_create(
                name=name, kind=kind, region=regions[code], address=address, reception_weekdays=weekdays,
                opening_hours=hours, reception_rule=rule, phone="0731-8" + code[-7:][:7].rjust(7, "0"),
                manager=User.objects.get(username=manager) if manager else None)
        stations[name] = station
        if not station.deputies.filter(until__isnull=True).exists():
            for mandate in _deputies(deputy_region, count, taken):
                services.station_deputy_assign(station=station, mandate=mandate, since=datetime.date(2026, 3, 1))
        for year, month in PLANNED_MONTHS:
            services.shift_plan(station=station, year=year, month=month, starts_at=datetime.time(9),
                                ends_at=datetime.time(11, 30))
    for name, day, visitors, summary in RECEPTIONS:
        station = stations[name]
        if Reception.objects.filter(station=station, date=day).exists():
            continue
        shift = DutyShift.objects.filter(station=station, date=day).first()
        deputies = list(shift.deputies.all()) if shift else list(
            Mandate.objects.filter(stations__station=station, stations__until__isnull=True).order_by("id")[:2])
        services.reception_record(station=station, shift=shift, date=None if shift else day, deputies=deputies,
                                  visitors=visitors, summary=summary)
