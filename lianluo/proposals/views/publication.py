"""The office's pages for key-suggestion supervision (代表法 Art 52) and disclosure (Art 51 ¶3): thin views over
``selectors_publication`` and the ``supervision`` and ``publication`` services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.core.forms import apply_service_errors, run_form_action
from lianluo.proposals import permissions, redaction, workflow
from lianluo.proposals import selectors_publication as reads
from lianluo.proposals.forms_publication import (
    ActivityForm,
    ConsentForm,
    ConsentWithdrawForm,
    KeyForm,
    PublicationForm,
    WithdrawForm,
    not_offered,
)
from lianluo.proposals.models import Publication, Suggestion
from lianluo.proposals.selectors import suggestion_get
from lianluo.proposals.services import publication as publishing
from lianluo.proposals.services import supervision as supervising

# ---------------------------------------------------------------- key suggestions


@login_required
def key_list(request):
    if not permissions.can_view_key_suggestions(request.user):
        raise PermissionDenied
    after = request.GET.get("after", "")
    rows, next_after = reads.key_list(user=request.user, after=int(after) if after.isdigit() else None)
    return render(request, "proposals/key_list.html", {"rows": rows, "next_after": next_after})


def _key_form(suggestion: Suggestion, data=None, supervision=None):
    initial = {}
    if supervision is not None:
        initial = {"decided_on": supervision.decided_on, "decision": supervision.decision,
                   "leaders": [m.pk for m in supervision.leaders.all()], "committee": supervision.committee_id,
                   "plan": supervision.plan}
    return KeyForm(data, initial=initial, leaders=reads.leader_choices(suggestion=suggestion),
                   committees=reads.committee_choices(suggestion=suggestion))


def _key_page(request, suggestion: Suggestion, *, key_form=None, activity_form=None, status: int = 200):
    user = request.user
    supervision = reads.supervision_of(suggestion=suggestion)
    office = permissions.can_manage_region(user, suggestion.region_id)
    if not office and supervision is None:
        raise PermissionDenied  # only the office chooses key suggestions
    may_record = supervision is not None and permissions.can_supervise(user, suggestion)
    return render(request, "proposals/key_detail.html", {
        "suggestion": suggestion, "supervision": supervision, "office": office,
        "activities": reads.supervision_activities(supervision=supervision) if supervision else [],
        "key_form": (key_form or _key_form(suggestion, supervision=supervision)) if office else None,
        "activity_form": (activity_form or ActivityForm(initial={"held_on": timezone.localdate()}))
        if may_record else None,
        "markable": suggestion.status in supervising.KEY_STATUSES,
        "status_label": workflow.STATUS_LABELS.get(suggestion.status, suggestion.status),
    }, status=status)


def _chosen(form: KeyForm, suggestion: Suggestion) -> tuple[list, object]:
    """The posted leaders and committee, resolved again through the choices the form offered."""
    offered = {m.pk: m for m in reads.leader_choices(suggestion=suggestion)}
    leaders = [offered[pk] for pk in form.cleaned_data["leaders"] if pk in offered]
    if len(leaders) != len(form.cleaned_data["leaders"]):
        raise ValidationError({"leaders": not_offered("牵头督办领导")})
    committee = None
    if form.cleaned_data["committee"]:
        committees = {c.pk: c for c in reads.committee_choices(suggestion=suggestion)}
        committee = committees.get(form.cleaned_data["committee"])
        if committee is None:
            raise ValidationError({"committee": not_offered("督办专门委员会")})
    return leaders, committee


@login_required
def key_mark(request, pk: int):
    user = request.user
    if not permissions.can_view_key_suggestions(user):
        raise PermissionDenied
    suggestion = suggestion_get(user=user, pk=pk)
    if request.method != "POST":
        return _key_page(request, suggestion)
    if not permissions.can_manage_region(user, suggestion.region_id):
        raise PermissionDenied
    supervision = reads.supervision_of(suggestion=suggestion)
    form = _key_form(suggestion, request.POST, supervision=supervision)

    def run():
        data = form.cleaned_data
        leaders, committee = _chosen(form, suggestion)
        arrangement = {"decided_on": data["decided_on"], "decision": data["decision"], "leaders": leaders,
                       "committee": committee, "plan": data["plan"], "actor": user}
        if supervision is None:
            supervising.key_suggestion_mark(suggestion=suggestion, **arrangement)
        else:
            supervising.key_suggestion_update(supervision=supervision, **arrangement)

    return run_form_action(
        request, form, run, success="已列为重点督办建议。" if supervision is None else "已调整督办安排。",
        done=lambda: redirect("proposals:key_mark", pk=pk),
        again=lambda: _key_page(request, suggestion, key_form=form, status=409),
        invalid=lambda bound: _key_page(request, suggestion, key_form=bound, status=400))


@require_POST
@login_required
def key_activity(request, pk: int):
    user = request.user
    if not permissions.can_view_key_suggestions(user):
        raise PermissionDenied
    suggestion = suggestion_get(user=user, pk=pk)
    supervision = reads.supervision_of(suggestion=suggestion)
    if supervision is None:
        raise Http404
    if not permissions.can_supervise(user, suggestion):
        raise PermissionDenied
    form = ActivityForm(request.POST)
    return run_form_action(
        request, form,
        lambda: supervising.supervision_activity_add(supervision=supervision, actor=user, **form.cleaned_data),
        success="已记录督办活动。", done=lambda: redirect("proposals:key_mark", pk=pk),
        again=lambda: _key_page(request, suggestion, activity_form=form, status=409),
        invalid=lambda bound: _key_page(request, suggestion, activity_form=bound, status=400))


# ---------------------------------------------------------------- disclosure


@login_required
def publication_list(request):
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    state = request.GET.get("state", reads.READY)
    if state not in reads.PUBLICATION_STATES:
        state = reads.READY
    after = request.GET.get("after", "")
    rows, next_after = reads.publication_list(user=request.user, state=state,
                                              after=int(after) if after.isdigit() else None)
    return render(request, "proposals/publication_list.html", {
        "rows": rows, "next_after": next_after, "state": state, "states": reads.PUBLICATION_STATES,
    })


def _office_suggestion(request, pk: int) -> Suggestion:
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    suggestion = suggestion_get(user=request.user, pk=pk)
    if not permissions.can_manage_region(request.user, suggestion.region_id):
        raise PermissionDenied
    return suggestion


def _publication_form(suggestion: Suggestion, publication: Publication | None) -> tuple[PublicationForm, str]:
    """The form with the saved public version, or with the redaction helper's proposal and what it masked."""
    if publication is not None:
        return PublicationForm(initial={"title": publication.title, "body": publication.body,
                                        "reply": publication.reply}), ""
    proposed = publishing.proposal(suggestion)
    found = "；".join(value.summary for value in proposed.values() if value.summary)
    return PublicationForm(initial={key: value.text for key, value in proposed.items()}), found


def _publication_page(request, suggestion: Suggestion, *, form=None, consent_form=None, withdraw_form=None,
                      unconsent_form=None, found: str = "", status: int = 200):
    publication = reads.publication_of(suggestion=suggestion)
    reply = publishing.sent_reply(suggestion)
    ready = suggestion.status in workflow.FINISHED and reply is not None
    if form is None and (publication is not None or ready):
        form, found = _publication_form(suggestion, publication)
    return render(request, "proposals/publication_edit.html", {
        "suggestion": suggestion, "publication": publication, "reply": reply, "ready": ready, "form": form,
        "found": found, "consent_form": consent_form or ConsentForm(), "withdraw_form": withdraw_form or WithdrawForm(),
        "unconsent_form": unconsent_form or ConsentWithdrawForm(),
        "revisions": reads.publication_revisions(publication=publication) if publication else [],
        "status_label": workflow.STATUS_LABELS.get(suggestion.status, suggestion.status),
    }, status=status)


def _propose(form: PublicationForm) -> str:
    """Run the redaction helper again over the staff's current texts with the names they listed."""
    data = form.cleaned_data
    names = redaction.names_from(data["names"])
    summaries = []
    for field in ("title", "body", "reply"):
        result = redaction.redact(data[field], names=names)
        form.data[field] = result.text
        if result.summary:
            summaries.append(result.summary)
    return "；".join(summaries)


@login_required
def publication_edit(request, pk: int):
    suggestion = _office_suggestion(request, pk)
    if request.method != "POST":
        return _publication_page(request, suggestion)
    publication = reads.publication_of(suggestion=suggestion)
    form = PublicationForm(request.POST.copy())
    if not form.is_valid():
        return _publication_page(request, suggestion, form=form, status=400)
    if request.POST.get("step") == "propose":
        found = _propose(form)
        return _publication_page(request, suggestion, form=PublicationForm(form.data),
                                 found=found or "未发现需要隐去的内容")
    data = form.cleaned_data
    try:
        if publication is None:
            publishing.publication_prepare(suggestion=suggestion, actor=request.user, title=data["title"],
                                           body=data["body"], reply=data["reply"])
        else:
            publishing.publication_edit(publication=publication, actor=request.user, title=data["title"],
                                        body=data["body"], reply=data["reply"])
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return _publication_page(request, suggestion, form=form, status=400)
    except PermissionDeniedError:
        raise PermissionDenied from None
    except ServiceError as exc:
        messages.error(request, str(exc))
        return _publication_page(request, suggestion, form=form, status=409)
    messages.success(request, "已保存公开版本。" if publication is None or publication.status != "published"
                     else "已保存，公开网站上的内容已同步更新。")
    return redirect("proposals:publication_edit", pk=pk)


PUBLICATION_ACTIONS = ("publish", "withdraw", "consent", "unconsent")


def _after_consent(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(reverse("dashboard:home"))


def _deputy_consent(request, suggestion: Suggestion, *, withdraw: bool = False):
    service = publishing.consent_withdraw if withdraw else publishing.consent_record
    try:
        service(suggestion=suggestion, actor=request.user)
    except PermissionDeniedError:
        raise PermissionDenied from None
    except ServiceError as exc:
        return render(request, "proposals/consent_result.html", {"suggestion": suggestion, "error": str(exc)},
                      status=409)
    messages.success(request, "您已撤回同意公开，该建议不再公开。" if withdraw else "您已同意公开该建议及其答复。")
    return _after_consent(request)


@require_POST
@login_required
def publication_action(request, pk: int, action: str):
    if action not in PUBLICATION_ACTIONS:
        raise Http404
    user = request.user
    if not permissions.can_view_suggestions(user):
        raise PermissionDenied
    suggestion = suggestion_get(user=user, pk=pk)
    office = permissions.can_manage_region(user, suggestion.region_id)
    if action in ("consent", "unconsent") and permissions.is_lead_deputy(user, suggestion):
        return _deputy_consent(request, suggestion, withdraw=action == "unconsent")
    if not office:
        raise PermissionDenied
    publication = reads.publication_of(suggestion=suggestion)
    bound = {}
    try:
        if action == "consent":
            form = bound["consent_form"] = ConsentForm(request.POST)
            if not form.is_valid():
                return _publication_page(request, suggestion, status=400, **bound)
            publishing.consent_record(suggestion=suggestion, actor=user, **form.cleaned_data)
            done = "已登记代表书面同意公开。"
        elif action == "unconsent":
            form = bound["unconsent_form"] = ConsentWithdrawForm(request.POST)
            if not form.is_valid():
                return _publication_page(request, suggestion, status=400, **bound)
            publishing.consent_withdraw(suggestion=suggestion, actor=user, **form.cleaned_data)
            done = "已登记代表书面撤回同意公开；公开网站上的版本已撤下。" if publication is not None and \
                publication.status == "published" else "已登记代表书面撤回同意公开。"
        elif publication is None:
            raise ServiceError("请先准备并保存公开版本。")
        elif action == "publish":
            publishing.publication_publish(publication=publication, actor=user)
            done = "已在公开网站发布。"
        else:
            form = bound["withdraw_form"] = WithdrawForm(request.POST)
            if not form.is_valid():
                return _publication_page(request, suggestion, status=400, **bound)
            publishing.publication_withdraw(publication=publication, actor=user, **form.cleaned_data)
            done = "已从公开网站撤下。"
    except ValidationError as exc:
        if not bound:  # publishing refused: personal data is left in the public text
            text = PublicationForm({"title": publication.title, "body": publication.body,
                                    "reply": publication.reply})
            text.is_valid()
            bound["form"] = text
            messages.error(request, "公开版本中仍有个人信息，请修改后再公开。")
        apply_service_errors(next(iter(bound.values())), exc)
        return _publication_page(request, suggestion, status=400, **bound)
    except PermissionDeniedError:
        raise PermissionDenied from None
    except ServiceError as exc:
        messages.error(request, str(exc))
        return _publication_page(request, suggestion, status=409, **bound)
    messages.success(request, done)
    return redirect("proposals:publication_edit", pk=pk)
