"""Every write to constituent issues (群众意见).

Each service is atomic, locks the issue row(s) with ``select_for_update`` before reading the status, asks
``workflow`` whether the action is allowed, writes the change, one ``IssueEvent`` (history) and one audit row
(summaries mask personal data), and keeps ``IssueMonthly`` in step. Two people acting on one issue at once:
the second waits for the first's lock, then finds the new status and gets a Chinese error (ServiceError).
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from lianluo.casework import search, workflow
from lianluo.casework.models import (
    Category,
    Channel,
    Constituent,
    Issue,
    IssueCounter,
    IssueEvent,
    IssueMonthly,
    Satisfaction,
    Status,
    SuggestionDraft,
)
from lianluo.casework.permissions import action_roles
from lianluo.core.audit import audit_record
from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.core.masking import mask_mobile, mask_name
from lianluo.core.validators import id_number_is_valid, normalise_mobile
from lianluo.regions.models import Congress, Organisation, Region
from lianluo.regions.selectors import congress_region_of

TEXT_LIMITS = {"title": 100, "place": 200}


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


# ---------------------------------------------------------------- summary table


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _monthly_key(issue: Issue) -> tuple:
    return (_month(issue.received_on), issue.region_id, issue.station_id, issue.category_id)


def _monthly_values(issue: Issue) -> dict:
    closed = issue.status == Status.CLOSED
    on_time = closed and (issue.due_on is None or issue.feedback_on is None or issue.feedback_on <= issue.due_on)
    return {
        "received": 1,
        "closed": int(closed),
        "closed_on_time": int(on_time),
        "rated": int(bool(issue.satisfaction)),
        "satisfied": int(issue.satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASICALLY)),
    }


def _snapshot(issue: Issue | None):
    return None if issue is None else (_monthly_key(issue), _monthly_values(issue))


def _monthly_apply(key: tuple, values: dict, sign: int) -> None:
    month, region_id, station_id, category_id = key
    row, _ = IssueMonthly.objects.get_or_create(month=month, region_id=region_id, station_id=station_id,
                                                category_id=category_id)
    IssueMonthly.objects.filter(pk=row.pk).update(**{k: F(k) + sign * v for k, v in values.items() if v})


def _monthly_sync(before, issue: Issue) -> None:
    """Move the issue's contribution to IssueMonthly from ``before`` (a _snapshot) to its current state."""
    after = _snapshot(issue)
    if before == after:
        return
    if before is not None:
        if after is not None and before[0] == after[0]:
            delta = {k: after[1][k] - before[1][k] for k in after[1]}
            _monthly_apply(after[0], delta, 1)
            return
        _monthly_apply(before[0], before[1], -1)
    _monthly_apply(after[0], after[1], 1)


def issue_monthly_rebuild() -> int:
    """Recompute IssueMonthly from the issues (after bulk loads); returns the number of rows written."""
    from django.db.models import Count  # noqa: PLC0415
    from django.db.models.functions import TruncMonth  # noqa: PLC0415

    closed = Q(status=Status.CLOSED)
    on_time = closed & (Q(due_on__isnull=True) | Q(feedback_on__isnull=True) | Q(feedback_on__lte=F("due_on")))
    rows = (
        Issue.objects.annotate(m=TruncMonth("received_on"))
        .values("m", "region_id", "station_id", "category_id")
        .annotate(
            n_received=Count("id"), n_closed=Count("id", filter=closed), n_on_time=Count("id", filter=on_time),
            n_rated=Count("id", filter=~Q(satisfaction="")),
            n_satisfied=Count("id", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])),
        )
        .order_by()
    )
    with transaction.atomic():
        IssueMonthly.objects.all().delete()
        objs = [
            IssueMonthly(month=row["m"], region_id=row["region_id"], station_id=row["station_id"],
                         category_id=row["category_id"], received=row["n_received"], closed=row["n_closed"],
                         closed_on_time=row["n_on_time"], rated=row["n_rated"], satisfied=row["n_satisfied"])
            for row in rows
        ]
        IssueMonthly.objects.bulk_create(objs, batch_size=1000)
    return len(objs)


# ---------------------------------------------------------------- numbering and intake


def _next_number(region: Region, year: int) -> str:
    """"<region code>-<year>-<6-digit sequence>", from a row-locked counter per office and year."""
    counter = IssueCounter.objects.select_for_update().filter(region=region, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                IssueCounter.objects.create(region=region, year=year, last=0)
        except IntegrityError:
            pass  # another transaction created it first; lock theirs
        counter = IssueCounter.objects.select_for_update().get(region=region, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{region.code}-{year}-{counter.last:06d}"


def _clean_constituents(constituents: Iterable[dict], channel: str) -> list[dict]:
    errors: dict[str, list[str]] = {}
    cleaned = []
    for position, raw in enumerate(constituents or [], start=1):
        raw = raw or {}
        name = (raw.get("name") or "").strip()
        mobile_raw = (raw.get("mobile") or "").strip()
        id_number = (raw.get("id_number") or "").strip().upper()
        address = (raw.get("address") or "").strip()
        wants_answer = bool(raw.get("wants_answer", True))
        prefix = "" if position == 1 else f"第 {position} 位反映人："
        mobile = normalise_mobile(mobile_raw) if mobile_raw else ""
        if mobile_raw and not mobile:
            errors.setdefault("mobile", []).append(f"{prefix}“{mask_mobile(mobile_raw)}”不是有效的手机号码")
        if id_number and not id_number_is_valid(id_number):
            errors.setdefault("id_number", []).append(f"{prefix}身份证号码格式或校验位不正确")
        if len(name) > 50:
            errors.setdefault("name", []).append(f"{prefix}姓名不能超过 50 个字符")
        if not any([name, mobile_raw, id_number, address]):
            continue
        if wants_answer and not (mobile_raw or address):
            errors.setdefault("mobile", []).append(f"{prefix}需要答复时请留下联系电话或住址")
        cleaned.append({"name": name, "mobile": mobile, "id_number": id_number, "address": address,
                        "wants_answer": wants_answer})
    if not cleaned and channel != Channel.DEPUTY:
        errors.setdefault("name", []).append("至少登记一位反映人（姓名或联系电话）")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_category(category: Category | None, region: Region) -> None:
    if category is not None and not region.code.startswith(category.region_id):
        raise ValidationError({"category": "所选分类不属于本级或上级人大维护的分类目录"})


def _create_issue(*, region, title, content, channel, people: list[dict], station=None, reception=None,
                  category=None, place="", place_region=None, raised_by_deputy=None, received_on=None,
                  actor=None, parent=None) -> Issue:
    received_on = received_on or _today()
    issue = Issue.objects.create(
        number=_next_number(region, received_on.year), region=region, station=station, reception=reception,
        channel=channel, title=title, content=content, category=category, place=place, place_region=place_region,
        raised_by_deputy=raised_by_deputy, recorded_by=_actor(actor), received_on=received_on,
        people_count=max(len(people), 1), parent=parent,
    )
    for person in people:
        Constituent.objects.create(issue=issue, **person)
    return issue


def issue_submit(*, region, title, content, channel, constituents: list[dict], station=None, reception=None,
                 category=None, place="", place_region=None, raised_by_deputy=None, received_on=None,
                 actor=None, actor_label="") -> Issue:
    """Record a new issue: numbered per office and year, a query code for the person, status 待受理. The office is
    the congress of ``region`` or, for a street (街道), of the county above it (see congress_region_of)."""
    title, content, place = (title or "").strip(), (content or "").strip(), (place or "").strip()
    errors = {}
    if not title:
        errors["title"] = "请填写标题（一句话概括反映的问题）"
    elif len(title) > TEXT_LIMITS["title"]:
        errors["title"] = "标题不能超过 100 个字符"
    if not content:
        errors["content"] = "请填写反映的具体内容"
    if len(place) > TEXT_LIMITS["place"]:
        errors["place"] = "发生地点不能超过 200 个字符"
    if channel not in Channel.values:
        errors["channel"] = "来源不正确"
    # A street station's issues are cases of the county office that works there (地方组织法 Art 59).
    region = congress_region_of(region)
    if station is not None and not station.region_id.startswith(region.code):
        errors["station"] = "联络站不在该人大的辖区内"
    if place_region is not None and not place_region.code.startswith(region.code):
        errors["place_region"] = "涉及区划不在该人大的辖区内"
    if channel == Channel.DEPUTY and raised_by_deputy is None:
        errors["raised_by_deputy"] = "代表记录须注明记录代表"
    if received_on is not None and received_on > _today():
        errors["received_on"] = "收到日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    _check_category(category, region)
    people = _clean_constituents(constituents, channel)
    with transaction.atomic():
        issue = _create_issue(region=region, title=title, content=content, channel=channel, people=people,
                              station=station, reception=reception, category=category, place=place,
                              place_region=place_region, raised_by_deputy=raised_by_deputy,
                              received_on=received_on, actor=actor)
        _event(issue, action="submit", actor=actor, actor_label=actor_label, to_status=issue.status,
               data={"channel": channel, "people": len(people)})
        _audit(issue, action="submit", actor=actor, actor_label=actor_label,
               summary={"channel": channel, "people": [mask_name(p["name"]) for p in people][:10]})
        _monthly_sync(None, issue)
        search.index_issue(issue)
    return issue


def issue_edit(*, issue: Issue, actor, title=None, content=None, category=None, place=None,
               place_region=None) -> Issue:
    """Correct the title/content or classify (category, place); not once the issue is finished."""
    with transaction.atomic():
        issue = _lock(issue)
        if issue.status in workflow.FINISHED:
            raise ServiceError("该意见已办结或已并案，不能修改。")
        if actor is not None and not action_roles(actor, issue) & workflow.STAFF:
            raise PermissionDeniedError("无权修改该意见。")
        before = _snapshot(issue)
        changed = {}
        if title is not None and title.strip() != issue.title:
            if not title.strip() or len(title.strip()) > TEXT_LIMITS["title"]:
                raise ValidationError({"title": "标题不能为空，且不超过 100 个字符"})
            issue.title, changed["title"] = title.strip(), True
        if content is not None and content.strip() != issue.content:
            if not content.strip():
                raise ValidationError({"content": "内容不能为空"})
            issue.content, changed["content"] = content.strip(), True
        if category is not None and category.pk != issue.category_id:
            _check_category(category, issue.region)
            issue.category, changed["category"] = category, category.name
        if place is not None and place.strip() != issue.place:
            issue.place, changed["place"] = place.strip()[:200], True
        if place_region is not None and place_region.pk != issue.place_region_id:
            if not place_region.code.startswith(issue.region_id):
                raise ValidationError({"place_region": "涉及区划不在该人大的辖区内"})
            issue.place_region, changed["place_region"] = place_region, place_region.code
        if not changed:
            return issue
        issue.save()
        _event(issue, action="edit", actor=actor, actor_label="", data={"fields": sorted(changed)})
        _audit(issue, action="edit", actor=actor, summary={"fields": sorted(changed)})
        _monthly_sync(before, issue)
        if "title" in changed or "content" in changed:
            search.index_issue(issue)
    return issue


# ---------------------------------------------------------------- transitions


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
    return issue


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


def issue_merge(*, master: Issue, duplicates: Iterable[Issue], actor, note: str = "") -> Issue:
    """并案: the same problem raised by many people stays one case. Each duplicate becomes 已并案 and points at
    the master; the master's 反映人数 sums everyone behind it, and its answer reaches them all."""
    ids = sorted({d.pk for d in duplicates} - {master.pk})
    if not ids:
        raise ValidationError({"duplicates": "请选择要并入的重复意见"})
    with transaction.atomic():
        locked = {i.pk: i for i in Issue.objects.select_for_update().filter(pk__in=[master.pk, *ids]).order_by("pk")}
        master = locked[master.pk]
        if master.status not in workflow.OPEN:
            raise ServiceError(f"主件当前为“{master.get_status_display()}”，不能再并入其他意见。")
        if actor is not None and not action_roles(actor, master) & workflow.STAFF:
            raise PermissionDeniedError("无权对该意见执行“并案”。")
        added = 0
        for pk in ids:
            duplicate = locked.get(pk)
            if duplicate is None:
                raise ValidationError({"duplicates": "所选意见不存在"})
            if duplicate.region_id != master.region_id:
                raise ValidationError({"duplicates": f"{duplicate.number} 不属于同一人大，不能并案"})
            target = _require(duplicate, "merge", actor)
            before, source = _snapshot(duplicate), duplicate.status
            duplicate.status, duplicate.merged_into = target, master
            duplicate.save()
            added += duplicate.people_count
            _event(duplicate, action="merged_into", actor=actor, actor_label="", from_status=source,
                   to_status=target, note=note, data={"master": master.number})
            _audit(duplicate, action="merge", actor=actor, summary={"master": master.number})
            _monthly_sync(before, duplicate)
        master.people_count += added
        master.save(update_fields=["people_count", "updated_at"])
        numbers = [locked[pk].number for pk in ids]
        _event(master, action="merge", actor=actor, actor_label="", from_status=master.status,
               to_status=master.status, note=note, data={"merged": numbers, "people_count": master.people_count})
        _audit(master, action="merge_master", actor=actor, summary={"merged": numbers})
    return master


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


def issue_contacts_reveal(*, issue: Issue, actor) -> list[Constituent]:
    """The full contact data, for the staff who call the person back; every reveal is audited."""
    from lianluo.casework.permissions import can_view_contacts  # noqa: PLC0415

    if not can_view_contacts(actor, issue):
        raise PermissionDeniedError("无权查看反映人的完整联系方式。")
    people = list(issue.constituents.all())
    with transaction.atomic():
        audit_record(action="issue.contacts_view", actor=actor, obj=issue,
                     summary={"number": issue.number, "people": len(people)})
    return people


# ---------------------------------------------------------------- escalation to a suggestion


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


# ---------------------------------------------------------------- categories


def category_import(*, region: Region, data: bytes, actor=None):
    """Import the office's category tree from a CSV of paths (一级分类,二级分类,三级分类…): whole or nothing,
    idempotent (a path already present is left alone), errors per row in Chinese."""
    from lianluo.casework.categories import CategoryImportReport, check_rows, read_csv  # noqa: PLC0415
    from lianluo.casework.permissions import can_import_categories  # noqa: PLC0415

    if actor is not None and not can_import_categories(actor, region.code):
        raise PermissionDeniedError("无权维护该人大的意见分类。")
    rows, errors = read_csv(data)
    report = CategoryImportReport(errors=errors)
    if errors:
        return report
    paths, errors = check_rows(rows)
    if errors:
        report.errors = errors
        return report
    with transaction.atomic():
        existing = {}
        for category in Category.objects.select_for_update().filter(region=region).order_by("depth", "id"):
            existing[(category.parent_id, category.name)] = category
        children_codes: dict = {}
        for category in existing.values():
            children_codes.setdefault(category.parent_id, []).append(category.code)
        for path in paths:
            parent = None
            for depth, name in enumerate(path, start=1):
                key = (parent.pk if parent else None, name)
                node = existing.get(key)
                if node is None:
                    siblings = children_codes.setdefault(key[0], [])
                    prefix = parent.code if parent else ""
                    used = {int(code[len(prefix):]) for code in siblings if code[len(prefix):].isdigit()}
                    number = max(used, default=0) + 1
                    if number > 99:
                        raise ServiceError(f"“{parent.name if parent else '第一级'}”下的分类超过 99 个")
                    node = Category.objects.create(region=region, parent=parent, code=f"{prefix}{number:02d}",
                                                   name=name, depth=depth, order=number)
                    siblings.append(node.code)
                    existing[key] = node
                    report.created += 1
                else:
                    report.unchanged += 1 if depth == len(path) else 0
                parent = node
        audit_record(action="category.import", actor=actor, object_type="casework.category",
                     object_id=region.code, object_label=f"{region.name}意见分类",
                     summary={"created": report.created, "rows": len(paths)})
    return report
