"""Reads of elections, each starting from the elections of the reader's jurisdiction."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from lianluo.accounts.scoping import restrict_to_jurisdiction
from lianluo.elections.models import (
    Candidate,
    Constituency,
    Election,
    PollingStation,
    Result,
    StationTally,
    Voter,
)
from lianluo.elections.permissions import READERS


def elections_visible(user) -> QuerySet[Election]:
    return restrict_to_jurisdiction(Election.objects.select_related("region"), user, roles=READERS)


def election_get(*, user, pk: int) -> Election:
    election = elections_visible(user).filter(pk=pk).first()
    if election is None:
        raise Http404
    return election


def constituency_get(*, user, pk: int) -> Constituency:
    constituency = (Constituency.objects.select_related("election__region")
                    .filter(pk=pk, election__in=elections_visible(user)).first())
    if constituency is None:
        raise Http404
    return constituency


def station_get(*, user, pk: int) -> PollingStation:
    station = (PollingStation.objects.select_related("constituency__election__region")
               .filter(pk=pk, constituency__election__in=elections_visible(user)).first())
    if station is None:
        raise Http404
    return station


def voter_get(*, user, pk: int) -> Voter:
    voter = (Voter.objects.select_related("election__region", "constituency")
             .filter(pk=pk, election__in=elections_visible(user)).first())
    if voter is None:
        raise Http404
    return voter


def candidate_get(*, user, pk: int) -> Candidate:
    candidate = (Candidate.objects.select_related("constituency__election__region")
                 .filter(pk=pk, constituency__election__in=elections_visible(user)).first())
    if candidate is None:
        raise Http404
    return candidate


def result_get(*, user, pk: int) -> Result:
    result = (Result.objects.select_related("constituency__election__region", "published_by")
              .filter(pk=pk, constituency__election__in=elections_visible(user)).first())
    if result is None:
        raise Http404
    return result


def voter_by_id_number(*, election: Election, id_number: str) -> Voter | None:
    from lianluo.core.fields import blind_index

    index = blind_index((id_number or "").strip().upper(), purpose="voter")
    return election.voters.filter(id_number_index=index).select_related("constituency").first() if index else None


def objections_of(election: Election):
    return list(election.objections.order_by("-received_on", "-id"))


def proxies_of(election: Election):
    from lianluo.elections.models import Proxy

    return list(Proxy.objects.filter(principal__election=election).select_related(
        "principal__constituency", "holder").order_by("holder_id", "id"))


def election_list(*, user) -> QuerySet[Election]:
    return elections_visible(user).annotate(n_constituencies=Count("constituencies", distinct=True))


def constituency_rows(*, election: Election) -> QuerySet[Constituency]:
    """The constituencies with the counts the election page shows (one query)."""
    return election.constituencies.annotate(
        n_voters=Count("voters", filter=Q(voters__status=Voter.Status.REGISTERED), distinct=True),
        n_candidates=Count("candidates", distinct=True),
        n_formal=Count("candidates", filter=Q(candidates__formal=True), distinct=True),
        n_stations=Count("stations", distinct=True),
        n_results=Count("results", distinct=True),
    )


def registered_voters(constituency: Constituency) -> int:
    """The constituency's registered voters (选区全体选民, the turnout denominator of 选举法 Art 45 ¶1)."""
    return constituency.voters.filter(status=Voter.Status.REGISTERED).count()


def candidates_of(constituency: Constituency) -> list[Candidate]:
    return list(constituency.candidates.all())


def stations_with_tallies(constituency: Constituency, round_: str) -> list[tuple[PollingStation, StationTally | None]]:
    stations = list(constituency.stations.all())
    tallies = {t.station_id: t for t in StationTally.objects.filter(station__in=stations, round=round_)}
    return [(s, tallies.get(s.pk)) for s in stations]


def results_of(constituency: Constituency) -> list[Result]:
    return list(constituency.results.select_related("published_by", "replaces").order_by("round", "id"))


def current_result(constituency: Constituency, round_: str) -> Result | None:
    return constituency.results.filter(round=round_, replaced_by__isnull=True).order_by("-id").first()


def voters_page(*, election: Election, constituency_id: int | None = None, limit: int = 200):
    qs = election.voters.select_related("constituency").order_by("constituency__number", "id")
    if constituency_id:
        qs = qs.filter(constituency_id=constituency_id)
    return list(qs[:limit]), qs.count()


# ---------------------------------------------------------------- session elections and appointments


def session_elections_visible(user):
    from lianluo.elections.models import SessionElection

    return restrict_to_jurisdiction(SessionElection.objects.select_related("session__term__congress"), user,
                                    region_field="session__term__congress__region", roles=READERS)


def session_election_get(*, user, pk: int):
    election = session_elections_visible(user).filter(pk=pk).first()
    if election is None:
        raise Http404
    return election


def session_vote_current(election):
    return election.votes.filter(replaced_by__isnull=True).select_related("recorded_by").order_by("-id").first()


def appointments_visible(user):
    from lianluo.elections.models import AppointmentVote

    return restrict_to_jurisdiction(AppointmentVote.objects.select_related("region"), user, roles=READERS)


def appointment_get(*, user, pk: int):
    vote = appointments_visible(user).filter(pk=pk).first()
    if vote is None:
        raise Http404
    return vote


def appointment_history(*, user, person: str):
    """Everything the standing committees of the reader's jurisdiction voted about this person, newest first."""
    return list(appointments_visible(user).filter(person=person).order_by("-meeting_date", "-id"))


def changes_visible(user):
    from lianluo.elections.models import DeputyChange

    return restrict_to_jurisdiction(DeputyChange.objects.select_related("mandate__person", "mandate__term__congress"),
                                    user, region_field="mandate__region", roles=READERS)


def change_get(*, user, pk: int):
    change = changes_visible(user).filter(pk=pk).first()
    if change is None:
        raise Http404
    return change


def serving_mandate(*, user, region_code: str, name: str):
    """The one serving deputy of that name in that congress, within the reader's jurisdiction (None: none or two)."""
    from lianluo.deputies.models import Mandate

    qs = restrict_to_jurisdiction(Mandate.objects.filter(region_id=region_code, person__name=name.strip(),
                                                         status=Mandate.Status.SERVING), user, roles=READERS)
    found = list(qs.select_related("term__congress", "person")[:2])
    return found[0] if len(found) == 1 else None
