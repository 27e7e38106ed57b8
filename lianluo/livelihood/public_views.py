"""The public pages of project votes: the results and each chosen project's progress, and the form through which
anyone may propose a project while proposals are collected (群众提, RULES.md D8 step 1).

The form is guarded like the portal's issue form: a question only a person answers easily, a field people never
see, and the per-address limit of public submissions (SECURITY.md C7)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lianluo.core import request_context
from lianluo.core.errors import ServiceError
from lianluo.core.forms import apply_service_errors
from lianluo.livelihood import selectors, services
from lianluo.portal import challenge
from lianluo.portal.forms import BootstrapForm
from lianluo.portal.throttle import Bucket, address_key, throttle_exceeded, throttle_record
from lianluo.portal.views import too_many


class PublicProposalForm(BootstrapForm):
    title = forms.CharField(label="建议的项目", max_length=100,
                            help_text="一句话说明，如：黄花镇中心小学门口建人行天桥")
    description = forms.CharField(label="为什么需要、希望怎么做", max_length=3000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    proposer = forms.CharField(label="署名", max_length=services.PUBLIC_PROPOSER_MAX, required=False,
                               help_text="可不填；如：黄花镇居民。不需要留姓名和电话。")
    website = forms.CharField(label="请勿填写此项", required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))


def public_list(request):
    return render(request, "livelihood/public_list.html", {
        "rounds": selectors.public_rounds()[:100], "collecting": selectors.collecting_rounds()[:50]})


def public_detail(request, pk: int):
    project_round = selectors.public_round_get(pk)
    return render(request, "livelihood/public_detail.html", {
        "round": project_round, "candidates": selectors.candidates_with_ratings(project_round)})


def public_project(request, pk: int):
    """One chosen project as the public sees it: what it is, who carries it out, its milestones and progress, the
    deputies' inspections and their year-end rating."""
    project = selectors.public_project_get(pk)
    return render(request, "livelihood/public_project.html", {"project": project, "round": project.round})


@never_cache
@require_http_methods(["GET", "POST"])
def public_propose(request, pk: int):
    project_round = selectors.collecting_round_get(pk)
    question, challenge_error = None, ""
    if request.method == "POST":
        client = address_key(request_context.current().ip)
        if throttle_exceeded(bucket=Bucket.SUBMIT_ADDRESS, key=client):
            return too_many(request)
        form = PublicProposalForm(request.POST)
        screening = challenge.screen_post(request, form)
        challenge_error, question = screening.error, screening.question
        if screening.passed:
            try:
                with transaction.atomic():
                    proposal = services.proposal_submit_public(project_round=project_round, **{
                        k: form.cleaned_data[k] for k in ("title", "description", "proposer")})
                    throttle_record(bucket=Bucket.SUBMIT_ADDRESS, key=client)
            except (ValidationError, ServiceError) as error:
                apply_service_errors(form, ValidationError(str(error)) if isinstance(error, ServiceError) else error)
            else:
                return render(request, "livelihood/public_proposed.html",
                              {"round": project_round, "proposal": proposal})
    else:
        form = PublicProposalForm()
    if question is None:
        question = challenge.challenge_issue(request.session)
    status = 400 if request.method == "POST" else 200
    return render(request, "livelihood/public_propose.html", {
        "round": project_round, "form": form, "challenge": question, "challenge_error": challenge_error,
        "kept_answer": request.POST.get("challenge_answer", "") if question and question.reused else "",
    }, status=status)
