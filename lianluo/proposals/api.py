"""/api/v1/suggestions: the same selectors and services as the pages (filing, review, referral, the units' work,
the reply and the rating)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from lianluo.casework.selectors import category_get
from lianluo.core.errors import PermissionDeniedError
from lianluo.proposals import actions, permissions, selectors, services, workflow
from lianluo.proposals.models import Handling, Reply, Suggestion

router = Router(tags=["代表建议"])


class SuggestionOut(Schema):
    id: int
    number: str | None = Field(description="第N号；闭会期间为 闭会期间YYYY年第N号；立案前为空")
    title: str
    status: str
    status_label: str
    region: str
    year: int
    session: int | None
    lead: str
    category: str | None
    is_key: bool
    is_complex: bool
    round: int
    due_on: datetime.date | None
    deadline: str = Field(description="overdue 已逾期 / due_soon 即将到期 / 空")
    reply_class: str
    satisfaction: str


class HandlingOut(Schema):
    id: int
    unit: str
    role: str
    status: str
    assigned_on: datetime.date
    signed_on: datetime.date | None
    actions: list[str] = Field(description="当前用户对该承办事项可执行的操作")


class ReplyOut(Schema):
    id: int
    round: int
    unit: str
    reply_class: str
    status: str
    body: str
    sent_on: datetime.date | None


class EventOut(Schema):
    at: datetime.datetime
    actor: str
    action: str
    note: str


class SuggestionDetailOut(SuggestionOut):
    body: str
    signers: list[str]
    handlings: list[HandlingOut]
    replies: list[ReplyOut]
    events: list[EventOut]
    actions: list[str] = Field(description="当前用户在当前状态下可执行的操作")


class SuggestionPage(Schema):
    items: list[SuggestionOut]
    next_after: int | None = Field(None, description="下一页：把此值作为 after 参数")


class SuggestionFilter(Schema):
    status: str = ""
    term: int | None = None
    year: int | None = None
    unit: int | None = None
    deadline: str = Field("", description="overdue / due_soon")
    key: bool = False
    q: str = Field("", max_length=30, description="标题或内容包含")
    after: int | None = None
    limit: int = Field(30, ge=1, le=100)


class SuggestionIn(Schema):
    lead: int = Field(..., description="领衔代表的代表资格 id（本人，或工作人员辖区内的代表）")
    title: str
    body: str
    session: int | None = Field(None, description="大会期间提出时为会议 id")
    category: int | None = None
    is_complex: bool = False
    cosigners: list[int] = Field([], description="邀请附议的代表资格 id")
    submit: bool = Field(False, description="true：保存后立即提交")


class TransitionIn(Schema):
    action: str = Field(..., description="submit / resubmit / withdraw / accept / return / assign / rate / close")
    note: str = ""
    reason: str = Field("", description="return 必填")
    lead_unit: int | None = Field(None, description="assign：主办单位 id")
    assist_units: list[int] = []
    joint_units: list[int] = []
    satisfaction: str = Field("", description="rate：satisfied / basically / dissatisfied")
    reasons: str = Field("", description="rate 为 dissatisfied 时必填")
    category: int | None = None
    is_complex: bool | None = None


class HandlingTransitionIn(Schema):
    action: str = Field(..., description="sign / request_return / approve_return / refuse_return / contact / "
                                         "send_opinion / submit_reply / approve / send_back")
    note: str = ""
    reason: str = ""
    new_unit: int | None = None
    contacted_on: datetime.date | None = None
    way: str = Field("", description="contact：meeting / phone / forum / site / other")
    summary: str = ""
    opinion: str = ""
    body: str = Field("", description="submit_reply：答复内容")
    reply_class: str = Field("", description="submit_reply：答复类别，如 A / B / C")


def _out(s: Suggestion, today: datetime.date) -> dict:
    return {
        "id": s.pk, "number": s.number_label if s.number else None, "title": s.title, "status": s.status,
        "status_label": s.get_status_display(), "region": s.region_id, "year": s.year, "session": s.session_id,
        "lead": s.lead.person.name, "category": s.category.name if s.category_id else None, "is_key": s.is_key,
        "is_complex": s.is_complex, "round": s.round, "due_on": s.due_on,
        "deadline": workflow.deadline_state(s.status, s.due_on, today), "reply_class": s.reply_class,
        "satisfaction": s.satisfaction,
    }


def _detail(s: Suggestion, user) -> dict:
    parts = selectors.suggestion_parts(suggestion=s)
    return {
        **_out(s, timezone.localdate()), "body": s.body,
        "signers": [f"{p.mandate.person.name}（{p.get_role_display()}，{p.get_status_display()}）"
                    for p in parts["signers"]],
        "handlings": [{"id": h.pk, "unit": h.unit.name, "role": h.role, "status": h.status,
                       "assigned_on": h.assigned_on, "signed_on": h.signed_on,
                       "actions": workflow.handling_actions(h.status, h.role, permissions.handling_actors(user, h))}
                      for h in parts["handlings"]],
        "replies": [{"id": r.pk, "round": r.round, "unit": r.handling.unit.name, "reply_class": r.reply_class,
                     "status": r.status, "body": r.body, "sent_on": r.sent_on} for r in parts["replies"]],
        "events": [{"at": e.at, "actor": e.actor_label, "action": e.action, "note": e.note}
                   for e in selectors.suggestion_events(suggestion=s)],
        "actions": [a for a in actions.offered(user, s) if a != "attach"],
    }


def _require_reader(user):
    if not permissions.can_view_suggestions(user):
        raise PermissionDenied


@router.get("/suggestions", response=SuggestionPage, summary="可见范围内的代表建议（按 id 倒序，键集翻页）")
def suggestion_list(request, filters: Query[SuggestionFilter]):
    _require_reader(request.user)
    rows, next_after = selectors.suggestion_list(
        user=request.user, after=filters.after, limit=filters.limit,
        filters=selectors.SuggestionFilters(status=filters.status, term=filters.term, year=filters.year,
                                            unit=filters.unit, deadline=filters.deadline, key=filters.key,
                                            query=filters.q.strip()))
    today = timezone.localdate()
    return {"items": [_out(s, today) for s in rows], "next_after": next_after}


@router.get("/suggestions/{suggestion_id}", response=SuggestionDetailOut, summary="一件代表建议及其办理情况")
def suggestion_detail(request, suggestion_id: int):
    _require_reader(request.user)
    return _detail(selectors.suggestion_get(user=request.user, pk=suggestion_id), request.user)


@router.post("/suggestions", response={201: SuggestionDetailOut}, summary="提出（或代为录入）一件代表建议")
def suggestion_create(request, payload: SuggestionIn):
    user = request.user
    if not permissions.can_file(user):
        raise PermissionDenied
    lead = next((m for m in selectors.filing_mandates(user=user) if m.pk == payload.lead), None) or (
        selectors.lead_choices(user=user).filter(pk=payload.lead).first() if permissions.can_manage(user) else None)
    if lead is None:
        raise ValidationError({"lead": "领衔代表不存在或不在您的范围内"})
    session = next((s for s in selectors.session_choices(term_id=lead.term_id) if s.pk == payload.session), None)
    if payload.session and session is None:
        raise ValidationError({"session": "会议不属于领衔代表所在人大本届"})
    category = category_get(region_code=lead.region_id, pk=payload.category) if payload.category else None
    if payload.category and category is None:
        raise ValidationError({"category": "分类不存在"})
    try:
        suggestion = services.suggestion_create(
            lead=lead, title=payload.title, body=payload.body, actor=user, session=session, category=category,
            is_complex=payload.is_complex, cosigners=selectors.mandates_get(lead=lead, ids=payload.cosigners[:100]))
        if payload.submit:
            services.suggestion_submit(suggestion=suggestion, actor=user)
    except PermissionDeniedError:
        raise PermissionDenied from None
    return Status(201, _detail(selectors.suggestion_get(user=user, pk=suggestion.pk), user))


def _unit(region: str, pk: int | None, field: str):
    unit = selectors.unit_get(region_code=region, pk=pk) if pk else None
    if unit is None:
        raise ValidationError({field: "承办单位不存在或不在本级及下级"})
    return unit


@router.post("/suggestions/{suggestion_id}/transitions", response=SuggestionDetailOut,
             summary="办理一件建议（提交、审核立案、退回、交办、评价、办结…）")
def suggestion_transition(request, suggestion_id: int, payload: TransitionIn):
    _require_reader(request.user)
    user, action = request.user, payload.action
    s = selectors.suggestion_get(user=user, pk=suggestion_id)
    if not permissions.suggestion_actors(user, s):
        raise PermissionDenied
    try:
        if action in ("submit", "resubmit"):
            services.suggestion_submit(suggestion=s, actor=user)
        elif action == "withdraw":
            services.suggestion_withdraw(suggestion=s, actor=user, reason=payload.note)
        elif action == "accept":
            category = category_get(region_code=s.region_id, pk=payload.category) if payload.category else None
            services.suggestion_accept(suggestion=s, actor=user, category=category, is_complex=payload.is_complex,
                                       note=payload.note)
        elif action == "return":
            services.suggestion_return(suggestion=s, actor=user, reason=payload.reason)
        elif action == "assign":
            partners = [(_unit(s.region_id, pk, "assist_units"), workflow.ASSIST) for pk in payload.assist_units]
            partners += [(_unit(s.region_id, pk, "joint_units"), workflow.JOINT) for pk in payload.joint_units]
            services.suggestion_assign(suggestion=s, lead_unit=_unit(s.region_id, payload.lead_unit, "lead_unit"),
                                       partners=partners, actor=user, note=payload.note)
        elif action == "rate":
            services.suggestion_rate(suggestion=s, actor=user, satisfaction=payload.satisfaction,
                                     reasons=payload.reasons)
        elif action == "close":
            services.suggestion_close(suggestion=s, actor=user, note=payload.note)
        else:
            raise ValidationError({"action": "不是允许的操作"})
    except PermissionDeniedError:
        raise PermissionDenied from None
    return _detail(selectors.suggestion_get(user=user, pk=suggestion_id), user)


@router.post("/suggestions/{suggestion_id}/handlings/{handling_id}/transitions", response=SuggestionDetailOut,
             summary="承办单位办理（签收、申请退回、联系代表、协办意见、答复、审签…）")
def handling_transition(request, suggestion_id: int, handling_id: int, payload: HandlingTransitionIn):
    _require_reader(request.user)
    user, action = request.user, payload.action
    s = selectors.suggestion_get(user=user, pk=suggestion_id)
    part: Handling = selectors.handling_get(user=user, suggestion=s, pk=handling_id)
    if not permissions.handling_actors(user, part):
        raise PermissionDenied
    try:
        if action == "sign":
            services.handling_sign(handling=part, actor=user)
        elif action == "request_return":
            services.handling_request_return(handling=part, actor=user, reason=payload.reason)
        elif action in ("approve_return", "refuse_return"):
            new_unit = _unit(s.region_id, payload.new_unit, "new_unit") if payload.new_unit else None
            services.handling_decide_return(handling=part, actor=user, approve=action == "approve_return",
                                            note=payload.note, new_unit=new_unit)
        elif action == "contact":
            services.contact_record(handling=part, actor=user, contacted_on=payload.contacted_on, way=payload.way,
                                    summary=payload.summary)
        elif action == "send_opinion":
            services.handling_send_opinion(handling=part, actor=user, opinion=payload.opinion)
        elif action == "submit_reply":
            services.reply_submit(handling=part, actor=user, body=payload.body, reply_class=payload.reply_class)
        elif action in ("approve", "send_back"):
            reply = part.replies.filter(status=Reply.Status.AWAITING_APPROVAL).order_by("-id").first()
            if reply is None:
                raise ValidationError({"action": "没有待审签的答复"})
            if action == "approve":
                services.reply_approve(reply=reply, actor=user, note=payload.note)
            else:
                services.reply_send_back(reply=reply, actor=user, note=payload.note)
        else:
            raise ValidationError({"action": "不是允许的操作"})
    except PermissionDeniedError:
        raise PermissionDenied from None
    return _detail(selectors.suggestion_get(user=user, pk=suggestion_id), user)
