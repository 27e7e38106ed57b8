"""The dashboard's casework panel: capped counts of waiting work, scoped like every other read."""

import datetime

from lianluo.casework import selectors
from lianluo.casework.models import Issue, Status


def test_workload_counts_match_the_scoped_issues(cast):
    user = cast("csx_lianluo")
    today = datetime.date(2026, 11, 22)
    counts = selectors.workload(user=user, today=today)
    visible = selectors.issues_visible(user=user)
    assert counts["received"] == visible.filter(status=Status.RECEIVED).count() > 0
    assert counts["overdue"] == visible.filter(status=Status.FORWARDED, due_on__lt=today).count()
    assert counts["answered"] == visible.filter(status=Status.ANSWERED).count()


def test_workload_is_capped(cast, monkeypatch):
    monkeypatch.setattr(selectors, "WORKLOAD_CAP", 2)
    counts = selectors.workload(user=cast("hn_lianluo"))
    assert Issue.objects.filter(status=Status.RECEIVED).count() > 2
    assert counts["received"] == 2


def test_administrators_have_no_casework_panel(signed_in):
    body = signed_in("hn_xitong").get("/workbench/").content.decode()
    assert "群众意见" not in body
    assert "待受理" in signed_in("csx_lianluo").get("/workbench/").content.decode()
