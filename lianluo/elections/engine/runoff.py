"""Another vote (另行选举) for the seats a first vote left unfilled (选举法 Art 45 ¶4–5)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from lianluo.elections.engine import ratios
from lianluo.elections.engine.ranking import by_votes


@dataclass(frozen=True)
class RunoffProposal:
    seats: int
    order: list[str]  # the candidates to take from, by first-vote votes, most first
    candidates_min: int
    candidates_max: int


def propose(votes: Mapping[str, int], *, unfilled: int, method: ratios.Method | str,
            exclude: Collection[str] = (), order: Sequence[str] = ()) -> RunoffProposal | None:
    """The runoff for ``unfilled`` seats: its candidates are taken in the order of the first vote's votes, at the
    Art 31 ratio for the unfilled seats, exactly 2 for one seat (选举法 Art 45 ¶4; RULES.md A31). Those elected or
    tied in the first vote (``exclude``) are not among them. None when every seat is filled or waits on a tie."""
    if unfilled <= 0:
        return None
    allowed = ratios.runoff(unfilled, method)
    names = [name for name in by_votes(votes, order) if name not in set(exclude)]
    return RunoffProposal(unfilled, names, allowed.low, allowed.high)
