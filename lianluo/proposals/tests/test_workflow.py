"""The pure rules of suggestion handling: transition tables and deadlines (代表法 Art 51; RULES.md B3, D5, E1, E5)."""

import datetime

import pytest

from lianluo.proposals import workflow
from lianluo.regions.models import Level


def test_reply_due_three_months_after_referral_daibiaofa_art51():
    """代表法 Art 51 ¶1: the reply is due within three months of referral; the day of referral is not counted and
    the period ends on the corresponding day (民法典 Arts 201–202)."""
    assert workflow.reply_due(datetime.date(2026, 3, 10), is_complex=False) == datetime.date(2026, 6, 10)


def test_reply_due_six_months_when_broad_and_difficult_daibiaofa_art51():
    """代表法 Art 51 ¶2: six months for suggestions that are broad and hard to handle."""
    assert workflow.reply_due(datetime.date(2026, 3, 10), is_complex=True) == datetime.date(2026, 9, 10)


def test_reply_due_rolls_past_a_holiday_and_month_end_minfadian_arts_202_203():
    """民法典 Art 202: no corresponding day → the month's last day; Art 203: a holiday → the next working day."""
    # 2026-02-28 is a Saturday but a make-up working day (调休) of the Spring Festival: the period ends there.
    assert workflow.reply_due(datetime.date(2025, 11, 30), is_complex=False) == datetime.date(2026, 2, 28)
    assert workflow.reply_due(datetime.date(2026, 7, 1), is_complex=False) == datetime.date(2026, 10, 8)  # 国庆


def test_return_window_is_ten_days_from_receipt_rules_d5(settings):
    """RULES.md D5: a unit asks to return a suggestion within 10 days of receipt (a setting)."""
    assigned = datetime.date(2026, 3, 2)
    assert workflow.may_request_return(assigned, datetime.date(2026, 3, 12))
    assert not workflow.may_request_return(assigned, datetime.date(2026, 3, 13))
    settings.LIANLUO_PROPOSALS_RETURN_DAYS = 15
    assert workflow.may_request_return(assigned, datetime.date(2026, 3, 17))


def test_rating_period_ten_days_rules_d5(settings):
    assert workflow.rate_by(datetime.date(2026, 5, 1)) == datetime.date(2026, 5, 11)
    settings.LIANLUO_PROPOSALS_RATE_DAYS = 15
    assert workflow.rate_by(datetime.date(2026, 5, 1)) == datetime.date(2026, 5, 16)


def test_rehandling_round_due_one_month_rules_e5(settings):
    """RULES.md E5: a 不满意 rating starts a second round; one month by default (practice varies: a setting)."""
    assert workflow.rehandle_due(datetime.date(2026, 4, 15)) == datetime.date(2026, 5, 15)
    settings.LIANLUO_PROPOSALS_REHANDLE_MONTHS = 3
    assert workflow.rehandle_due(datetime.date(2026, 4, 15)) == datetime.date(2026, 7, 15)


def test_dissatisfied_reopens_others_close_rules_e5():
    assert workflow.rate_action("dissatisfied") == "rate_dissatisfied"
    assert workflow.suggestion_target("replied", "rate_dissatisfied") == "rehandling"
    assert workflow.suggestion_target("replied", "rate") == "closed"


def test_motion_needs_ten_cosigners_above_township_five_at_township_zuzhifa_art22():
    """地方组织法 Art 22: 代表十人以上联名 at county level and above, 五人以上 at township level."""
    assert workflow.motion_cosigners_needed(Level.COUNTY) == 10
    assert workflow.motion_cosigners_needed(Level.PROVINCE) == 10
    assert workflow.motion_cosigners_needed(Level.TOWNSHIP) == 5


@pytest.mark.parametrize(("status", "action"), [
    ("draft", "accept"), ("submitted", "assign"), ("assigned", "rate"), ("closed", "reply"), ("merged", "assign"),
])
def test_actions_outside_the_table_are_refused_in_chinese(status, action):
    with pytest.raises(workflow.TransitionError, match="不能"):
        workflow.suggestion_target(status, action)


def test_only_the_lead_unit_replies_and_only_partners_send_opinions():
    assert workflow.handling_may("signed", "submit_reply", "lead", {"unit_officer"})
    assert not workflow.handling_may("signed", "submit_reply", "assist", {"unit_officer"})
    assert workflow.handling_may("signed", "send_opinion", "joint", {"unit_officer"})
    assert not workflow.handling_may("signed", "send_opinion", "lead", {"unit_officer"})
    # The leader approves; the officer may not.
    assert workflow.handling_may("awaiting_approval", "approve", "lead", {"unit_leader"})
    assert not workflow.handling_may("awaiting_approval", "approve", "lead", {"unit_officer"})


def test_deadline_state():
    due = datetime.date(2026, 6, 30)
    assert workflow.deadline_state("assigned", due, datetime.date(2026, 6, 30)) == "due_soon"  # the due day is on time
    assert workflow.deadline_state("assigned", due, datetime.date(2026, 7, 1)) == "overdue"
    assert workflow.deadline_state("assigned", due, datetime.date(2026, 5, 1)) == ""
    assert workflow.deadline_state("replied", due, datetime.date(2026, 7, 1)) == ""


def test_reply_classes_are_a_setting_rules_e1_e2(settings):
    assert [c for c, _ in workflow.reply_classes()] == ["A", "B", "C"]
    settings.LIANLUO_PROPOSALS_REPLY_CLASSES = "A:已解决;B:正在解决;C:列入计划;D:留作参考"
    assert [c for c, _ in workflow.reply_classes()] == ["A", "B", "C", "D"]
    assert workflow.solved_class() == "A"
