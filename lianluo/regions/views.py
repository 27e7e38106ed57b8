from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from lianluo.accounts import permissions
from lianluo.core.forms import apply_service_errors
from lianluo.regions import selectors, services
from lianluo.regions.forms import SessionForm


def _require_reader(user):
    if not permissions.can_view_structure(user):
        raise PermissionDenied


@login_required
def region_index(request):
    _require_reader(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        regions = selectors.region_list(user=request.user, query=query).select_related("parent")[:100]
        return render(request, "regions/region_search.html", {"regions": regions, "query": query})
    roots = selectors.region_roots(user=request.user)
    if len(roots) == 1:
        return redirect("regions:region_detail", code=roots[0].code)
    return render(request, "regions/region_search.html", {"regions": roots, "query": ""})


@login_required
def region_detail(request, code: str):
    _require_reader(request.user)
    region = selectors.region_get(user=request.user, code=code)
    ancestors = selectors.region_ancestors(user=request.user, region=region)
    congress = selectors.congress_list(user=request.user).filter(region=region).first()
    return render(request, "regions/region_detail.html", {
        "region": region, "ancestors": ancestors, "congress": congress,
        "children": selectors.region_children(user=request.user, region=region),
    })


@login_required
def congress_list(request):
    _require_reader(request.user)
    return render(request, "regions/congress_list.html",
                  {"congresses": selectors.congress_list(user=request.user)})


@login_required
def congress_detail(request, pk: int):
    _require_reader(request.user)
    congress = selectors.congress_get(user=request.user, pk=pk)
    return render(request, "regions/congress_detail.html", {
        "congress": congress, "terms": selectors.congress_terms(congress=congress),
        "can_edit": permissions.can_edit_congress(request.user, congress.region_id),
    })


@login_required
def session_create(request, term_pk: int):
    term = selectors.term_get(user=request.user, pk=term_pk)
    if not permissions.can_edit_congress(request.user, term.congress.region_id):
        raise PermissionDenied
    next_number = (term.sessions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    form = SessionForm(request.POST or None, initial={"number": next_number})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(term=term, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"已登记{session.title}。")
            return redirect("regions:congress_detail", pk=term.congress_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "regions/session_form.html", {"form": form, "term": term}, status=status)
