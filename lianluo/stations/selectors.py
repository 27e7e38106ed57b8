"""Reads of stations, rosters, receptions and station figures, always through the reader's jurisdiction.

Staff see the stations whose region lies in their jurisdiction (for the station roles); a deputy sees the stations
they are assigned to. Anything else is a 404. Figures come from the summary tables (``StationMonthly``,
``StationRegionMonthly`` and casework's ``IssueMonthly``), never from counting shifts, receptions or issues.
"""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404

from lianluo.accounts.scoping import jurisdiction_codes, restrict_to_jurisdiction
from lianluo.casework.models import IssueMonthly
from lianluo.deputies.models import Mandate
from lianluo.regions.models import Region
from lianluo.regions.tree import subtree_q
from lianluo.stations import workflow
from lianluo.stations.models import (
    DutyShift,
    Reception,
    Station,
    StationDeputy,
    StationMonthly,
    StationRegionMonthly,
)
from lianluo.stations.permissions import FIGURE_READERS, STATION_EDITORS, STATION_READERS

FIGURES_CACHE_SECONDS = 60
STATION_FIELDS = ("shifts", "receptions", "deputy_attendances", "visitors")
ISSUE_FIELDS = ("received", "closed", "closed_on_time", "rated", "satisfied")


# ---------------------------------------------------------------- stations


def served_station_ids(*, user) -> QuerySet:
    """Ids of the stations the user serves at as a deputy (open assignments of their person's mandates), as a
    subquery for ``station_id__in`` / ``pk__in``."""
    return StationDeputy.objects.filter(mandate__person__user=user, until__isnull=True).values("station_id")


def _visible_q(user) -> Q:
    """Stations in the user's jurisdiction for the station roles, or assigned to the user's own mandates."""
    codes = jurisdiction_codes(user, roles=STATION_READERS)
    if codes is None:
        return Q()
    visible = subtree_q("region", codes) if codes else Q(pk__in=[])
    if getattr(user, "is_authenticated", False):
        visible |= Q(pk__in=served_station_ids(user=user))
    return visible


def station_list(*, user, region: str = "", kind: str = "", active: bool | None = None,
                 query: str = "") -> QuerySet[Station]:
    """Stations the user may read, ordered by region then id (the keyset of the list page)."""
    qs = Station.objects.filter(_visible_q(user))
    if region:
        qs = qs.filter(subtree_q("region", [region]))
    if kind:
        qs = qs.filter(kind=kind)
    if active is not None:
        qs = qs.filter(is_active=active)
    if query:
        qs = qs.filter(name__contains=query)
    return qs.select_related("region", "manager").order_by("region_id", "id")


def station_page(qs: QuerySet[Station], *, after: str, size: int) -> tuple[list[Station], str]:
    """One page of a station list after the keyset cursor "region:id"; returns the rows and the next cursor."""
    region, _, pk = after.partition(":")
    if region.isdigit() and pk.isdigit():
        qs = qs.filter(Q(region_id__gt=region) | Q(region_id=region, id__gt=int(pk)))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (f"{rows[-1].region_id}:{rows[-1].pk}" if more else "")


def station_get(*, user, pk: int) -> Station:
    station = Station.objects.filter(_visible_q(user)).select_related("region", "manager").filter(pk=pk).first()
    if station is None:
        raise Http404
    return station


def station_deputies(*, station: Station) -> QuerySet[StationDeputy]:
    """The deputies currently assigned to the station (the station was fetched through the reader's scope)."""
    return (station.deputies.filter(until__isnull=True)
            .select_related("mandate__person", "mandate__term__congress")
            .order_by("mandate__term__congress__level", "mandate__person__name_strokes_key", "id"))


def station_deputy_get(*, station: Station, pk: int) -> StationDeputy:
    """One open assignment (进站) of the station, or a 404 (the station was fetched through the reader's scope)."""
    assignment = (StationDeputy.objects.filter(station=station, pk=pk, until__isnull=True)
                  .select_related("mandate__person").first())
    if assignment is None:
        raise Http404
    return assignment


def editable_regions(*, user) -> QuerySet[Region]:
    """Regions in the user's jurisdiction for the station-editing roles (where they may set up stations)."""
    return restrict_to_jurisdiction(Region.objects.all(), user, region_field="code", roles=STATION_EDITORS)


def assignable_mandates(*, user, station: Station, query: str = "", pk: int | None = None,
                        limit: int = 30) -> list[Mandate]:
    """Serving deputies the user may assign to the station: within the user's jurisdiction, of a congress whose
    region covers the station's region or lies within it (代表法 Art 28, 就地就近), and not already assigned."""
    ancestors = [station.region_id[:n] for n in (2, 4, 6, 9) if n < len(station.region_id)]
    qs = restrict_to_jurisdiction(Mandate.objects.filter(status=Mandate.Status.SERVING), user,
                                  roles=STATION_EDITORS)
    qs = qs.filter(Q(region_id__in=ancestors) | subtree_q("region", [station.region_id]))
    qs = qs.exclude(pk__in=station.deputies.filter(until__isnull=True).values("mandate_id"))
    if query:
        qs = qs.filter(person__name__contains=query)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return list(qs.select_related("person", "term__congress")
                .order_by("term__congress__level", "person__name_strokes_key", "id")[:limit])


# ---------------------------------------------------------------- roster and receptions


def _shift_qs() -> QuerySet[DutyShift]:
    return DutyShift.objects.select_related("station__region").prefetch_related(
        Prefetch("deputies", queryset=Mandate.objects.select_related("person", "term__congress")
                 .order_by("person__name_strokes_key")),
    )


def month_shifts(*, station: Station, year: int, month: int) -> list[DutyShift]:
    start = datetime.date(year, month, 1)
    end = datetime.date(*workflow.shift_month(year, month, 1), 1)
    return list(_shift_qs().filter(station=station, date__gte=start, date__lt=end)
                .select_related("reception").order_by("date", "starts_at", "id"))


def shift_get(*, user, pk: int) -> DutyShift:
    shift = _shift_qs().filter(station__in=Station.objects.filter(_visible_q(user)), pk=pk).first()
    if shift is None:
        raise Http404
    return shift


def _reception_qs() -> QuerySet[Reception]:
    return Reception.objects.select_related("station__region", "shift", "recorded_by").prefetch_related(
        Prefetch("deputies", queryset=Mandate.objects.select_related("person").order_by("person__name_strokes_key")),
    )


def recent_receptions(*, station: Station, limit: int = 10) -> list[Reception]:
    return list(_reception_qs().filter(station=station).order_by("-date", "-id")[:limit])


def reception_get(*, user, pk: int) -> Reception:
    reception = _reception_qs().filter(station__in=Station.objects.filter(_visible_q(user)), pk=pk).first()
    if reception is None:
        raise Http404
    return reception


def reception_issues(*, reception: Reception) -> list:
    """Issues recorded at this reception (casework's Issue.reception): number, title, status only."""
    return list(reception.issues.only("id", "number", "title", "status", "received_on").order_by("id")[:200])


def my_mandate_ids(*, user) -> list[int]:
    return list(Mandate.objects.filter(person__user=user).values_list("pk", flat=True))


def my_stations(*, user) -> list[StationDeputy]:
    """The stations the signed-in deputy is assigned to (through their person record's mandates)."""
    return list(StationDeputy.objects.filter(mandate__person__user=user, until__isnull=True)
                .select_related("station__region", "mandate__term__congress").order_by("station__name", "id"))


def my_shifts(*, user, since: datetime.date, limit: int = 50) -> list[DutyShift]:
    """The deputy's own shifts from ``since`` on, soonest first."""
    return list(_shift_qs().filter(deputies__person__user=user, date__gte=since).distinct()
                .order_by("date", "starts_at", "id")[:limit])


# ---------------------------------------------------------------- figures


@dataclass
class Figures:
    """One row of station figures: what the stations did and what became of the issues people raised there."""

    label: str = ""
    code: str = ""
    stations: int = 0
    deputies: int = 0
    shifts: int = 0
    receptions: int = 0
    deputy_attendances: int = 0
    visitors: int = 0
    received: int = 0
    closed: int = 0
    closed_on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def on_time_rate(self) -> float | None:
        return workflow.rate(self.closed_on_time, self.closed)

    @property
    def satisfaction_rate(self) -> float | None:
        return workflow.rate(self.satisfied, self.rated)

    def add(self, values: dict) -> None:
        for key, value in values.items():
            if hasattr(self, key) and isinstance(getattr(self, key), int):
                setattr(self, key, getattr(self, key) + (value or 0))


def year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)


def station_figures(*, station_ids: list[int], year: int) -> dict[int, Figures]:
    """Figures for the year of each listed station: three queries whatever the number of stations."""
    start, end = year_range(year)
    result = {pk: Figures() for pk in station_ids}
    if not station_ids:
        return result
    for row in (StationMonthly.objects.filter(station_id__in=station_ids, month__gte=start, month__lt=end)
                .values("station_id").annotate(**{f: Sum(f) for f in STATION_FIELDS})):
        result[row.pop("station_id")].add(row)
    for row in (IssueMonthly.objects.filter(station_id__in=station_ids, month__gte=start, month__lt=end)
                .values("station_id").annotate(**{f: Sum(f) for f in ISSUE_FIELDS})):
        result[row.pop("station_id")].add(row)
    for row in (StationDeputy.objects.filter(station_id__in=station_ids, until__isnull=True)
                .values("station_id").annotate(deputies=Count("id"))):
        result[row.pop("station_id")].add(row)
    return result


def station_monthly(*, station: Station, year: int) -> list[dict]:
    """The station's twelve months of the year (zero-filled), station and issue figures side by side."""
    start, end = year_range(year)
    months = {datetime.date(year, m, 1): Figures(label=f"{m}月") for m in range(1, 13)}
    for row in StationMonthly.objects.filter(station=station, month__gte=start, month__lt=end).values(
            "month", *STATION_FIELDS):
        months[row.pop("month")].add(row)
    for row in (IssueMonthly.objects.filter(station=station, month__gte=start, month__lt=end)
                .values("month").annotate(**{f: Sum(f) for f in ISSUE_FIELDS})):
        months[row.pop("month")].add(row)
    return list(months.values())


def figure_roots(*, user) -> list[Region]:
    """Where the figures page starts for this user: their assigned regions for the figure roles."""
    codes = sorted({a.region_id for a in user.active_assignments() if a.role in FIGURE_READERS})
    return list(Region.objects.filter(code__in=codes).order_by("code"))


def figure_region_get(*, user, code: str) -> Region:
    region = restrict_to_jurisdiction(Region.objects.filter(code=code), user, region_field="code",
                                      roles=FIGURE_READERS).first()
    if region is None:
        raise Http404
    return region


def region_figures(*, region: Region, year: int) -> dict:
    """The region's station figures for the year, one row per child region plus the stations sitting at the
    region itself (本级), read from the summary tables. Cached for a minute: a dashboard, not a ledger."""
    key = f"stations:figures:{region.code}:{year}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    start, end = year_range(year)
    children = list(Region.objects.filter(parent=region).order_by("code").values_list("code", "name"))
    length = len(children[0][0]) if children else len(region.code)
    rows = {code: Figures(label=name, code=code) for code, name in children}
    total = Figures(label=f"{region.name}合计", code=region.code)
    direct = Figures(label=f"{region.name}本级", code=region.code)

    def bucket(code: str) -> Figures:
        return rows.get(code) or direct

    sums = {f: Sum(f) for f in STATION_FIELDS}
    for row in (StationRegionMonthly.objects.filter(region_id__in=[region.code, *rows], month__gte=start,
                                                    month__lt=end).values("region_id").annotate(**sums)):
        code = row.pop("region_id")
        (total if code == region.code else rows[code]).add(row)
    within = subtree_q("region", [region.code])
    for row in (Station.objects.filter(within, is_active=True).annotate(prefix=Substr("region_id", 1, length))
                .values("prefix").annotate(stations=Count("id"))):
        bucket(row.pop("prefix")).add(row)
    issues = (IssueMonthly.objects.filter(subtree_q("station__region", [region.code]), month__gte=start,
                                          month__lt=end)
              .annotate(prefix=Substr("station__region_id", 1, length)).values("prefix")
              .annotate(**{f: Sum(f) for f in ISSUE_FIELDS}))
    for row in issues:
        bucket(row.pop("prefix")).add(row)
    # What the stations at the region itself did is the region's total less its children's.
    for name in STATION_FIELDS:
        setattr(direct, name, getattr(total, name) - sum(getattr(r, name) for r in rows.values()))
    result_rows = list(rows.values())
    if any(getattr(direct, f) for f in ("stations", *STATION_FIELDS, *ISSUE_FIELDS)):
        result_rows.append(direct)
    for row in result_rows:
        total.stations += row.stations
        for name in ISSUE_FIELDS:
            setattr(total, name, getattr(total, name) + getattr(row, name))
    result = {"rows": result_rows, "total": total, "has_children": bool(children)}
    cache.set(key, result, FIGURES_CACHE_SECONDS)
    return result


def mandate_stations(*, mandate: Mandate, limit: int = 20) -> list[StationDeputy]:
    """The stations a deputy currently serves at (the mandate was fetched through the reader's scope)."""
    return list(StationDeputy.objects.filter(mandate=mandate, until__isnull=True).select_related("station")[:limit])
