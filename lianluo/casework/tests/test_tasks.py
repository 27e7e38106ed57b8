"""Overdue reminders (催办) and closing unrated answers, run by the daily scheduler jobs."""

import datetime

import pytest
from django.utils import timezone

from lianluo.casework import services, tasks
from lianluo.casework.models import Issue, Status
from lianluo.core.models import AuditEvent
from lianluo.core.schedule import JOBS

pytestmark = pytest.mark.django_db


def test_jobs_are_scheduled_daily():
    jobs = {job.name: job for job in JOBS}
    assert jobs["issues_remind_overdue"].every == datetime.timedelta(days=1)
    assert jobs["issues_close_unrated"].every == datetime.timedelta(days=1)


def test_overdue_issues_are_reminded_once_a_day():
    today = timezone.localdate()
    overdue = Issue.objects.filter(status=Status.FORWARDED, due_on__lt=today)
    assert overdue.count() >= 2
    reminded = tasks.issues_remind_overdue.call()
    assert reminded == overdue.count()
    for issue in overdue:
        assert issue.reminded_on == today
        event = issue.events.order_by("-id").first()
        assert event.action == "remind" and "请长沙县住房和城乡建设局尽快反馈" in event.note
    assert AuditEvent.objects.filter(action="issue.remind").count() >= reminded
    assert tasks.issues_remind_overdue.call() == 0  # idempotent within the day
    not_due = Issue.objects.filter(status=Status.FORWARDED, due_on__gte=today).first()
    assert not_due.reminded_on is None


def test_reminder_on_the_due_day_is_not_sent(new_issue, cast, unit):
    issue = services.issue_accept(issue=new_issue(), actor=cast("csx_lianluo"))
    issue = services.issue_forward(issue=issue, unit=unit, actor=cast("csx_lianluo"))
    assert not services.issue_remind(issue=issue, today=issue.due_on)
    assert services.issue_remind(issue=issue, today=issue.due_on + datetime.timedelta(days=1))


def test_unrated_answers_close_by_themselves(new_issue, cast, settings):
    settings.LIANLUO_CASEWORK_AUTO_CLOSE_DAYS = 15
    issue = services.issue_accept(issue=new_issue(), actor=cast("csx_lianluo"))
    issue = services.issue_handle(issue=issue, answer="已答复。", actor=cast("csx_lianluo"))
    Issue.objects.filter(pk=issue.pk).update(answered_on=timezone.localdate() - datetime.timedelta(days=16))
    fresh = Issue.objects.filter(status=Status.ANSWERED, answered_on__gte=timezone.localdate()
                                 - datetime.timedelta(days=15)).values_list("pk", flat=True)
    fresh = set(fresh)
    assert tasks.issues_close_unrated.call() >= 1
    issue.refresh_from_db()
    assert issue.status == Status.CLOSED
    assert issue.events.order_by("-id").first().actor_label.startswith("系统")
    assert set(Issue.objects.filter(pk__in=fresh, status=Status.ANSWERED).values_list("pk", flat=True)) == fresh
