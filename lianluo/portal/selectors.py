"""Reads for the public site. There is no signed-in user here, so nothing is scoped by jurisdiction: a station is
found by its unguessable public key, an issue by its query code, and what is returned is only what the public may
see (no personal data, no internal notes, no officer names)."""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from lianluo.casework import workflow
from lianluo.casework.models import QUERY_ALPHABET, Issue, IssueEvent
from lianluo.stations.models import DutyShift, Station

WEEKDAYS = "一二三四五六日"
MAX_HOPS = 5  # merges and transfers followed from the person's issue to where the work now happens

# The status in plain words for the person who raised the issue.
PUBLIC_STATUS = {
    workflow.RECEIVED: ("已收到", "您反映的问题已收到，等待工作人员受理。"),
    workflow.ACCEPTED: ("正在办理", "已受理，正在办理。"),
    workflow.DECLINED: ("不予受理", "经审查，该问题不属于受理范围。"),
    workflow.FORWARDED: ("已转承办单位", "已转有关单位办理，单位反馈后会答复您。"),
    workflow.TRANSFERRED: ("已转其他人大", "已转有权处理的人大办理。"),
    workflow.FEEDBACK: ("单位已反馈", "承办单位已反馈办理情况，工作人员正在准备答复。"),
    workflow.ANSWERED: ("已答复", "已答复，请您对办理结果进行评价。"),
    workflow.CLOSED: ("已办结", "该问题已办结。"),
    workflow.MERGED: ("已合并办理", "您反映的问题与其他群众反映的同类问题合并办理。"),
}
# A step of the public timeline: a change of status, or one of these actions.
STEP_BY_ACTION = {
    "handle": "答复",
    "answer": "答复",
    "rate": "已评价",
    "reopen": "重新办理",
    "escalate": "已由人大代表作为建议提出",
    "suggestion_reply": "代表建议已获答复",
    "child_answered": "受理的人大已答复",
}
STEP_BY_STATUS = {
    workflow.RECEIVED: "收到反映",
    workflow.ACCEPTED: "受理",
    workflow.DECLINED: "不予受理",
    workflow.FORWARDED: "转承办单位办理",
    workflow.TRANSFERRED: "转其他人大办理",
    workflow.FEEDBACK: "承办单位反馈",
    workflow.ANSWERED: "答复",
    workflow.CLOSED: "办结",
    workflow.MERGED: "合并办理",
}
CODE_RE = re.compile(f"^[{QUERY_ALPHABET}]{{6,16}}$")


def station_for_public(public_key: str) -> Station | None:
    """An active station by its public key (unknown and inactive stations look the same: None)."""
    return Station.objects.filter(public_key=public_key, is_active=True).select_related("region").first()


def station_reception_days(station: Station) -> str:
    """每周一、周三 · 每月15日代表集中接待 — what the station's form and poster say about reception days."""
    parts = []
    days = [d for d in station.weekdays if 1 <= d <= 7]
    if days:
        parts.append("每周" + "、".join(f"周{WEEKDAYS[d - 1]}" for d in days).removeprefix("周"))
    if station.reception_rule:
        parts.append(station.reception_rule)
    return "；".join(parts)


def station_next_shifts(station: Station, limit: int = 3) -> list[DutyShift]:
    """The next reception days on the duty roster (dates and topics only)."""
    today = timezone.localdate()
    return list(DutyShift.objects.filter(station=station, date__gte=today).order_by("date", "starts_at")[:limit])


def normalise_code(text: str) -> str:
    """What a person typed, as the code is stored: full-width to ASCII, no spaces or dashes, upper case."""
    return re.sub(r"[\s\-_]", "", unicodedata.normalize("NFKC", text or "")).upper()


def issue_by_code(text: str) -> Issue | None:
    """The issue with this query code. A malformed code and an unknown one both give None."""
    code = normalise_code(text)
    if not CODE_RE.match(code):
        code = "-"  # still ask the database: both cases take the same path
    return Issue.objects.select_related("station", "unit").filter(query_code=code).first()


@dataclass(frozen=True)
class Step:
    on: date
    label: str


@dataclass
class PublicProgress:
    """What the follow page shows about one issue and, when it was merged or transferred, where it went."""

    number: str
    title: str
    station_name: str
    received_on: date
    status: str
    status_label: str
    status_help: str
    steps: list[Step]
    # Where the work happens now (the master of a merge, the receiving office of a transfer); None if here.
    followed_via: str = ""  # "merged" or "transferred"
    followed_status_label: str = ""
    followed_status_help: str = ""
    followed_steps: list[Step] = field(default_factory=list)
    unit_name: str = ""
    decline_reason: str = ""
    answer: str = ""
    answered_on: date | None = None
    satisfaction_label: str = ""
    rate_target: Issue | None = None  # set when the person may rate now


def _steps(issue: Issue) -> list[Step]:
    events = IssueEvent.objects.filter(issue=issue).order_by("id").only("at", "action", "from_status", "to_status")
    steps = []
    for event in events:
        label = STEP_BY_ACTION.get(event.action)
        if label is None and event.to_status and event.to_status != event.from_status:
            label = STEP_BY_STATUS.get(event.to_status)
        if label:
            steps.append(Step(on=timezone.localdate(event.at), label=label))
    return steps


def _follow(issue: Issue) -> tuple[Issue, str]:
    """The issue where the work now happens, and how it was reached ("" when it is the issue itself)."""
    current, via = issue, ""
    for _ in range(MAX_HOPS):
        if current.status == workflow.MERGED and current.merged_into_id:
            current, via = Issue.objects.select_related("unit").get(pk=current.merged_into_id), "merged"
        elif current.status == workflow.TRANSFERRED:
            child = Issue.objects.select_related("unit").filter(parent=current).order_by("-id").first()
            if child is None:
                break
            current, via = child, via or "transferred"
        else:
            break
    return current, via


def public_progress(issue: Issue) -> PublicProgress:
    label, help_text = PUBLIC_STATUS.get(issue.status, (issue.get_status_display(), ""))
    progress = PublicProgress(
        number=issue.number, title=issue.title, station_name=issue.station.name if issue.station else "",
        received_on=issue.received_on, status=issue.status, status_label=label, status_help=help_text,
        steps=_steps(issue),
    )
    followed, via = _follow(issue)
    if followed.pk != issue.pk:
        progress.followed_via = via
        progress.followed_status_label, progress.followed_status_help = PUBLIC_STATUS.get(
            followed.status, (followed.get_status_display(), ""))
        progress.followed_steps = _steps(followed)
    progress.unit_name = followed.unit.name if followed.unit_id else ""
    if followed.status == workflow.DECLINED:
        progress.decline_reason = followed.decline_reason
    if via == "merged":
        # The master's answer is copied onto every merged issue, and each person rates their own copy.
        rated = issue
        if issue.answered_on and issue.answer:
            progress.answer, progress.answered_on = issue.answer, issue.answered_on
        may_rate = bool(issue.answered_on) and not issue.satisfaction
    else:
        # The person's own issue, or the issue that the receiving office opened for it (transfer).
        rated = followed
        if followed.answer and followed.status in (workflow.ANSWERED, workflow.CLOSED):
            progress.answer, progress.answered_on = followed.answer, followed.answered_on
        may_rate = followed.status == workflow.ANSWERED
    if rated.satisfaction and not may_rate:
        progress.satisfaction_label = rated.get_satisfaction_display()
    if may_rate:
        progress.rate_target = rated
    return progress
