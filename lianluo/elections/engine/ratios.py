"""How many candidates an election needs for its seats (差额选举).

Every function returns a ``Range`` (the smallest and largest lawful number of candidates) whose ``statement`` says
the allowed range in words, and ``check`` compares a candidate count with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum


class Method(StrEnum):
    DIRECT = "direct"  # voters elect county and township deputies (选民直接选举)
    INDIRECT = "indirect"  # a congress elects deputies to the next level (代表大会选举上一级代表)


class Post(StrEnum):
    """Posts a congress elects (地方组织法 Art 27)."""

    SINGLE = "single"  # one post: chair, secretary-general, government head, court president, chief procurator …
    DEPUTY = "deputy"  # vice-chairs, deputy heads of government
    MEMBERS = "members"  # standing-committee members


@dataclass(frozen=True)
class Range:
    low: int
    high: int | None  # None: no upper bound
    statement: str  # the allowed range in words
    uncontested_allowed: bool = False  # one candidate for one post (等额选举) is also lawful

    def allows(self, candidates: int) -> bool:
        within = candidates >= self.low and (self.high is None or candidates <= self.high)
        return within or (self.uncontested_allowed and candidates == 1)


@dataclass(frozen=True)
class RatioCheck:
    ok: bool
    candidates: int
    range: Range
    message: str
    pre_election: bool = False  # more candidates than the range allows: a pre-election (预选) is held


def _seats(seats: int) -> int:
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise ValueError("应选名额须为正整数")
    return seats


def deputies(seats: int, method: Method | str) -> Range:
    """Candidates for deputies: direct elections 1/3 to 1 times more than the seats, indirect 1/5 to 1/2 more
    (选举法 Art 31; RULES.md A15). The fractions are rounded towards the law's intent: the lower bound up (at least
    the share), the upper bound down (at most it). For one seat both methods need exactly 2 (Art 45 ¶4 reads the
    same way for runoffs), since 1 + 1/5 rounds up to 2 and 1 + 1/2 down to 1."""
    seats = _seats(seats)
    method = Method(method)
    if method == Method.DIRECT:
        low, high, words = seats + math.ceil(seats / 3), 2 * seats, "多于应选名额三分之一至一倍"
    else:
        low, high, words = seats + math.ceil(seats / 5), seats + seats // 2, "多于应选名额五分之一至二分之一"
    if seats == 1:
        low = high = 2
    label = "直接选举" if method == Method.DIRECT else "间接选举"
    return Range(low, high, f"{label}代表候选人应{words}：应选 {seats} 名，候选人 {_span(low, high)}"
                            "（选举法第三十一条）")


def runoff(seats: int, method: Method | str) -> Range:
    """Candidates of another vote (另行选举) for the unfilled seats: the Art 31 ratio again, and exactly 2 for one
    seat (选举法 Art 45 ¶4; RULES.md A31)."""
    base = deputies(seats, method)
    return Range(base.low, base.high, base.statement.replace("代表候选人", "另行选举的候选人")
                 .replace("（选举法第三十一条）", "（选举法第四十五条第四款、第三十一条）"))


def office(seats: int, post: Post | str) -> Range:
    """Candidates for posts elected by a congress (地方组织法 Art 27; RULES.md C8): one more than the post for a
    single post (or one candidate alone when only one was nominated: 等额选举); one to three more for deputy posts;
    1/10 to 1/5 more for standing-committee members (lower bound rounded up, upper down; never fewer than one
    more)."""
    seats = _seats(seats)
    post = Post(post)
    if post == Post.SINGLE:
        if seats != 1:
            raise ValueError("单一职务的应选名额为 1")
        return Range(2, 2, "正职候选人一般应多一人进行差额选举；只提名一人时也可以等额选举（地方组织法第二十七条）",
                     uncontested_allowed=True)
    if post == Post.DEPUTY:
        return Range(seats + 1, seats + 3, f"副职候选人应比应选人数多一人至三人：应选 {seats} 名，候选人 "
                                           f"{_span(seats + 1, seats + 3)}（地方组织法第二十七条）")
    low = seats + max(1, math.ceil(seats / 10))
    high = max(low, seats + seats // 5)
    return Range(low, high, f"常务委员会委员候选人应比应选人数多十分之一至五分之一：应选 {seats} 名，候选人 "
                            f"{_span(low, high)}（地方组织法第二十七条）")


def by_election(seats: int) -> Range:
    """A by-election may have as many candidates as seats, or more (选举法 Art 57 ¶3, 地方组织法 Art 30; RULES.md
    A38, C9)."""
    seats = _seats(seats)
    return Range(seats, None, f"补选时候选人可以多于应选名额，也可以同应选名额相等：应选 {seats} 名，候选人不少于 "
                               f"{seats} 名（选举法第五十七条）")


def check(candidates: int, allowed: Range) -> RatioCheck:
    """Compare a candidate count with its range; above the range a pre-election (预选) decides the formal list
    (选举法 Art 32; 地方组织法 Art 27)."""
    if allowed.allows(candidates):
        return RatioCheck(True, candidates, allowed, f"候选人 {candidates} 名，符合要求。")
    if allowed.high is not None and candidates > allowed.high:
        return RatioCheck(False, candidates, allowed, f"候选人 {candidates} 名，超过最高差额比例；"
                                                      "应进行预选，按得票多少确定正式候选人名单。", pre_election=True)
    return RatioCheck(False, candidates, allowed, f"候选人 {candidates} 名，不足差额比例的要求。{allowed.statement}")


def _span(low: int, high: int) -> str:
    return f"{low} 名" if low == high else f"{low} 至 {high} 名"
