"""Suggestion pages: the list, filing (deputy or office), one suggestion's page and the actions on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lianluo.accounts.roles import Role
from lianluo.casework.selectors import category_choices, category_get
from lianluo.core.errors import ServiceError
from lianluo.core.forms import apply_service_errors, run_form_action
from lianluo.proposals import actions, permissions, selectors, services, workflow
from lianluo.proposals.forms import (
    HANDLING_ACTION_FORMS,
    SUGGESTION_ACTION_FORMS,
    EditForm,
    FilterForm,
    SuggestionForm,
    not_offered,
)
from lianluo.proposals.models import Suggestion
from lianluo.textmine import classifiers, reply_review


def _require_reader(user):
    if not permissions.can_view_suggestions(user):
        raise PermissionDenied


# ---------------------------------------------------------------- list


@login_required
def suggestion_list(request):
    user = request.user
    _require_reader(user)
    choices = selectors.filter_choices(user=user)
    this_year = timezone.localdate().year
    form = FilterForm(request.GET or None, terms=choices["terms"], units=choices["units"],
                      years=range(this_year, this_year - 6, -1))
    filters = selectors.SuggestionFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.SuggestionFilters(status=data["status"], term=data["term"], year=data["year"],
                                              unit=data["unit"], deadline=data["deadline"], key=data["key"],
                                              query=data["q"].strip())
    after = request.GET.get("after", "")
    rows, next_after = selectors.suggestion_list(user=user, filters=filters,
                                                 after=int(after) if after.isdigit() else None)
    query = request.GET.copy()
    query.pop("after", None)
    today = timezone.localdate()
    for row in rows:
        row.deadline_state = workflow.deadline_state(row.status, row.due_on, today)
    invitations = selectors.cosign_invitations(user=user) if Role.DEPUTY in user.role_set() else []
    return render(request, "proposals/suggestion_list.html", {
        "form": form, "suggestions": rows, "next_after": next_after, "query": query.urlencode(),
        "can_file": permissions.can_file(user), "can_manage": permissions.can_manage(user),
        "invitations": invitations,
    })


# ---------------------------------------------------------------- filing


def _offered(field: str, label: str, found):
    if found is None:
        raise ValidationError({field: not_offered(label)})
    return found


def _lead_options(user, posted_lead: str | None):
    """The mandates a suggestion can be filed under: the deputy's own, or (office) deputies of its jurisdiction."""
    own = selectors.filing_mandates(user=user)
    if own and not permissions.can_manage(user):
        return own
    q = (posted_lead or "").strip()
    office = list(selectors.lead_choices(user=user)[: selectors.CHOICE_LIMIT])
    if q.isdigit() and not any(m.pk == int(q) for m in office):
        office += list(selectors.lead_choices(user=user).filter(pk=int(q)))
    return own + [m for m in office if m not in own]


@login_required
def suggestion_create(request):
    user = request.user
    if not permissions.can_file(user):
        raise PermissionDenied
    leads = _lead_options(user, request.POST.get("lead") or request.GET.get("lead"))
    if not leads:
        messages.error(request, "您没有在任的代表资格，不能提出建议。")
        return redirect("proposals:suggestion_list")
    lead_pk = request.POST.get("lead") or request.GET.get("lead") or str(leads[0].pk)
    lead = next((m for m in leads if str(m.pk) == lead_pk), leads[0])
    draft = selectors.escalation_draft(user=user, pk=request.GET.get("draft") or request.POST.get("draft"))
    initial = {"lead": lead.pk}
    if draft is not None:
        initial.update(title=draft.title, body="\n\n".join(filter(None, [draft.body, draft.evidence])))
    form = SuggestionForm(
        request.POST or None, initial=initial,
        leads=[(m.pk, f"{m.person.name}（{m.term.congress.name}）") for m in leads],
        sessions=[(s.pk, f"{s.title}（{s.start_date:%Y年%m月}）") for s in selectors.session_choices(
            term_id=lead.term_id)],
        categories=category_choices(region_code=lead.region_id),
        cosigners=[(m.pk, m.person.name) for m in selectors.cosigner_choices(lead=lead)],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lead = _offered("lead", "领衔代表", next((m for m in leads if m.pk == data["lead"]), None))
            session = _offered("session", "会议", next(
                (s for s in selectors.session_choices(term_id=lead.term_id) if s.pk == data["session"]), None)) \
                if data["session"] else None
            category = _offered("category", "分类", category_get(region_code=lead.region_id, pk=data["category"])) \
                if data["category"] else None
            cosigners = selectors.mandates_get(lead=lead, ids=form.cosigner_ids())
            suggestion = services.suggestion_create(
                lead=lead, title=data["title"], body=data["body"], actor=user, session=session, category=category,
                is_complex=data["is_complex"], cosigners=cosigners, respond_by=data["respond_by"], draft=draft)
            if "submit" in request.POST:
                suggestion = services.suggestion_submit(suggestion=suggestion, actor=user)
                messages.success(request, "建议已提交，等待人大工作人员审核。")
            else:
                messages.success(request, "草稿已保存。被邀请的代表确认附议后，即可提交。")
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("proposals:suggestion_detail", pk=suggestion.pk)
    return render(request, "proposals/suggestion_form.html", {"form": form, "lead": lead, "draft": draft},
                  status=400 if request.method == "POST" else 200)


@login_required
def suggestion_edit(request, pk: int):
    user = request.user
    _require_reader(user)
    suggestion = selectors.suggestion_get(user=user, pk=pk)
    if suggestion.status not in (workflow.DRAFT, workflow.RETURNED) or not (
            permissions.is_lead_deputy(user, suggestion) or permissions.can_manage_region(user, suggestion.region_id)):
        raise PermissionDenied
    form = EditForm(request.POST or None, categories=category_choices(region_code=suggestion.region_id), initial={
        "title": suggestion.title, "body": suggestion.body, "category": suggestion.category_id,
        "is_complex": suggestion.is_complex})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            category = _offered("category", "分类", category_get(region_code=suggestion.region_id,
                                                                 pk=data["category"])) if data["category"] else None
            services.suggestion_edit(suggestion=suggestion, actor=user, title=data["title"], body=data["body"],
                                     category=category, is_complex=data["is_complex"], session=suggestion.session)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存修改。")
            return redirect("proposals:suggestion_detail", pk=pk)
    return render(request, "proposals/suggestion_edit.html", {"form": form, "suggestion": suggestion},
                  status=400 if request.method == "POST" else 200)


# ---------------------------------------------------------------- one suggestion


def _action_form(action: str, suggestion: Suggestion, data=None, files=None):
    cls = SUGGESTION_ACTION_FORMS[action]
    kwargs = {}
    if action in ("accept",):
        kwargs["categories"] = category_choices(region_code=suggestion.region_id)
    elif action == "assign":
        kwargs["units"] = selectors.unit_choices(region_code=suggestion.region_id)
    elif action == "invite":
        taken = set(suggestion.signers.values_list("mandate_id", flat=True))
        kwargs["cosigners"] = [(m.pk, m.person.name) for m in selectors.cosigner_choices(lead=suggestion.lead)
                               if m.pk not in taken]
    return cls(data, files, prefix=action, **kwargs)


_HINTED = {  # the action forms a model hints for: the kind of model and the choices the form offers
    "accept": lambda s: (classifiers.Kind.SUGGESTION_CATEGORY, category_choices(region_code=s.region_id)),
    "assign": lambda s: (classifiers.Kind.SUGGESTION_UNIT, selectors.unit_choices(region_code=s.region_id)),
}


def _hints(action: str, suggestion: Suggestion) -> list:
    """What the office's models would choose beside the review's forms — the category when accepting, the lead
    unit when assigning: hints; the officer decides."""
    if action not in _HINTED:
        return []
    kind, offered = _HINTED[action](suggestion)
    return classifiers.hints(kind, suggestion.region_id, title=suggestion.title, body=suggestion.body,
                             offered=offered)


def _hint_outcome(action: str, suggestion: Suggestion, chosen: int | None, user) -> None:
    """Whether the officer's choice agreed with the hint shown beside the form (the model page's 提示采纳)."""
    kind, offered = _HINTED[action](suggestion)
    classifiers.hint_outcome_record(kind, suggestion.region_id, title=suggestion.title, body=suggestion.body,
                                    offered=offered, chosen=chosen, record=f"suggestion:{suggestion.pk}", actor=user)


def _detail(request, suggestion: Suggestion, *, bound: dict | None = None, status: int = 200):
    user = request.user
    forms = [(a, workflow.ACTION_LABELS.get(a, "上传附件" if a == "attach" else a),
              (bound or {}).get(a) or _action_form(a, suggestion), _hints(a, suggestion))
             for a in actions.offered(user, suggestion)]
    parts = selectors.suggestion_parts(suggestion=suggestion)
    if permissions.can_manage_region(user, suggestion.region_id):
        for reply in parts["replies"]:  # prompts for the office reading the unit's reply, not verdicts
            reply.review_flags = reply_review.reply_flags(subject=suggestion.title, body=suggestion.body,
                                                          reply=reply.body)
    handling_forms = _handling_forms(request, suggestion, parts["handlings"], bound=bound)
    reply_forms = _reply_forms(request, suggestion, parts["replies"], bound=bound)
    today = timezone.localdate()
    show_similar = permissions.can_manage_region(user, suggestion.region_id) and suggestion.status in (
        workflow.SUBMITTED, workflow.ACCEPTED)
    return render(request, "proposals/suggestion_detail.html", {
        "suggestion": suggestion, "events": selectors.suggestion_events(suggestion=suggestion),
        "action_forms": forms, "handling_forms": handling_forms, "reply_forms": reply_forms, **parts,
        "deadline_state": workflow.deadline_state(suggestion.status, suggestion.due_on, today),
        "similar": selectors.similar_suggestions(suggestion=suggestion) if show_similar else [],
        "can_merge": "merge" in (form[0] for form in forms),
        "can_edit": suggestion.status in (workflow.DRAFT, workflow.RETURNED) and (
            permissions.is_lead_deputy(user, suggestion) or permissions.can_manage_region(user, suggestion.region_id)),
        "can_letters": permissions.can_download_letters(user, suggestion),
        "ask_consent": permissions.is_lead_deputy(user, suggestion)
        and suggestion.status in (workflow.REPLIED, workflow.CLOSED),  # to give consent, or to withdraw it
        "office_links": _office_links(user, suggestion),
    }, status=status)


def _office_links(user, suggestion: Suggestion) -> dict:
    """The office's further work on a suggestion: key supervision (代表法 Art 52) and disclosure (Art 51 ¶3)."""
    if not permissions.can_manage_region(user, suggestion.region_id):
        return {}
    links = {"key": suggestion.is_key or suggestion.status in (workflow.ACCEPTED, *workflow.HANDLING),
             "publish": suggestion.status in (workflow.REPLIED, workflow.CLOSED)}
    return {k: v for k, v in links.items() if v}


def _handling_forms(request, suggestion, handlings, *, bound) -> dict[int, list]:
    from lianluo.proposals.views.units import handling_action_form

    result = {}
    for handling in handlings:
        actors = permissions.handling_actors(request.user, handling)
        actions = [a for a in (*workflow.HANDLING_ACTIONS, "approve_return", "refuse_return")
                   if a in HANDLING_ACTION_FORMS and workflow.handling_may(handling.status, a, handling.role, actors)]
        result[handling.pk] = [
            (a, workflow.ACTION_LABELS[a],
             (bound or {}).get(f"h{handling.pk}-{a}") or handling_action_form(a, handling))
            for a in actions]
    return result


def _reply_forms(request, suggestion, replies, *, bound) -> dict[int, list]:
    from lianluo.proposals.forms import REPLY_ACTION_FORMS

    result = {}
    for reply in replies:
        if reply.status != reply.Status.AWAITING_APPROVAL:
            continue
        actors = permissions.handling_actors(request.user, reply.handling)
        actions = [a for a in ("approve", "send_back")
                   if workflow.handling_may(reply.handling.status, a, reply.handling.role, actors)]
        result[reply.pk] = [(a, workflow.ACTION_LABELS[a],
                             (bound or {}).get(f"r{reply.pk}-{a}") or REPLY_ACTION_FORMS[a](prefix=f"r{reply.pk}-{a}"))
                            for a in actions]
    return result


@login_required
def suggestion_detail(request, pk: int):
    _require_reader(request.user)
    return _detail(request, selectors.suggestion_get(user=request.user, pk=pk))


def _run_action(action: str, suggestion: Suggestion, form, user):
    data = form.cleaned_data
    if action in ("submit", "resubmit"):
        return services.suggestion_submit(suggestion=suggestion, actor=user)
    if action == "withdraw":
        return services.suggestion_withdraw(suggestion=suggestion, actor=user, reason=data["note"])
    if action in ("cosign", "decline_cosign"):
        return services.suggestion_cosign(suggestion=suggestion, actor=user, accept=action == "cosign")
    if action == "invite":
        mandates = selectors.mandates_get(lead=suggestion.lead, ids=[int(v) for v in data["cosigners"]])
        return services.suggestion_invite(suggestion=suggestion, mandates=mandates, actor=user,
                                          respond_by=data["respond_by"])
    if action == "accept":
        category = _offered("category", "分类", category_get(region_code=suggestion.region_id,
                                                             pk=data["category"])) if data["category"] else None
        suggestion = services.suggestion_accept(suggestion=suggestion, actor=user, category=category,
                                                is_complex=data["is_complex"] or suggestion.is_complex,
                                                note=data["note"])
        _hint_outcome(action, suggestion, category.pk if category else None, user)
        return suggestion
    if action == "return":
        return services.suggestion_return(suggestion=suggestion, actor=user, reason=data["reason"])
    if action == "merge":
        found = selectors.suggestions_by_id(user=user, ids=form.ids())
        missing = [str(i) for i in form.ids() if i not in found]
        if missing:
            raise ValidationError({"duplicates": f"找不到序号为 {'、'.join(missing)} 的建议"})
        return services.suggestion_merge(master=suggestion, duplicates=list(found.values()), actor=user,
                                         note=data["note"])
    if action == "assign":
        region = suggestion.region_id
        lead = _offered("lead_unit", "主办单位", selectors.unit_get(region_code=region, pk=data["lead_unit"]))
        partners = []
        for field, role in (("assist_units", workflow.ASSIST), ("joint_units", workflow.JOINT)):
            for value in data[field]:
                partners.append((_offered(field, "承办单位", selectors.unit_get(region_code=region, pk=int(value))),
                                 role))
        suggestion = services.suggestion_assign(suggestion=suggestion, lead_unit=lead, partners=partners,
                                                actor=user, note=data["note"])
        _hint_outcome(action, suggestion, lead.pk, user)
        return suggestion
    if action == "rate":
        return services.suggestion_rate(suggestion=suggestion, actor=user, satisfaction=data["satisfaction"],
                                        reasons=data["reasons"])
    if action == "close":
        return services.suggestion_close(suggestion=suggestion, actor=user, note=data["note"])
    if action == "attach":
        upload = data["file"]
        return services.attachment_add(suggestion=suggestion, name=upload.name, data=upload.read(), actor=user)
    raise Http404


@require_POST
@login_required
def suggestion_action(request, pk: int, action: str):
    if action not in SUGGESTION_ACTION_FORMS:
        raise Http404
    _require_reader(request.user)
    suggestion = selectors.suggestion_get(user=request.user, pk=pk)
    if action not in actions.offered(request.user, suggestion):
        # Allowed in this status, but not to this reader; or the reader has no part in the suggestion at all.
        if actions.possible_now(action, suggestion) or not (
                permissions.suggestion_actors(request.user, suggestion)
                or selectors.pending_invitation(user=request.user, suggestion=suggestion)):
            raise PermissionDenied
        messages.error(request, f"该建议当前为“{suggestion.get_status_display()}”，不能"
                                f"{workflow.ACTION_LABELS.get(action, '上传附件')}。")
        return _detail(request, suggestion, status=409)
    form = _action_form(action, suggestion, request.POST, request.FILES)
    return run_form_action(
        request, form, lambda: _run_action(action, suggestion, form, request.user),
        success=f"已{workflow.ACTION_LABELS.get(action, '上传附件')}。",
        done=lambda: redirect("proposals:suggestion_detail", pk=pk),
        again=lambda: _detail(request, selectors.suggestion_get(user=request.user, pk=pk), status=409),
        invalid=lambda bound: _detail(request, suggestion, bound={action: bound}, status=400))


@login_required
def attachment_download(request, pk: int, attachment: int):
    _require_reader(request.user)
    found = selectors.attachment_get(user=request.user, suggestion_pk=pk, pk=attachment)
    response = HttpResponse(bytes(found.data), content_type=found.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(found.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
