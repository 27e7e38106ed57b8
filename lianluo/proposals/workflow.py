"""The life of a suggestion, of each unit's part in it, and of a motion, as pure state machines with their
deadline rules. No ORM here: the services lock the row, ask this module whether the action is allowed from the
current status and by whom, and write the result.

Suggestion (代表建议)::

    draft ──submit──▶ submitted ──accept──▶ accepted ──assign──▶ assigned ──reply──▶ replied ──rate──▶ closed
      ▲                │  │  │                 │                     ▲                │  │
      └──resubmit── returned◀─return            │                     └──reply── rehandling◀─rate(不满意)
                       │  └─merge─▶ merged ◀─merge┘                                       └─close─▶ closed
                       └─withdraw─▶ withdrawn ◀─withdraw (before assignment)

Handling (one unit's 承办)::

    pending ──sign──▶ signed ──submit_reply (lead)──▶ awaiting_approval ──approve──▶ replied
       │                │  └──send_opinion (assist/joint)──▶ opinion_sent       │
       └──request_return┴──▶ return_requested ──approve_return──▶ returned       └─send_back─▶ signed
                                   └──refuse_return──▶ signed
    replied ──rehandle──▶ signed (the deputy was not satisfied)

Motion (议案)::

    draft ──submit──▶ submitted ──refer_review──▶ under_review ──review──▶ submitted (with the opinion)
                         ├──put_on_agenda──▶ on_agenda ──record_result──▶ adopted / not_adopted
                         ├──refer──▶ referred ──conclude──▶ concluded
                         ├──as_suggestion──▶ as_suggestion (a suggestion is opened from it)
                         └──withdraw──▶ withdrawn (before the vote, with the presidium's consent)

Deadlines:
- The reply is due 3 months after the day of referral (交办), 6 months for a suggestion marked broad and difficult
  to handle (代表法 Art 51 ¶1–2), counted under 民法典 Arts 201–203 (``workdays.deadline_after_months``).
- A unit asks to return a suggestion outside its remit within 10 days of receiving it (Hunan county practice,
  RULES.md D5; setting LIANLUO_PROPOSALS_RETURN_DAYS).
- The deputy rates the reply within 10 days (D5; setting LIANLUO_PROPOSALS_RATE_DAYS); a 不满意 starts another
  round whose reply is due 1 month later (E5, the national law is silent; setting LIANLUO_PROPOSALS_REHANDLE_MONTHS).
- Co-signers confirm by a deadline the lead deputy sets (default LIANLUO_PROPOSALS_COSIGN_DAYS days).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

from lianluo.regions import workdays
from lianluo.regions.models import Level

# ---------------------------------------------------------------- actors

DEPUTY = "deputy"  # the lead deputy of this suggestion or motion (the services check which deputy)
LIAISON = "liaison_staff"
OFFICER = "unit_officer"
LEADER = "unit_leader"
UNIT = frozenset({OFFICER, LEADER})
SPECIAL = "special_committee_staff"
SYSTEM = "system"  # the scheduler (no account)
# The office as the keeper of a motion with no lead deputy (a delegation's or the presidium's, which it keys in):
# it stands in for the filer where the lead deputy would act on a deputies' motion.
FILING_OFFICE = "filing_office"

# ---------------------------------------------------------------- suggestion statuses

DRAFT, SUBMITTED, RETURNED, ACCEPTED = "draft", "submitted", "returned", "accepted"
MERGED, WITHDRAWN, ASSIGNED, REPLIED = "merged", "withdrawn", "assigned", "replied"
REHANDLING, CLOSED = "rehandling", "closed"

# In the hands of the units (the reply clock runs).
HANDLING = frozenset({ASSIGNED, REHANDLING})
# Counted as 办结 in the statistics.
FINISHED = frozenset({REPLIED, CLOSED})

ACTION_LABELS = {
    "create": "起草",
    "edit": "修改",
    "invite": "邀请附议",
    "cosign": "确认附议",
    "decline_cosign": "谢绝附议",
    "submit": "提交",
    "resubmit": "重新提交",
    "accept": "审核立案",
    "return": "退回代表",
    "merge": "并案",
    "merged_into": "并入",
    "withdraw": "撤回",
    "assign": "交办",
    "reassign": "调整承办单位",
    "sign": "签收",
    "request_return": "申请退回",
    "approve_return": "同意退回",
    "refuse_return": "不同意退回",
    "contact": "联系代表",
    "send_opinion": "送协办意见",
    "submit_reply": "提交答复（待审签）",
    "approve": "审签答复",
    "send_back": "退回修改",
    "reply": "答复代表",
    "rate": "评价",
    "rehandle": "重新办理",
    "close": "办结",
    "remind": "到期提醒",
    "escalate": "逾期督办",
    "mark_key": "列为重点督办",
    "supervise": "督办活动",
    "publish": "公开",
    "unpublish": "撤下公开",
    "consent": "代表同意公开",
    "consent_withdraw": "代表撤回同意公开",
    "import": "导入",
    "refer_review": "交专门委员会审议",
    "review": "提出审议意见",
    "put_on_agenda": "列入会议议程",
    "refer": "交专门委员会审议后提出报告",
    "as_suggestion": "作为建议处理",
    "record_result": "记录表决结果",
    "conclude": "审议结束",
}


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    actors: frozenset  # who may take it: DEPUTY (the lead), LIAISON, UNIT roles, SPECIAL, SYSTEM


class TransitionError(Exception):
    """The action is not allowed from the current status (the message is Chinese, for the user)."""


def _table(transitions):
    return {(t.source, t.action): t for t in transitions}


SUGGESTION_TRANSITIONS: tuple[Transition, ...] = (
    Transition(DRAFT, "submit", SUBMITTED, frozenset({DEPUTY, LIAISON})),
    Transition(RETURNED, "resubmit", SUBMITTED, frozenset({DEPUTY, LIAISON})),
    Transition(SUBMITTED, "accept", ACCEPTED, frozenset({LIAISON})),
    Transition(SUBMITTED, "return", RETURNED, frozenset({LIAISON})),
    Transition(SUBMITTED, "merge", MERGED, frozenset({LIAISON})),
    Transition(ACCEPTED, "merge", MERGED, frozenset({LIAISON})),
    Transition(DRAFT, "withdraw", WITHDRAWN, frozenset({DEPUTY})),
    Transition(SUBMITTED, "withdraw", WITHDRAWN, frozenset({DEPUTY})),
    Transition(RETURNED, "withdraw", WITHDRAWN, frozenset({DEPUTY})),
    Transition(ACCEPTED, "withdraw", WITHDRAWN, frozenset({DEPUTY})),
    Transition(ACCEPTED, "assign", ASSIGNED, frozenset({LIAISON})),
    Transition(ASSIGNED, "reply", REPLIED, frozenset({LEADER})),
    Transition(REHANDLING, "reply", REPLIED, frozenset({LEADER})),
    # The deputy's rating: 满意/基本满意 close; 不满意 sends it back to the units for another round.
    Transition(REPLIED, "rate", CLOSED, frozenset({DEPUTY, LIAISON})),
    Transition(REPLIED, "rate_dissatisfied", REHANDLING, frozenset({DEPUTY, LIAISON})),
    # Closing without a rating: the rating period lapsed (the scheduler), or the office closes after a final round.
    Transition(REPLIED, "close", CLOSED, frozenset({LIAISON, SYSTEM})),
)
_SUGGESTION = _table(SUGGESTION_TRANSITIONS)

STATUS_LABELS = {
    DRAFT: "草稿", SUBMITTED: "待审核", RETURNED: "已退回", ACCEPTED: "已立案", MERGED: "已并案",
    WITHDRAWN: "已撤回", ASSIGNED: "办理中", REPLIED: "已答复", REHANDLING: "重新办理", CLOSED: "已办结",
}


def _check(table, labels, status: str, action: str, what: str) -> Transition:
    transition = table.get((status, action))
    if transition is None:
        raise TransitionError(
            f"该{what}当前为“{labels.get(status, status)}”，不能{ACTION_LABELS.get(action, action)}。"
        )
    return transition


def suggestion_target(status: str, action: str) -> str:
    """The suggestion's status after ``action``, or TransitionError naming both in Chinese."""
    return _check(_SUGGESTION, STATUS_LABELS, status, action, "建议").target


def suggestion_may(status: str, action: str, actors) -> bool:
    transition = _SUGGESTION.get((status, action))
    return transition is not None and bool(set(actors) & transition.actors)


def rate_action(satisfaction: str) -> str:
    """不满意 starts another handling round (RULES.md E5); 满意 and 基本满意 close the suggestion."""
    return "rate_dissatisfied" if satisfaction == "dissatisfied" else "rate"


# ---------------------------------------------------------------- handling (one unit's part)

PENDING, SIGNED, RETURN_REQUESTED = "pending", "signed", "return_requested"
UNIT_RETURNED, OPINION_SENT, AWAITING_APPROVAL, UNIT_REPLIED = "returned", "opinion_sent", "awaiting_approval", \
    "replied"
LEAD, ASSIST, JOINT = "lead", "assist", "joint"

HANDLING_TRANSITIONS: tuple[Transition, ...] = (
    Transition(PENDING, "sign", SIGNED, UNIT),
    Transition(PENDING, "request_return", RETURN_REQUESTED, UNIT),
    Transition(SIGNED, "request_return", RETURN_REQUESTED, UNIT),
    Transition(RETURN_REQUESTED, "approve_return", UNIT_RETURNED, frozenset({LIAISON})),
    Transition(RETURN_REQUESTED, "refuse_return", SIGNED, frozenset({LIAISON})),
    Transition(SIGNED, "contact", SIGNED, UNIT),
    Transition(SIGNED, "send_opinion", OPINION_SENT, UNIT),
    Transition(SIGNED, "submit_reply", AWAITING_APPROVAL, UNIT),
    Transition(AWAITING_APPROVAL, "approve", UNIT_REPLIED, frozenset({LEADER})),
    Transition(AWAITING_APPROVAL, "send_back", SIGNED, frozenset({LEADER})),
    Transition(UNIT_REPLIED, "rehandle", SIGNED, frozenset({DEPUTY, LIAISON})),
)
_HANDLING = _table(HANDLING_TRANSITIONS)
# Which actions belong to which role of unit: only the lead unit replies; assisting and joint units send opinions.
LEAD_ONLY = frozenset({"submit_reply", "approve", "send_back", "rehandle"})
PARTNER_ONLY = frozenset({"send_opinion"})
HANDLING_ACTIONS = ("sign", "request_return", "contact", "send_opinion", "submit_reply", "approve", "send_back")

HANDLING_LABELS = {
    PENDING: "待签收", SIGNED: "办理中", RETURN_REQUESTED: "申请退回", UNIT_RETURNED: "已退回",
    OPINION_SENT: "已送协办意见", AWAITING_APPROVAL: "待领导审签", UNIT_REPLIED: "已答复",
}
# A unit whose part is still open (the office counts it as handling the suggestion).
HANDLING_OPEN = frozenset({PENDING, SIGNED, RETURN_REQUESTED, AWAITING_APPROVAL})


def handling_target(status: str, action: str, role: str) -> str:
    if action in LEAD_ONLY and role != LEAD:
        raise TransitionError(f"只有主办单位才能{ACTION_LABELS[action]}。")
    if action in PARTNER_ONLY and role == LEAD:
        raise TransitionError("主办单位不送协办意见，请直接起草答复。")
    return _check(_HANDLING, HANDLING_LABELS, status, action, "承办事项").target


def handling_may(status: str, action: str, role: str, actors) -> bool:
    if (action in LEAD_ONLY and role != LEAD) or (action in PARTNER_ONLY and role == LEAD):
        return False
    transition = _HANDLING.get((status, action))
    return transition is not None and bool(set(actors) & transition.actors)


def handling_actions(status: str, role: str, actors) -> list[str]:
    """Actions (in page order) that ``actors`` may take on a unit's part in this status."""
    return [a for a in HANDLING_ACTIONS if handling_may(status, a, role, actors)]


# ---------------------------------------------------------------- motions

M_DRAFT, M_SUBMITTED, M_UNDER_REVIEW, M_ON_AGENDA = "draft", "submitted", "under_review", "on_agenda"
M_REFERRED, M_AS_SUGGESTION, M_WITHDRAWN = "referred", "as_suggestion", "withdrawn"
M_ADOPTED, M_NOT_ADOPTED, M_CONCLUDED = "adopted", "not_adopted", "concluded"
PRESIDIUM = frozenset({LIAISON})  # the office keys in the presidium's decisions

MOTION_TRANSITIONS: tuple[Transition, ...] = (
    Transition(M_DRAFT, "submit", M_SUBMITTED, frozenset({DEPUTY, LIAISON})),
    Transition(M_DRAFT, "edit", M_DRAFT, frozenset({DEPUTY, LIAISON})),  # the text, while still a draft
    # A draft is not yet filed: its filer drops it, no consent needed — the lead deputy, or for a delegation's or
    # the presidium's draft the office that keyed it in.
    Transition(M_DRAFT, "withdraw", M_WITHDRAWN, frozenset({DEPUTY, FILING_OFFICE})),
    Transition(M_SUBMITTED, "refer_review", M_UNDER_REVIEW, PRESIDIUM),
    Transition(M_UNDER_REVIEW, "review", M_SUBMITTED, frozenset({SPECIAL, LIAISON})),
    Transition(M_SUBMITTED, "put_on_agenda", M_ON_AGENDA, PRESIDIUM),
    Transition(M_SUBMITTED, "refer", M_REFERRED, PRESIDIUM),
    Transition(M_SUBMITTED, "as_suggestion", M_AS_SUGGESTION, PRESIDIUM),
    # Withdrawal before the vote needs the presidium's consent (地方组织法 Art 22 ¶3): the office records it.
    Transition(M_SUBMITTED, "withdraw", M_WITHDRAWN, PRESIDIUM),
    Transition(M_UNDER_REVIEW, "withdraw", M_WITHDRAWN, PRESIDIUM),
    Transition(M_ON_AGENDA, "withdraw", M_WITHDRAWN, PRESIDIUM),
    Transition(M_REFERRED, "withdraw", M_WITHDRAWN, PRESIDIUM),
    Transition(M_ON_AGENDA, "record_result", M_ADOPTED, PRESIDIUM),
    Transition(M_ON_AGENDA, "record_rejection", M_NOT_ADOPTED, PRESIDIUM),
    Transition(M_REFERRED, "conclude", M_CONCLUDED, frozenset({SPECIAL, LIAISON})),
)
_MOTION = _table(MOTION_TRANSITIONS)
MOTION_LABELS = {
    M_DRAFT: "征集附议", M_SUBMITTED: "已提出", M_UNDER_REVIEW: "专门委员会审议", M_ON_AGENDA: "列入会议议程",
    M_REFERRED: "交专门委员会审议", M_AS_SUGGESTION: "作为建议处理", M_WITHDRAWN: "已撤回", M_ADOPTED: "已通过",
    M_NOT_ADOPTED: "未通过", M_CONCLUDED: "审议结束",
}
MOTION_ACTIONS = ("submit", "edit", "refer_review", "review", "put_on_agenda", "refer", "as_suggestion",
                  "record_result", "conclude", "withdraw")


def motion_target(status: str, action: str) -> str:
    return _check(_MOTION, MOTION_LABELS, status, action, "议案").target


def motion_may(status: str, action: str, actors) -> bool:
    transition = _MOTION.get((status, action))
    return transition is not None and bool(set(actors) & transition.actors)


def motion_actions(status: str, actors) -> list[str]:
    return [a for a in MOTION_ACTIONS if motion_may(status, a, actors)]


def motion_cosigners_needed(level: int) -> int:
    """Deputies jointly filing a motion: at least 10 at county level and above, at least 5 at township level
    (地方组织法 Art 22 ¶1 and ¶2; the count includes the lead deputy: "代表十人以上联名")."""
    return 5 if level == Level.TOWNSHIP else 10


# ---------------------------------------------------------------- deadlines and settings


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def reply_months(is_complex: bool) -> int:
    """3 months from referral, 6 for suggestions that are broad and hard to handle (代表法 Art 51 ¶1–2)."""
    return 6 if is_complex else 3


def reply_due(assigned_on: date, *, is_complex: bool) -> date:
    """The last day for the reply: 代表法 Art 51 (3 or 6 months from referral), counted under 民法典 Arts 201–203
    (the day of referral not counted; the corresponding day of the due month; rolled past a holiday)."""
    return workdays.deadline_after_months(assigned_on, reply_months(is_complex))


def rehandle_due(rated_on: date) -> date:
    """A re-handling round's reply is due N months after the 不满意 rating (RULES.md E5, practice varies:
    setting LIANLUO_PROPOSALS_REHANDLE_MONTHS, default 1)."""
    return workdays.deadline_after_months(rated_on, _setting("LIANLUO_PROPOSALS_REHANDLE_MONTHS", 1))


def return_window_days() -> int:
    return _setting("LIANLUO_PROPOSALS_RETURN_DAYS", 10)


def may_request_return(assigned_on: date, today: date) -> bool:
    """A unit asks to return a suggestion within N days of receipt (RULES.md D5: ``return_request <= receipt +
    10d``, setting LIANLUO_PROPOSALS_RETURN_DAYS); the day of receipt is not counted (民法典 Art 201)."""
    return today <= assigned_on + timedelta(days=return_window_days())


def rate_by(sent_on: date) -> date:
    """The deputy returns the feedback form within N days of the reply (RULES.md D5, setting
    LIANLUO_PROPOSALS_RATE_DAYS, default 10)."""
    return sent_on + timedelta(days=_setting("LIANLUO_PROPOSALS_RATE_DAYS", 10))


def cosign_by(today: date) -> date:
    return today + timedelta(days=_setting("LIANLUO_PROPOSALS_COSIGN_DAYS", 7))


def remind_days_before() -> int:
    return _setting("LIANLUO_PROPOSALS_REMIND_DAYS_BEFORE", 15)


def deadline_state(status: str, due_on: date | None, today: date) -> str:
    """"overdue" once the due day has passed (acting on the due day is on time, 民法典 Art 203 ¶2), "due_soon"
    within the reminder window, "" otherwise or once replied."""
    if status not in HANDLING or due_on is None:
        return ""
    if today > due_on:
        return "overdue"
    if (due_on - today).days <= remind_days_before():
        return "due_soon"
    return ""


def reply_classes() -> list[tuple[str, str]]:
    """The reply classes marked on the reply (RULES.md E1; E2 shows places differ): setting
    LIANLUO_PROPOSALS_REPLY_CLASSES as "A:…;B:…;C:…"."""
    raw = getattr(settings, "LIANLUO_PROPOSALS_REPLY_CLASSES", "")
    if raw:
        pairs = [item.split(":", 1) for item in raw.split(";") if ":" in item]
        return [(code.strip(), label.strip()) for code, label in pairs]
    return [("A", "所提问题已经解决或者基本解决"), ("B", "所提问题已列入计划，逐步解决"),
            ("C", "所提问题因条件限制，留作参考")]


def solved_class() -> str:
    """The class counted as 解决 in the statistics (解决率): the first class of the scheme."""
    return reply_classes()[0][0]


def cosigners_rate() -> bool:
    """Whether co-signers rate the reply too (setting LIANLUO_PROPOSALS_COSIGNERS_RATE; by default only the lead
    deputy returns the feedback form, RULES.md D5)."""
    return bool(getattr(settings, "LIANLUO_PROPOSALS_COSIGNERS_RATE", False))
