"""/api/v1/issues: the same selectors and services as the pages; personal data masked."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Query, Router, Schema, Status

from lianluo.accounts.scoping import covers
from lianluo.casework import permissions, selectors, services, workflow
from lianluo.casework.models import Channel, Issue
from lianluo.core.errors import PermissionDeniedError
from lianluo.regions.models import Congress, Organisation, Region

router = Router(tags=["群众意见"])


class IssueOut(Schema):
    id: int
    number: str
    title: str
    status: str
    status_label: str
    channel: str
    region: str
    category: str | None
    station: str | None
    unit: str | None
    received_on: datetime.date
    due_on: datetime.date | None
    overdue: bool
    round: int
    people_count: int


class PersonOut(Schema):
    name: str = Field(description="已脱敏")
    mobile: str = Field(description="已脱敏")
    wants_answer: bool


class EventOut(Schema):
    at: datetime.datetime
    actor: str
    action: str
    from_status: str
    to_status: str
    note: str


class IssueDetailOut(IssueOut):
    content: str
    place: str
    decline_reason: str
    feedback: str
    answer: str
    satisfaction: str
    merged_into: str | None
    parent: str | None
    people: list[PersonOut]
    events: list[EventOut]
    actions: list[str] = Field(description="当前用户在当前状态下可执行的操作")


class IssuePage(Schema):
    items: list[IssueOut]
    next_after: int | None = Field(None, description="下一页：把此值作为 after 参数")


class IssueFilter(Schema):
    status: str = Field("", description="状态，如 received / forwarded")
    category: int | None = None
    station: int | None = None
    unit: int | None = None
    overdue: bool = False
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None
    channel: str = ""
    q: str = Field("", max_length=30, description="标题或内容包含")
    after: int | None = Field(None, description="翻页：上一页最后一条的 id")
    limit: int = Field(30, ge=1, le=100)


class PersonIn(Schema):
    name: str = ""
    mobile: str = ""
    id_number: str = ""
    address: str = ""
    wants_answer: bool = True


class IssueIn(Schema):
    region: str = Field(..., description="受理人大所在区划代码")
    title: str
    content: str
    channel: str = Field(Channel.API, description="来源：station / phone / letter / web / api")
    constituents: list[PersonIn] = []
    station: int | None = None
    category: int | None = None
    place: str = ""
    received_on: datetime.date | None = None


class TransitionIn(Schema):
    action: str = Field(..., description="accept / decline / handle / forward / transfer / feedback / answer / "
                                         "rate / close / reopen / merge")
    note: str = ""
    reason: str = Field("", description="decline、reopen 必填")
    answer: str = Field("", description="handle、answer 必填")
    feedback: str = Field("", description="feedback 必填")
    unit: int | None = Field(None, description="forward：承办单位 id（本级）")
    to_region: str = Field("", description="transfer：转往人大所在区划代码")
    satisfaction: str = Field("", description="rate：satisfied / basically / dissatisfied")
    comment: str = ""
    category: int | None = Field(None, description="accept：分类 id")
    duplicates: list[str] = Field([], description="merge：并入的重复意见编号")


def _out(issue: Issue, today: datetime.date) -> dict:
    return {
        "id": issue.id, "number": issue.number, "title": issue.title, "status": issue.status,
        "status_label": issue.get_status_display(), "channel": issue.channel, "region": issue.region_id,
        "category": issue.category.name if issue.category_id else None,
        "station": issue.station.name if issue.station_id else None,
        "unit": issue.unit.name if issue.unit_id else None, "received_on": issue.received_on,
        "due_on": issue.due_on, "overdue": workflow.is_overdue(issue.status, issue.due_on, today),
        "round": issue.round, "people_count": issue.people_count,
    }


def _detail(issue: Issue, user) -> dict:
    from django.utils import timezone  # noqa: PLC0415

    return {
        **_out(issue, timezone.localdate()), "content": issue.content, "place": issue.place,
        "decline_reason": issue.decline_reason, "feedback": issue.feedback, "answer": issue.answer,
        "satisfaction": issue.satisfaction, "merged_into": issue.merged_into.number if issue.merged_into_id else None,
        "parent": issue.parent.number if issue.parent_id else None,
        "people": [{"name": p.masked_name, "mobile": p.masked_mobile, "wants_answer": p.wants_answer}
                   for p in issue.constituents.all()],
        "events": [{"at": e.at, "actor": e.actor_label, "action": e.action, "from_status": e.from_status,
                    "to_status": e.to_status, "note": e.note} for e in selectors.issue_events(issue=issue)],
        "actions": workflow.allowed_actions(issue.status, permissions.action_roles(user, issue)),
    }


def _require_reader(user):
    if not permissions.can_view_issues(user):
        raise PermissionDenied


@router.get("/issues", response=IssuePage, summary="辖区内的群众意见（按 id 倒序，键集翻页）")
def issue_list(request, filters: Query[IssueFilter]):
    from django.utils import timezone  # noqa: PLC0415

    _require_reader(request.user)
    rows, next_after = selectors.issue_list(
        user=request.user, after=filters.after, limit=filters.limit,
        filters=selectors.IssueFilters(
            status=filters.status, category=filters.category, station=filters.station, unit=filters.unit,
            overdue=filters.overdue, received_from=filters.received_from, received_to=filters.received_to,
            channel=filters.channel, query=filters.q.strip(),
        ),
    )
    today = timezone.localdate()
    return {"items": [_out(i, today) for i in rows], "next_after": next_after}


@router.get("/issues/{issue_id}", response=IssueDetailOut, summary="一件群众意见及其办理记录")
def issue_detail(request, issue_id: int):
    _require_reader(request.user)
    return _detail(selectors.issue_get(user=request.user, pk=issue_id), request.user)


@router.post("/issues", response={201: IssueDetailOut}, summary="登记一件群众意见")
def issue_create(request, payload: IssueIn):
    if not permissions.can_record_issue(request.user):
        raise PermissionDenied
    region = Region.objects.filter(code=payload.region, congress__isnull=False).first()
    if region is None:
        raise ValidationError({"region": "区划代码不存在或该区划没有人民代表大会"})
    if not covers(request.user, region.code, roles=permissions.STAFF) and not any(
        a.region_id.startswith(region.code) for a in request.user.active_assignments()
        if a.role in permissions.STAFF
    ):
        raise ValidationError({"region": "该人大不在您的辖区内"})
    station = None
    if payload.station:
        from lianluo.accounts.scoping import restrict_to_jurisdiction  # noqa: PLC0415
        from lianluo.stations.models import Station  # noqa: PLC0415

        station = restrict_to_jurisdiction(Station.objects.all(), request.user, roles=permissions.STAFF).filter(
            pk=payload.station).first()
        if station is None:
            raise ValidationError({"station": "联络站不存在或不在您的辖区内"})
    category = None
    if payload.category:
        category = selectors.categories_for(region.code).filter(pk=payload.category).first()
        if category is None:
            raise ValidationError({"category": "分类不存在"})
    issue = services.issue_submit(
        region=region, title=payload.title, content=payload.content, channel=payload.channel,
        constituents=[p.dict() for p in payload.constituents], station=station, category=category,
        place=payload.place, received_on=payload.received_on, actor=request.user,
    )
    return Status(201, _detail(selectors.issue_get(user=request.user, pk=issue.pk), request.user))


@router.post("/issues/{issue_id}/transitions", response=IssueDetailOut, summary="办理一件群众意见（受理、转办、答复…）")
def issue_transition(request, issue_id: int, payload: TransitionIn):
    _require_reader(request.user)
    issue = selectors.issue_get(user=request.user, pk=issue_id)
    if not permissions.action_roles(request.user, issue) & (workflow.STAFF | workflow.UNIT):
        raise PermissionDenied
    user, action = request.user, payload.action
    try:
        if action == "accept":
            category = selectors.categories_for(issue.region_id).filter(pk=payload.category).first() \
                if payload.category else None
            services.issue_accept(issue=issue, actor=user, category=category, note=payload.note)
        elif action == "decline":
            services.issue_decline(issue=issue, actor=user, reason=payload.reason)
        elif action == "handle":
            services.issue_handle(issue=issue, actor=user, answer=payload.answer)
        elif action == "answer":
            services.issue_answer(issue=issue, actor=user, answer=payload.answer)
        elif action == "forward":
            unit = Organisation.objects.filter(pk=payload.unit).first() if payload.unit else None
            services.issue_forward(issue=issue, actor=user, unit=unit, note=payload.note)
        elif action == "transfer":
            region = Region.objects.filter(code=payload.to_region).first()
            if region is None or not Congress.objects.filter(region=region).exists():
                raise ValidationError({"to_region": "请填写转往人大的区划代码"})
            services.issue_transfer(issue=issue, actor=user, to_region=region, note=payload.note)
        elif action == "feedback":
            services.issue_feedback(issue=issue, actor=user, feedback=payload.feedback)
        elif action == "rate":
            services.issue_rate(issue=issue, actor=user, satisfaction=payload.satisfaction, comment=payload.comment)
        elif action == "close":
            services.issue_close(issue=issue, actor=user, note=payload.note)
        elif action == "reopen":
            services.issue_reopen(issue=issue, actor=user, reason=payload.reason)
        elif action == "merge":
            found = list(selectors.issues_visible(user=user).filter(number__in=payload.duplicates[:50]))
            if len(found) != len(set(payload.duplicates)):
                raise ValidationError({"duplicates": "部分编号不存在或不在您的辖区内"})
            services.issue_merge(master=issue, duplicates=found, actor=user, note=payload.note)
        else:
            raise ValidationError({"action": "不是允许的操作"})
    except PermissionDeniedError:
        raise PermissionDenied from None
    return _detail(selectors.issue_get(user=user, pk=issue_id), user)
