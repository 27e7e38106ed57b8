"""Two people acting on the same issue at once: exactly one succeeds, the other gets a clear Chinese error
(DESIGN.md §6 "concurrent actions on one case never lose an update").

Each thread has its own database connection, so the rows it commits are real and visible to the other; the
test therefore makes its own issue in a thread and removes it again afterwards (its audit rows stay: the audit
log is append-only). PostgreSQL only: SQLite serialises writers on the whole file.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections, transaction

from lianluo.casework import services
from lianluo.casework.models import Constituent, Issue, IssueEvent, IssueSearch
from lianluo.core.errors import ServiceError
from lianluo.regions.models import Region

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _own_connection(fn):
    def run(*args):
        try:
            return fn(*args)
        finally:
            connections.close_all()

    return run


def _in_thread(fn, *args):
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(_own_connection(fn), *args).result()


def _create(actor):
    return services.issue_submit(region=Region.objects.get(code="430121"), title="并发测试：同一意见",
                                 content="两人同时办理。", channel="station",
                                 constituents=[{"name": "并发", "mobile": "13800009999"}], actor=actor)


def _remove(pk):
    with transaction.atomic():
        IssueEvent.objects.filter(issue_id=pk).delete()
        Constituent.objects.filter(issue_id=pk).delete()
        IssueSearch.objects.filter(issue_id=pk).delete()
        Issue.objects.filter(pk=pk).delete()
    services.issue_monthly_rebuild()


ACTIONS = {
    "accept": lambda issue, actor: services.issue_accept(issue=issue, actor=actor),
    "decline": lambda issue, actor: services.issue_decline(issue=issue, actor=actor, reason="不属于人大职责范围"),
}


@pytest.mark.parametrize(("first", "second"), [("accept", "accept"), ("accept", "decline"), ("decline", "accept")])
def test_the_second_of_two_simultaneous_actions_is_refused(cast, first, second):
    staff, other = cast("csx_lianluo"), cast("cs_lianluo")  # county and city liaison staff, both may act
    issue = _in_thread(_create, staff)
    holding = threading.Event()
    outcomes = {}

    def act_first():
        with transaction.atomic():
            ACTIONS[first](issue, staff)
            holding.set()
            time.sleep(0.6)  # keep the row lock while the other person tries
        outcomes["first"] = "ok"

    def act_second():
        holding.wait(5)
        started = time.monotonic()
        try:
            ACTIONS[second](issue, other)
            outcomes["second"] = "ok"
        except ServiceError as exc:
            outcomes["second"] = str(exc)
        outcomes["waited"] = time.monotonic() - started

    try:
        with ThreadPoolExecutor(2) as pool:
            futures = [pool.submit(_own_connection(act_first)), pool.submit(_own_connection(act_second))]
            for future in futures:
                future.result(timeout=30)
        assert outcomes["first"] == "ok"
        assert outcomes["second"] != "ok" and "不能" in outcomes["second"]
        assert outcomes["waited"] > 0.3  # it waited for the first person's lock, then saw the new status
        final = _in_thread(lambda: Issue.objects.get(pk=issue.pk))
        assert final.status == {"accept": "accepted", "decline": "declined"}[first]
        history = _in_thread(lambda: list(IssueEvent.objects.filter(issue_id=issue.pk).values_list("action",
                                                                                                   flat=True)))
        assert history == ["submit", first]
    finally:
        _in_thread(_remove, issue.pk)


def test_two_at_once_without_waiting_exactly_one_wins(cast):
    staff, other = cast("csx_lianluo"), cast("cs_lianluo")
    issue = _in_thread(_create, staff)
    barrier = threading.Barrier(2)
    results = []

    def act(action, actor):
        barrier.wait(5)
        try:
            ACTIONS[action](issue, actor)
            results.append("ok")
        except ServiceError as exc:
            results.append(str(exc))

    try:
        with ThreadPoolExecutor(2) as pool:
            for future in [pool.submit(_own_connection(act), a, u) for a, u in (("accept", staff), ("decline", other))]:
                future.result(timeout=30)
        assert sorted(r == "ok" for r in results) == [False, True]
    finally:
        _in_thread(_remove, issue.pk)
