"""Handling by the units: contact with the deputy, co-units' opinions, the lead unit's reply and its leader's
approval, after which the reply goes to the deputy."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.proposals import workflow
from lianluo.proposals.models import ContactRecord, Handling, Reply, Suggestion
from lianluo.proposals.permissions import handling_actors
from lianluo.proposals.services._common import (
    _actor,
    _audit,
    _event,
    _handling_transition,
    _lock,
    _lock_handling,
    _text,
    _today,
    _transition,
)


def contact_record(*, handling: Handling, actor, contacted_on: datetime.date, way: str, summary: str) -> ContactRecord:
    """联系代表: the date, the way (见面/电话/座谈 …) and what was said. Handling must include contact with the deputy
    (代表法 Art 51 ¶2: 与代表联系沟通，充分听取意见); the reply cannot go out without a record in this round."""
    summary = _text(summary)
    errors = {}
    if way not in ContactRecord.Way.values:
        errors["way"] = "请选择联系方式"
    if not summary:
        errors["summary"] = "请填写沟通情况"
    if contacted_on is None:
        errors["contacted_on"] = "请填写联系日期"
    elif contacted_on > _today():
        errors["contacted_on"] = "联系日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_handling(handling)
        if contacted_on < locked.assigned_on:
            raise ValidationError({"contacted_on": "联系日期不能早于交办日期"})
        if not workflow.handling_may(locked.status, "contact", locked.role, handling_actors(actor, locked)):
            if locked.status != workflow.SIGNED:
                raise ServiceError("请先签收，办理期间再记录与代表的联系。")
            raise PermissionDeniedError("无权记录该承办事项的联系情况。")
        suggestion = _lock(locked.suggestion)
        record = ContactRecord.objects.create(suggestion=suggestion, handling=locked, round=suggestion.round,
                                              contacted_on=contacted_on, way=way, summary=summary,
                                              recorded_by=_actor(actor))
        if not suggestion.contacted:
            suggestion.contacted = True
            suggestion.save(update_fields=["contacted", "updated_at"])
        _event(suggestion=suggestion, handling=locked, action="contact", actor=actor,
               from_status=suggestion.status, to_status=suggestion.status, note=summary,
               data={"unit": locked.unit.name, "way": record.get_way_display(), "on": contacted_on.isoformat()})
        _audit(locked, action="contact", actor=actor, summary={"way": way, "suggestion": suggestion.pk})
    return record


def handling_send_opinion(*, handling: Handling, actor, opinion: str) -> Handling:
    """An assisting or joint unit sends its opinion to the lead unit (协办意见), which countersigns it."""
    opinion = _text(opinion)
    if not opinion:
        raise ValidationError({"opinion": "请填写协办（会办）意见"})

    def change(h):
        h.opinion, h.opinion_on = opinion, _today()

    with transaction.atomic():
        return _handling_transition(handling, "send_opinion", actor=actor, note=opinion, change=change)


def _partners_waiting(suggestion: Suggestion) -> list[Handling]:
    return list(suggestion.handlings.exclude(role=workflow.LEAD).filter(
        status__in=[workflow.PENDING, workflow.SIGNED, workflow.RETURN_REQUESTED]).select_related("unit"))


def reply_submit(*, handling: Handling, actor, body: str, reply_class: str, signatory: str = "",
                 contact_person: str = "", contact_phone: str = "") -> Reply:
    """The lead unit's officer submits the reply for the unit leader's approval (审签). Refused until the deputy
    has been contacted in this round (代表法 Art 51 ¶2) and every assisting and joint unit has sent its opinion
    (会签: the reply carries them)."""
    body = _text(body)
    errors = {}
    if not body:
        errors["body"] = "请填写答复内容"
    if reply_class not in dict(workflow.reply_classes()):
        errors["reply_class"] = "请选择答复类别"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_handling(handling)
        suggestion = _lock(locked.suggestion)
        if locked.role == workflow.LEAD and locked.status == workflow.SIGNED:
            if not suggestion.contacts.filter(round=suggestion.round).exists():
                raise ServiceError("答复前应当与代表联系沟通，充分听取意见（代表法第五十一条）：请先记录联系情况。")
            waiting = _partners_waiting(suggestion)
            if waiting:
                raise ServiceError("尚有协办（会办）单位未送意见：" + "、".join(h.unit.name for h in waiting) + "。")
        countersigned = [
            {"unit": h.unit.name, "role": h.get_role_display(), "opinion": h.opinion,
             "on": h.opinion_on.isoformat() if h.opinion_on else None}
            for h in suggestion.handlings.filter(status=workflow.OPINION_SENT).select_related("unit")
        ]
        locked = _handling_transition(locked, "submit_reply", actor=actor, locked=True,
                                      data={"reply_class": reply_class, "round": suggestion.round})
        reply = Reply.objects.create(
            suggestion=suggestion, handling=locked, round=suggestion.round, body=body, reply_class=reply_class,
            signatory=_text(signatory)[:50], contact_person=_text(contact_person)[:50],
            contact_phone=_text(contact_phone)[:30], countersigned=countersigned, drafted_by=_actor(actor),
        )
    return reply


def _lock_reply(reply: Reply) -> Reply:
    return Reply.objects.select_for_update().select_related("handling").get(pk=reply.pk)


def reply_send_back(*, reply: Reply, actor, note: str) -> Reply:
    """The unit leader sends the draft reply back to the officer for revision."""
    note = _text(note)
    if not note:
        raise ValidationError({"note": "请填写修改意见"})
    with transaction.atomic():
        locked = _lock_reply(reply)
        if locked.status != Reply.Status.AWAITING_APPROVAL:
            raise ServiceError("该答复不在待审签状态。")
        _handling_transition(locked.handling, "send_back", actor=actor, note=note)
        locked.status, locked.leader_note = Reply.Status.SENT_BACK, note
        locked.save(update_fields=["status", "leader_note", "updated_at"])
    return locked


def reply_approve(*, reply: Reply, actor, note: str = "") -> Reply:
    """The unit leader approves (审签) the reply, which goes to the deputy with the feedback form; the deputy
    rates it within 10 days (RULES.md D5). Suggestions merged into this one get the same reply, and the people
    behind the constituent issues the suggestion came from are answered too."""
    today = _today()
    with transaction.atomic():
        locked = _lock_reply(reply)
        if locked.status != Reply.Status.AWAITING_APPROVAL:
            raise ServiceError("该答复不在待审签状态。")
        handling = _handling_transition(locked.handling, "approve", actor=actor, note=_text(note))
        locked.status, locked.approved_by, locked.sent_on = Reply.Status.SENT, _actor(actor), today
        locked.leader_note = _text(note)
        locked.save(update_fields=["status", "approved_by", "sent_on", "leader_note", "updated_at"])

        def change(s):
            s.replied_on, s.rate_by, s.reply_class = today, workflow.rate_by(today), locked.reply_class

        suggestion = _transition(handling.suggestion, "reply", actor=actor, change=change,
                                 data={"reply_class": locked.reply_class, "round": locked.round,
                                       "unit": handling.unit.name})
        _propagate_reply(suggestion, locked, actor=actor)
    return locked


def _propagate_reply(suggestion: Suggestion, reply: Reply, *, actor) -> None:
    for merged in Suggestion.objects.select_for_update().filter(merged_into=suggestion).order_by("pk"):
        merged.replied_on, merged.reply_class = reply.sent_on, reply.reply_class
        merged.save(update_fields=["replied_on", "reply_class", "updated_at"])
        _event(suggestion=merged, action="reply", actor=actor, from_status=merged.status, to_status=merged.status,
               note=reply.body, data={"via": suggestion.pk, "reply_class": reply.reply_class})
    sources = [suggestion, *Suggestion.objects.filter(merged_into=suggestion).exclude(draft=None)]
    for source in sources:
        if source.draft_id:
            from lianluo.casework.services import suggestion_reply_propagate

            suggestion_reply_propagate(draft=source.draft, reply=reply.body, actor=None,
                                       actor_label=f"代表建议答复（{suggestion.number_label}）")
