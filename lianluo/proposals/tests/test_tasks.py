"""The daily suggestion jobs: reminders before the deadline, escalation after it, closing unrated replies."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from lianluo.core.schedule import JOBS
from lianluo.proposals import tasks
from lianluo.proposals.models import Suggestion

pytestmark = pytest.mark.django_db


def test_jobs_are_scheduled_daily():
    jobs = {job.name: job for job in JOBS}
    assert jobs["suggestions_remind"].every == datetime.timedelta(days=1)
    assert jobs["suggestions_close_unrated"].every == datetime.timedelta(days=1)


def test_the_overdue_demo_suggestion_is_escalated_once_daibiaofa_art51():
    """代表法 Art 51: past the 3 months the office is told (逾期督办), once per round."""
    overdue = Suggestion.objects.get(title="关于加快农村公路提质改造的建议")
    assert overdue.due_on < timezone.localdate()
    counts = tasks.suggestions_remind.call()
    assert counts["escalate"] >= 1
    overdue.refresh_from_db()
    assert overdue.escalated_on == timezone.localdate()
    assert tasks.suggestions_remind.call()["escalate"] == 0


def test_a_reply_left_unrated_closes_after_the_rating_period_rules_d5(make):
    suggestion = make("replied")
    assert tasks.suggestions_close_unrated.call() == 0
    with time_machine.travel(suggestion.rate_by + datetime.timedelta(days=1)):
        assert tasks.suggestions_close_unrated.call() >= 1
    suggestion.refresh_from_db()
    assert suggestion.status == "closed" and suggestion.satisfaction == ""
