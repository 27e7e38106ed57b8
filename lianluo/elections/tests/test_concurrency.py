"""Two officers publishing the same constituency's result at the same moment: exactly one result is published, the
other officer gets a clear Chinese message, and nothing is lost. Each thread has its own database connection, so
what it commits is real; the test builds its own election and removes it afterwards (audit rows stay).
PostgreSQL only: SQLite serialises writers on the whole file."""

import datetime
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections, transaction

from lianluo.core.errors import ServiceError
from lianluo.demo.elections import _id_number
from lianluo.elections import services
from lianluo.elections.models import (
    Candidate,
    Constituency,
    Election,
    ElectionEvent,
    PollingStation,
    Result,
    StationTally,
    Voter,
)
from lianluo.regions.models import Region

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _in_thread(fn, *args):
    def run():
        try:
            return fn(*args)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result(timeout=60)


def _build(staff):
    election = services.election_create(actor=staff, region=Region.objects.get(pk="430121106"),
                                        title="并发测试：春华镇代表选举", election_day=datetime.date(2026, 12, 20),
                                        committee="春华镇选举委员会")
    constituency = services.constituency_add(election=election, number=1, name="春华村", seats=1, actor=staff)
    for n in range(6):
        services.voter_register(constituency=constituency, name=f"选民{n}", actor=staff,
                                id_number=_id_number(datetime.date(1975, 3, n + 1), 700 + n))
    for name in ("甲某", "乙某"):
        services.candidate_add(constituency=constituency, name=name, nominated_by="party", nominator=name,
                               actor=staff)
    services.candidates_formalise(constituency=constituency, actor=staff)
    station = services.station_add(constituency=constituency, name="投票站", actor=staff)
    services.tally_enter(station=station, actor=staff, voters_voted=5, ballots_issued=5, ballots_cast=5,
                         ballots_invalid=0, votes={"甲某": 4, "乙某": 1})
    return election, constituency


def _remove(election_id):
    with transaction.atomic():
        ElectionEvent.objects.filter(election_id=election_id).delete()
        Result.objects.filter(constituency__election_id=election_id, replaces__isnull=False).delete()
        Result.objects.filter(constituency__election_id=election_id).delete()
        StationTally.objects.filter(station__constituency__election_id=election_id).delete()
        PollingStation.objects.filter(constituency__election_id=election_id).delete()
        Candidate.objects.filter(constituency__election_id=election_id).delete()
        Voter.objects.filter(election_id=election_id).delete()
        Constituency.objects.filter(election_id=election_id).delete()
        Election.objects.filter(pk=election_id).delete()


def test_two_officers_publish_the_same_constituency_one_is_refused(cast):
    first_officer, second_officer = cast("csx_xuanju"), cast("csx_lianluo")
    election, constituency = _in_thread(_build, first_officer)
    holding, outcomes = threading.Event(), {}

    def first():
        with transaction.atomic():
            services.result_publish(constituency=constituency, actor=first_officer)
            holding.set()
            time.sleep(0.6)  # keep the lock while the other officer tries
        outcomes["first"] = "ok"

    def second():
        holding.wait(5)
        started = time.monotonic()
        try:
            services.result_publish(constituency=constituency, actor=second_officer)
            outcomes["second"] = "ok"
        except ServiceError as exc:
            outcomes["second"] = str(exc)
        outcomes["waited"] = time.monotonic() - started

    def own(fn):
        def run():
            try:
                fn()
            finally:
                connections.close_all()
        return run

    try:
        with ThreadPoolExecutor(2) as pool:
            for future in [pool.submit(own(first)), pool.submit(own(second))]:
                future.result(timeout=30)
        assert outcomes["first"] == "ok" and "已经公布" in outcomes["second"] and outcomes["waited"] > 0.3
        results = _in_thread(lambda: list(Result.objects.filter(constituency_id=constituency.pk)
                                          .values_list("published_by__username", flat=True)))
        assert results == ["csx_xuanju"]
    finally:
        _in_thread(_remove, election.pk)
