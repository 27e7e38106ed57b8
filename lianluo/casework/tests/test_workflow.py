"""The issue state machine and its deadline rules (pure functions, no database).

Deadline: feedback due LIANLUO_CASEWORK_FEEDBACK_WORKING_DAYS working days after forwarding, on the official
calendar; the day of forwarding is not counted (民法典 Art 201, Art 204), acting on the due day is on time
(民法典 Art 203 ¶2).
"""

import datetime

import pytest

from lianluo.casework import workflow as wf

D = datetime.date
STATUSES = [wf.RECEIVED, wf.ACCEPTED, wf.DECLINED, wf.FORWARDED, wf.TRANSFERRED, wf.FEEDBACK, wf.ANSWERED,
            wf.CLOSED, wf.MERGED]
ACTIONS = [*wf.ACTIONS, "merge", "rate_dissatisfied"]

ALLOWED = {
    (wf.RECEIVED, "accept"): wf.ACCEPTED,
    (wf.RECEIVED, "decline"): wf.DECLINED,
    (wf.RECEIVED, "merge"): wf.MERGED,
    (wf.ACCEPTED, "merge"): wf.MERGED,
    (wf.ACCEPTED, "handle"): wf.ANSWERED,
    (wf.ACCEPTED, "forward"): wf.FORWARDED,
    (wf.ACCEPTED, "transfer"): wf.TRANSFERRED,
    (wf.FORWARDED, "feedback"): wf.FEEDBACK,
    (wf.FEEDBACK, "answer"): wf.ANSWERED,
    (wf.ANSWERED, "rate"): wf.CLOSED,
    (wf.ANSWERED, "rate_dissatisfied"): wf.ACCEPTED,
    (wf.ANSWERED, "close"): wf.CLOSED,
    (wf.CLOSED, "reopen"): wf.ACCEPTED,
    (wf.DECLINED, "reopen"): wf.ACCEPTED,
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_transition_is_allowed_or_refused_as_the_table_says(status, action):
    expected = ALLOWED.get((status, action))
    if expected is None:
        with pytest.raises(wf.TransitionError, match="不能"):
            wf.target_status(status, action)
    else:
        assert wf.target_status(status, action) == expected


def test_who_may_act():
    assert wf.may(wf.RECEIVED, "accept", {"liaison_staff"})
    assert wf.may(wf.RECEIVED, "accept", {"station_manager"})
    assert not wf.may(wf.RECEIVED, "accept", {"deputy"})
    assert not wf.may(wf.RECEIVED, "accept", {"unit_officer"})
    assert wf.may(wf.FORWARDED, "feedback", {"unit_officer"})
    assert wf.may(wf.FORWARDED, "feedback", {"unit_leader"})
    assert not wf.may(wf.FORWARDED, "feedback", {"station_manager"})
    assert wf.may(wf.ACCEPTED, "transfer", {"liaison_staff"})
    assert not wf.may(wf.ACCEPTED, "transfer", {"station_manager"})
    assert wf.may(wf.ANSWERED, "rate", {wf.PUBLIC})
    assert not wf.may(wf.CLOSED, "reopen", {"station_manager"})
    assert wf.allowed_actions(wf.RECEIVED, {"liaison_staff"}) == ["accept", "decline"]
    assert wf.allowed_actions(wf.RECEIVED, {"system_admin"}) == []


def test_dissatisfied_sends_the_issue_back_and_satisfied_closes_it():
    assert wf.rate_action("dissatisfied") == "rate_dissatisfied"
    assert wf.target_status(wf.ANSWERED, wf.rate_action("dissatisfied")) == wf.ACCEPTED
    assert wf.target_status(wf.ANSWERED, wf.rate_action("basically")) == wf.CLOSED
    assert wf.target_status(wf.ANSWERED, wf.rate_action("satisfied")) == wf.CLOSED


def test_feedback_due_counts_working_days_over_national_day_2026(settings):
    """LIANLUO_CASEWORK_FEEDBACK_WORKING_DAYS=15: forwarded Wed 30 Sep 2026, just before the National Day
    holiday (1–7 Oct; 调休 Sat 10 Oct is a working day): 8, 9, 10 Oct are days 1–3 … due Tue 27 Oct
    (民法典 Art 201: the forwarding day is not counted; a plain 15 calendar-day count would say 15 Oct)."""
    settings.LIANLUO_CASEWORK_FEEDBACK_WORKING_DAYS = 15
    from lianluo.regions import workdays

    due = wf.feedback_due(D(2026, 9, 30))
    assert workdays.working_days_between(D(2026, 9, 30), due) == 15
    assert all(not workdays.is_workday(D(2026, 10, d)) for d in range(1, 8))
    assert due == D(2026, 10, 27)
    assert workdays.is_workday(D(2026, 10, 10))  # the make-up Saturday counts


def test_feedback_due_follows_the_setting(settings):
    settings.LIANLUO_CASEWORK_FEEDBACK_WORKING_DAYS = 5
    assert wf.feedback_due(D(2026, 11, 2)) == D(2026, 11, 9)  # Mon + 5 working days = next Mon


def test_overdue_only_after_the_due_day_and_only_while_forwarded():
    """民法典 Art 203 ¶2: the due day ends at 24:00, so feeding back on it is on time."""
    due = D(2026, 10, 20)
    assert not wf.is_overdue(wf.FORWARDED, due, due)
    assert wf.is_overdue(wf.FORWARDED, due, due + datetime.timedelta(days=1))
    assert not wf.is_overdue(wf.FEEDBACK, due, due + datetime.timedelta(days=5))
    assert not wf.is_overdue(wf.FORWARDED, None, due)


def test_unrated_answers_close_after_the_setting(settings):
    settings.LIANLUO_CASEWORK_AUTO_CLOSE_DAYS = 15
    answered = D(2026, 11, 1)
    assert not wf.closes_unrated(wf.ANSWERED, answered, D(2026, 11, 16))
    assert wf.closes_unrated(wf.ANSWERED, answered, D(2026, 11, 17))
    assert not wf.closes_unrated(wf.CLOSED, answered, D(2026, 12, 17))
