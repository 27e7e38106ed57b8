import datetime
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from lianluo.core.forms import apply_service_errors
from lianluo.deputies import roster_io, selectors, services
from lianluo.deputies.forms import ContactAssignForm, ImportForm, MandateEndForm, VisitForm
from lianluo.deputies.models import Mandate, OccupationCategory, Person
from lianluo.deputies.permissions import ROSTER_KEEPERS, can_keep_roster, can_view_contacts, can_view_roster
from lianluo.regions.models import Level
from lianluo.stations import selectors as station_selectors

PAGE_SIZE = 50  # rendering dominates a roster page; fifty rows keep it under the 150 ms bar at province scale
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_ERRORS_SESSION_KEY = "deputies:import_errors"


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _filter_context(user, filters) -> dict:
    return {
        "filters": filters, "levels": [c for c in Level.choices if c[0] > Level.NATIONAL],
        "statuses": Mandate.Status.choices, "genders": Person.Gender.choices,
        "ethnic_classes": selectors.ETHNIC_CLASSES, "party_classes": selectors.PARTY_CLASSES,
        "categories": OccupationCategory.choices, **selectors.filter_options(user=user),
    }


@login_required
def roster(request):
    if not can_view_roster(request.user):
        raise PermissionDenied
    filters = selectors.RosterFilters.from_query(request.GET)
    qs = selectors.mandate_list(user=request.user, filters=filters)
    rows, cursor = selectors.roster_page(qs, order=filters.order, after=request.GET.get("after", ""),
                                         size=PAGE_SIZE)
    stats = selectors.composition_for(user=request.user, filters=filters, qs=qs)
    return render(request, "deputies/roster.html", {
        "mandates": rows, "next_query": filters.query_string(after=cursor) if cursor else "",
        "first_page": not request.GET.get("after"), "stats": stats, "can_keep": can_keep_roster(request.user),
        "query_string": filters.query_string(), **_filter_context(request.user, filters),
    })


@login_required
def composition(request):
    if not can_view_roster(request.user):
        raise PermissionDenied
    filters = selectors.RosterFilters.from_query(request.GET)
    qs = selectors.mandate_list(user=request.user, filters=filters)
    stats = selectors.composition_for(user=request.user, filters=filters, qs=qs)
    sections = [("gender", "性别"), ("ethnicity", "民族"), ("age", "年龄"), ("party", "党派"),
                ("category", "职业构成"), ("education", "学历")]
    return render(request, "deputies/composition.html", {
        "stats": stats, "sections": [(key, title, stats["figures"][key]) for key, title in sections],
        "today": datetime.date.today(), **_filter_context(request.user, filters),
    })


@login_required
def roster_export(request):
    if not can_keep_roster(request.user):
        raise PermissionDenied
    filters = selectors.RosterFilters.from_query(request.GET)
    qs = selectors.mandate_list(user=request.user, filters=filters, roles=ROSTER_KEEPERS)
    data = services.roster_export(user=request.user, mandates=qs)
    return _xlsx(data, f"代表名册_{datetime.date.today():%Y%m%d}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request):
    if not can_keep_roster(request.user):
        raise PermissionDenied
    terms = selectors.import_terms(user=request.user, roles=ROSTER_KEEPERS)
    form = ImportForm(request.POST or None, request.FILES or None, terms=terms)
    report = None
    if request.method == "POST" and form.is_valid():
        term = next(t for t in terms if t.pk == form.cleaned_data["term"])
        upload = form.cleaned_data["file"]
        if upload.size > roster_io.MAX_FILE_BYTES:
            form.add_error("file", "文件过大，请分批导入。")
        else:
            report = services.roster_import(term=term, data=upload.read(), actor=request.user)
            request.session[IMPORT_ERRORS_SESSION_KEY] = [[e.row, e.column, e.message] for e in report.errors]
    return render(request, "deputies/import.html", {"form": form, "report": report,
                                                    "shown_errors": report.errors[:200] if report else []})


@login_required
def roster_import_errors(request):
    if not can_keep_roster(request.user):
        raise PermissionDenied
    stored = request.session.get(IMPORT_ERRORS_SESSION_KEY) or []
    errors = [roster_io.RowError(row, column, message) for row, column, message in stored]
    return _xlsx(services.roster_error_report(errors), "代表名册导入错误报告.xlsx")


@login_required
def mandate_detail(request, pk: int):
    if not can_view_roster(request.user):
        raise PermissionDenied
    mandate = selectors.mandate_get(user=request.user, pk=pk)
    stations = station_selectors.mandate_stations(mandate=mandate)
    return render(request, "deputies/mandate_detail.html", {
        "mandate": mandate, "person": mandate.person,
        "others": selectors.other_mandates(user=request.user, mandate=mandate),
        "stations": stations, "events": mandate.events.select_related("actor").order_by("-created_at", "-id")[:50],
        "contacts": selectors.mandate_contacts(user=request.user, mandate=mandate)
        if can_view_contacts(request.user) else [],
        "visits": selectors.mandate_visits(user=request.user, mandate=mandate)
        if can_view_contacts(request.user) else [],
        "can_keep": can_keep_roster(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def mandate_end(request, pk: int):
    if not can_keep_roster(request.user):
        raise PermissionDenied
    mandate = selectors.mandate_get(user=request.user, pk=pk, roles=ROSTER_KEEPERS)
    form = MandateEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mandate_end(mandate=mandate, reason=form.cleaned_data["reason"],
                                 ended_on=form.cleaned_data["ended_on"], note=form.cleaned_data["note"],
                                 actor=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "已终止该代表资格。")
            return redirect("deputies:mandate_detail", pk=mandate.pk)
    return render(request, "deputies/mandate_end.html", {"form": form, "mandate": mandate})


# ---------------------------------------------------------------- contacts and visits


@login_required
def contacts(request):
    if not can_view_contacts(request.user):
        raise PermissionDenied
    members = list(selectors.member_list(user=request.user)[:300])
    wanted = request.GET.get("member", "")
    member = next((m for m in members if str(m.pk) == wanted), members[0] if members else None)
    return render(request, "deputies/contacts.html", {
        "members": members, "member": member,
        "contacts": selectors.member_contacts(user=request.user, member=member) if member else [],
        "visits": selectors.recent_visits(user=request.user, member=member) if member else [],
        "can_keep": can_keep_roster(request.user), "today": datetime.date.today(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def contact_assign(request, member_pk: int):
    if not can_keep_roster(request.user):
        raise PermissionDenied
    member = selectors.member_get(user=request.user, pk=member_pk)
    candidates = selectors.contact_candidates(member=member)
    form = ContactAssignForm(request.POST or None, mandates=candidates)
    if request.method == "POST" and form.is_valid():
        mandate = next(m for m in candidates if m.pk == form.cleaned_data["mandate"])
        try:
            services.contact_assign(member=member, mandate=mandate, started_on=form.cleaned_data["started_on"],
                                    actor=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"已将{mandate.person.name}列为固定联系代表。")
            return redirect(f"{_contacts_url()}?member={member.pk}")
    return render(request, "deputies/contact_assign.html", {"form": form, "member": member})


def _contacts_url() -> str:
    return reverse("deputies:contacts")


@login_required
@require_POST
def contact_end(request, pk: int):
    if not can_keep_roster(request.user):
        raise PermissionDenied
    contact = selectors.contact_get(user=request.user, pk=pk)
    try:
        services.contact_end(contact=contact, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已结束该联系关系。")
    return redirect(f"{_contacts_url()}?member={contact.member_id}")


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request, pk: int):
    if not can_view_contacts(request.user):
        raise PermissionDenied
    contact = selectors.contact_get(user=request.user, pk=pk)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_record(contact=contact, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "已记录联系走访。")
            return redirect(f"{_contacts_url()}?member={contact.member_id}")
    return render(request, "deputies/visit_form.html", {"form": form, "contact": contact})


@login_required
@require_POST
def visit_follow_up_done(request, pk: int):
    if not can_view_contacts(request.user):
        raise PermissionDenied
    visit = selectors.visit_get(user=request.user, pk=pk)
    try:
        services.visit_follow_up_done(visit=visit, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "跟进事项已办结。")
    return redirect(f"{_contacts_url()}?member={visit.contact.member_id}")


@login_required
def coverage(request):
    if not can_view_contacts(request.user):
        raise PermissionDenied
    today = datetime.date.today()
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= today.year else today.year
    return render(request, "deputies/coverage.html", {
        "rows": selectors.coverage(user=request.user, year=year), "year": year,
        "years": list(range(today.year, today.year - 6, -1)),
    })
