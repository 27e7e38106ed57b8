"""Helpers every proposals service shares: row locks, the workflow checks, numbering, history and audit rows."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from lianluo.core.audit import audit_record
from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.proposals import workflow
from lianluo.proposals.models import Handling, Motion, ProposalCounter, ProposalEvent, Signer, Suggestion
from lianluo.proposals.permissions import handling_actors, motion_actors, suggestion_actors
from lianluo.proposals.services.figures import figures_sync


def _today() -> datetime.date:
    return timezone.localdate()


def _actor(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _label(actor, actor_label: str = "") -> str:
    if _actor(actor) is not None:
        return actor_label or getattr(actor, "full_name", "") or actor.get_username()
    return actor_label or "系统"


# Lock the row itself only (``of``): PostgreSQL refuses FOR UPDATE across the nullable side of an outer join.
def _lock(suggestion: Suggestion) -> Suggestion:
    return Suggestion.objects.select_for_update(of=("self",)).select_related("lead__person", "region").get(
        pk=suggestion.pk)


def _lock_handling(handling: Handling) -> Handling:
    return Handling.objects.select_for_update(of=("self",)).select_related("suggestion__lead__person", "unit").get(
        pk=handling.pk)


def _lock_motion(motion: Motion) -> Motion:
    return Motion.objects.select_for_update(of=("self",)).select_related("lead__person", "region").get(pk=motion.pk)


def _event(*, suggestion: Suggestion | None = None, motion: Motion | None = None, handling: Handling | None = None,
           action: str, actor, actor_label: str = "", from_status: str = "", to_status: str = "", note: str = "",
           data: dict | None = None) -> ProposalEvent:
    """Write the history row; for a suggestion, bring the statistics' running counts up to date as well (every
    change to a suggestion writes a history row, in the transaction of the change)."""
    event = ProposalEvent.objects.create(
        suggestion=suggestion, motion=motion, handling=handling, actor=_actor(actor),
        actor_label=_label(actor, actor_label)[:100], action=action, from_status=from_status, to_status=to_status,
        note=note, data=data or {},
    )
    if suggestion is not None:
        figures_sync(suggestion.pk)
    return event


def _audit(obj, *, action: str, actor, actor_label: str = "", summary: dict | None = None) -> None:
    prefix = "motion" if isinstance(obj, Motion) else "handling" if isinstance(obj, Handling) else "suggestion"
    label = _label(actor, actor_label) if _actor(actor) is None else ""
    audit_record(action=f"{prefix}.{action}", actor=_actor(actor), obj=obj, actor_label=label,
                 summary={"status": obj.status, **(summary or {})})


def _require_suggestion(suggestion: Suggestion, action: str, actor) -> str:
    """The status after ``action``; refuses an action not allowed now, or not by this actor (None: the system)."""
    try:
        target = workflow.suggestion_target(suggestion.status, action)
    except workflow.TransitionError as exc:
        raise ServiceError(str(exc)) from None
    actors = suggestion_actors(actor, suggestion) if _actor(actor) is not None else {workflow.SYSTEM}
    if not workflow.suggestion_may(suggestion.status, action, actors):
        raise PermissionDeniedError(f"无权对该建议执行“{workflow.ACTION_LABELS.get(action, action)}”。")
    return target


def _transition(suggestion: Suggestion, action: str, *, actor, actor_label: str = "", note: str = "",
                data: dict | None = None, change=None, event_action: str | None = None) -> Suggestion:
    """Lock, check, apply ``change(suggestion)``, save, write history and audit. Call inside atomic()."""
    suggestion = _lock(suggestion)
    target = _require_suggestion(suggestion, action, actor)
    source = suggestion.status
    if change is not None:
        change(suggestion)
    suggestion.status = target
    suggestion.save()
    _event(suggestion=suggestion, action=event_action or action, actor=actor, actor_label=actor_label,
           from_status=source, to_status=target, note=note, data=data)
    _audit(suggestion, action=event_action or action, actor=actor, actor_label=actor_label,
           summary={"from": source, **(data or {})})
    return suggestion


def _handling_transition(handling: Handling, action: str, *, actor, note: str = "", data: dict | None = None,
                         change=None, locked: bool = False) -> Handling:
    """The same for one unit's part; the history row goes on the suggestion, naming the unit."""
    handling = handling if locked else _lock_handling(handling)
    try:
        target = workflow.handling_target(handling.status, action, handling.role)
    except workflow.TransitionError as exc:
        raise ServiceError(str(exc)) from None
    actors = handling_actors(actor, handling) if _actor(actor) is not None else {workflow.SYSTEM}
    if not workflow.handling_may(handling.status, action, handling.role, actors):
        raise PermissionDeniedError(f"无权对该承办事项执行“{workflow.ACTION_LABELS.get(action, action)}”。")
    source = handling.status
    if change is not None:
        change(handling)
    handling.status = target
    handling.save()
    _event(suggestion=handling.suggestion, handling=handling, action=action, actor=actor, from_status=source,
           to_status=target, note=note, data={"unit": handling.unit.name, **(data or {})})
    _audit(handling, action=action, actor=actor, summary={"from": source, "suggestion": handling.suggestion_id,
                                                         **(data or {})})
    return handling


def _next_number(region_id: str, kind: str, scope: str) -> int:
    """The next number in a row-locked counter per office, kind and scope (session, or year between sessions)."""
    counter = ProposalCounter.objects.select_for_update().filter(region_id=region_id, kind=kind, scope=scope).first()
    if counter is None:
        try:
            with transaction.atomic():
                ProposalCounter.objects.create(region_id=region_id, kind=kind, scope=scope, last=0)
        except IntegrityError:
            pass  # another transaction created it first; lock theirs
        counter = ProposalCounter.objects.select_for_update().get(region_id=region_id, kind=kind, scope=scope)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _text(value: str | None) -> str:
    return (value or "").strip()


def _motion_transition(motion: Motion, action: str, *, actor, note: str = "", data: dict | None = None,
                       change=None) -> Motion:
    """Lock, check the motion table and the actor, apply ``change(motion)``, save, history and audit."""
    motion = _lock_motion(motion)
    try:
        target = workflow.motion_target(motion.status, action)
    except workflow.TransitionError as exc:
        raise ServiceError(str(exc)) from None
    actors = motion_actors(actor, motion) if _actor(actor) is not None else {workflow.SYSTEM}
    if not workflow.motion_may(motion.status, action, actors):
        raise PermissionDeniedError(f"无权对该议案执行“{workflow.ACTION_LABELS.get(action, action)}”。")
    source = motion.status
    if change is not None:
        change(motion)
    motion.status = target
    motion.save()
    _event(motion=motion, action=action, actor=actor, from_status=source, to_status=target, note=note, data=data)
    _audit(motion, action=action, actor=actor, summary={"from": source, **(data or {})})
    return motion


def _answer_invitation(*, actor, accept: bool, still_open: bool, what: str, **proposal) -> Signer:
    """The invited deputy's own answer to an invitation to co-sign (``proposal``: ``suggestion=`` or ``motion=``,
    locked by the caller): only before the proposal is filed (``still_open``) and by the deadline. Writes the
    signer; the caller writes the history and audit rows."""
    today = _today()
    signer = (Signer.objects.select_for_update().filter(mandate__person__user=actor, role=Signer.Role.COSIGNER,
                                                        **proposal)
              .select_related("mandate__person").first()) if _actor(actor) else None
    if signer is None:
        raise PermissionDeniedError(f"您没有收到该{what}的附议邀请。")
    if signer.status != Signer.Status.INVITED:
        raise ServiceError(f"您已{signer.get_status_display()}，不能重复操作。")
    if not still_open:
        raise ServiceError(f"该{what}已提出或已撤回，附议已截止。")
    if signer.respond_by and today > signer.respond_by:
        raise ServiceError(f"附议确认期限（{signer.respond_by:%Y-%m-%d}）已过。")
    signer.status = Signer.Status.CONFIRMED if accept else Signer.Status.DECLINED
    signer.responded_on = today
    signer.save(update_fields=["status", "responded_on", "updated_at"])
    return signer
