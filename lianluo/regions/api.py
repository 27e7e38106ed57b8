import datetime

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema, Status

from lianluo.accounts import permissions
from lianluo.regions import selectors, services
from lianluo.regions.models import Session

router = Router(tags=["行政区划与人大"])


def _require_reader(user):
    if not permissions.can_view_structure(user):
        raise PermissionDenied


class RegionOut(Schema):
    code: str
    name: str
    level: int
    parent: str | None = Field(None, alias="parent_id")


class RegionFilter(Schema):
    parent: str | None = Field(None, description="上级区划代码")
    q: str | None = Field(None, max_length=30, description="名称包含")
    limit: int = Field(100, ge=1, le=500)


class SessionOut(Schema):
    id: int
    number: int
    title: str
    kind: str
    start_date: datetime.date
    end_date: datetime.date | None


class TermOut(Schema):
    id: int
    number: int
    title: str
    start_date: datetime.date
    end_date: datetime.date | None
    sessions: list[SessionOut]


class CongressOut(Schema):
    id: int
    name: str
    level: int
    region: str = Field(alias="region_id")


class CongressDetailOut(CongressOut):
    terms: list[TermOut]


class SessionIn(Schema):
    number: int = Field(..., ge=1, le=99, description="会次")
    kind: str = Field(Session.Kind.REGULAR, description="regular 例会 / extraordinary 临时会议")
    start_date: datetime.date
    end_date: datetime.date | None = None


@router.get("/regions", response=list[RegionOut], summary="辖区内的行政区划")
def region_list(request, filters: Query[RegionFilter]):
    _require_reader(request.user)
    qs = selectors.region_list(user=request.user, parent=filters.parent, query=filters.q or "")
    return list(qs[: filters.limit])


@router.get("/regions/{code}", response=RegionOut, summary="一个行政区划")
def region_detail(request, code: str):
    _require_reader(request.user)
    return selectors.region_get(user=request.user, code=code)


@router.get("/congresses", response=list[CongressOut], summary="辖区内的人民代表大会")
def congress_list(request):
    _require_reader(request.user)
    return list(selectors.congress_list(user=request.user))


@router.get("/congresses/{congress_id}", response=CongressDetailOut, summary="人民代表大会及其各届、各次会议")
def congress_detail(request, congress_id: int):
    _require_reader(request.user)
    congress = selectors.congress_get(user=request.user, pk=congress_id)
    terms = [
        {"id": t.id, "number": t.number, "title": t.title, "start_date": t.start_date, "end_date": t.end_date,
         "sessions": [{"id": s.id, "number": s.number, "title": s.title, "kind": s.kind,
                       "start_date": s.start_date, "end_date": s.end_date} for s in t.sessions.all()]}
        for t in selectors.congress_terms(congress=congress)
    ]
    return {"id": congress.id, "name": congress.name, "level": congress.level, "region_id": congress.region_id,
            "terms": terms}


@router.post("/terms/{term_id}/sessions", response={201: SessionOut}, summary="登记一次会议")
def session_create(request, term_id: int, payload: SessionIn):
    term = selectors.term_get(user=request.user, pk=term_id)
    if not permissions.can_edit_congress(request.user, term.congress.region_id):
        raise PermissionDenied
    session = services.session_create(term=term, actor=request.user, **payload.dict())
    return Status(201, {"id": session.id, "number": session.number, "title": session.title, "kind": session.kind,
                 "start_date": session.start_date, "end_date": session.end_date})
