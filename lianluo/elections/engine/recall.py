"""Recall, resignation and by-election: who may ask, and what passes (选举法 Arts 49–57).

Every "passes" compares with all the voters or members concerned, not with those who voted.
"""

from __future__ import annotations

import math
from enum import StrEnum

from lianluo.elections.engine.validity import more_than_half


class Level(StrEnum):
    COUNTY = "county"
    TOWNSHIP = "township"


PETITION_SIGNATURES = {Level.COUNTY: 50, Level.TOWNSHIP: 30}


def petition_signatures(level: Level | str) -> int:
    """A recall of a directly elected deputy is asked for in writing, with reasons, by at least 50 voters of the
    constituency for a county deputy or 30 for a township deputy, to the county standing committee (选举法 Art 50;
    RULES.md A35)."""
    return PETITION_SIGNATURES[Level(level)]


def petition_problems(*, level: Level | str, signatures: int, in_writing: bool, reasons: str) -> list[str]:
    """Why a recall petition cannot be accepted, empty when it can (Art 50)."""
    needed = petition_signatures(level)
    problems = []
    if signatures < needed:
        problems.append(f"罢免要求须由原选区选民 {needed} 人以上联名，现有 {signatures} 人（选举法第五十条）")
    if not in_writing:
        problems.append("罢免要求应当书面提出（选举法第五十条）")
    if not reasons.strip():
        problems.append("罢免要求应当写明罢免理由（选举法第五十条）")
    return problems


def direct_recall_passes(yes: int, registered_voters: int) -> bool:
    """A county or township deputy is recalled by more than half of the constituency's registered voters, not of
    those who voted (选举法 Art 53; RULES.md A35)."""
    return more_than_half(yes, registered_voters)


def indirect_recall_proposers_needed(*, in_session: bool, body_size: int) -> int:
    """A deputy elected by a congress may be recalled on the proposal of the presidium or at least 1/10 of the
    deputies during a session, or of the chairperson's council or at least 1/5 of the standing committee's members
    between sessions (选举法 Art 51; RULES.md A36). ``body_size``: all deputies, or all committee members."""
    return math.ceil(body_size / 10) if in_session else math.ceil(body_size / 5)


def indirect_recall_passes(yes: int, body_size: int) -> bool:
    """It passes by more than half of all deputies (in session) or all standing-committee members (between
    sessions), by secret ballot (选举法 Arts 52–53; RULES.md A36)."""
    return more_than_half(yes, body_size)


def resignation_accepted(yes: int, body_size: int) -> bool:
    """A resignation is accepted by more than half of all the standing committee's members (a county deputy, or a
    deputy elected by a congress) or of all the township congress's deputies (a township deputy) (选举法 Art 55;
    RULES.md A37)."""
    return more_than_half(yes, body_size)
