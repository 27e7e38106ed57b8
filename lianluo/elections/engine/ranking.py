"""Who is elected from a count, and who is tied at the cut-off (选举法 Art 45 ¶3; 地方组织法 Art 29)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Ranking:
    elected: list[str]  # in descending order of votes
    tied: list[str]  # tied at the cut-off: voted on again, among themselves, for the seats still open
    unfilled_seats: int  # neither filled nor waiting on the tie vote


def by_votes(votes: Mapping[str, int], order: Sequence[str] = ()) -> list[str]:
    """Names by votes, most first; equal votes keep ``order`` (the ballot order of the candidates), then the order
    in which other names (write-ins) were first met."""
    position = {name: index for index, name in enumerate(order)}
    seen = {name: index for index, name in enumerate(votes)}
    return sorted(votes, key=lambda name: (-votes[name], position.get(name, len(position)), seen[name]))


def rank(votes: Mapping[str, int], *, seats: int, threshold: int, order: Sequence[str] = ()) -> Ranking:
    """Of those with at least ``threshold`` votes, the most votes are elected up to the seats (选举法 Art 45 ¶3;
    RULES.md A30). When candidates with equal votes straddle the last seat, none of them is elected: they are
    ``tied`` and voted on again for the seats left to them, which count as neither filled nor unfilled."""
    qualified = [name for name in by_votes(votes, order) if votes[name] >= threshold]
    if len(qualified) <= seats:
        return Ranking(qualified, [], seats - len(qualified))
    cut = votes[qualified[seats - 1]]
    if votes[qualified[seats]] != cut:
        return Ranking(qualified[:seats], [], 0)
    elected = [name for name in qualified if votes[name] > cut]
    tied = [name for name in qualified if votes[name] == cut]
    return Ranking(elected, tied, 0)
