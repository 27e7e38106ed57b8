from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from lianluo.accounts import permissions
from lianluo.core import selectors
from lianluo.core.audit import audit_verify
from lianluo.core.models import AuditEvent

PAGE_SIZE = 50


class AuditSearchForm(forms.Form):
    action = forms.CharField(label="事件", required=False)
    actor = forms.CharField(label="操作人", required=False)
    obj = forms.CharField(label="对象", required=False)
    outcome = forms.ChoiceField(label="结果", required=False, choices=[("", "全部"), *AuditEvent.Outcome.choices])
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    before = forms.IntegerField(required=False, widget=forms.HiddenInput)


@login_required
def audit_log(request):
    if not permissions.can_read_audit(request.user):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    events = []
    next_before = None
    if form.is_valid() or not request.GET:
        filters = form.cleaned_data if request.GET else {}
        before = filters.pop("before", None)
        qs = selectors.audit_event_list(**{k: v for k, v in filters.items() if v})
        if before:
            qs = qs.filter(id__lt=before)
        # Keyset pagination: no COUNT(*) over a log that only grows.
        events = list(qs.select_related("actor")[: PAGE_SIZE + 1])
        if len(events) > PAGE_SIZE:
            events = events[:PAGE_SIZE]
            next_before = events[-1].id
    query = request.GET.copy()
    query.pop("before", None)
    return render(request, "core/audit_log.html", {
        "form": form, "events": events, "next_before": next_before, "query": query.urlencode(),
    })


@login_required
def audit_chain(request):
    if not permissions.can_read_audit(request.user):
        raise PermissionDenied
    return render(request, "core/audit_chain.html", {"report": audit_verify()})


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "errors/403_csrf.html", status=403)
