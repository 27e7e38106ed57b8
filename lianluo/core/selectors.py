"""Reads of the audit log (审计管理员 only)."""

import datetime

from django.db.models import QuerySet

from lianluo.core.models import AuditEvent


def audit_event_list(*, action: str = "", actor: str = "", obj: str = "", date_from: datetime.date | None = None,
                     date_to: datetime.date | None = None, outcome: str = "") -> QuerySet[AuditEvent]:
    """Search the audit log. The whole log is the audit administrator's object (等保 8.1.5.2)."""
    qs = AuditEvent.objects.all()
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if obj:
        qs = qs.filter(object_label__icontains=obj) | qs.filter(object_id=obj)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs.order_by("-id")
