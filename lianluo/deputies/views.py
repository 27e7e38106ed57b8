from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from lianluo.deputies import selectors
from lianluo.deputies.models import Mandate
from lianluo.deputies.permissions import can_view_roster
from lianluo.regions.models import Level

PAGE_SIZE = 100


@login_required
def roster(request):
    if not can_view_roster(request.user):
        raise PermissionDenied
    level = request.GET.get("level", "")
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    mandates = selectors.mandate_list(
        user=request.user, level=int(level) if level.isdigit() else None,
        status=status if status in Mandate.Status.values else "", query=query[:30],
    )
    rows = list(mandates[: PAGE_SIZE + 1])
    return render(request, "deputies/roster.html", {
        "mandates": rows[:PAGE_SIZE], "more": len(rows) > PAGE_SIZE, "query": query, "level": level,
        "status": status, "levels": [c for c in Level.choices if c[0] > Level.NATIONAL],
        "statuses": Mandate.Status.choices,
    })


@login_required
def mandate_detail(request, pk: int):
    if not can_view_roster(request.user):
        raise PermissionDenied
    mandate = selectors.mandate_get(user=request.user, pk=pk)
    return render(request, "deputies/mandate_detail.html", {
        "mandate": mandate, "person": mandate.person,
        "others": selectors.other_mandates(user=request.user, mandate=mandate),
    })
