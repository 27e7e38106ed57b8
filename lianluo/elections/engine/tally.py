"""One count (one constituency's vote, or one vote at a congress session) decided from its ballots.

The steps, each with its article: ballots marking more names "for" than seats are void (选举法 Art 44 ¶2); the
count is void when more ballots were cast than people voted (Art 44 ¶1) or, in a direct election, when not more
than half of the voters took part (Art 45 ¶1); the threshold (Art 45 ¶1, ¶2, ¶5); the most votes over it are
elected, ties at the cut-off are voted on again (Art 45 ¶3); unfilled seats go to another vote (Art 45 ¶4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from lianluo.elections.engine import ranking, runoff, validity
from lianluo.elections.engine.ratios import Method


class Round(StrEnum):
    FIRST = "first"  # 第一次投票
    RUNOFF = "runoff"  # 另行选举


@dataclass(frozen=True)
class Ballot:
    """One ballot as marked (选举法 Art 41): "for" and "against" candidates, a name not on the list written in
    (另选他人), everyone else abstained."""

    for_: tuple[str, ...] = ()
    against: tuple[str, ...] = ()

    def for_names(self) -> list[str]:
        """The names this ballot votes for: each once, in the order marked. A name marked both for and against
        expresses no clear choice and counts as neither (the law is silent; this is the common counting rule)."""
        against = set(self.against)
        return [name for name in dict.fromkeys(self.for_) if name not in against]


@dataclass(frozen=True)
class Count:
    method: Method
    round: Round
    seats: int  # seats in this count (for a runoff, the unfilled seats)
    electorate: int  # direct: the constituency's registered voters; indirect: all deputies of the congress
    voters_voted: int  # people who took part (proxies counted)
    candidates: tuple[str, ...]  # the formal candidates, in ballot order
    ballots: tuple[Ballot, ...] = ()


@dataclass(frozen=True)
class Decision:
    valid: bool
    void_reasons: list[str]
    ballots_cast: int
    ballots_invalid: int
    ballots_valid: int
    threshold: int
    votes: dict[str, int]
    elected: list[str]
    tied: list[str]
    unfilled_seats: int
    runoff: runoff.RunoffProposal | None = None
    notes: list[str] = field(default_factory=list)


def count_votes(count: Count) -> tuple[dict[str, int], int]:
    """The "for" votes on the valid ballots, write-ins included, and the number of void ballots (Art 44 ¶2). Every
    formal candidate is listed, with 0 if nobody voted for them; write-ins follow in the order first met."""
    votes = dict.fromkeys(count.candidates, 0)
    invalid = 0
    for ballot in count.ballots:
        names = ballot.for_names()
        if not validity.ballot_valid(len(names), count.seats):
            invalid += 1
            continue
        for name in names:
            votes[name] = votes.get(name, 0) + 1
    return votes, invalid


def decide(count: Count) -> Decision:
    """The decision on one count, as ``lianluo elections tally`` prints it (contracts/election-tally.md)."""
    votes, invalid = count_votes(count)
    return decide_totals(method=count.method, round_=count.round, seats=count.seats, electorate=count.electorate,
                         voters_voted=count.voters_voted, candidates=count.candidates, votes=votes,
                         ballots_cast=len(count.ballots), ballots_invalid=invalid)


def decide_totals(*, method: Method | str, round_: Round | str, seats: int, electorate: int, voters_voted: int,
                  candidates, votes: dict[str, int], ballots_cast: int, ballots_invalid: int) -> Decision:
    """The same decision from totals already counted (polling stations' tallies added up): ``votes`` are the
    "for" votes on valid ballots per name."""
    method, round_ = Method(method), Round(round_)
    votes = {**dict.fromkeys(candidates, 0), **votes}
    reasons = validity.void_reasons(method=method, electorate=electorate, voters_voted=voters_voted,
                                    ballots_cast=ballots_cast)
    needed = validity.threshold(method=method, runoff=round_ == Round.RUNOFF, electorate=electorate,
                                voters_voted=voters_voted, ballots_cast=ballots_cast)
    valid_ballots = ballots_cast - ballots_invalid
    if reasons:
        return Decision(False, reasons, ballots_cast, ballots_invalid, valid_ballots, needed, votes, [], [], seats)
    result = ranking.rank(votes, seats=seats, threshold=needed, order=tuple(candidates))
    proposal = None
    if round_ == Round.FIRST:
        proposal = runoff.propose(votes, unfilled=result.unfilled_seats, method=method,
                                  exclude={*result.elected, *result.tied}, order=tuple(candidates))
    return Decision(True, [], ballots_cast, ballots_invalid, valid_ballots, needed, votes, result.elected,
                    result.tied, result.unfilled_seats, proposal)
