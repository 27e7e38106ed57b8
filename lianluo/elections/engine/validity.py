"""Which ballots and counts stand, and how many votes elect: "过半数" is strictly more than half.

选举法 Arts 44–45 for elections of deputies; 地方组织法 Arts 14, 25 and 51 for a congress's quorum and votes and a
standing committee's meetings.
"""

from __future__ import annotations

import math

from lianluo.elections.engine.ratios import Method

BALLOTS_EXCEED_VOTERS = "ballots_exceed_voters"
TURNOUT_NOT_MAJORITY = "turnout_not_majority"
VOID_REASON_LABELS = {
    BALLOTS_EXCEED_VOTERS: "收回的选票多于投票人数，选举无效（选举法第四十四条第一款）",
    TURNOUT_NOT_MAJORITY: "参加投票的选民未超过选区全体选民的半数，选举无效（选举法第四十五条第一款）",
}


def more_than_half(part: int, whole: int) -> bool:
    """过半数: ``part`` is strictly more than half of ``whole``."""
    return part * 2 > whole


def smallest_majority(whole: int) -> int:
    """The smallest whole number that is more than half of ``whole``."""
    return whole // 2 + 1


def ballot_valid(for_marks: int, seats: int) -> bool:
    """A ballot marking more names "for" than there are seats is void; as many or fewer stands (选举法 Art 44 ¶2;
    RULES.md A27)."""
    return for_marks <= seats


def void_reasons(*, method: Method | str, electorate: int, voters_voted: int, ballots_cast: int) -> list[str]:
    """Why a count is void as a whole, empty when it stands:

    - more ballots cast than people who voted (选举法 Art 44 ¶1; RULES.md A26);
    - in a direct election, not more than half of the constituency's voters took part (Art 45 ¶1; A28). This is
      applied to every direct count, runoffs included: Art 45 ¶1 states the condition of a valid election without
      exception (RULES.md A31 marks the point unconfirmed; the stricter reading is taken)."""
    reasons = []
    if ballots_cast > voters_voted:
        reasons.append(BALLOTS_EXCEED_VOTERS)
    if Method(method) == Method.DIRECT and not more_than_half(voters_voted, electorate):
        reasons.append(TURNOUT_NOT_MAJORITY)
    return reasons


def threshold(*, method: Method | str, runoff: bool, electorate: int, voters_voted: int, ballots_cast: int) -> int:
    """The smallest vote count that can elect in this count:

    - direct election, first vote: more than half of those who voted (选举法 Art 45 ¶1; RULES.md A29);
    - indirect election, any vote: more than half of all deputies of the electing congress, present or not
      (Art 45 ¶2 and ¶5; A29, A31);
    - direct election, another vote for unfilled seats: the most votes, but not fewer than one third of the ballots
      cast (Art 45 ¶5; A31, where "选票" is read as the ballots cast). At least one vote in any case."""
    if Method(method) == Method.INDIRECT:
        return smallest_majority(electorate)
    if not runoff:
        return smallest_majority(voters_voted)
    return max(1, math.ceil(ballots_cast / 3))


def quorum(present: int, total: int) -> bool:
    """A congress session may be held, and vote, only with at least two thirds of all its deputies present
    (地方组织法 Art 14 ¶4; RULES.md C1): ``present >= ceil(2N/3)``."""
    return present * 3 >= total * 2


def quorum_needed(total: int) -> int:
    return math.ceil(total * 2 / 3)


def congress_passes(yes: int, total_deputies: int) -> bool:
    """Elections and resolutions of a congress pass by more than half of all its deputies (地方组织法 Art 25;
    RULES.md C6), not of those present."""
    return more_than_half(yes, total_deputies)


def committee_meeting_valid(present: int, members: int) -> bool:
    """A standing-committee meeting is held only with more than half of all members present (地方组织法 Art 51;
    RULES.md C12)."""
    return more_than_half(present, members)


def committee_passes(yes: int, members: int) -> bool:
    """A standing committee's decision, an appointment included, passes by more than half of all its members, not
    of those present (地方组织法 Art 51; RULES.md C12, C14)."""
    return more_than_half(yes, members)
