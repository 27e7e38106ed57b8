import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from lianluo.stations import permissions, selectors
from lianluo.stations.models import Station

router = Router(tags=["代表联络站"])


class StationOut(Schema):
    id: int
    name: str
    kind: str = Field(description="station 代表联络站 / room 代表联络室 / point 代表联络点")
    region: str
    region_name: str
    address: str
    reception_weekdays: list[int] = Field(description="接待日（ISO 星期，1 为周一）")
    is_active: bool


class FiguresOut(Schema):
    year: int
    deputies: int = Field(description="进站代表人数")
    shifts: int
    receptions: int
    deputy_attendances: int = Field(description="代表到站接待人次")
    visitors: int
    issues_received: int
    issues_closed: int
    issues_closed_on_time: int
    on_time_rate: float | None = Field(None, description="按期办结率（%）")
    satisfaction_rate: float | None = Field(None, description="满意率（%，含基本满意）")


class DeputyOut(Schema):
    mandate_id: int
    name: str
    congress: str
    since: datetime.date


class ShiftOut(Schema):
    id: int
    date: datetime.date
    deputies: list[str]


class StationDetailOut(StationOut):
    opening_hours: str
    reception_rule: str
    manager: str | None
    deputies: list[DeputyOut]
    upcoming_shifts: list[ShiftOut]
    figures: FiguresOut


class StationFilter(Schema):
    region: str = Field("", max_length=12, pattern=r"^\d*$", description="区划代码（含下级）")
    kind: str = Field("", description="station / room / point")
    active: bool | None = Field(None, description="是否启用")
    q: str = Field("", max_length=30, description="名称包含")
    after: str = Field("", max_length=40, description="翻页游标：上一页返回的 next")
    limit: int = Field(50, ge=1, le=200)


class StationPage(Schema):
    items: list[StationOut]
    next: str = Field(description="下一页游标；为空表示没有更多")


def _station(s: Station) -> dict:
    return {"id": s.pk, "name": s.name, "kind": s.kind, "region": s.region_id, "region_name": s.region.name,
            "address": s.address, "reception_weekdays": s.weekdays, "is_active": s.is_active}


@router.get("/stations", response=StationPage, summary="辖区内的代表联络站")
def station_list(request, filters: Query[StationFilter]):
    if not permissions.can_view_stations(request.user):
        raise PermissionDenied
    qs = selectors.station_list(user=request.user, region=filters.region,
                                kind=filters.kind if filters.kind in Station.Kind.values else "",
                                active=filters.active, query=filters.q)
    rows, cursor = selectors.station_page(qs, after=filters.after, size=filters.limit)
    return {"items": [_station(s) for s in rows], "next": cursor}


@router.get("/stations/{station_id}", response=StationDetailOut, summary="一个代表联络站：进站代表、近期排班和本年数据")
def station_detail(request, station_id: int):
    if not permissions.can_view_stations(request.user):
        raise PermissionDenied
    station = selectors.station_get(user=request.user, pk=station_id)
    today = timezone.localdate()
    figures = selectors.station_figures(station_ids=[station.pk], year=today.year)[station.pk]
    shifts = [s for s in selectors.month_shifts(station=station, year=today.year, month=today.month)
              if s.date >= today]
    return {
        **_station(station), "opening_hours": station.opening_hours, "reception_rule": station.reception_rule,
        "manager": station.manager.full_name if station.manager else None,
        "deputies": [{"mandate_id": sd.mandate_id, "name": sd.mandate.person.name,
                      "congress": sd.mandate.term.congress.name, "since": sd.since}
                     for sd in selectors.station_deputies(station=station)],
        "upcoming_shifts": [{"id": s.pk, "date": s.date, "deputies": [m.person.name for m in s.deputies.all()]}
                            for s in shifts],
        "figures": {"year": today.year, "deputies": figures.deputies, "shifts": figures.shifts,
                    "receptions": figures.receptions, "deputy_attendances": figures.deputy_attendances,
                    "visitors": figures.visitors, "issues_received": figures.received,
                    "issues_closed": figures.closed, "issues_closed_on_time": figures.closed_on_time,
                    "on_time_rate": figures.on_time_rate, "satisfaction_rate": figures.satisfaction_rate},
    }
