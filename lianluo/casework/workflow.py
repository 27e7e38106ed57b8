"""The life of a constituent issue (群众意见) as a pure state machine, with its deadline rules.

    received ──accept──▶ accepted ──handle──▶ answered ──rate(满意/基本满意)──▶ closed
        │                   │  ▲                ▲   │
        └─decline─▶ declined│  └─rate(不满意): round + 1 ─┘
                            ├─forward──▶ forwarded ──feedback──▶ feedback ──answer──▶ answered
                            ├─transfer─▶ transferred (a child issue opens at the other congress office)
    received/accepted ─merge─▶ merged (the master issue carries every person behind it)
    closed/declined ──reopen──▶ accepted

No ORM here: the services lock the row, ask this module whether the action is allowed from the current
status and by whom, and write the result.

Deadlines: a handling unit's feedback is due ``LIANLUO_CASEWORK_FEEDBACK_WORKING_DAYS`` working days after
the day the issue was forwarded (default 15, the common practice of county congress offices), counted on the
official working-day calendar (民法典 Art 201: the day of forwarding is not counted; Art 204: working-day
periods; holidays and 调休 from the State Council notices). Acting on the due day itself is on time
(民法典 Art 203 ¶2).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

from lianluo.regions import workdays

RECEIVED, ACCEPTED, DECLINED = "received", "accepted", "declined"
FORWARDED, TRANSFERRED, FEEDBACK = "forwarded", "transferred", "feedback"
ANSWERED, CLOSED, MERGED = "answered", "closed", "merged"

# Who may act. "public" is the person with the query code (no account); None actors (the system, the
# scheduler) are checked by the services, not here.
STAFF = frozenset({"liaison_staff", "station_manager"})
LIAISON = frozenset({"liaison_staff"})
UNIT = frozenset({"unit_officer", "unit_leader"})
PUBLIC = "public"

# Statuses in which an issue is still being worked on.
OPEN = frozenset({RECEIVED, ACCEPTED, FORWARDED, FEEDBACK})
# Statuses in which a person's issue has had its final word.
FINISHED = frozenset({CLOSED, DECLINED, MERGED, TRANSFERRED})

ACTION_LABELS = {
    "submit": "登记",
    "accept": "受理",
    "decline": "不予受理",
    "handle": "直接答复",
    "forward": "转承办单位",
    "transfer": "转其他人大",
    "feedback": "单位反馈",
    "answer": "答复群众",
    "rate": "评价",
    "close": "办结",
    "reopen": "重新办理",
    "merge": "并案",
    "merged_into": "并入",
    "escalate": "转为代表建议",
    "remind": "催办",
    "edit": "修改分类信息",
    "child_answered": "转办人大已答复",
    "suggestion_reply": "建议答复",
}


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    roles: frozenset  # role values (and/or PUBLIC) allowed to take it


TRANSITIONS: tuple[Transition, ...] = (
    Transition(RECEIVED, "accept", ACCEPTED, STAFF),
    Transition(RECEIVED, "decline", DECLINED, STAFF),
    Transition(RECEIVED, "merge", MERGED, STAFF),
    Transition(ACCEPTED, "merge", MERGED, STAFF),
    Transition(ACCEPTED, "handle", ANSWERED, STAFF),
    Transition(ACCEPTED, "forward", FORWARDED, STAFF),
    Transition(ACCEPTED, "transfer", TRANSFERRED, LIAISON),
    Transition(FORWARDED, "feedback", FEEDBACK, UNIT | LIAISON),
    Transition(FEEDBACK, "answer", ANSWERED, STAFF),
    # The person's satisfaction: 满意/基本满意 closes, 不满意 sends the issue back for another round.
    Transition(ANSWERED, "rate", CLOSED, STAFF | {PUBLIC}),
    Transition(ANSWERED, "rate_dissatisfied", ACCEPTED, STAFF | {PUBLIC}),
    Transition(ANSWERED, "close", CLOSED, STAFF),
    Transition(CLOSED, "reopen", ACCEPTED, LIAISON),
    Transition(DECLINED, "reopen", ACCEPTED, LIAISON),
)

_TABLE = {(t.source, t.action): t for t in TRANSITIONS}
# Actions the pages and the API offer by name (rate_dissatisfied is chosen by rate's satisfaction).
ACTIONS = ("accept", "decline", "handle", "forward", "transfer", "feedback", "answer", "rate", "close", "reopen")


class TransitionError(Exception):
    """The action is not allowed from the current status (the message is Chinese, for the user)."""


def transition_for(status: str, action: str) -> Transition | None:
    return _TABLE.get((status, action))


def target_status(status: str, action: str) -> str:
    """The status after ``action`` from ``status``, or TransitionError naming both in Chinese."""
    transition = _TABLE.get((status, action))
    if transition is None:
        raise TransitionError(
            f"该意见当前为“{STATUS_LABELS.get(status, status)}”，不能{ACTION_LABELS.get(action, action)}。"
        )
    return transition.target


def allowed_actions(status: str, roles) -> list[str]:
    """Actions (by offered name) that a holder of ``roles`` may take from ``status``."""
    roles = set(roles)
    result = []
    for action in ACTIONS:
        transition = _TABLE.get((status, action))
        if transition is not None and roles & transition.roles:
            result.append(action)
    return result


def may(status: str, action: str, roles) -> bool:
    transition = _TABLE.get((status, action))
    return transition is not None and bool(set(roles) & transition.roles)


def rate_action(satisfaction: str) -> str:
    """不满意 starts another handling round; 满意 and 基本满意 close the issue."""
    return "rate_dissatisfied" if satisfaction == "dissatisfied" else "rate"


# ---------------------------------------------------------------- deadlines


def feedback_working_days() -> int:
    return int(getattr(settings, "LIANLUO_CASEWORK_FEEDBACK_WORKING_DAYS", 15))


def feedback_due(forwarded_on: date, working_days: int | None = None) -> date:
    """The last day for the unit's feedback: N working days after forwarding, the day itself not counted
    (民法典 Art 201, Art 204; setting LIANLUO_CASEWORK_FEEDBACK_WORKING_DAYS)."""
    n = feedback_working_days() if working_days is None else working_days
    return workdays.add_working_days(forwarded_on, n)


def is_overdue(status: str, due_on: date | None, today: date) -> bool:
    """Forwarded and the feedback day has passed (acting on the due day is on time, 民法典 Art 203 ¶2)."""
    return status == FORWARDED and due_on is not None and workdays.is_overdue(due_on, today)


def auto_close_days() -> int:
    return int(getattr(settings, "LIANLUO_CASEWORK_AUTO_CLOSE_DAYS", 15))


def closes_unrated(status: str, answered_on: date | None, today: date, days: int | None = None) -> bool:
    """An answered issue that the person has not rated within the setting's calendar days closes by itself
    (setting LIANLUO_CASEWORK_AUTO_CLOSE_DAYS)."""
    n = auto_close_days() if days is None else days
    return status == ANSWERED and answered_on is not None and today > answered_on + timedelta(days=n)


STATUS_LABELS = {
    RECEIVED: "待受理", ACCEPTED: "已受理", DECLINED: "不予受理", FORWARDED: "已转办", TRANSFERRED: "已转其他人大",
    FEEDBACK: "单位已反馈", ANSWERED: "已答复", CLOSED: "已办结", MERGED: "已并案",
}
