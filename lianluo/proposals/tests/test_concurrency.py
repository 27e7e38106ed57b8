"""Two officers acting on the same suggestion or the same referral at once: exactly one succeeds, the other gets a
clear Chinese error, and nothing is lost (DESIGN.md §6).

Each thread has its own database connection, so what it commits is real and visible to the other; the test makes
its own suggestion in a thread and removes it afterwards (its audit rows stay: the audit log is append-only).
PostgreSQL only: SQLite serialises writers on the whole file.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections, transaction

from lianluo.core.errors import ServiceError
from lianluo.deputies.models import Mandate
from lianluo.proposals import services
from lianluo.proposals.models import (
    ContactRecord,
    Handling,
    ProposalEvent,
    Reply,
    Signer,
    Suggestion,
    SuggestionSearch,
)
from lianluo.proposals.services.figures import figures_rebuild
from lianluo.proposals.tests.conftest import BODY
from lianluo.regions.models import Organisation

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


def _create(office, accept=False, assign=False):
    lead = Mandate.objects.filter(region_id="430121", status="serving").order_by("id").first()
    suggestion = services.suggestion_create(lead=lead, title="并发测试：同一件建议", body=BODY, actor=office)
    suggestion = services.suggestion_submit(suggestion=suggestion, actor=office)
    if accept or assign:
        suggestion = services.suggestion_accept(suggestion=suggestion, actor=office)
    if assign:
        unit = Organisation.objects.get(name="长沙县住房和城乡建设局")
        suggestion = services.suggestion_assign(suggestion=suggestion, lead_unit=unit, actor=office)
    return suggestion


def _remove(pk):
    with transaction.atomic():
        ProposalEvent.objects.filter(suggestion_id=pk).delete()
        Reply.objects.filter(suggestion_id=pk).delete()
        ContactRecord.objects.filter(suggestion_id=pk).delete()
        Handling.objects.filter(suggestion_id=pk).delete()
        Signer.objects.filter(suggestion_id=pk).delete()
        SuggestionSearch.objects.filter(suggestion_id=pk).delete()
        Suggestion.objects.filter(pk=pk).delete()
    figures_rebuild()  # the statistics' running counts no longer hold the removed suggestion


def _race(first, second):
    """Run ``first`` holding its row lock for a moment, then ``second``; returns what each did."""
    holding = threading.Event()
    outcomes = {}

    def act_first():
        with transaction.atomic():
            first()
            holding.set()
            time.sleep(0.6)  # keep the lock while the other officer tries
        outcomes["first"] = "ok"

    def act_second():
        holding.wait(5)
        started = time.monotonic()
        try:
            second()
            outcomes["second"] = "ok"
        except ServiceError as exc:
            outcomes["second"] = str(exc)
        outcomes["waited"] = time.monotonic() - started

    with ThreadPoolExecutor(2) as pool:
        for future in [pool.submit(_own_connection(act_first)), pool.submit(_own_connection(act_second))]:
            future.result(timeout=30)
    return outcomes


def test_two_officers_accept_the_same_suggestion_one_is_refused(cast):
    county, city = cast("csx_lianluo"), cast("cs_lianluo")  # both offices may review a 长沙县 suggestion
    suggestion = _in_thread(_create, county)
    try:
        outcomes = _race(lambda: services.suggestion_accept(suggestion=suggestion, actor=county),
                         lambda: services.suggestion_return(suggestion=suggestion, actor=city, reason="重复"))
        assert outcomes["first"] == "ok" and "不能" in outcomes["second"] and outcomes["waited"] > 0.3
        final = _in_thread(lambda: Suggestion.objects.get(pk=suggestion.pk))
        assert final.status == "accepted" and final.number
        actions = _in_thread(lambda: list(ProposalEvent.objects.filter(suggestion_id=suggestion.pk)
                                          .values_list("action", flat=True)))
        assert actions.count("accept") == 1 and "return" not in actions
    finally:
        _in_thread(_remove, suggestion.pk)


def test_two_officers_decide_the_same_return_request_one_is_refused(cast):
    county, city, officer = cast("csx_lianluo"), cast("cs_lianluo"), cast("csx_zhujian")
    suggestion = _in_thread(_create, county, False, True)
    handling = _in_thread(lambda: Handling.objects.get(suggestion_id=suggestion.pk))
    _in_thread(lambda: services.handling_request_return(handling=handling, actor=officer, reason="不属于本单位"))
    education = _in_thread(lambda: Organisation.objects.get(name="长沙县教育局"))
    try:
        outcomes = _race(
            lambda: services.handling_decide_return(handling=handling, actor=county, approve=True,
                                                    new_unit=education),
            lambda: services.handling_decide_return(handling=handling, actor=city, approve=False,
                                                    note="请继续办理"))
        assert outcomes["first"] == "ok" and "不能" in outcomes["second"]
        parts = _in_thread(lambda: list(Handling.objects.filter(suggestion_id=suggestion.pk)
                                        .values_list("unit__name", "status")))
        assert sorted(parts) == [("长沙县住房和城乡建设局", "returned"), ("长沙县教育局", "pending")]
    finally:
        _in_thread(_remove, suggestion.pk)


def test_two_bulk_referrals_over_the_same_suggestions_exactly_one_wins(cast):
    county, city = cast("csx_lianluo"), cast("cs_lianluo")
    first = _in_thread(_create, county, True)
    second = _in_thread(_create, county, True)
    housing = _in_thread(lambda: Organisation.objects.get(name="长沙县住房和城乡建设局"))
    barrier = threading.Barrier(2)
    results = []

    def refer(actor, order):
        barrier.wait(5)
        try:
            services.suggestions_assign_bulk(referrals=[services.Referral(s, housing) for s in order], actor=actor)
            results.append("ok")
        except ServiceError as exc:
            results.append(str(exc))

    try:
        with ThreadPoolExecutor(2) as pool:
            futures = [pool.submit(_own_connection(refer), county, [first, second]),
                       pool.submit(_own_connection(refer), city, [second, first])]  # opposite order: no deadlock
            for future in futures:
                future.result(timeout=30)
        assert sorted(r == "ok" for r in results) == [False, True]
        counts = _in_thread(lambda: Handling.objects.filter(suggestion_id__in=[first.pk, second.pk]).count())
        assert counts == 2  # one referral each, not four
    finally:
        _in_thread(_remove, first.pk)
        _in_thread(_remove, second.pk)
