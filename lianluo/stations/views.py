import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lianluo.accounts.scoping import covers
from lianluo.core.forms import apply_service_errors
from lianluo.regions.selectors import region_ancestors
from lianluo.stations import permissions, selectors, services, workflow
from lianluo.stations.forms import (
    AssignForm,
    MandateChoiceForm,
    PlanForm,
    ReceptionForm,
    ReleaseForm,
    StationForm,
    manager_choices,
    station_regions,
)
from lianluo.stations.models import Station
from lianluo.stations.poster import station_poster_pdf

PAGE_SIZE = 50


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _year(request) -> int:
    value = request.GET.get("year", "")
    today = timezone.localdate()
    return int(value) if value.isdigit() and 2000 <= int(value) <= today.year + 1 else today.year


def _month(request) -> tuple[int, int]:
    value = request.GET.get("month", "")
    try:
        day = datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        day = timezone.localdate()
    if not 2000 <= day.year <= 2100:
        day = timezone.localdate()
    return day.year, day.month


# ---------------------------------------------------------------- stations


@login_required
def station_list(request):
    _require(permissions.can_view_stations(request.user))
    region = request.GET.get("region", "").strip()
    kind = request.GET.get("kind", "")
    active = request.GET.get("active", "1")
    query = request.GET.get("q", "").strip()[:30]
    qs = selectors.station_list(
        user=request.user, region=region if region.isdigit() else "",
        kind=kind if kind in Station.Kind.values else "",
        active={"1": True, "0": False}.get(active), query=query)
    stations, next_cursor = selectors.station_page(qs, after=request.GET.get("after", ""), size=PAGE_SIZE)
    year = timezone.localdate().year
    figures = selectors.station_figures(station_ids=[s.pk for s in stations], year=year)
    params = request.GET.copy()
    params["after"] = next_cursor
    return render(request, "stations/station_list.html", {
        "rows": [(s, figures[s.pk]) for s in stations], "next_query": params.urlencode() if next_cursor else "",
        "region": region, "kind": kind, "active": active, "query": query, "kinds": Station.Kind.choices,
        "year": year, "can_create": permissions.can_edit_stations(request.user),
        "is_first_page": not request.GET.get("after"),
    })


def _station_form(request, *, data=None, initial=None):
    regions = station_regions(selectors.editable_regions(user=request.user))
    return StationForm(data, initial=initial, regions=regions, managers=manager_choices(regions))


@login_required
def station_create(request):
    _require(permissions.can_edit_stations(request.user))
    form = _station_form(request, data=request.POST or None, initial={"kind": Station.Kind.STATION,
                                                                       "is_active": True})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "is_active"}
        try:
            station = services.station_create(actor=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"已设立{station.name}。")
            return redirect("stations:station_detail", pk=station.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "stations/station_form.html", {"form": form, "station": None}, status=status)


@login_required
def station_edit(request, pk: int):
    _require(permissions.can_edit_stations(request.user))
    station = selectors.station_get(user=request.user, pk=pk)
    _require(permissions.can_edit_station(request.user, station))
    initial = {"name": station.name, "kind": station.kind, "region": station.region_id, "address": station.address,
               "phone": station.phone, "manager": station.manager_id or "", "opening_hours": station.opening_hours,
               "reception_weekdays": [str(d) for d in station.weekdays], "reception_rule": station.reception_rule,
               "is_active": station.is_active}
    form = _station_form(request, data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.station_update(station=station, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "已保存联络站信息。")
            return redirect("stations:station_detail", pk=station.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "stations/station_form.html", {"form": form, "station": station}, status=status)


def _month_grid(shifts, year: int, month: int):
    by_day: dict[datetime.date, list] = {}
    for shift in shifts:
        by_day.setdefault(shift.date, []).append(shift)
    return [[{"day": day, "shifts": by_day.get(day, []), "holiday": day is not None
              and services.is_public_holiday(day)} for day in week]
            for week in workflow.calendar_weeks(year, month)]


@login_required
def station_detail(request, pk: int):
    _require(permissions.can_view_stations(request.user))
    station = selectors.station_get(user=request.user, pk=pk)
    year, month = _month(request)
    shifts = selectors.month_shifts(station=station, year=year, month=month)
    this_year = timezone.localdate().year
    figures = selectors.station_figures(station_ids=[station.pk], year=this_year)[station.pk]
    prev_y, prev_m = workflow.shift_month(year, month, -1)
    next_y, next_m = workflow.shift_month(year, month, 1)
    return render(request, "stations/station_detail.html", {
        "station": station, "deputies": selectors.station_deputies(station=station),
        "weekdays_label": workflow.weekdays_label(station.weekdays),
        "weeks": _month_grid(shifts, year, month), "shifts": shifts, "year": year, "month": month,
        "prev_month": f"{prev_y}-{prev_m:02d}", "next_month": f"{next_y}-{next_m:02d}",
        "receptions": selectors.recent_receptions(station=station), "figures": figures, "this_year": this_year,
        "monthly": selectors.station_monthly(station=station, year=this_year),
        "can_edit": permissions.can_edit_station(request.user, station),
        "can_keep": permissions.can_keep_roster(request.user, station),
        "today": timezone.localdate(), "weekday_names": list(workflow.WEEKDAY_LABELS.values()),
    })


@login_required
def station_deputies(request, pk: int):
    _require(permissions.can_edit_stations(request.user))
    station = selectors.station_get(user=request.user, pk=pk)
    _require(permissions.can_edit_station(request.user, station))
    query = request.GET.get("q", "").strip()[:20]
    form = AssignForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            found = selectors.assignable_mandates(user=request.user, station=station,
                                                  pk=form.cleaned_data["mandate"])
            mandate = found[0] if found else None
            if mandate is None:
                form.add_error(None, "该代表不能进本站：不在您的辖区、资格已终止、不属于本地区，或已在本站。")
            else:
                try:
                    services.station_deputy_assign(station=station, mandate=mandate,
                                                   since=form.cleaned_data["since"], actor=request.user)
                except ValidationError as exc:
                    apply_service_errors(form, exc)
                else:
                    messages.success(request, f"{mandate.person.name}已进站。")
                    return redirect("stations:station_deputies", pk=station.pk)
    return render(request, "stations/station_deputies.html", {
        "station": station, "deputies": selectors.station_deputies(station=station), "form": form,
        "candidates": selectors.assignable_mandates(user=request.user, station=station, query=query),
        "query": query, "today": timezone.localdate(),
    }, status=status)


@require_POST
@login_required
def station_deputy_release(request, pk: int, assignment_pk: int):
    _require(permissions.can_edit_stations(request.user))
    station = selectors.station_get(user=request.user, pk=pk)
    _require(permissions.can_edit_station(request.user, station))
    assignment = selectors.station_deputy_get(station=station, pk=assignment_pk)
    form = ReleaseForm(request.POST)
    until = form.cleaned_data.get("until") if form.is_valid() else None
    try:
        services.station_deputy_release(assignment=assignment, until=until, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"{assignment.mandate.person.name}已离站。")
    return redirect("stations:station_deputies", pk=station.pk)


def public_form_url(request, station) -> str:
    """The address of the station's public form as the public reaches it. Staff often work on an intranet address
    the public cannot reach, so LIANLUO_PUBLIC_BASE_URL wins over the request's own address."""
    path = reverse("portal:station_form", kwargs={"public_key": station.public_key})
    base = settings.LIANLUO_PUBLIC_BASE_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


@login_required
def station_poster(request, pk: int):
    """The station's A4 poster (PDF) with the QR code of its public form."""
    _require(permissions.can_view_stations(request.user))
    station = selectors.station_get(user=request.user, pk=pk)
    pdf = station_poster_pdf(station, public_form_url(request, station))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="station-{station.pk}-poster.pdf"'
    return response


# ---------------------------------------------------------------- roster


@login_required
def shift_plan(request, pk: int):
    _require(permissions.can_keep_rosters(request.user))
    station = selectors.station_get(user=request.user, pk=pk)
    _require(permissions.can_keep_roster(request.user, station))
    year, month = workflow.shift_month(*_month(request), 1 if "month" not in request.GET else 0)
    form = PlanForm(request.POST or None, initial={"year": year, "month": month, "per_shift": 2})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.shift_plan(station=station, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            data = form.cleaned_data
            if created:
                messages.success(request, f"已排班 {len(created)} 次。")
            else:
                messages.info(request, "该月的接待日均已排班（或没有接待日），未作改动。")
            return redirect(f"{reverse('stations:station_detail', args=[station.pk])}"
                            f"?month={data['year']}-{data['month']:02d}")
    status = 400 if request.method == "POST" else 200
    return render(request, "stations/shift_plan.html", {
        "form": form, "station": station, "weekdays_label": workflow.weekdays_label(station.weekdays),
    }, status=status)


@login_required
def shift_edit(request, pk: int):
    _require(permissions.can_keep_rosters(request.user))
    shift = selectors.shift_get(user=request.user, pk=pk)
    station = shift.station
    _require(permissions.can_keep_roster(request.user, station))
    mandates = [sd.mandate for sd in selectors.station_deputies(station=station)]
    known = {m.pk for m in mandates}
    mandates += [m for m in shift.deputies.all() if m.pk not in known]
    form = MandateChoiceForm(request.POST or None, mandates=mandates, label="值班代表",
                             initial={"deputies": [str(m.pk) for m in shift.deputies.all()]})
    if request.method == "POST" and form.is_valid():
        try:
            services.shift_set_deputies(shift=shift, mandates=form.cleaned_data["deputies"], actor=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "已保存值班代表。")
            return redirect(f"{reverse('stations:station_detail', args=[station.pk])}?month={shift.date:%Y-%m}")
    status = 400 if request.method == "POST" else 200
    return render(request, "stations/shift_edit.html", {"form": form, "shift": shift, "station": station},
                  status=status)


@login_required
def reception_create(request, pk: int):
    _require(permissions.can_keep_rosters(request.user))
    station = selectors.station_get(user=request.user, pk=pk)
    _require(permissions.can_keep_roster(request.user, station))
    shift = None
    shift_id = request.GET.get("shift", "")
    if shift_id.isdigit():
        shift = selectors.shift_get(user=request.user, pk=int(shift_id))
        if shift.station_id != station.pk:
            raise Http404
    mandates = list(shift.deputies.all()) if shift else []
    known = {m.pk for m in mandates}
    mandates += [sd.mandate for sd in selectors.station_deputies(station=station) if sd.mandate_id not in known]
    initial = {"date": shift.date if shift else timezone.localdate(), "visitors": 0,
               "deputies": [str(m.pk) for m in shift.deputies.all()] if shift else []}
    form = ReceptionForm(request.POST or None, mandates=mandates, label="到站接待的代表", initial=initial)
    if shift is not None:
        form.fields["date"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reception = services.reception_record(
                station=station, shift=shift, date=None if shift else data["date"], deputies=data["deputies"],
                visitors=data["visitors"], summary=data["summary"], actor=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "已登记接待记录。")
            return redirect("stations:reception_detail", pk=reception.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "stations/reception_form.html", {"form": form, "station": station, "shift": shift},
                  status=status)


@login_required
def reception_detail(request, pk: int):
    _require(permissions.can_view_stations(request.user))
    reception = selectors.reception_get(user=request.user, pk=pk)
    return render(request, "stations/reception_detail.html", {
        "reception": reception, "station": reception.station,
        "issues": selectors.reception_issues(reception=reception),
    })


# ---------------------------------------------------------------- figures and the deputy's own page


@login_required
def figures(request):
    """Station figures rolled up by region (province → city → county → township), from the summary tables."""
    _require(permissions.can_view_figures(request.user))
    code = request.GET.get("region", "").strip()
    if not code:
        roots = selectors.figure_roots(user=request.user)
        if not roots:
            raise Http404
        code = roots[0].code
    region = selectors.figure_region_get(user=request.user, code=code) if code.isdigit() else None
    if region is None:
        raise Http404
    year = _year(request)
    data = selectors.region_figures(region=region, year=year)
    stations = []
    if not data["has_children"]:
        qs = selectors.station_list(user=request.user, region=region.code, active=True)[:200]
        stations = list(qs)
        figures_by_station = selectors.station_figures(station_ids=[s.pk for s in stations], year=year)
        stations = [(s, figures_by_station[s.pk]) for s in stations]
    chart = {"labels": [r.label for r in data["rows"]], "values": [r.receptions for r in data["rows"]]}
    return render(request, "stations/figures.html", {
        "region": region, "year": year, "rows": data["rows"], "total": data["total"], "stations": stations,
        "ancestors": [a for a in region_ancestors(user=request.user, region=region)
                      if covers(request.user, a.code, roles=permissions.FIGURE_READERS)],
        "chart": chart, "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
    })


@login_required
def my_stations(request):
    """The signed-in deputy's stations and shifts."""
    _require(permissions.can_view_own_shifts(request.user))
    today = timezone.localdate()
    return render(request, "stations/my_stations.html", {
        "assignments": selectors.my_stations(user=request.user),
        "shifts": selectors.my_shifts(user=request.user, since=today - datetime.timedelta(days=31)),
        "today": today, "my_ids": set(selectors.my_mandate_ids(user=request.user)),
    })
