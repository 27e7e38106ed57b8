"""Escalating issues to a deputy suggestion draft, and carrying the suggestion's reply back to the people."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from lianluo.casework.models import Constituent, Issue, Status, SuggestionDraft
from lianluo.casework.services._common import _actor, _event, _lock
from lianluo.casework.services.routing import _answer
from lianluo.core.audit import audit_record
from lianluo.regions.models import Region


def suggestion_draft_create(*, region: Region, title: str, body: str, issues: Iterable[Issue], actor,
                            evidence: str = "", mandate=None) -> SuggestionDraft:
    """转为代表建议: one or many issues become a draft deputy suggestion; the link is kept so that the
    suggestion's reply can reach every person behind those issues (代表法 Art 21: deputies keep close
    contact with the people and reflect their opinions and demands)."""
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if not title:
        errors["title"] = "请填写建议标题"
    elif len(title) > 100:
        errors["title"] = "标题不能超过 100 个字符"
    if not body:
        errors["body"] = "请填写建议正文"
    ids = sorted({i.pk for i in issues})
    if not ids:
        errors["issues"] = "请至少选择一件群众意见"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = list(Issue.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        for issue in locked:
            if not issue.region_id.startswith(region.code):
                raise ValidationError({"issues": f"{issue.number} 不在该人大的辖区内"})
            if issue.status in (Status.MERGED, Status.DECLINED):
                raise ValidationError({"issues": f"{issue.number} 已并案或不予受理，请选择主件"})
        draft = SuggestionDraft.objects.create(region=region, title=title, body=body,
                                               evidence=(evidence or "").strip(), mandate=mandate,
                                               created_by=_actor(actor))
        draft.issues.set(locked)
        for issue in locked:
            _event(issue, action="escalate", actor=actor, actor_label="", from_status=issue.status,
                   to_status=issue.status, note=title, data={"draft": draft.pk})
        audit_record(action="suggestion_draft.create", actor=actor, obj=draft,
                     summary={"issues": [i.number for i in locked]})
    return draft


def suggestion_draft_people(draft: SuggestionDraft):
    """Every person behind the draft: the linked issues and the duplicates merged into them."""
    issue_ids = list(draft.issues.values_list("pk", flat=True))
    return Constituent.objects.filter(Q(issue_id__in=issue_ids) | Q(issue__merged_into_id__in=issue_ids))


def suggestion_reply_propagate(*, draft: SuggestionDraft, reply: str, actor=None, actor_label: str = "") -> int:
    """The suggestion's reply reaches the people behind it: every linked issue still open is answered with it
    (duplicates follow their master); finished ones get a history note. Returns the issues answered."""
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError({"reply": "请填写建议的答复内容"})
    answered = 0
    with transaction.atomic():
        for issue in Issue.objects.filter(pk__in=draft.issues.values("pk")).order_by("pk"):
            locked = _lock(issue)
            action = {Status.ACCEPTED: "handle", Status.FEEDBACK: "answer"}.get(locked.status)
            if action:
                _answer(locked, action, answer=reply, actor=None, actor_label=actor_label or "代表建议答复")
                answered += 1
            else:
                _event(locked, action="suggestion_reply", actor=actor, actor_label=actor_label,
                       from_status=locked.status, to_status=locked.status, note=reply, data={"draft": draft.pk})
        audit_record(action="suggestion_draft.reply", actor=actor, obj=draft, actor_label=actor_label,
                     summary={"answered": answered})
    return answered
