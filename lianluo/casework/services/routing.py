"""Moving an issue through the office: accept, decline, handle, forward, feedback, answer, transfer, rate,
close, reopen, and the daily reminder of overdue units."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.casework import search, workflow
from lianluo.casework.models import Category, Issue, Satisfaction, Status
from lianluo.casework.services._common import _audit, _check_category, _event, _lock, _today, _transition
from lianluo.casework.services.intake import _create_issue
from lianluo.casework.services.monthly import _monthly_sync, _snapshot
from lianluo.core.errors import ServiceError
from lianluo.regions.models import Congress, Organisation, Region


def issue_accept(*, issue: Issue, actor, category: Category | None = None, note: str = "") -> Issue:
    """受理: the office takes the issue up (optionally classifying it at the same time)."""
    if category is not None:
        _check_category(category, issue.region)

    def change(i):
        if category is not None:
            i.category = category

    with transaction.atomic():
        return _transition(issue, "accept", actor=actor, note=note.strip(), change=change)


def issue_decline(*, issue: Issue, actor, reason: str) -> Issue:
    """不予受理, with the reason the person will read (e.g. already in litigation, outside the congress's remit)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "不予受理必须说明理由"})

    def change(i):
        i.decline_reason = reason

    with transaction.atomic():
        return _transition(issue, "decline", actor=actor, note=reason, change=change)


def _propagate_answer(issue: Issue, *, actor, actor_label: str) -> None:
    """An answer on a master reaches every merged duplicate; a transferred issue's answer reaches its parent."""
    for duplicate in Issue.objects.select_for_update().filter(merged_into=issue).order_by("pk"):
        duplicate.answer, duplicate.answered_on = issue.answer, issue.answered_on
        duplicate.save(update_fields=["answer", "answered_on", "updated_at"])
        _event(duplicate, action="answer", actor=actor, actor_label=actor_label, from_status=duplicate.status,
               to_status=duplicate.status, note=issue.answer, data={"via": issue.number})
    if issue.parent_id:
        parent = Issue.objects.select_for_update().get(pk=issue.parent_id)
        parent.answer, parent.answered_on = issue.answer, issue.answered_on
        parent.save(update_fields=["answer", "answered_on", "updated_at"])
        _event(parent, action="child_answered", actor=actor, actor_label=actor_label, from_status=parent.status,
               to_status=parent.status, note=issue.answer, data={"via": issue.number})
        _propagate_answer(parent, actor=actor, actor_label=actor_label)


def _answer(issue: Issue, action: str, *, answer: str, actor, actor_label: str = "") -> Issue:
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "请填写答复内容"})

    def change(i):
        i.answer, i.answered_on = answer, _today()
        i.satisfaction = ""

    with transaction.atomic():
        issue = _transition(issue, action, actor=actor, actor_label=actor_label, note=answer, change=change)
        _propagate_answer(issue, actor=actor, actor_label=actor_label)
        _tell_the_people(issue)
    return issue


def _tell_the_people(issue: Issue) -> None:
    """A text message to everyone behind the issue (and its merged duplicates) who asked for an answer: the answer
    is there to read with their own query code. A transferred issue's people are told by the office that answers
    the child issue (they are the same people)."""
    from lianluo.core.notify import notify

    base = settings.LIANLUO_PUBLIC_BASE_URL.rstrip("/")
    where = f"{base}/public/q/" if base else "人大代表联络站的查询页面"
    for case in [issue, *Issue.objects.filter(merged_into=issue).only("pk", "number", "query_code", "region_id")]:
        for person in case.constituents.filter(wants_answer=True).exclude(mobile=""):
            notify(mobile=person.mobile, about=case,
                   body=f"您反映的问题（编号 {case.number}）已有答复，请凭查询码 {case.query_code} 在{where}查看"
                        "并评价。")


def issue_handle(*, issue: Issue, answer: str, actor) -> Issue:
    """Handled at the station or office: the answer goes to the person directly (no unit involved)."""
    return _answer(issue, "handle", answer=answer, actor=actor)


def issue_answer(*, issue: Issue, answer: str, actor) -> Issue:
    """The office's answer to the person after the unit's feedback."""
    return _answer(issue, "answer", answer=answer, actor=actor)


def issue_forward(*, issue: Issue, unit: Organisation, actor, note: str = "",
                  forwarded_on: datetime.date | None = None) -> Issue:
    """转交 a handling unit of the same level; feedback is due N working days later
    (workflow.feedback_due, setting LIANLUO_CASEWORK_FEEDBACK_WORKING_DAYS)."""
    if unit is None:
        raise ValidationError({"unit": "请选择承办单位"})
    if unit.region_id != issue.region_id:
        raise ValidationError({"unit": "只能转交本级承办单位（与受理人大同一区划）"})
    day = forwarded_on or _today()

    def change(i):
        i.unit, i.forwarded_on, i.due_on = unit, day, workflow.feedback_due(day)
        i.feedback, i.feedback_on, i.reminded_on = "", None, None

    with transaction.atomic():
        return _transition(issue, "forward", actor=actor, note=note.strip(), change=change,
                           data={"unit": unit.name, "due_on": workflow.feedback_due(day).isoformat()})


def issue_feedback(*, issue: Issue, feedback: str, actor) -> Issue:
    """The handling unit's feedback (单位反馈) on what it did."""
    feedback = (feedback or "").strip()
    if not feedback:
        raise ValidationError({"feedback": "请填写办理情况反馈"})

    def change(i):
        i.feedback, i.feedback_on = feedback, _today()

    with transaction.atomic():
        return _transition(issue, "feedback", actor=actor, note=feedback, change=change)


def issue_transfer(*, issue: Issue, to_region: Region, actor, note: str = "") -> Issue:
    """转其他人大: a new issue opens at the other congress office (``parent`` keeps the lineage, the people
    behind it go with it); the original is marked transferred and shows the other office's answer."""
    if to_region is None:
        raise ValidationError({"to_region": "请选择转往的人大"})
    if to_region.pk == issue.region_id:
        raise ValidationError({"to_region": "不能转给本级人大"})
    if not Congress.objects.filter(region=to_region).exists():
        raise ValidationError({"to_region": "该区划没有人民代表大会"})
    with transaction.atomic():
        original = _transition(issue, "transfer", actor=actor, note=note.strip(),
                               data={"to_region": to_region.code})
        people = [
            {"name": c.name, "mobile": c.mobile, "id_number": c.id_number, "address": c.address,
             "wants_answer": c.wants_answer}
            for c in original.constituents.all()
        ]
        child = _create_issue(region=to_region, title=original.title, content=original.content,
                              channel=original.channel, people=people, place=original.place,
                              place_region=original.place_region if original.place_region_id
                              and original.place_region_id.startswith(to_region.code) else None,
                              received_on=_today(), actor=None, parent=original)  # the other office's case
        child.people_count = original.people_count
        child.save(update_fields=["people_count"])
        _event(child, action="submit", actor=actor, actor_label="", to_status=child.status,
               note=note.strip(), data={"from": original.number})
        _audit(child, action="submit", actor=actor, summary={"from": original.number})
        _monthly_sync(None, child)
        search.index_issue(child)
    return child


def issue_rate(*, issue: Issue, satisfaction: str, comment: str = "", actor=None, actor_label: str = "") -> Issue:
    """The person's satisfaction with the answer: 满意/基本满意 close the issue; 不满意 opens another handling
    round (round + 1, back to 已受理). On a merged duplicate the rating is recorded without a transition."""
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": "请选择满意、基本满意或不满意"})
    comment = (comment or "").strip()[:500]
    action = workflow.rate_action(satisfaction)
    label = Satisfaction(satisfaction).label
    with transaction.atomic():
        locked = _lock(issue)
        if locked.status == Status.MERGED:
            if not locked.answered_on:
                raise ServiceError("该意见已并案办理，尚未答复，暂不能评价。")
            before = _snapshot(locked)
            locked.satisfaction = satisfaction
            locked.save(update_fields=["satisfaction", "updated_at"])
            _event(locked, action="rate", actor=actor, actor_label=actor_label, from_status=locked.status,
                   to_status=locked.status, note=comment, data={"satisfaction": satisfaction})
            _audit(locked, action="rate", actor=actor, actor_label=actor_label,
                   summary={"satisfaction": satisfaction})
            _monthly_sync(before, locked)
            return locked

        def change(i):
            i.satisfaction = satisfaction
            if satisfaction == Satisfaction.DISSATISFIED:
                i.round += 1
            else:
                i.closed_on = _today()

        return _transition(locked, action, actor=actor, actor_label=actor_label, event_action="rate",
                           note=f"{label}。{comment}" if comment else label, change=change,
                           data={"satisfaction": satisfaction})


def issue_close(*, issue: Issue, actor, note: str = "", actor_label: str = "") -> Issue:
    """办结 without a rating (the person could not be reached, or did not rate in time)."""

    def change(i):
        i.closed_on = _today()

    with transaction.atomic():
        return _transition(issue, "close", actor=actor, actor_label=actor_label, note=(note or "").strip(),
                           change=change)


def issue_reopen(*, issue: Issue, actor, reason: str) -> Issue:
    """重新办理 a closed or declined issue (another round), with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请说明重新办理的理由"})

    def change(i):
        i.round += 1
        i.closed_on = None
        i.satisfaction = ""

    with transaction.atomic():
        return _transition(issue, "reopen", actor=actor, note=reason, change=change)


def issue_remind(*, issue: Issue, actor=None, today: datetime.date | None = None) -> bool:
    """催办 an overdue forwarded issue, at most once a day; returns whether a reminder was written."""
    today = today or _today()
    with transaction.atomic():
        issue = _lock(issue)
        if not workflow.is_overdue(issue.status, issue.due_on, today) or issue.reminded_on == today:
            return False
        issue.reminded_on = today
        issue.save(update_fields=["reminded_on", "updated_at"])
        late = (today - issue.due_on).days
        _event(issue, action="remind", actor=actor, actor_label="" if actor else "系统（逾期催办）",
               from_status=issue.status, to_status=issue.status,
               note=f"已超过反馈期限（{issue.due_on:%Y-%m-%d}）{late} 天，请{issue.unit}尽快反馈。",
               data={"due_on": issue.due_on.isoformat(), "unit": issue.unit_id})
        _audit(issue, action="remind", actor=actor, actor_label="" if actor else "计划任务",
               summary={"due_on": issue.due_on.isoformat()})
    return True
