"""Progress and results rolled up (选举情况统计): per election, per county and in all, as the returns an office
sends upward — registered voters, those who voted, turnout, seats, those elected, seats still to fill and ties
to vote again, and the composition of those elected (women). Read-only, from the current published results."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from lianluo.elections import selectors
from lianluo.elections.models import Candidate, Constituency, Result, Round, Voter
from lianluo.regions.models import Region


@dataclass
class Figures:
    elections: int = 0
    constituencies: int = 0
    seats: int = 0
    registered: int = 0
    published: int = 0  # constituencies with a published first vote
    published_registered: int = 0  # their registered voters, as published (the turnout's denominator)
    voted: int = 0
    elected: int = 0
    women: int = 0
    unfilled: int = 0
    tied: int = 0
    void: int = 0

    def add(self, other: Figures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def turnout(self) -> float | None:
        return self.voted / self.published_registered if self.published_registered else None

    @property
    def women_share(self) -> float | None:
        return self.women / self.elected if self.elected else None


@dataclass
class Group:
    region: Region
    figures: Figures = field(default_factory=Figures)
    rows: list = field(default_factory=list)  # (election, Figures)


def election_returns(*, user, year: int | None = None) -> tuple[list[Group], Figures]:
    """The elections of the reader's jurisdiction grouped by county, with their figures (a fixed number of
    queries: elections, constituencies, registered voters, results, and the genders of those elected)."""
    elections = list(selectors.elections_visible(user).order_by("region_id", "election_day"))
    if year:
        elections = [e for e in elections if e.election_day.year == year]
    ids = [e.pk for e in elections]
    per_election: dict[int, Figures] = {pk: Figures(elections=1) for pk in ids}
    seats_of = {}
    for pk, election_id, seats in Constituency.objects.filter(election_id__in=ids).values_list(
            "pk", "election_id", "seats"):
        per_election[election_id].constituencies += 1
        per_election[election_id].seats += seats
        seats_of[pk] = (election_id, seats)
    for election_id, n in _registered(ids):
        per_election[election_id].registered += n
    genders = {(c, name): g for c, name, g in Candidate.objects.filter(
        constituency__election_id__in=ids).values_list("constituency_id", "name", "gender")}
    current = Result.objects.filter(constituency__election_id__in=ids, replaced_by__isnull=True).order_by("id")
    rows = current.values_list("constituency_id", "round", "decision", "tallies", "electorate")
    for constituency_id, round_, decision, tallies, electorate in rows:
        figures = per_election[seats_of[constituency_id][0]]
        if not decision["valid"]:
            figures.void += round_ == Round.FIRST
            continue
        if round_ == Round.FIRST:
            figures.published += 1
            figures.published_registered += electorate
            figures.voted += sum(t["voters_voted"] for t in tallies)
            figures.unfilled += decision["unfilled_seats"]
            figures.tied += len(decision["tied"])
        else:
            figures.unfilled -= len(decision["elected"])
        figures.elected += len(decision["elected"])
        figures.women += sum(genders.get((constituency_id, name)) == "女" for name in decision["elected"])
    counties = {r.code: r for r in Region.objects.filter(code__in={e.region_id[:6] for e in elections})}
    groups: dict[str, Group] = {}
    total = Figures()
    for election in elections:
        code = election.region_id[:6]
        group = groups.setdefault(code, Group(counties.get(code, election.region)))
        figures = per_election[election.pk]
        group.rows.append((election, figures))
        group.figures.add(figures)
        total.add(figures)
    return list(groups.values()), total


def by_city(groups: list[Group]) -> list[Group]:
    """The county groups added up by city (市州), for a provincial office: one group per city, its counties as rows."""
    cities: dict[str, Group] = {}
    regions = {r.code: r for r in Region.objects.filter(code__in={g.region.code[:4] for g in groups})}
    for group in groups:
        code = group.region.code[:4]
        city = cities.setdefault(code, Group(regions.get(code, group.region)))
        city.rows.append((group.region, group.figures))
        city.figures.add(group.figures)
    return list(cities.values())


def _registered(election_ids):
    rows = (Voter.objects.filter(election_id__in=election_ids, status=Voter.Status.REGISTERED)
            .values("election_id").annotate(n=Count("id")).order_by())
    return [(row["election_id"], row["n"]) for row in rows]
