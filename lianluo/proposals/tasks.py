"""Suggestion background work: deadline reminders and escalation, and closing replies the deputy did not rate."""

import datetime

from django.utils import timezone
from django_tasks import task

from lianluo.core.errors import ServiceError
from lianluo.proposals import services, workflow
from lianluo.proposals.models import Suggestion


@task()
def suggestions_remind() -> dict[str, int]:
    """Remind the units of suggestions whose reply is due within LIANLUO_PROPOSALS_REMIND_DAYS_BEFORE days or today,
    and escalate those past their deadline (代表法 Art 51: 3 or 6 months). Returns the counts of each."""
    today = timezone.localdate()
    counts = {"remind": 0, "escalate": 0}
    horizon = today + datetime.timedelta(days=workflow.remind_days_before())
    due = Suggestion.objects.filter(status__in=workflow.HANDLING, due_on__lte=horizon)
    for suggestion in due.only("pk").order_by("pk").iterator():
        done = services.suggestion_remind(suggestion=suggestion, today=today)
        if done:
            counts[done] += 1
    return counts


@task()
def suggestions_close_unrated() -> int:
    """Close replied suggestions the deputy did not rate within LIANLUO_PROPOSALS_RATE_DAYS days (RULES.md D5);
    they count as unrated in the statistics, not as satisfied."""
    today = timezone.localdate()
    closed = 0
    stale = Suggestion.objects.filter(status=workflow.REPLIED, rate_by__lt=today)
    for suggestion in stale.only("pk").order_by("pk").iterator():
        try:
            services.suggestion_close(suggestion=suggestion, actor=None, actor_label="系统（逾期未评价自动办结）",
                                      note="代表在评价期限内未反馈征询意见表，自动办结。")
        except ServiceError:
            continue  # rated in the meantime
        closed += 1
    return closed
