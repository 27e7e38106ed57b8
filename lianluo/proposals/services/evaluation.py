"""The deputy's rating of a reply (征询意见表), re-handling rounds, closing, and the deadline reminders."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.deputies.models import Mandate
from lianluo.proposals import workflow
from lianluo.proposals.models import Evaluation, Handling, Reply, Satisfaction, Signer, Suggestion
from lianluo.proposals.permissions import can_manage_region
from lianluo.proposals.services._common import (
    _actor,
    _audit,
    _event,
    _handling_transition,
    _lock,
    _text,
    _today,
    _transition,
)


def _rater(suggestion: Suggestion, actor, mandate: Mandate | None) -> tuple[Mandate, bool]:
    """(whose rating it is, whether the office keys in a paper form on that deputy's behalf)."""
    if _actor(actor) is not None and suggestion.lead.person.user_id == actor.pk and mandate in (None,
                                                                                             suggestion.lead):
        return suggestion.lead, False
    if workflow.cosigners_rate() and _actor(actor) is not None:
        own = suggestion.signers.filter(mandate__person__user=actor, status=Signer.Status.CONFIRMED).first()
        if own is not None and (mandate is None or mandate.pk == own.mandate_id):
            return own.mandate, False
    if _actor(actor) is not None and can_manage_region(actor, suggestion.region_id):
        return (mandate or suggestion.lead), True
    raise PermissionDeniedError("只有领衔代表（或代为录入征询意见表的人大工作人员）可以评价答复。")


def suggestion_rate(*, suggestion: Suggestion, actor, satisfaction: str, reasons: str = "",
                    mandate: Mandate | None = None) -> Evaluation:
    """评价: 满意 or 基本满意 closes the suggestion; 不满意, with reasons, sends it back to the lead unit for another
    round whose reply is due one month later (RULES.md E4–E5; setting LIANLUO_PROPOSALS_REHANDLE_MONTHS). The lead
    deputy's rating decides; co-signers' ratings (where the office asks for them) are recorded alongside."""
    reasons = _text(reasons)
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": "请选择满意、基本满意或不满意"})
    if satisfaction == Satisfaction.DISSATISFIED and not reasons:
        raise ValidationError({"reasons": "不满意时请写明意见和理由，以便承办单位重新办理"})
    today = _today()
    with transaction.atomic():
        locked = _lock(suggestion)
        if locked.status != workflow.REPLIED:
            raise ServiceError(f"该建议当前为“{workflow.STATUS_LABELS[locked.status]}”，不能评价。")
        rater, on_behalf = _rater(locked, actor, mandate)
        reply = locked.replies.filter(round=locked.round, status=Reply.Status.SENT).order_by("-id").first()
        if reply is None:
            raise ServiceError("尚未收到答复，不能评价。")
        if Evaluation.objects.filter(reply=reply, mandate=rater).exists():
            raise ServiceError("已评价过本轮答复。")
        evaluation = Evaluation.objects.create(
            suggestion=locked, reply=reply, mandate=rater, round=locked.round, satisfaction=satisfaction,
            reasons=reasons, rated_on=today, recorded_by=_actor(actor))
        label = Satisfaction(satisfaction).label
        note = "；".join(filter(None, [label, reasons, "工作人员据征询意见表录入" if on_behalf else ""]))
        if rater.pk != locked.lead_id:  # a co-signer's view: recorded, no transition
            _event(suggestion=locked, action="rate", actor=actor, from_status=locked.status,
                   to_status=locked.status, note=note, data={"mandate": rater.pk, "satisfaction": satisfaction})
            _audit(locked, action="rate", actor=actor, summary={"satisfaction": satisfaction, "cosigner": True})
            return evaluation

        def change(s):
            if s.round == 1:
                s.first_satisfaction = satisfaction
            s.satisfaction = satisfaction
            if satisfaction == Satisfaction.DISSATISFIED:
                s.round += 1
                s.due_on = workflow.rehandle_due(today)
                s.replied_on = s.rate_by = None
                s.reminded_on = s.escalated_on = None
            else:
                s.closed_on = today

        updated = _transition(locked, workflow.rate_action(satisfaction), actor=actor, event_action="rate",
                              note=note, change=change,
                              data={"satisfaction": satisfaction, "round": evaluation.round})
        if satisfaction == Satisfaction.DISSATISFIED:
            lead = Handling.objects.filter(suggestion=updated, role=workflow.LEAD,
                                           status=workflow.UNIT_REPLIED).first()
            if lead is not None:
                _handling_transition(lead, "rehandle", actor=actor, note=reasons,
                                     data={"round": updated.round, "due_on": updated.due_on.isoformat()})
    return evaluation


def suggestion_close(*, suggestion: Suggestion, actor, note: str = "", actor_label: str = "") -> Suggestion:
    """办结 a replied suggestion without a rating: the rating period lapsed (the scheduler), or the office closes it
    after a final round."""

    def change(s):
        s.closed_on = _today()

    with transaction.atomic():
        return _transition(suggestion, "close", actor=actor, actor_label=actor_label, note=_text(note),
                           change=change)


def suggestion_remind(*, suggestion: Suggestion, today: datetime.date | None = None) -> str:
    """The scheduler's daily look at a suggestion in the units' hands: a reminder to the units when the deadline
    is near and on the due day (到期提醒), and escalation to the office once it has passed (逾期督办). At most one
    reminder a day and one escalation per round. Returns "remind", "escalate" or ""."""
    today = today or _today()
    with transaction.atomic():
        locked = _lock(suggestion)
        state = workflow.deadline_state(locked.status, locked.due_on, today)
        units = "、".join(h.unit.name for h in locked.handlings.filter(status__in=workflow.HANDLING_OPEN)
                         .select_related("unit"))
        if state == "overdue" and locked.escalated_on is None:
            locked.escalated_on = today
            locked.save(update_fields=["escalated_on", "updated_at"])
            late = (today - locked.due_on).days
            _event(suggestion=locked, action="escalate", actor=None, actor_label="系统（逾期督办）",
                   from_status=locked.status, to_status=locked.status,
                   note=f"已超过答复期限（{locked.due_on:%Y-%m-%d}）{late} 天，承办单位：{units}。",
                   data={"due_on": locked.due_on.isoformat()})
            _audit(locked, action="escalate", actor=None, actor_label="计划任务",
                   summary={"due_on": locked.due_on.isoformat()})
            return "escalate"
        remind_today = state == "due_soon" and (today == locked.due_on or locked.reminded_on is None)
        if remind_today and locked.reminded_on != today:
            locked.reminded_on = today
            locked.save(update_fields=["reminded_on", "updated_at"])
            days = (locked.due_on - today).days
            when = "今天到期" if days == 0 else f"还有 {days} 天到期"
            _event(suggestion=locked, action="remind", actor=None, actor_label="系统（到期提醒）",
                   from_status=locked.status, to_status=locked.status,
                   note=f"答复期限 {locked.due_on:%Y-%m-%d}，{when}，请{units}抓紧办理。",
                   data={"due_on": locked.due_on.isoformat()})
            _audit(locked, action="remind", actor=None, actor_label="计划任务",
                   summary={"due_on": locked.due_on.isoformat()})
            return "remind"
    return ""
