"""并案: duplicates of one problem become one case."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.casework import workflow
from lianluo.casework.models import Issue
from lianluo.casework.permissions import action_roles
from lianluo.casework.services._common import _audit, _event, _require
from lianluo.casework.services.monthly import _monthly_sync, _snapshot
from lianluo.core.errors import PermissionDeniedError, ServiceError


def issue_merge(*, master: Issue, duplicates: Iterable[Issue], actor, note: str = "") -> Issue:
    """并案: the same problem raised by many people stays one case. Each duplicate becomes 已并案 and points at
    the master; the master's 反映人数 sums everyone behind it, and its answer reaches them all."""
    ids = sorted({d.pk for d in duplicates} - {master.pk})
    if not ids:
        raise ValidationError({"duplicates": "请选择要并入的重复意见"})
    with transaction.atomic():
        locked = {i.pk: i for i in Issue.objects.select_for_update().filter(pk__in=[master.pk, *ids]).order_by("pk")}
        master = locked[master.pk]
        if master.status not in workflow.OPEN:
            raise ServiceError(f"主件当前为“{master.get_status_display()}”，不能再并入其他意见。")
        if actor is not None and not action_roles(actor, master) & workflow.STAFF:
            raise PermissionDeniedError("无权对该意见执行“并案”。")
        added = 0
        for pk in ids:
            duplicate = locked.get(pk)
            if duplicate is None:
                raise ValidationError({"duplicates": "所选意见不存在"})
            if duplicate.region_id != master.region_id:
                raise ValidationError({"duplicates": f"{duplicate.number} 不属于同一人大，不能并案"})
            target = _require(duplicate, "merge", actor)
            before, source = _snapshot(duplicate), duplicate.status
            duplicate.status, duplicate.merged_into = target, master
            duplicate.save()
            added += duplicate.people_count
            _event(duplicate, action="merged_into", actor=actor, actor_label="", from_status=source,
                   to_status=target, note=note, data={"master": master.number})
            _audit(duplicate, action="merge", actor=actor, summary={"master": master.number})
            _monthly_sync(before, duplicate)
        master.people_count += added
        master.save(update_fields=["people_count", "updated_at"])
        numbers = [locked[pk].number for pk in ids]
        _event(master, action="merge", actor=actor, actor_label="", from_status=master.status,
               to_status=master.status, note=note, data={"merged": numbers, "people_count": master.people_count})
        _audit(master, action="merge_master", actor=actor, summary={"merged": numbers})
    return master
