"""Referral (交办) of accepted suggestions to handling units, one at a time or a session's worth at once, and the
units' side of receiving them: signing for (签收), asking to return (申请退回) and the office's decision."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.core.errors import ServiceError
from lianluo.proposals import workflow
from lianluo.proposals.models import Handling, Suggestion
from lianluo.proposals.services._common import (
    _audit,
    _event,
    _handling_transition,
    _lock,
    _lock_handling,
    _next_number,
    _text,
    _today,
    _transition,
)
from lianluo.regions.models import Organisation


@dataclass
class Referral:
    """What one suggestion is referred to: its lead unit and any assisting or joint units."""

    suggestion: Suggestion
    lead: Organisation
    partners: list[tuple[Organisation, str]] = field(default_factory=list)  # (unit, "assist" | "joint")


def _check_units(suggestion: Suggestion, lead: Organisation | None, partners) -> None:
    if lead is None:
        raise ValidationError({"lead_unit": "请选择主办单位"})
    seen = {lead.pk}
    for unit, role in partners:
        if role not in (workflow.ASSIST, workflow.JOINT):
            raise ValidationError({"partners": "协办单位的承办方式只能是协办或会办"})
        if unit.pk in seen:
            raise ValidationError({"partners": f"{unit.name} 重复交办"})
        seen.add(unit.pk)
    for unit in [lead, *(u for u, _ in partners)]:
        # Units of the congress's own region or below (a county congress refers to county departments).
        if not unit.region_id.startswith(suggestion.region_id):
            raise ValidationError({"lead_unit": f"{unit.name} 不是本级或下级的承办单位"})


def letter_number(region, year: int) -> str:
    """The next 发文字号 of the congress's 交办函 in ``year`` (LIANLUO_PROPOSALS_LETTER_NUMBER; GB/T 9704 §7.2.4:
    the issuer's code, the year in 〔〕, the number in the year without leading zeros). The counter is row-locked."""
    number = _next_number(region.code, "letter", str(year))
    return settings.LIANLUO_PROPOSALS_LETTER_NUMBER.format(region=region.name, year=year, number=number)


def _refer(referral: Referral, *, actor, day: datetime.date, note: str) -> Suggestion:
    suggestion, lead, partners = referral.suggestion, referral.lead, referral.partners
    _check_units(suggestion, lead, partners)

    def change(s):
        s.assigned_on = day
        s.due_on = workflow.reply_due(day, is_complex=s.is_complex)
        if not s.letter_number:  # a suggestion handled again keeps the number of its first referral letter
            s.letter_number = letter_number(s.region, day.year)

    assigned = _transition(
        suggestion, "assign", actor=actor, note=note, change=change,
        data={"lead": lead.name, "partners": [f"{u.name}（{dict(Handling.Role.choices)[r]}）" for u, r in partners],
              "due_on": workflow.reply_due(day, is_complex=suggestion.is_complex).isoformat()},
    )
    Handling.objects.create(suggestion=assigned, unit=lead, role=workflow.LEAD, assigned_on=day)
    for unit, role in partners:
        Handling.objects.create(suggestion=assigned, unit=unit, role=role, assigned_on=day)
    return assigned


def suggestion_assign(*, suggestion: Suggestion, lead_unit: Organisation | None, actor,
                      partners: Iterable[tuple[Organisation, str]] = (), assigned_on: datetime.date | None = None,
                      note: str = "") -> Suggestion:
    """交办 an accepted suggestion: the reply is due 3 months from today (6 if broad and difficult; 代表法 Art 51)."""
    with transaction.atomic():
        return _refer(Referral(suggestion, lead_unit, list(partners)), actor=actor, day=assigned_on or _today(),
                      note=_text(note))


def suggestions_assign_bulk(*, referrals: Iterable[Referral], actor, assigned_on: datetime.date | None = None,
                            note: str = "") -> list[Suggestion]:
    """交办 many suggestions at once (a session brings hundreds): all or nothing. A refusal names the suggestion."""
    referrals = sorted(referrals, key=lambda r: r.suggestion.pk)  # lock order: no deadlock between two bulk runs
    if not referrals:
        raise ValidationError({"suggestions": "请选择要交办的建议"})
    day = assigned_on or _today()
    done = []
    with transaction.atomic():
        for referral in referrals:
            try:
                done.append(_refer(referral, actor=actor, day=day, note=_text(note)))
            except ValidationError as exc:
                messages = "；".join(m for ms in exc.message_dict.values() for m in ms) if hasattr(
                    exc, "error_dict") else "；".join(exc.messages)
                raise ValidationError({"suggestions": f"{referral.suggestion}：{messages}"}) from None
            except ServiceError as exc:
                raise ServiceError(f"{referral.suggestion}：{exc}") from None
    return done


def handling_sign(*, handling: Handling, actor) -> Handling:
    """签收: the unit confirms receipt and takes the suggestion in hand."""

    def change(h):
        h.signed_on = _today()

    with transaction.atomic():
        return _handling_transition(handling, "sign", actor=actor, change=change)


def handling_request_return(*, handling: Handling, actor, reason: str) -> Handling:
    """申请退回 a suggestion outside the unit's remit, with reasons, within 10 days of receipt (RULES.md D5;
    setting LIANLUO_PROPOSALS_RETURN_DAYS). The office decides."""
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": "申请退回必须说明理由"})
    today = _today()
    with transaction.atomic():
        locked = _lock_handling(handling)
        if not workflow.may_request_return(locked.assigned_on, today):
            raise ServiceError(f"已超过收到交办之日起 {workflow.return_window_days()} 日的申请退回期限，"
                               "请按要求办理。")

        def change(h):
            h.return_reason, h.return_requested_on = reason, today

        return _handling_transition(locked, "request_return", actor=actor, note=reason, change=change,
                                    locked=True)


def handling_decide_return(*, handling: Handling, actor, approve: bool, note: str = "",
                           new_unit: Organisation | None = None) -> Handling:
    """The office's decision on a return request. Approving a lead unit's request names the new lead unit, which
    gets the suggestion as a fresh referral (the 3 or 6 months run again from today); refusing sends it back."""
    note = _text(note)
    with transaction.atomic():
        locked = _lock_handling(handling)
        if not approve:
            if not note:
                raise ValidationError({"note": "不同意退回时请说明理由"})
            return _handling_transition(locked, "refuse_return", actor=actor, note=note, locked=True,
                                        change=lambda h: setattr(h, "return_decision", note))
        if locked.role == workflow.LEAD and new_unit is None:
            raise ValidationError({"new_unit": "主办单位退回后须指定新的主办单位"})
        if new_unit is not None:
            suggestion = locked.suggestion
            _check_units(suggestion, new_unit, [])
            if Handling.objects.filter(suggestion=suggestion, unit=new_unit).exclude(
                    status=workflow.UNIT_RETURNED).exists():
                raise ValidationError({"new_unit": f"{new_unit.name} 已在承办该建议"})
        returned = _handling_transition(locked, "approve_return", actor=actor, note=note, locked=True,
                                        change=lambda h: setattr(h, "return_decision", note or "同意退回"))
        if new_unit is not None:
            suggestion = _lock(returned.suggestion)
            today = _today()
            Handling.objects.create(suggestion=suggestion, unit=new_unit, role=locked.role, assigned_on=today)
            if locked.role == workflow.LEAD:
                suggestion.assigned_on = today
                suggestion.due_on = workflow.reply_due(today, is_complex=suggestion.is_complex)
                suggestion.reminded_on = suggestion.escalated_on = None
                suggestion.save(update_fields=["assigned_on", "due_on", "reminded_on", "escalated_on",
                                               "updated_at"])
            _event(suggestion=suggestion, action="reassign", actor=actor, from_status=suggestion.status,
                   to_status=suggestion.status, note=note,
                   data={"from": locked.unit.name, "to": new_unit.name, "role": locked.role,
                         "due_on": suggestion.due_on.isoformat() if suggestion.due_on else None})
            _audit(suggestion, action="reassign", actor=actor, summary={"to": new_unit.name})
    return returned
