"""Writing and verifying the audit log (等保 8.1.4.3; SECURITY.md A8–A9).

``audit_record`` is called inside the business transaction it describes, so that the audit row and
the change it records commit or roll back together (fail closed).
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import models, transaction
from django.utils import timezone

from lianluo.core import request_context
from lianluo.core.crypto import provider
from lianluo.core.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _canonical(event: AuditEvent) -> bytes:
    payload = {
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "ip": event.ip,
        "request_id": event.request_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_label": event.object_label,
        "outcome": event.outcome,
        "summary": event.summary,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _chain_hash(prev_hash: str, event: AuditEvent) -> str:
    return provider().mac(prev_hash.encode() + b"|" + _canonical(event), purpose="audit-chain")


def changes(before: dict, after: dict) -> dict:
    """The fields that differ, as {field: [old, new]} (values must already be masked)."""
    keys = sorted(set(before) | set(after))
    return {key: [before.get(key), after.get(key)] for key in keys if before.get(key) != after.get(key)}


def audit_record(
    *,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    outcome: str = AuditEvent.Outcome.SUCCESS,
    summary: dict | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one event to the chain. Never pass plaintext personal data in ``summary``."""
    context = request_context.current()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)[:200]
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_label = actor_label or actor.get_username()
    else:
        actor = None
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            at=timezone.now(),
            actor=actor,
            actor_label=actor_label[:150],
            ip=context.ip,
            request_id=context.request_id,
            action=action,
            object_type=object_type,
            object_id=str(object_id)[:64],
            object_label=object_label[:200],
            outcome=outcome,
            summary=json.loads(json.dumps(summary or {}, ensure_ascii=False, default=str)),
            prev_hash=head.last_hash,
        )
        event.hash = _chain_hash(head.last_hash, event)
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=1).update(last_hash=event.hash, length=models.F("length") + 1)
    return event


@dataclass(frozen=True)
class ChainBreak:
    event_id: int | None
    reason: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    breaks: list[ChainBreak]
    verified_at: datetime

    @property
    def ok(self) -> bool:
        return not self.breaks


def audit_verify(*, chunk_size: int = 2000) -> ChainReport:
    """Recompute the chain from the first row; report every row whose hash or link is wrong.

    A changed row fails its own hash; a deleted row breaks the next row's link; rows deleted at the
    end show as a mismatch with the chain head.
    """
    breaks: list[ChainBreak] = []
    prev_hash = GENESIS_HASH
    checked = 0
    last_id = None
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=chunk_size):
        checked += 1
        if event.prev_hash != prev_hash:
            breaks.append(ChainBreak(event.id, "链接断开：前一条记录被删除或改动"))
        if event.hash != _chain_hash(event.prev_hash, event):
            breaks.append(ChainBreak(event.id, "内容与哈希不符：该记录被改动"))
        prev_hash = event.hash
        last_id = event.id
    head = AuditChainHead.objects.get(pk=1)
    if head.last_hash != prev_hash or head.length != checked:
        breaks.append(
            ChainBreak(last_id, f"链尾不符：应有 {head.length} 条记录，实有 {checked} 条；末尾记录被删除或改动")
        )
    return ChainReport(checked=checked, breaks=breaks, verified_at=timezone.now())
