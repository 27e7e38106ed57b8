"""The handling units' side (签收, 申请退回, 联系代表, 协办意见, 答复与审签) and the office's bulk referral page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lianluo.core.errors import ServiceError
from lianluo.core.forms import run_form_action
from lianluo.proposals import permissions, selectors, services, workflow
from lianluo.proposals.forms import HANDLING_ACTION_FORMS, REPLY_ACTION_FORMS, BulkAssignForm, not_offered
from lianluo.proposals.models import Handling, Reply
from lianluo.proposals.views.suggestions import _detail, _require_reader
from lianluo.textmine import classifiers


def handling_action_form(action: str, handling: Handling, data=None):
    cls = HANDLING_ACTION_FORMS[action]
    kwargs = {}
    if action == "approve_return":
        kwargs["units"] = selectors.unit_choices(region_code=handling.suggestion.region_id)
    initial = {"contacted_on": timezone.localdate()} if action == "contact" else None
    return cls(data, prefix=f"h{handling.pk}-{action}", initial=initial, **kwargs)


@login_required
def unit_inbox(request):
    user = request.user
    if not permissions.can_view_unit_work(user):
        raise PermissionDenied
    today = timezone.localdate()
    rows = selectors.unit_handlings(user=user)
    for handling in rows:
        handling.deadline_state = workflow.deadline_state(handling.suggestion.status, handling.suggestion.due_on,
                                                          today)
        handling.may_return = handling.status in (workflow.PENDING, workflow.SIGNED) and workflow.may_request_return(
            handling.assigned_on, today)
    return render(request, "proposals/unit_inbox.html", {"handlings": rows, "today": today,
                                                         "return_days": workflow.return_window_days()})


def _run_handling(action: str, handling: Handling, form, user):
    data = form.cleaned_data
    if action == "sign":
        return services.handling_sign(handling=handling, actor=user)
    if action == "request_return":
        return services.handling_request_return(handling=handling, actor=user, reason=data["reason"])
    if action in ("approve_return", "refuse_return"):
        new_unit = None
        if action == "approve_return" and data.get("new_unit"):
            new_unit = selectors.unit_get(region_code=handling.suggestion.region_id, pk=data["new_unit"])
            if new_unit is None:
                raise ValidationError({"new_unit": not_offered("承办单位")})
        return services.handling_decide_return(handling=handling, actor=user, approve=action == "approve_return",
                                               note=data["note"], new_unit=new_unit)
    if action == "contact":
        return services.contact_record(handling=handling, actor=user, contacted_on=data["contacted_on"],
                                       way=data["way"], summary=data["summary"])
    if action == "send_opinion":
        return services.handling_send_opinion(handling=handling, actor=user, opinion=data["opinion"])
    if action == "submit_reply":
        return services.reply_submit(handling=handling, actor=user, body=data["body"],
                                     reply_class=data["reply_class"], signatory=data["signatory"],
                                     contact_person=data["contact_person"], contact_phone=data["contact_phone"])
    raise Http404


def _after(request, pk: int):
    if permissions.can_view_unit_work(request.user) and not permissions.can_manage(request.user):
        try:
            selectors.suggestion_get(user=request.user, pk=pk)
        except Http404:
            return redirect("proposals:unit_inbox")  # a returned part leaves the unit's view
    return redirect("proposals:suggestion_detail", pk=pk)


def _act(request, pk: int, key: str, action: str, form, run):
    return run_form_action(
        request, form, run, success=f"已{workflow.ACTION_LABELS[action]}。", done=lambda: _after(request, pk),
        again=lambda: _detail(request, selectors.suggestion_get(user=request.user, pk=pk), status=409),
        invalid=lambda bound: _detail(request, selectors.suggestion_get(user=request.user, pk=pk),
                                      bound={key: bound}, status=400))


@require_POST
@login_required
def handling_action(request, pk: int, handling: int, action: str):
    if action not in HANDLING_ACTION_FORMS:
        raise Http404
    _require_reader(request.user)
    suggestion = selectors.suggestion_get(user=request.user, pk=pk)
    part = selectors.handling_get(user=request.user, suggestion=suggestion, pk=handling)
    if not permissions.handling_actors(request.user, part):
        raise PermissionDenied
    form = handling_action_form(action, part, request.POST)
    return _act(request, pk, f"h{part.pk}-{action}", action, form,
                lambda: _run_handling(action, part, form, request.user))


@require_POST
@login_required
def reply_action(request, pk: int, reply: int, action: str):
    if action not in REPLY_ACTION_FORMS:
        raise Http404
    _require_reader(request.user)
    suggestion = selectors.suggestion_get(user=request.user, pk=pk)
    found: Reply = selectors.reply_get(suggestion=suggestion, pk=reply)
    if not permissions.handling_actors(request.user, found.handling):
        raise PermissionDenied
    form = REPLY_ACTION_FORMS[action](request.POST, prefix=f"r{found.pk}-{action}")

    def run():
        note = form.cleaned_data["note"]
        if action == "approve":
            return services.reply_approve(reply=found, actor=request.user, note=note)
        return services.reply_send_back(reply=found, actor=request.user, note=note)

    return _act(request, pk, f"r{found.pk}-{action}", action, form, run)


# ---------------------------------------------------------------- bulk referral


def _unit_hints(waiting: list, units_by_region: dict) -> None:
    """The lead unit the office's model would choose for each row (``unit_hint``): a hint; the officer chooses."""
    for region, options in units_by_region.items():
        rows = [s for s in waiting if s.region_id == region]
        found = classifiers.hints_many(classifiers.Kind.SUGGESTION_UNIT, region, offered=options,
                                       texts=[(s.title, s.body) for s in rows])
        for suggestion, hints in zip(rows, found, strict=True):
            suggestion.unit_hint = hints[0] if hints else None


def _record_hint_outcomes(referrals: list, units_by_region: dict, user) -> None:
    for referral in referrals:
        suggestion = referral.suggestion
        classifiers.hint_outcome_record(
            classifiers.Kind.SUGGESTION_UNIT, suggestion.region_id, title=suggestion.title, body=suggestion.body,
            offered=units_by_region[suggestion.region_id], chosen=referral.lead.pk,
            record=f"suggestion:{suggestion.pk}", actor=user)


@login_required
def bulk_assign(request):
    """交办 a session's accepted suggestions at once: one lead unit (and optionally an assisting unit) per row."""
    user = request.user
    if not permissions.can_manage(user):
        raise PermissionDenied
    waiting = selectors.awaiting_assignment(user=user)
    units_by_region = {}
    for suggestion in waiting:
        if suggestion.region_id not in units_by_region:
            units_by_region[suggestion.region_id] = selectors.unit_choices(region_code=suggestion.region_id)
        suggestion.unit_options = units_by_region[suggestion.region_id]
    form = BulkAssignForm(request.POST or None)
    errors: dict[int, str] = {}
    status = 200
    if request.method == "POST" and form.is_valid():
        referrals = []
        for suggestion in waiting:
            lead_raw = request.POST.get(f"unit-{suggestion.pk}", "")
            if not lead_raw:
                continue
            lead = selectors.unit_get(region_code=suggestion.region_id, pk=int(lead_raw)) \
                if lead_raw.isdigit() else None
            assist_raw = request.POST.get(f"assist-{suggestion.pk}", "")
            assist = selectors.unit_get(region_code=suggestion.region_id, pk=int(assist_raw)) \
                if assist_raw.isdigit() else None
            if lead is None or (assist_raw and assist is None):
                errors[suggestion.pk] = not_offered("承办单位")
                continue
            referrals.append(services.Referral(suggestion, lead, [(assist, workflow.ASSIST)] if assist else []))
        if not errors and not referrals:
            form.add_error(None, "请至少为一件建议选择主办单位")
        if not errors and referrals:
            try:
                done = services.suggestions_assign_bulk(referrals=referrals, actor=user,
                                                        note=form.cleaned_data["note"])
            except (ValidationError, ServiceError) as exc:
                form.add_error(None, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
            else:
                _record_hint_outcomes(referrals, units_by_region, user)
                messages.success(request, f"已交办 {len(done)} 件建议，可按承办单位下载交办函。")
                return redirect(f"{reverse('proposals:bulk_assign')}?done={','.join(str(s.pk) for s in done)}")
        status = 400
    done = [int(v) for v in request.GET.get("done", "").split(",") if v.isdigit()][:500]
    _unit_hints(waiting, units_by_region)
    return render(request, "proposals/bulk_assign.html", {
        "suggestions": waiting, "form": form, "errors": errors,
        "letters": selectors.referral_letters(user=user, ids=done) if done else [],
    }, status=status)
