import datetime

from lianluo.stations import workflow
from lianluo.stations.services import is_public_holiday


def test_reception_days_skip_the_2026_national_day_holiday():
    """代表法 Art 28 (regular reception days): in October 2026 a Thursday/Saturday station skips 1 and 3 October
    (National Day), receives on Saturday 10 October (a make-up working day) and on ordinary Saturdays."""
    days = workflow.reception_days(2026, 10, [4, 6], is_public_holiday)
    assert datetime.date(2026, 10, 1) not in days
    assert datetime.date(2026, 10, 3) not in days
    assert datetime.date(2026, 10, 8) in days
    assert datetime.date(2026, 10, 10) in days
    assert datetime.date(2026, 10, 17) in days
    assert all(d.isoweekday() in (4, 6) for d in days)


def test_weekday_holidays_are_skipped_and_sunday_make_up_days_are_not_added():
    days = workflow.reception_days(2026, 10, [1, 2, 3, 7], is_public_holiday)
    assert not {datetime.date(2026, 10, d) for d in (4, 5, 6, 7)} & set(days)  # inside the holiday
    assert datetime.date(2026, 10, 11) in days  # an ordinary Sunday after the holiday
    assert datetime.date(2026, 10, 12) in days


def test_parse_weekdays_accepts_iso_weekdays_only():
    assert workflow.parse_weekdays("3, 1,3") == [1, 3]
    assert workflow.parse_weekdays([5]) == [5]
    for bad in ("0", "8", "一", "1;2"):
        try:
            workflow.parse_weekdays(bad)
        except ValueError:
            continue
        raise AssertionError(bad)


def test_rota_takes_turns_and_continues():
    turns = workflow.rota(["a", "b", "c"], 4, 2)
    assert turns == [["a", "b"], ["c", "a"], ["b", "c"], ["a", "b"]]
    assert workflow.rota(["a"], 2, 2) == [["a"], ["a"]]
    assert workflow.rota([], 2, 2) == [[], []]
    assert workflow.rota(["a", "b", "c"], 1, 1, start=4) == [["b"]]


def test_calendar_weeks_is_a_monday_first_grid():
    weeks = workflow.calendar_weeks(2026, 11)
    assert weeks[0][:6] == [None] * 6 and weeks[0][6] == datetime.date(2026, 11, 1)
    assert all(len(w) == 7 for w in weeks)
    assert workflow.shift_month(2026, 12, 1) == (2027, 1)
    assert workflow.shift_month(2026, 1, -1) == (2025, 12)
    assert workflow.rate(3, 4) == 75.0 and workflow.rate(1, 0) is None
