"""Helpers every casework service shares: the row lock, the workflow check, history and audit rows, and
the one transition function."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from lianluo.casework import workflow
from lianluo.casework.models import Category, Issue, IssueEvent
from lianluo.casework.permissions import action_roles
from lianluo.casework.services.monthly import _monthly_sync, _snapshot
from lianluo.core.audit import audit_record
from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.regions.models import Region


def _today() -> datetime.date:
    return timezone.localdate()


def _label(actor, actor_label: str) -> str:
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor_label or getattr(actor, "full_name", "") or actor.get_username()
    return actor_label or "系统"


def _actor(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _lock(issue: Issue) -> Issue:
    return Issue.objects.select_for_update().get(pk=issue.pk)


def _require(issue: Issue, action: str, actor) -> str:
    """The status after ``action``; refuses an action not allowed now, or by this actor."""
    try:
        target = workflow.target_status(issue.status, action)
    except workflow.TransitionError as exc:
        raise ServiceError(str(exc)) from None
    if _actor(actor) is not None and not workflow.may(issue.status, action, action_roles(actor, issue)):
        raise PermissionDeniedError(f"无权对该意见执行“{workflow.ACTION_LABELS.get(action, action)}”。")
    return target


def _event(issue: Issue, *, action: str, actor, actor_label: str, from_status: str = "", to_status: str = "",
           note: str = "", data: dict | None = None) -> IssueEvent:
    return IssueEvent.objects.create(
        issue=issue, actor=_actor(actor), actor_label=_label(actor, actor_label)[:100], action=action,
        from_status=from_status, to_status=to_status, note=note, data=data or {},
    )


def _audit(issue: Issue, *, action: str, actor, actor_label: str = "", summary: dict | None = None) -> None:
    label = _label(actor, actor_label) if _actor(actor) is None else ""
    audit_record(action=f"issue.{action}", actor=actor, obj=issue, actor_label=label,
                 summary={"number": issue.number, "status": issue.status, **(summary or {})})


def _check_category(category: Category | None, region: Region) -> None:
    if category is not None and not region.code.startswith(category.region_id):
        raise ValidationError({"category": "所选分类不属于本级或上级人大维护的分类目录"})


def _transition(issue: Issue, action: str, *, actor, actor_label: str = "", note: str = "", data=None,
                change=None, event_action: str | None = None) -> Issue:
    """Lock, check, apply ``change(issue)``, save, write history/audit/summary. Call inside atomic()."""
    issue = _lock(issue)
    target = _require(issue, action, actor)
    before, source = _snapshot(issue), issue.status
    if change is not None:
        change(issue)
    issue.status = target
    issue.save()
    _event(issue, action=event_action or action, actor=actor, actor_label=actor_label, from_status=source,
           to_status=target, note=note, data=data)
    _audit(issue, action=event_action or action, actor=actor, actor_label=actor_label,
           summary={"from": source, **(data or {})})
    _monthly_sync(before, issue)
    return issue
