"""Casework background work: overdue reminders (催办) and closing answered issues nobody rated."""

import datetime

from django.utils import timezone
from django_tasks import task

from lianluo.casework import services, workflow
from lianluo.casework.models import Issue, Status
from lianluo.core.errors import ServiceError


@task()
def issues_remind_overdue() -> int:
    """Remind every forwarded issue past its feedback day (at most once a day per issue); returns how many."""
    today = timezone.localdate()
    reminded = 0
    overdue = Issue.objects.filter(status=Status.FORWARDED, due_on__lt=today).exclude(reminded_on=today)
    for issue in overdue.only("pk").order_by("pk").iterator():
        if services.issue_remind(issue=issue, today=today):
            reminded += 1
    return reminded


@task()
def issues_close_unrated() -> int:
    """Close answered issues left unrated for LIANLUO_CASEWORK_AUTO_CLOSE_DAYS days after the answer."""
    today = timezone.localdate()
    days = workflow.auto_close_days()
    closed = 0
    stale = Issue.objects.filter(status=Status.ANSWERED, answered_on__lt=today - datetime.timedelta(days=days))
    for issue in stale.only("pk").order_by("pk").iterator():
        try:
            services.issue_close(issue=issue, actor=None, actor_label="系统（逾期未评价自动办结）",
                                 note=f"答复后 {days} 天内未评价，自动办结。")
        except ServiceError:
            continue  # rated or reopened in the meantime
        closed += 1
    return closed
