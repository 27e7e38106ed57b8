"""Key suggestions (重点督办建议): the chairperson's council (主任会议) chooses them, names leading members of the
standing committee and, where the congress has one, a supervising special committee, and a plan; the office and
the named leaders record the supervision activities (代表法 Art 52; RULES.md B6).

Art 52 ¶2 gives the choice to the chairperson's council of a standing committee, so township congresses (which
have none, 地方组织法 Art 47) do not mark key suggestions.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.proposals import workflow
from lianluo.proposals.models import KeySupervision, Suggestion, SupervisionActivity
from lianluo.proposals.permissions import can_manage_region, can_supervise
from lianluo.proposals.selectors_publication import current_term
from lianluo.proposals.services._common import _actor, _audit, _event, _lock, _text, _today
from lianluo.regions.models import Level, SpecialCommittee, StandingCommitteeMember, Term

# A suggestion is chosen for key supervision once it is accepted and while it is in the units' hands.
KEY_STATUSES = frozenset({workflow.ACCEPTED, workflow.ASSIGNED, workflow.REHANDLING})
DECISION_MAX = 200
PARTICIPANTS_MAX = 300


def _earliest_decision(suggestion: Suggestion) -> datetime.date:
    """A suggestion made at a session exists from the session's opening; one made between sessions from its
    submission."""
    if suggestion.session_id:
        return suggestion.session.start_date
    return suggestion.submitted_on or suggestion.created_at.date()


def _check_arrangement(suggestion: Suggestion, *, decided_on, decision: str, leaders, committee, plan: str,
                       today: datetime.date) -> tuple[list[StandingCommitteeMember], Term]:
    """The fields of a key-supervision decision, checked together so that every mistake is named at once."""
    errors = {}
    if decided_on is None:
        errors["decided_on"] = "请填写主任会议确定日期"
    elif decided_on > today:
        errors["decided_on"] = "确定日期不能晚于今天"
    elif decided_on < _earliest_decision(suggestion):
        errors["decided_on"] = "确定日期不能早于建议提出的日期"
    if not decision:
        errors["decision"] = "请填写主任会议的决定"
    elif len(decision) > DECISION_MAX:
        errors["decision"] = f"主任会议决定不能超过 {DECISION_MAX} 字"
    if not plan:
        errors["plan"] = "请填写督办方案"
    term = current_term(suggestion.region_id, today)
    leaders = list(dict.fromkeys(leaders or []))
    if term is None:
        errors["leaders"] = "该人民代表大会没有正在进行的届次，无法确定牵头督办领导"
    elif not leaders:
        errors["leaders"] = "请至少选择一名牵头督办的常委会领导"
    else:
        outside = [m for m in leaders if m.committee.term_id != term.pk]
        if outside:
            errors["leaders"] = ("牵头督办领导应当是本级人大常委会本届组成人员：" +
                                 "、".join(m.name for m in outside) + " 不是")
    if committee is not None and (term is None or committee.term_id != term.pk):
        errors["committee"] = "督办专门委员会应当是本级人民代表大会本届的专门委员会"
    if errors:
        raise ValidationError(errors)
    return leaders, term


def _members(leaders) -> list[StandingCommitteeMember]:
    ids = [m.pk for m in leaders or []]
    return list(StandingCommitteeMember.objects.filter(pk__in=ids).select_related("committee").order_by(
        "order", "id"))


def _require_office(actor, suggestion: Suggestion) -> None:
    if _actor(actor) is None or not can_manage_region(actor, suggestion.region_id):
        raise PermissionDeniedError("只有本级人大常委会工作机构可以办理重点督办建议的确定和调整。")


def key_suggestion_mark(*, suggestion: Suggestion, actor, decided_on: datetime.date | None, decision: str,
                        leaders, plan: str, committee: SpecialCommittee | None = None) -> KeySupervision:
    """列为重点督办: the office records the chairperson's council's decision (date and text), the leading members of
    the standing committee of the congress's current term (one or more), the supervising special committee of
    that term (optional: county congresses often have none) and the plan (代表法 Art 52 ¶2). The suggestion must
    be accepted and not yet replied to; townships have no chairperson's council."""
    decision, plan = _text(decision), _text(plan)
    today = _today()
    with transaction.atomic():
        locked = _lock(suggestion)
        _require_office(actor, locked)
        if locked.region.level == Level.TOWNSHIP:
            raise ServiceError("乡、民族乡、镇人民代表大会不设常务委员会主任会议，"
                               "不确定重点督办建议（代表法第五十二条）。")
        if KeySupervision.objects.filter(suggestion=locked).exists():
            raise ServiceError("该建议已列为重点督办建议，请修改督办安排。")
        if locked.status not in KEY_STATUSES:
            raise ServiceError(f"该建议当前为“{workflow.STATUS_LABELS[locked.status]}”，不能列为重点督办建议。")
        members, _term = _check_arrangement(locked, decided_on=decided_on, decision=decision,
                                            leaders=_members(leaders), committee=committee, plan=plan, today=today)
        supervision = KeySupervision.objects.create(suggestion=locked, decided_on=decided_on, decision=decision,
                                                    committee=committee, plan=plan)
        supervision.leaders.set(members)
        locked.is_key = True
        locked.save(update_fields=["is_key", "updated_at"])
        data = {"decided_on": decided_on.isoformat(), "leaders": [m.name for m in members],
                "committee": committee.name if committee else ""}
        _event(suggestion=locked, action="mark_key", actor=actor, from_status=locked.status,
               to_status=locked.status, note=decision, data=data)
        _audit(locked, action="mark_key", actor=actor,
               summary={"leaders": [m.pk for m in members], "committee": committee.pk if committee else None})
    return supervision


def key_suggestion_update(*, supervision: KeySupervision, actor, decided_on: datetime.date | None, decision: str,
                          leaders, plan: str, committee: SpecialCommittee | None = None) -> KeySupervision:
    """调整督办安排: the same fields and rules as ``key_suggestion_mark`` (代表法 Art 52 ¶2), replacing the earlier
    arrangement; the history keeps what changed."""
    decision, plan = _text(decision), _text(plan)
    today = _today()
    with transaction.atomic():
        locked = _lock(supervision.suggestion)
        _require_office(actor, locked)
        current = KeySupervision.objects.select_for_update().get(pk=supervision.pk)
        members, _term = _check_arrangement(locked, decided_on=decided_on, decision=decision,
                                            leaders=_members(leaders), committee=committee, plan=plan, today=today)
        before_leaders = set(current.leaders.values_list("pk", flat=True))
        changed = [name for name, old, new in (
            ("decided_on", current.decided_on, decided_on), ("decision", current.decision, decision),
            ("committee", current.committee_id, committee.pk if committee else None), ("plan", current.plan, plan),
            ("leaders", before_leaders, {m.pk for m in members}),
        ) if old != new]
        if not changed:
            return current
        current.decided_on, current.decision, current.committee, current.plan = decided_on, decision, committee, plan
        current.save()
        current.leaders.set(members)
        _event(suggestion=locked, action="mark_key", actor=actor, from_status=locked.status,
               to_status=locked.status, note="调整督办安排：" + decision,
               data={"changed": changed, "leaders": [m.name for m in members],
                     "committee": committee.name if committee else ""})
        _audit(locked, action="key_update", actor=actor, summary={"changed": changed})
    return current


def supervision_activity_add(*, supervision: KeySupervision, actor, held_on: datetime.date | None, kind: str,
                             record: str, participants: str = "") -> SupervisionActivity:
    """督办活动: a visit, a hearing of the units' report, a forum or a follow-up inquiry, with its date, who took
    part and what was found. Recorded by the office or by one of the leaders named for this suggestion, through
    the leader's own account (StandingCommitteeMember.user) (代表法 Art 52)."""
    record, participants = _text(record), _text(participants)
    today = _today()
    errors = {}
    if kind not in SupervisionActivity.Kind.values:
        errors["kind"] = "请选择督办形式"
    if held_on is None:
        errors["held_on"] = "请填写督办日期"
    elif held_on > today:
        errors["held_on"] = "督办日期不能晚于今天"
    if not record:
        errors["record"] = "请填写督办情况"
    if len(participants) > PARTICIPANTS_MAX:
        errors["participants"] = f"参加人员不能超过 {PARTICIPANTS_MAX} 字"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(supervision.suggestion)
        current = KeySupervision.objects.select_for_update().get(pk=supervision.pk)
        if not locked.is_key:
            raise ServiceError("该建议不是重点督办建议。")
        if _actor(actor) is None or not can_supervise(actor, locked):
            raise PermissionDeniedError("只有本级人大常委会工作机构和确定的牵头督办领导可以记录督办活动。")
        if held_on < current.decided_on:
            raise ValidationError({"held_on": "督办日期不能早于确定为重点督办建议的日期"})
        activity = SupervisionActivity.objects.create(supervision=current, held_on=held_on, kind=kind,
                                                      participants=participants, record=record,
                                                      recorded_by=_actor(actor))
        _event(suggestion=locked, action="supervise", actor=actor, from_status=locked.status,
               to_status=locked.status, note=record,
               data={"kind": activity.get_kind_display(), "on": held_on.isoformat()})
        _audit(locked, action="supervise", actor=actor, summary={"kind": kind, "activity": activity.pk})
    return activity
