"""The steps of a year's project vote (RULES.md D8) as an explicit transition table."""

from lianluo.livelihood.models import RoundStatus

S = RoundStatus

# action -> (from, to)
TRANSITIONS = {
    "shortlist": (S.COLLECTING, S.SHORTLISTED),  # the government's candidate list, more than the places
    "open_vote": (S.SHORTLISTED, S.VOTING),  # the plenary meeting votes
    "close_vote": (S.VOTING, S.CHOSEN),  # counted and ranked; ties at the cut-off are voted on again first
    "open_rating": (S.CHOSEN, S.RATING),  # the year-end satisfaction rating
    "close_rating": (S.RATING, S.CLOSED),
}
ACTION_LABELS = {"shortlist": "确定候选项目", "open_vote": "开始票决", "close_vote": "结束票决并计票",
                 "open_rating": "开始满意度测评", "close_rating": "结束测评"}
IMPLEMENTING = frozenset({S.CHOSEN, S.RATING, S.CLOSED})
PUBLIC = IMPLEMENTING


class TransitionError(Exception):
    pass


def target(status: str, action: str) -> str:
    if action not in TRANSITIONS:
        raise TransitionError(f"未知的操作：{action}")
    source, to = TRANSITIONS[action]
    if status != source:
        raise TransitionError(f"当前为“{RoundStatus(status).label}”，不能{ACTION_LABELS[action]}。")
    return to


def offered(status: str) -> list[tuple[str, str]]:
    return [(action, ACTION_LABELS[action]) for action, (source, _to) in TRANSITIONS.items() if source == status]
