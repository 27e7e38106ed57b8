import datetime

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from lianluo.deputies import selectors
from lianluo.deputies.permissions import can_view_roster

router = Router(tags=["人大代表"])


class MandateOut(Schema):
    id: int
    name: str
    gender: str
    ethnicity: str
    party: str
    congress: str
    term: str
    delegation: str | None
    status: str
    mobile: str = Field(description="已脱敏")
    started_on: datetime.date


class RosterFilter(Schema):
    level: int | None = Field(None, ge=1, le=4, description="人大层级：1 省级 … 4 乡级")
    status: str = Field("", description="serving 在任 / ended 终止")
    q: str = Field("", max_length=30, description="姓名包含")
    limit: int = Field(100, ge=1, le=500)


@router.get("/deputies", response=list[MandateOut], summary="辖区内的人大代表")
def deputy_list(request, filters: Query[RosterFilter]):
    if not can_view_roster(request.user):
        raise PermissionDenied
    qs = selectors.mandate_list(user=request.user, level=filters.level, status=filters.status, query=filters.q)
    return [
        {"id": m.id, "name": m.person.name, "gender": m.person.get_gender_display(), "ethnicity": m.person.ethnicity,
         "party": m.person.party, "congress": m.term.congress.name, "term": m.term.title,
         "delegation": m.delegation.name if m.delegation else None, "status": m.get_status_display(),
         "mobile": m.person.masked_mobile, "started_on": m.started_on}
        for m in qs[: filters.limit]
    ]
