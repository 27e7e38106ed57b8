"""The office's page of its classifiers (文本分析模型): which versions it has, how well each did on records it had
not seen, how often officers took the current version's hints, and a button to train a new version from the
records as they stand (corrections included)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lianluo.core.forms import run_on_page
from lianluo.proposals.selectors import office_codes
from lianluo.regions.models import Region
from lianluo.textmine import classifiers
from lianluo.textmine.models import ClassifierVersion


class TrainForm(forms.Form):
    kind = forms.ChoiceField(label="用途", choices=ClassifierVersion.Kind.choices)
    region = forms.ChoiceField(label="人大")

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = offices


def _offices(user) -> list[tuple[str, str]]:
    """The offices the liaison officer works for (their own congress regions, not the areas below)."""
    codes = office_codes(user=user)
    return [(r.code, r.name) for r in Region.objects.filter(code__in=codes).order_by("code")]


def _page(request, offices, form=None, status=200):
    versions = classifiers.versions_of(region_codes=[code for code, _ in offices])
    current = {}
    for version in versions:  # newest first per kind and region (the model's ordering)
        current.setdefault((version.kind, version.region_id), version)
    uptake = classifiers.uptake([version.path for version in current.values()])
    rows = []
    for code, name in offices:
        for kind, label in ClassifierVersion.Kind.choices:
            version = current.get((kind, code))
            acted, taken = uptake.get(version.path, (0, 0)) if version else (0, 0)
            rows.append({"kind": kind, "label": label, "region": name, "code": code, "version": version,
                         "records": classifiers.record_count(kind, code), "acted": acted, "taken": taken})
    return render(request, "textmine/models.html", {
        "rows": rows, "history": versions[:30], "form": form or TrainForm(offices=offices),
        "min_records": classifiers.MIN_RECORDS,
    }, status=status)


@login_required
def model_list(request):
    offices = _offices(request.user)
    if not offices:
        raise PermissionDenied
    return _page(request, offices)


@login_required
@require_POST
def model_train(request):
    offices = _offices(request.user)
    if not offices:
        raise PermissionDenied
    form = TrainForm(request.POST, offices=offices)

    def run():
        region = Region.objects.get(pk=form.cleaned_data["region"])
        classifiers.classifier_train(kind=form.cleaned_data["kind"], region=region, actor=request.user)

    return run_on_page(request, form, run, success="新模型已训练，页面上的建议改用新模型。",
                       back=reverse("textmine:models"), page=lambda f: _page(request, offices, f, 400))
