"""Keeping ``IssueMonthly`` (the per-month summary of issues) in step with the issues, and rebuilding it."""

import datetime

from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth

from lianluo.casework.models import Issue, IssueMonthly, Satisfaction, Status


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _monthly_key(issue: Issue) -> tuple:
    return (_month(issue.received_on), issue.region_id, issue.station_id, issue.category_id)


def _monthly_values(issue: Issue) -> dict:
    closed = issue.status == Status.CLOSED
    on_time = closed and (issue.due_on is None or issue.feedback_on is None or issue.feedback_on <= issue.due_on)
    return {
        "received": 1,
        "closed": int(closed),
        "closed_on_time": int(on_time),
        "rated": int(bool(issue.satisfaction)),
        "satisfied": int(issue.satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASICALLY)),
    }


def _snapshot(issue: Issue | None):
    return None if issue is None else (_monthly_key(issue), _monthly_values(issue))


def _monthly_apply(key: tuple, values: dict, sign: int) -> None:
    month, region_id, station_id, category_id = key
    row, _ = IssueMonthly.objects.get_or_create(month=month, region_id=region_id, station_id=station_id,
                                                category_id=category_id)
    IssueMonthly.objects.filter(pk=row.pk).update(**{k: F(k) + sign * v for k, v in values.items() if v})


def _monthly_sync(before, issue: Issue) -> None:
    """Move the issue's contribution to IssueMonthly from ``before`` (a _snapshot) to its current state."""
    after = _snapshot(issue)
    if before == after:
        return
    if before is not None:
        if after is not None and before[0] == after[0]:
            delta = {k: after[1][k] - before[1][k] for k in after[1]}
            _monthly_apply(after[0], delta, 1)
            return
        _monthly_apply(before[0], before[1], -1)
    _monthly_apply(after[0], after[1], 1)


def issue_monthly_rebuild() -> int:
    """Recompute IssueMonthly from the issues (after bulk loads); returns the number of rows written."""
    closed = Q(status=Status.CLOSED)
    on_time = closed & (Q(due_on__isnull=True) | Q(feedback_on__isnull=True) | Q(feedback_on__lte=F("due_on")))
    rows = (
        Issue.objects.annotate(m=TruncMonth("received_on"))
        .values("m", "region_id", "station_id", "category_id")
        .annotate(
            n_received=Count("id"), n_closed=Count("id", filter=closed), n_on_time=Count("id", filter=on_time),
            n_rated=Count("id", filter=~Q(satisfaction="")),
            n_satisfied=Count("id", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])),
        )
        .order_by()
    )
    with transaction.atomic():
        IssueMonthly.objects.all().delete()
        objs = [
            IssueMonthly(month=row["m"], region_id=row["region_id"], station_id=row["station_id"],
                         category_id=row["category_id"], received=row["n_received"], closed=row["n_closed"],
                         closed_on_time=row["n_on_time"], rated=row["n_rated"], satisfied=row["n_satisfied"])
            for row in rows
        ]
        IssueMonthly.objects.bulk_create(objs, batch_size=1000)
    return len(objs)
