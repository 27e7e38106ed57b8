"""Writes to stations, their deputies, the duty roster and reception records (atomic, audited).

Every write that changes what the station figures count (shifts, receptions, deputies at a reception, visitors)
updates ``StationMonthly`` and ``StationRegionMonthly`` in the same transaction; ``station_monthly_rebuild``
recomputes both from scratch after bulk loads.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence

import chinese_calendar
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from lianluo.accounts.models import User
from lianluo.accounts.roles import Role
from lianluo.accounts.scoping import covers
from lianluo.core.audit import audit_record, changes
from lianluo.deputies.models import Mandate
from lianluo.regions.models import Level, Region
from lianluo.regions.tree import is_within
from lianluo.regions.workdays import is_workday
from lianluo.stations import workflow
from lianluo.stations.models import (
    DutyShift,
    Reception,
    Station,
    StationDeputy,
    StationMonthly,
    StationRegionMonthly,
)
from lianluo.stations.permissions import STATION_EDITORS

MAX_VISITORS = 100_000


# ---------------------------------------------------------------- figures kept in step


def _region_chain(code: str) -> list[str]:
    """The region and every region above it (codes are prefixes of their descendants)."""
    return [code[:n] for n in (2, 4, 6, 9, 12) if n <= len(code)]


def _bump(*, station_id: int, region_id: str, day: datetime.date, **deltas: int) -> None:
    """Add ``deltas`` to the station's month and to every region above it (inside the caller's transaction).

    Updates with F() so that two people recording at once both count; the row is created on first use, and a
    creation race falls back to the update.
    """
    deltas = {k: v for k, v in deltas.items() if v}
    if not deltas:
        return
    month = workflow.month_start(day)
    increments = {k: F(k) + v for k, v in deltas.items()}
    targets = [(StationMonthly, {"station_id": station_id, "month": month}, {"region_id": region_id})]
    targets += [(StationRegionMonthly, {"region_id": code, "month": month}, {})
                for code in _region_chain(region_id)]
    for model, key, extra in targets:
        if model.objects.filter(**key).update(**increments):
            continue
        try:
            with transaction.atomic():
                model.objects.create(**key, **extra, **deltas)
        except IntegrityError:
            model.objects.filter(**key).update(**increments)


def station_monthly_rebuild() -> int:
    """Recompute StationMonthly and StationRegionMonthly from the shifts and receptions; returns the number of
    station-month rows. For bulk loads (the seed) and repair; the services keep both in step otherwise."""
    per_station: dict[tuple[int, datetime.date], dict] = defaultdict(
        lambda: {"shifts": 0, "receptions": 0, "deputy_attendances": 0, "visitors": 0})
    regions = dict(Station.objects.values_list("pk", "region_id"))
    for station_id, day in DutyShift.objects.values_list("station_id", "date").iterator(chunk_size=5000):
        per_station[(station_id, workflow.month_start(day))]["shifts"] += 1
    attendances = defaultdict(int)
    through = Reception.deputies.through
    for reception_id in through.objects.values_list("reception_id", flat=True).iterator(chunk_size=5000):
        attendances[reception_id] += 1
    for pk, station_id, day, visitors in Reception.objects.values_list(
            "pk", "station_id", "date", "visitors").iterator(chunk_size=5000):
        row = per_station[(station_id, workflow.month_start(day))]
        row["receptions"] += 1
        row["visitors"] += visitors
        row["deputy_attendances"] += attendances.get(pk, 0)
    per_region: dict[tuple[str, datetime.date], dict] = defaultdict(
        lambda: {"shifts": 0, "receptions": 0, "deputy_attendances": 0, "visitors": 0})
    for (station_id, month), values in per_station.items():
        for code in _region_chain(regions[station_id]):
            target = per_region[(code, month)]
            for key, value in values.items():
                target[key] += value
    with transaction.atomic():
        StationMonthly.objects.all().delete()
        StationRegionMonthly.objects.all().delete()
        StationMonthly.objects.bulk_create(
            [StationMonthly(station_id=s, region_id=regions[s], month=m, **v) for (s, m), v in per_station.items()],
            batch_size=2000)
        StationRegionMonthly.objects.bulk_create(
            [StationRegionMonthly(region_id=r, month=m, **v) for (r, m), v in per_region.items()], batch_size=2000)
    return len(per_station)


def _move_figures(*, station: Station, old_region: str, new_region: str) -> None:
    """A station moved to another region: its months leave the old regions' totals and join the new ones'."""
    for row in StationMonthly.objects.filter(station=station):
        values = {k: getattr(row, k) for k in ("shifts", "receptions", "deputy_attendances", "visitors")}
        for code in _region_chain(old_region):
            StationRegionMonthly.objects.filter(region_id=code, month=row.month).update(
                **{k: F(k) - v for k, v in values.items()})
        row.region_id = new_region
        row.save(update_fields=["region"])
        _bump_regions_only(region_id=new_region, month=row.month, values=values)


def _bump_regions_only(*, region_id: str, month: datetime.date, values: dict) -> None:
    for code in _region_chain(region_id):
        key = {"region_id": code, "month": month}
        if not StationRegionMonthly.objects.filter(**key).update(**{k: F(k) + v for k, v in values.items()}):
            StationRegionMonthly.objects.create(**key, **values)


# ---------------------------------------------------------------- stations


def _may_manage(manager: User, region: Region) -> bool:
    """An active account with the station-manager role over the station's region or a region above it."""
    return manager.is_active and any(a.role == Role.STATION_MANAGER and is_within(region.code, a.region_id)
                                     for a in manager.assignments.all())


def _clean_station(*, name: str, kind: str, region: Region | None, manager, weekdays, address: str, phone: str,
                   opening_hours: str, reception_rule: str, actor) -> tuple[dict, list[int]]:
    errors = {}
    if not (name or "").strip():
        errors["name"] = "请填写联络站名称。"
    elif len(name.strip()) > 100:
        errors["name"] = "名称不能超过 100 个字。"
    if kind not in Station.Kind.values:
        errors["kind"] = "类型应为代表联络站、代表联络室或代表联络点。"
    if region is None:
        errors["region"] = "请选择所在区划。"
    elif region.level == Level.NATIONAL:
        errors["region"] = "联络站应设在省级及以下的行政区划。"
    elif actor is not None and not covers(actor, region.code, roles=STATION_EDITORS):
        errors["region"] = "所选区划不在您的辖区内。"
    try:
        days = workflow.parse_weekdays(weekdays or "")
    except ValueError:
        errors["reception_weekdays"] = "接待日应为星期一至星期日（1–7）。"
        days = []
    for field_name, value, limit in (("address", address, 200), ("phone", phone, 32),
                                     ("opening_hours", opening_hours, 100), ("reception_rule", reception_rule, 100)):
        if len(value or "") > limit:
            errors[field_name] = f"不能超过 {limit} 个字。"
    if manager is not None and region is not None and "region" not in errors and not _may_manage(manager, region):
        errors["manager"] = "管理员须是辖区覆盖该联络站所在区划的联络站管理员账户。"
    return errors, days


@transaction.atomic
def station_create(*, name: str, region: Region, kind: str = Station.Kind.STATION, address: str = "",
                   phone: str = "", manager: User | None = None, opening_hours: str = "",
                   reception_weekdays: str | Sequence[int] = "", reception_rule: str = "", actor=None) -> Station:
    """Open a liaison station (代表联络站/室/点) in a region (代表法 Art 28: deputies contact the people near where
    they live, organised by the congress of the area).

    The manager, if any, must be an active account holding the station-manager role over a region that covers the
    station's region.
    """
    errors, days = _clean_station(name=name, kind=kind, region=region, manager=manager, weekdays=reception_weekdays,
                                  address=address, phone=phone, opening_hours=opening_hours,
                                  reception_rule=reception_rule, actor=actor)
    if not errors and Station.objects.filter(region=region, name=name.strip()).exists():
        errors["name"] = "该区划已有同名的联络站。"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            station = Station.objects.create(
                name=name.strip(), kind=kind, region=region, address=address.strip(), phone=phone.strip(),
                manager=manager, opening_hours=opening_hours.strip(), reception_rule=reception_rule.strip(),
                reception_weekdays=",".join(str(d) for d in days))
    except IntegrityError:
        raise ValidationError({"name": "该区划已有同名的联络站。"}) from None
    audit_record(action="station.create", actor=actor, obj=station,
                 summary={"after": {"name": station.name, "region": region.code, "kind": kind,
                                    "manager": manager.username if manager else None,
                                    "weekdays": station.reception_weekdays}})
    return station


STATION_EDITABLE = ("name", "kind", "region", "address", "phone", "manager", "opening_hours", "reception_weekdays",
                    "reception_rule", "is_active")


def _snapshot(station: Station) -> dict:
    return {"name": station.name, "kind": station.kind, "region": station.region_id, "address": station.address,
            "phone": station.phone, "manager": station.manager.username if station.manager else None,
            "opening_hours": station.opening_hours, "reception_weekdays": station.reception_weekdays,
            "reception_rule": station.reception_rule, "is_active": station.is_active}


def station_update(*, station: Station, actor=None, **fields) -> Station:
    """Change a station's particulars (any of STATION_EDITABLE); same checks as ``station_create``. Moving a
    station to another region moves its figures with it."""
    unknown = set(fields) - set(STATION_EDITABLE)
    if unknown:
        raise ValidationError({name: "不能修改此项。" for name in sorted(unknown)})
    with transaction.atomic():
        station = (Station.objects.select_for_update(of=("self",)).select_related("region", "manager")
                   .get(pk=station.pk))
        before = _snapshot(station)
        merged = {name: fields.get(name, getattr(station, name)) for name in STATION_EDITABLE}
        errors, days = _clean_station(
            name=merged["name"], kind=merged["kind"], region=merged["region"], manager=merged["manager"],
            weekdays=merged["reception_weekdays"], address=merged["address"], phone=merged["phone"],
            opening_hours=merged["opening_hours"], reception_rule=merged["reception_rule"],
            actor=actor if "region" in fields else None)
        if "is_active" in fields and not isinstance(fields["is_active"], bool):
            errors["is_active"] = "启用状态应为是或否。"
        if not errors and Station.objects.filter(region=merged["region"], name=merged["name"].strip()).exclude(
                pk=station.pk).exists():
            errors["name"] = "该区划已有同名的联络站。"
        if errors:
            raise ValidationError(errors)
        old_region = station.region_id
        for name in STATION_EDITABLE:
            value = merged[name]
            if isinstance(value, str):
                value = value.strip()
            setattr(station, name, value)
        station.reception_weekdays = ",".join(str(d) for d in days)
        station.save()
        if station.region_id != old_region:
            _move_figures(station=station, old_region=old_region, new_region=station.region_id)
        diff = changes(before, _snapshot(station))
        if diff:
            audit_record(action="station.update", actor=actor, obj=station, summary={"changes": diff})
    return station


# ---------------------------------------------------------------- deputies at a station


def mandate_fits_station(mandate: Mandate, station: Station) -> bool:
    """Whether a deputy may be assigned to the station: the deputy's congress region covers the station's region
    (a county deputy at a township station of that county) or lies within it (a township deputy at the county's
    代表之家). 代表法 Art 28: deputies are organised to contact the people of their own area, 就地就近."""
    return is_within(station.region_id, mandate.region_id) or is_within(mandate.region_id, station.region_id)


def station_deputy_assign(*, station: Station, mandate: Mandate, since: datetime.date | None = None,
                          actor=None) -> StationDeputy:
    """Assign a serving deputy to a station (进站). Refused for an ended mandate (代表法 Art 62), a deputy of a
    congress outside the station's area (Art 28), or a deputy already assigned there."""
    since = since or timezone.localdate()
    errors = {}
    if mandate.status != Mandate.Status.SERVING:
        errors["mandate"] = "该代表资格已终止，不能进站（代表法第六十二条）。"
    elif not mandate_fits_station(mandate, station):
        errors["mandate"] = "代表所在人大的行政区域与联络站所在区划不相符，不能进该站（代表法第二十八条，就地就近）。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Station.objects.select_for_update().get(pk=station.pk)
        if StationDeputy.objects.filter(station=station, mandate=mandate, until__isnull=True).exists():
            raise ValidationError({"mandate": "该代表已在本站。"})
        assignment = StationDeputy.objects.create(station=station, mandate=mandate, since=since)
        audit_record(action="station.deputy_assign", actor=actor, obj=station,
                     summary={"mandate": mandate.pk, "since": since.isoformat()})
    return assignment


def station_deputy_release(*, assignment: StationDeputy, until: datetime.date | None = None,
                           actor=None) -> StationDeputy:
    """End a deputy's assignment to a station (离站) and take them off the station's later shifts that have no
    reception record yet."""
    until = until or timezone.localdate()
    with transaction.atomic():
        assignment = StationDeputy.objects.select_for_update().select_related("station").get(pk=assignment.pk)
        if assignment.until is not None:
            raise ValidationError({"until": "该代表已离站。"})
        if until < assignment.since:
            raise ValidationError({"until": "离站日期不能早于进站日期。"})
        assignment.until = until
        assignment.save(update_fields=["until", "updated_at"])
        later = DutyShift.objects.filter(station_id=assignment.station_id, date__gt=until, reception__isnull=True)
        DutyShift.deputies.through.objects.filter(dutyshift__in=later, mandate_id=assignment.mandate_id).delete()
        audit_record(action="station.deputy_release", actor=actor, obj=assignment.station,
                     summary={"mandate": assignment.mandate_id, "until": until.isoformat()})
    return assignment


# ---------------------------------------------------------------- duty roster


def is_public_holiday(day: datetime.date) -> bool:
    """A statutory holiday or a weekday in lieu (休息日), by the working-day calendar (lianluo/regions/workdays.py).

    A weekday that is not a working day is a holiday. A weekend day is a holiday only inside a named holiday
    period (National Day's 1–7 October), since a station that receives on Saturdays keeps its ordinary Saturdays.
    """
    if is_workday(day):
        return False
    if day.isoweekday() <= 5:
        return True
    try:
        return chinese_calendar.get_holiday_detail(day)[1] is not None
    except NotImplementedError:
        return False


def _open_mandate_ids(station: Station, day: datetime.date) -> list[int]:
    """Deputies assigned to the station on ``day``, in the station's rota order (by level, then name)."""
    return list(StationDeputy.objects.filter(station=station, since__lte=day)
                .exclude(until__lt=day).order_by("mandate__term__congress__level",
                                                  "mandate__person__name_strokes_key", "mandate_id")
                .values_list("mandate_id", flat=True).distinct())


def shift_plan(*, station: Station, year: int, month: int, starts_at: datetime.time | None = None,
               ends_at: datetime.time | None = None, per_shift: int = 2, actor=None) -> list[DutyShift]:
    """Put the station's reception days of a month on the duty roster (代表法 Art 28: regular contact).

    One shift per reception weekday, public holidays skipped; each shift gets ``per_shift`` of the station's
    deputies in turn. Days that already have a shift are left alone, so planning twice changes nothing.
    Returns the shifts created.
    """
    errors = {}
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = "年份应在 2000–2100 之间。"
    if not isinstance(month, int) or not 1 <= month <= 12:
        errors["month"] = "月份应为 1–12。"
    if not isinstance(per_shift, int) or not 0 <= per_shift <= 10:
        errors["per_shift"] = "每次值班代表人数应为 0–10。"
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = "结束时间应晚于开始时间。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        station = Station.objects.select_for_update().get(pk=station.pk)
        if not station.is_active:
            raise ValidationError({"station": "该联络站已停用，不能排班。"})
        if not station.weekdays:
            raise ValidationError({"reception_weekdays": "该联络站未设置接待日，请先在联络站信息中设置。"})
        days = workflow.reception_days(year, month, station.weekdays, is_public_holiday)
        taken = set(DutyShift.objects.filter(station=station, date__in=days).values_list("date", flat=True))
        days = [d for d in days if d not in taken]
        if not days:
            return []
        first = datetime.date(year, month, 1)
        earlier = DutyShift.objects.filter(station=station, date__lt=first).count()
        mandates = _open_mandate_ids(station, first)
        turns = workflow.rota(mandates, len(days), per_shift, start=earlier * max(per_shift, 1))
        created = DutyShift.objects.bulk_create(
            [DutyShift(station=station, date=d, starts_at=starts_at, ends_at=ends_at) for d in days])
        if any(turns):
            created = list(DutyShift.objects.filter(station=station, date__in=days).order_by("date", "id"))
            through = DutyShift.deputies.through
            through.objects.bulk_create([through(dutyshift_id=s.pk, mandate_id=m)
                                         for s, ms in zip(created, turns, strict=True) for m in ms])
        _bump(station_id=station.pk, region_id=station.region_id, day=first, shifts=len(days))
        audit_record(action="station.shift_plan", actor=actor, obj=station,
                     summary={"month": f"{year}-{month:02d}", "shifts": len(days),
                              "dates": [d.isoformat() for d in days]})
    return created


def _check_station_mandates(station: Station, day: datetime.date, mandate_ids: Iterable[int], *, field: str,
                            also: Iterable[int] = ()) -> list[int]:
    ids = sorted({int(m) for m in mandate_ids})
    allowed = set(_open_mandate_ids(station, day)) | set(also)
    if set(ids) - allowed:
        raise ValidationError({field: "只能选择当日在本站的代表。"})
    return ids


def shift_set_deputies(*, shift: DutyShift, mandates: Iterable[Mandate | int], actor=None) -> DutyShift:
    """Set who is on duty for a shift: deputies assigned to the station on that day."""
    ids = [m.pk if isinstance(m, Mandate) else m for m in mandates]
    with transaction.atomic():
        shift = DutyShift.objects.select_for_update().select_related("station").get(pk=shift.pk)
        ids = _check_station_mandates(shift.station, shift.date, ids, field="deputies")
        before = sorted(shift.deputies.values_list("pk", flat=True))
        if before != ids:
            shift.deputies.set(ids)
            shift.save(update_fields=["updated_at"])
            audit_record(action="station.shift_deputies", actor=actor, obj=shift,
                         summary={"changes": {"deputies": [before, ids]}})
    return shift


# ---------------------------------------------------------------- receptions


def reception_record(*, station: Station | None = None, shift: DutyShift | None = None,
                     date: datetime.date | None = None, deputies: Iterable[Mandate | int] = (), visitors: int = 0,
                     summary: str = "", actor=None) -> Reception:
    """Record a reception day (接待记录): which deputies came, how many people, what was heard.

    From a shift (one record per shift, on the shift's date) or ad hoc at a station on a past or present date.
    Deputies must be on the shift or assigned to the station that day.
    """
    errors = {}
    if shift is None and station is None:
        errors["station"] = "请指定联络站或排班。"
    if shift is None and date is None:
        errors["date"] = "请填写接待日期。"
    if not isinstance(visitors, int) or isinstance(visitors, bool) or not 0 <= visitors <= MAX_VISITORS:
        errors["visitors"] = f"接待群众人数应为 0–{MAX_VISITORS} 的整数。"
    if len(summary or "") > 5000:
        errors["summary"] = "接待情况不能超过 5000 字。"
    ids = [m.pk if isinstance(m, Mandate) else m for m in deputies]
    if not ids:
        errors["deputies"] = "请选择到站接待的代表。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        also: list[int] = []
        if shift is not None:
            shift = DutyShift.objects.select_for_update().select_related("station").get(pk=shift.pk)
            if station is not None and station.pk != shift.station_id:
                raise ValidationError({"shift": "排班不属于该联络站。"})
            station = shift.station
            date = shift.date
            if Reception.objects.filter(shift=shift).exists():
                raise ValidationError({"shift": "该排班已有接待记录。"})
            also = list(shift.deputies.values_list("pk", flat=True))
        else:
            station = Station.objects.select_for_update().get(pk=station.pk)
        if date > timezone.localdate():
            raise ValidationError({"date": "接待日期不能晚于今天。"})
        ids = _check_station_mandates(station, date, ids, field="deputies", also=also)
        reception = Reception.objects.create(station=station, shift=shift, date=date, visitors=visitors,
                                             summary=(summary or "").strip(),
                                             recorded_by=actor if getattr(actor, "is_authenticated", False)
                                             else None)
        reception.deputies.set(ids)
        _bump(station_id=station.pk, region_id=station.region_id, day=date, receptions=1,
              deputy_attendances=len(ids), visitors=visitors)
        audit_record(action="station.reception_record", actor=actor, obj=reception,
                     summary={"station": station.pk, "date": date.isoformat(), "shift": shift.pk if shift else None,
                              "deputies": ids, "visitors": visitors})
    return reception
