import datetime

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from lianluo.accounts import permissions
from lianluo.core import selectors

router = Router(tags=["审计"])


class AuditEventOut(Schema):
    id: int
    at: datetime.datetime
    actor: str = Field(alias="actor_label")
    ip: str
    action: str
    object_type: str
    object_id: str
    object_label: str
    outcome: str
    summary: dict


class AuditFilter(Schema):
    action: str = Field("", max_length=64)
    actor: str = Field("", max_length=64)
    before: int | None = Field(None, description="只返回编号小于此值的记录（向前翻页）")
    limit: int = Field(50, ge=1, le=500)


@router.get("/audit/events", response=list[AuditEventOut], summary="检索审计日志（审计管理员）")
def audit_events(request, filters: Query[AuditFilter]):
    if not permissions.can_read_audit(request.user):
        raise PermissionDenied
    qs = selectors.audit_event_list(action=filters.action, actor=filters.actor)
    if filters.before:
        qs = qs.filter(id__lt=filters.before)
    return list(qs[: filters.limit])
