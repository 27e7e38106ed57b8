"""Motion pages (议案): the list, filing, one motion with its signers, history and the actions the reader may take."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lianluo.core.errors import PermissionDeniedError
from lianluo.core.forms import apply_service_errors, run_form_action
from lianluo.proposals import motion_selectors as selectors
from lianluo.proposals import permissions, workflow
from lianluo.proposals.forms_motions import ACTION_FORMS, MotionFilterForm, MotionForm, not_offered
from lianluo.proposals.models import Motion, Signer
from lianluo.proposals.services import motions as services

BADGES = {
    workflow.M_DRAFT: "text-bg-secondary", workflow.M_SUBMITTED: "text-bg-primary",
    workflow.M_UNDER_REVIEW: "text-bg-info", workflow.M_ON_AGENDA: "text-bg-primary",
    workflow.M_REFERRED: "text-bg-info", workflow.M_AS_SUGGESTION: "text-bg-light border",
    workflow.M_WITHDRAWN: "text-bg-light border", workflow.M_ADOPTED: "text-bg-success",
    workflow.M_NOT_ADOPTED: "text-bg-danger", workflow.M_CONCLUDED: "text-bg-success",
}
SIGNER_BADGES = {
    Signer.Status.CONFIRMED: "text-bg-success", Signer.Status.INVITED: "text-bg-warning",
    Signer.Status.DECLINED: "text-bg-light border", Signer.Status.LAPSED: "text-bg-light border",
}


def _require_reader(user) -> None:
    if not permissions.can_view_motions(user):
        raise PermissionDenied


# ---------------------------------------------------------------- list


@login_required
def motion_list(request):
    _require_reader(request.user)
    user = request.user
    sessions = selectors.list_sessions(user=user)
    form = MotionFilterForm(request.GET or None, sessions=[(s.pk, selectors.session_label(s)) for s in sessions])
    filters = selectors.MotionFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.MotionFilters(session=data["session"], status=data["status"], query=data["q"].strip())
    after = request.GET.get("after", "")
    rows, next_after = selectors.motion_list(user=user, filters=filters,
                                             after=int(after) if after.isdigit() else None)
    for row in rows:
        row.badge = BADGES.get(row.status, "text-bg-secondary")
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "proposals/motion_list.html", {
        "form": form, "motions": rows, "next_after": next_after, "query": query.urlencode(),
        "can_create": permissions.can_file(user),
    })


# ---------------------------------------------------------------- filing


def _offered(field: str, label: str, found):
    if found is None:
        raise ValidationError({field: not_offered(label)})
    return found


@login_required
def motion_create(request):
    user = request.user
    if not permissions.can_file(user):
        raise PermissionDenied
    sessions = selectors.filing_sessions(user=user)
    chosen = request.POST.get("session") or request.GET.get("session") or ""
    session = next((s for s in sessions if str(s.pk) == chosen), sessions[0] if sessions else None)
    if session is None:
        return render(request, "proposals/motion_form.html", {"form": None, "sessions": []})
    office = permissions.can_manage_region(user, session.term.congress.region_id)
    lead = None if office else selectors.lead_mandate(user=user, session=session)
    mandates = selectors.term_mandates(term_id=session.term_id, exclude=lead.pk if lead else None)
    delegations = selectors.delegations_of(term_id=session.term_id) if office else []
    choices = [(m.pk, m.person.name) for m in mandates]
    form = MotionForm(request.POST or None, office=office, initial={"session": session.pk},
                      sessions=[(s.pk, selectors.session_label(s)) for s in sessions], leads=choices,
                      cosigners=choices, delegations=[(d.pk, d.name) for d in delegations])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["session"] != session.pk:
                raise ValidationError({"session": not_offered("会议")})
            filer = data.get("filer") or Motion.Filer.DEPUTIES
            if office and filer == Motion.Filer.DEPUTIES:
                lead = _offered("lead", "领衔代表", next((m for m in mandates if m.pk == data["lead"]), None)) \
                    if data["lead"] else None
            delegation = next((d for d in delegations if d.pk == data.get("delegation")), None)
            if lead is None and not office:
                raise ValidationError({"session": "您不是该届人民代表大会的在任代表"})
            cosigners = selectors.mandates_in_term(term_id=session.term_id, ids=data["cosigners"])
            motion = services.motion_create(
                session=session, title=data["title"], body=data["body"], actor=user, filer=filer, lead=lead,
                delegation=delegation, cosigners=cosigners, cosign_by=data.get("cosign_by"), on_paper=office)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDeniedError:
            raise PermissionDenied from None
        else:
            messages.success(request, "议案已保存为草稿。" if motion.filer != Motion.Filer.DEPUTIES or office
                             else "议案已保存，已向所选代表发出附议邀请。")
            return redirect("proposals:motion_detail", pk=motion.pk)
    return render(request, "proposals/motion_form.html", {
        "form": form, "sessions": sessions, "session": session, "office": office, "lead": lead,
        "needed": workflow.motion_cosigners_needed(session.term.congress.level),
    }, status=400 if request.method == "POST" else 200)


# ---------------------------------------------------------------- one motion


def _actions(user, motion: Motion, signers: list) -> tuple[list[str], set[str], Signer | None]:
    """The action slugs the user may take on the motion now, in page order."""
    actors = permissions.motion_actors(user, motion)
    mine = selectors.my_signature(user=user, motion=motion, signers=signers)
    actions = []
    is_draft = motion.status == workflow.M_DRAFT
    if mine is not None and is_draft and mine.status == Signer.Status.INVITED:
        actions += ["cosign", "decline"]
    if is_draft and motion.filer == Motion.Filer.DEPUTIES and actors & {workflow.DEPUTY, workflow.LIAISON}:
        actions.append("invite")
    offered = workflow.motion_actions(motion.status, actors)
    # Township congresses have no special committees (地方组织法 Art 33): no referral to offer there.
    has_committees = bool({"refer_review", "refer"} & set(offered)) and (
        motion.committee_id is not None or bool(selectors.committees_of(term_id=motion.session.term_id)))
    for action in offered:
        if action == "as_suggestion" and motion.lead_id is None:
            continue
        if action in ("refer_review", "refer") and not has_committees:
            continue
        actions.append(action)
    return actions, actors, mine


def _action_form(action: str, motion: Motion, actors: set[str], signers: list, data=None):
    cls, _label = ACTION_FORMS[action]
    kwargs = {}
    if action == "invite":
        taken = {s.mandate_id for s in signers}
        kwargs["cosigners"] = [(m.pk, m.person.name) for m in selectors.term_mandates(term_id=motion.session.term_id)
                               if m.pk not in taken]
        kwargs["office"] = workflow.LIAISON in actors and workflow.DEPUTY not in actors
    elif action == "edit":
        kwargs["initial"] = {"title": motion.title, "body": motion.body}
    elif action in ("refer_review", "refer"):
        kwargs["committees"] = [(c.pk, c.name) for c in selectors.committees_of(term_id=motion.session.term_id)]
        kwargs["required"] = action == "refer_review" or motion.committee_id is None
    return cls(data, prefix=action, **kwargs)


def _detail(request, motion: Motion, *, bound: dict | None = None, status: int = 200):
    parts = selectors.motion_parts(motion=motion)
    actions, actors, mine = _actions(request.user, motion, parts["signers"])
    forms = []
    for action in actions:
        form = (bound or {}).get(action) or _action_form(action, motion, actors, parts["signers"])
        forms.append((action, ACTION_FORMS[action][1], form))
    for signer in parts["signers"]:
        signer.badge = SIGNER_BADGES.get(signer.status, "text-bg-secondary")
    for event in parts["events"]:
        event.to_label = workflow.MOTION_LABELS.get(event.to_status, event.to_status)
    needed = services.cosigners_needed(motion)
    return render(request, "proposals/motion_detail.html", {
        "motion": motion, **parts, "action_forms": forms, "badge": BADGES.get(motion.status, "text-bg-secondary"),
        "needed": needed, "percent": min(100, parts["confirmed"] * 100 // needed) if needed else 100,
        "missing": max(0, needed - parts["confirmed"]), "mine": mine,
    }, status=status)


@login_required
def motion_detail(request, pk: int):
    _require_reader(request.user)
    return _detail(request, selectors.motion_get(user=request.user, pk=pk))


def _run_action(action: str, motion: Motion, form, user) -> Motion:
    data = form.cleaned_data
    term_id = motion.session.term_id
    if action == "submit":
        return services.motion_submit(motion=motion, actor=user)
    if action == "edit":
        return services.motion_edit(motion=motion, title=data["title"], body=data["body"], actor=user)
    if action == "invite":
        mandates = selectors.mandates_in_term(term_id=term_id, ids=data["cosigners"])
        services.motion_invite(motion=motion, mandates=mandates, actor=user, cosign_by=data["cosign_by"],
                               on_paper=bool(data.get("on_paper")))
        return motion
    if action in ("cosign", "decline"):
        services.motion_cosign(motion=motion, actor=user, accept=action == "cosign")
        return motion
    if action in ("refer_review", "refer"):
        committee = None
        if data["committee"]:
            committee = _offered("committee", "专门委员会", next(
                (c for c in selectors.committees_of(term_id=term_id) if c.pk == data["committee"]), None))
        if action == "refer_review":
            return services.motion_refer_review(motion=motion, committee=committee, actor=user, note=data["note"])
        return services.motion_dispose(motion=motion, decision="refer", committee=committee, actor=user,
                                       note=data["note"])
    if action == "review":
        return services.motion_review(motion=motion, opinion=data["opinion"], actor=user)
    if action in ("put_on_agenda", "as_suggestion"):
        return services.motion_dispose(motion=motion, decision=action, actor=user, note=data["note"])
    if action == "record_result":
        return services.motion_record_result(motion=motion, adopted=data["outcome"] == "adopted",
                                             result=data["result"], report=data["report"], actor=user)
    if action == "conclude":
        return services.motion_conclude(motion=motion, report=data["report"], actor=user)
    if action == "withdraw":
        return services.motion_withdraw(motion=motion, actor=user, reason=data["reason"])
    raise Http404


def _refusal(action: str, motion: Motion, actors: set[str], mine: Signer | None) -> tuple[int, str]:
    """Why an action the page does not offer is refused: 403 when the user has no say in it, 409 (with the
    reason) when it is not possible in the motion's current state."""
    if action in ("cosign", "decline"):
        return (403, "") if mine is None else (409, "附议邀请已答复或议案已提出，不能再确认或谢绝。")
    if action == "invite":
        if not actors & {workflow.DEPUTY, workflow.LIAISON}:
            return 403, ""
        return 409, "只有征集附议中的代表联名议案可以邀请附议。"
    names = ("record_result", "record_rejection") if action == "record_result" else (action,)
    if not any(t.action in names and actors & t.actors for t in workflow.MOTION_TRANSITIONS):
        return 403, ""  # never this user's to take, whatever the status
    if action == "as_suggestion" and motion.lead_id is None:
        return 409, "该议案没有领衔代表，不能作为代表建议处理。"
    try:
        workflow.motion_target(motion.status, names[0])
    except workflow.TransitionError as exc:
        return 409, str(exc)
    if not workflow.motion_may(motion.status, names[0], actors):
        return 403, ""
    return 409, "本届人民代表大会没有可以交付审议的专门委员会。"  # the only other reason _actions leaves one out


@require_POST
@login_required
def motion_action(request, pk: int, action: str):
    if action not in ACTION_FORMS:
        raise Http404
    _require_reader(request.user)
    motion = selectors.motion_get(user=request.user, pk=pk)
    signers = list(motion.signers.select_related("mandate__person"))
    actions, actors, mine = _actions(request.user, motion, signers)
    if action not in actions:
        status, reason = _refusal(action, motion, actors, mine)
        if status == 403:
            raise PermissionDenied
        messages.error(request, reason)
        return _detail(request, motion, status=status)
    form = _action_form(action, motion, actors, signers, request.POST)
    return run_form_action(
        request, form, lambda: _run_action(action, motion, form, request.user),
        success=f"已{ACTION_FORMS[action][1]}。", done=lambda: redirect("proposals:motion_detail", pk=pk),
        again=lambda: _detail(request, selectors.motion_get(user=request.user, pk=pk), status=409),
        invalid=lambda bound: _detail(request, motion, bound={action: bound}, status=400))
