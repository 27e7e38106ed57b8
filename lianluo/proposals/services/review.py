"""The office's review (审核) of submitted suggestions: accept and number, return with reasons, merge (并案)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.proposals import workflow
from lianluo.proposals.models import Suggestion
from lianluo.proposals.services._common import (
    _audit,
    _event,
    _lock,
    _next_number,
    _require_suggestion,
    _text,
    _today,
    _transition,
)


def numbering_scope(suggestion: Suggestion) -> str:
    """Suggestions made at a session are numbered per session (第N号); between sessions, per year."""
    return f"session:{suggestion.session_id}" if suggestion.session_id else f"year:{suggestion.year}"


def suggestion_accept(*, suggestion: Suggestion, actor, category=None, is_complex: bool | None = None,
                      note: str = "") -> Suggestion:
    """审核立案: the suggestion is complete, within the congress's remit, really a suggestion (not a motion or a
    private request) and not a duplicate; it gets its number. ``is_complex`` marks it broad and hard to handle,
    which gives the units 6 months instead of 3 (代表法 Art 51 ¶2)."""
    if category is not None and not suggestion.region_id.startswith(category.region_id):
        raise ValidationError({"category": "所选分类不属于本级或上级人大维护的分类目录"})

    with transaction.atomic():
        locked = _lock(suggestion)
        target = _require_suggestion(locked, "accept", actor)
        source = locked.status
        locked.number = _next_number(locked.region_id, "suggestion", numbering_scope(locked))
        locked.accepted_on = _today()
        if category is not None:
            locked.category = category
        if is_complex is not None:
            locked.is_complex = is_complex
        locked.status = target
        locked.save()
        label = locked.number_label
        _event(suggestion=locked, action="accept", actor=actor, from_status=source, to_status=target,
               note="；".join(filter(None, [f"编号 {label}", _text(note)])), data={"number": locked.number})
        _audit(locked, action="accept", actor=actor, summary={"from": source, "number": label})
    return locked


RETURN_REASONS = (
    "内容不够明确具体，请补充事实和具体建议",
    "属于议案，请按议案提出",
    "属于个人私事或具体案件，请通过信访、诉讼等途径反映",
    "不属于本级人民代表大会职权范围",
    "与已立案的建议重复",
)


def suggestion_return(*, suggestion: Suggestion, actor, reason: str) -> Suggestion:
    """退回代表 with the reasons the deputy will read; the deputy may revise and resubmit."""
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": "退回必须说明理由"})

    def change(s):
        s.return_reason = reason

    with transaction.atomic():
        return _transition(suggestion, "return", actor=actor, note=reason, change=change)


def suggestion_merge(*, master: Suggestion, duplicates: Iterable[Suggestion], actor, note: str = "") -> Suggestion:
    """并案: the duplicates are handled with ``master`` (the link is kept both ways); the master's reply reaches
    every deputy whose suggestion was merged into it."""
    ids = sorted({d.pk for d in duplicates} - {master.pk})
    if not ids:
        raise ValidationError({"duplicates": "请选择要并入的建议"})
    with transaction.atomic():
        # Lock in id order, master included, so that two merges over the same suggestions cannot deadlock.
        locked = {s.pk: s for s in Suggestion.objects.select_for_update().filter(pk__in=[master.pk, *ids])
                  .order_by("pk")}
        master = _lock(master)
        if master.status not in (workflow.SUBMITTED, workflow.ACCEPTED, *workflow.HANDLING):
            raise ValidationError({"duplicates": "主件尚未提交或已办结，不能并案"})
        for pk in ids:
            duplicate = locked.get(pk)
            if duplicate is None or duplicate.region_id != master.region_id:
                raise ValidationError({"duplicates": "只能并入本级人大的建议"})
            _transition(duplicate, "merge", actor=actor, note=_text(note), event_action="merged_into",
                        data={"into": master.pk, "into_label": str(master)},
                        change=lambda s: setattr(s, "merged_into_id", master.pk))
        _event(suggestion=master, action="merge", actor=actor, from_status=master.status,
               to_status=master.status, note=_text(note), data={"merged": ids})
        _audit(master, action="merge", actor=actor, summary={"merged": ids})
    return master
