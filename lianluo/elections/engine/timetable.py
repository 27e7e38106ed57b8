"""The dates a direct election must keep, counted back from election day (选举法 Arts 28, 29, 32).

"N 日以前" is read as on or before election day minus N (RULES.md A5, A16; Shuangpai 2021 published its roll on
31 July for a 20 August election, exactly 20 days). Periods counted from an event ("之日起五日内") end on the event
plus N, the event's day not counted (民法典 Art 201 ¶1). Calendar days throughout: the statute counts to a fixed
election day, which a holiday does not move.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

ROLL_DAYS_BEFORE = 20  # 选举法 Art 28
OBJECTION_DAYS = 5  # Art 29: within 5 days of the roll's publication
OBJECTION_DECISION_DAYS = 3  # Art 29: the committee decides within 3 days
SUIT_DAYS_BEFORE = 5  # Art 29: a suit is filed 5 days before election day at the latest
CANDIDATES_DAYS_BEFORE = 15  # Art 32: the list of candidates
FORMAL_DAYS_BEFORE = 7  # Art 32: the formal list (not 5: RULES.md preamble)


class State(StrEnum):
    DONE = "done"  # done in time
    LATE = "late"  # done, but after the last day
    DUE = "due"  # not done, the last day has not passed
    OVERDUE = "overdue"  # not done and the last day has passed


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    article: str
    last_day: datetime.date | None  # None: depends on a step not done yet
    done_on: datetime.date | None

    def state(self, today: datetime.date) -> State | None:
        if self.last_day is None:
            return None
        if self.done_on is not None:
            return State.DONE if self.done_on <= self.last_day else State.LATE
        return State.DUE if today <= self.last_day else State.OVERDUE


def roll_last_day(election_day: datetime.date) -> datetime.date:
    """The voter roll is published 20 days before election day at the latest (选举法 Art 28; RULES.md A5)."""
    return election_day - datetime.timedelta(days=ROLL_DAYS_BEFORE)


def objection_last_day(published_on: datetime.date) -> datetime.date:
    """An objection to the roll reaches the committee within 5 days of its publication (Art 29; A6)."""
    return published_on + datetime.timedelta(days=OBJECTION_DAYS)


def objection_decision_last_day(received_on: datetime.date) -> datetime.date:
    """The committee decides an objection within 3 days (Art 29; A6)."""
    return received_on + datetime.timedelta(days=OBJECTION_DECISION_DAYS)


def suit_last_day(election_day: datetime.date) -> datetime.date:
    """A suit against the decision is filed 5 days before election day at the latest; the court rules before
    election day (Art 29; A6)."""
    return election_day - datetime.timedelta(days=SUIT_DAYS_BEFORE)


def candidates_last_day(election_day: datetime.date) -> datetime.date:
    """The list of candidates with their basic information, 15 days before election day (Art 32; A16)."""
    return election_day - datetime.timedelta(days=CANDIDATES_DAYS_BEFORE)


def formal_last_day(election_day: datetime.date) -> datetime.date:
    """The formal list of candidates, 7 days before election day (Art 32; A16)."""
    return election_day - datetime.timedelta(days=FORMAL_DAYS_BEFORE)


def steps(election_day: datetime.date, *, roll_published: datetime.date | None = None,
          candidates_published: datetime.date | None = None,
          formal_published: datetime.date | None = None) -> list[Step]:
    """The publications an election committee must make, each with its last day and when it was made. The periods
    that run from them (objections, suits) are per objection: ``objection_last_day`` and the others."""
    return [
        Step("roll", "公布选民名单", "选举法第二十八条", roll_last_day(election_day), roll_published),
        Step("candidates", "公布代表候选人名单及基本情况", "选举法第三十二条", candidates_last_day(election_day),
             candidates_published),
        Step("formal", "公布正式代表候选人名单及基本情况", "选举法第三十二条", formal_last_day(election_day),
             formal_published),
    ]
