"""Deadline arithmetic on real dates of the State Council holiday notices.

2025: 国办发明电〔2024〕12号; 2026: 国办发明电〔2025〕7号.
"""

from datetime import date, timedelta

import pytest

from lianluo.regions.workdays import (
    add_months,
    add_working_days,
    calendar_covers,
    deadline_after_months,
    is_holiday,
    is_overdue,
    is_workday,
    working_days_between,
)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# --- Official calendar: holidays and make-up working days (调休) ---------------------------


@pytest.mark.parametrize("day", days(date(2025, 10, 1), date(2025, 10, 8)))
def test_2025_national_day_and_mid_autumn_oct_1_to_8_are_holidays(day):
    assert is_holiday(day)
    assert not is_workday(day)


@pytest.mark.parametrize("day", days(date(2026, 10, 1), date(2026, 10, 7)))
def test_2026_national_day_oct_1_to_7_are_holidays(day):
    assert is_holiday(day)
    assert not is_workday(day)


@pytest.mark.parametrize("day", days(date(2026, 2, 15), date(2026, 2, 23)))
def test_2026_spring_festival_feb_15_to_23_are_holidays(day):
    assert is_holiday(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 9, 28),  # Sunday before 2025 National Day
        date(2025, 10, 11),  # Saturday after 2025 National Day
        date(2026, 1, 4),  # Sunday after 2026 New Year's Day
        date(2026, 2, 14),  # Saturday before 2026 Spring Festival
        date(2026, 2, 28),  # Saturday after 2026 Spring Festival
        date(2026, 9, 20),  # Sunday before 2026 National Day
        date(2026, 10, 10),  # Saturday after 2026 National Day
    ],
)
def test_make_up_weekend_days_are_working_days(day):
    assert day.weekday() >= 5
    assert is_workday(day)
    assert not is_holiday(day)


@pytest.mark.parametrize("day", [date(2025, 10, 18), date(2025, 10, 19), date(2026, 3, 1)])
def test_ordinary_weekend_is_a_rest_day(day):
    assert is_holiday(day)


@pytest.mark.parametrize("day", [date(2025, 10, 9), date(2026, 2, 24), date(2026, 10, 8)])
def test_first_weekday_after_a_holiday_week_is_a_working_day(day):
    assert is_workday(day)


# --- Art 200/202: adding calendar months ---------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 15), 1, date(2025, 2, 15)),  # corresponding day exists
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # no Feb 31: month end
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year month end
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),
        (date(2024, 12, 31), 2, date(2025, 2, 28)),  # across the year end
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 8, 31), 18, date(2027, 2, 28)),
        (date(2025, 5, 20), 0, date(2025, 5, 20)),
    ],
)
def test_add_months_uses_corresponding_day_or_month_end_art_202(start, months, expected):
    assert add_months(start, months) == expected


# --- Art 201-203: deadlines counted in months ---------------------------------------------


def test_3_month_deadline_from_nov_30_ends_on_feb_28_a_make_up_saturday():
    """Art 202 gives Sat Feb 28 2026, a 调休 working day, so Art 203 does not roll it."""
    assert deadline_after_months(date(2025, 11, 30), 3) == date(2026, 2, 28)


def test_3_month_deadline_from_nov_30_in_a_leap_year_ends_on_feb_29():
    assert deadline_after_months(date(2023, 11, 30), 3) == date(2024, 2, 29)


def test_3_month_period_ending_on_oct_1_2026_rolls_past_national_day_art_203():
    assert deadline_after_months(date(2026, 7, 1), 3) == date(2026, 10, 8)


def test_holiday_roll_can_be_disabled_where_another_law_applies_art_204():
    assert deadline_after_months(date(2026, 7, 1), 3, roll_past_holidays=False) == date(2026, 10, 1)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 17), 1, date(2026, 2, 24)),  # Feb 17 2026 is in the Spring Festival break
        (date(2025, 8, 18), 2, date(2025, 10, 20)),  # Sat Oct 18 2025 -> Monday
        (date(2025, 7, 10), 3, date(2025, 10, 10)),  # Friday, a working day: no roll
    ],
)
def test_period_ending_on_a_rest_day_rolls_to_the_next_working_day_art_203(start, months, expected):
    assert deadline_after_months(start, months) == expected


# --- Deadlines counted in working days -----------------------------------------------------


def test_15_working_days_across_2025_national_day_week():
    """From Thu Sep 25 2025: Sep 26, Sun Sep 28 (make-up), Sep 29-30, Oct 9-10, Sat Oct 11
    (make-up), Oct 13-17, Oct 20-22. Without the holiday calendar it would be Oct 16."""
    assert add_working_days(date(2025, 9, 25), 15) == date(2025, 10, 22)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2025, 10, 1), 0, date(2025, 10, 1)),  # n = 0 returns start, even on a holiday
        (date(2025, 9, 26), 1, date(2025, 9, 28)),  # make-up Sunday counts
        (date(2025, 9, 30), 1, date(2025, 10, 9)),  # the whole holiday week is skipped
        (date(2026, 2, 13), 1, date(2026, 2, 14)),  # make-up Saturday before Spring Festival
        (date(2026, 2, 14), 1, date(2026, 2, 24)),
        (date(2026, 9, 30), 3, date(2026, 10, 10)),  # Oct 8, Oct 9, make-up Sat Oct 10
    ],
)
def test_add_working_days_excludes_start_day_and_counts_make_up_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_working_days_between_counts_the_interval_open_at_start_closed_at_end():
    assert working_days_between(date(2025, 9, 25), date(2025, 10, 22)) == 15
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 8)) == 0
    assert working_days_between(date(2025, 10, 8), date(2025, 10, 9)) == 1


@pytest.mark.parametrize("end", [date(2025, 10, 1), date(2025, 9, 1)])
def test_working_days_between_is_zero_when_end_is_not_after_start(end):
    assert working_days_between(date(2025, 10, 1), end) == 0


@pytest.mark.parametrize("start", [date(2025, 9, 25), date(2026, 2, 10), date(2026, 12, 28)])
@pytest.mark.parametrize("n", [0, 1, 5, 20])
def test_working_days_between_inverts_add_working_days(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


# --- Art 203 ¶2: the due day ends at 24:00 -------------------------------------------------


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(date(2026, 10, 7), False), (date(2026, 10, 8), False), (date(2026, 10, 9), True)],
)
def test_due_day_itself_is_on_time_art_203(today, overdue):
    assert is_overdue(date(2026, 10, 8), today) is overdue


# --- Invalid input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: add_months(date(2025, 1, 1), -1),
        lambda: deadline_after_months(date(2025, 1, 1), -1),
        lambda: add_working_days(date(2025, 1, 1), -1),
    ],
)
def test_negative_counts_are_rejected(call):
    with pytest.raises(ValueError, match="must be zero or positive, got -1"):
        call()


# --- Fallback estimate for years without a State Council notice ----------------------------


def test_calendar_covers_official_years_but_not_2031():
    assert calendar_covers(2025)
    assert calendar_covers(2026)
    assert not calendar_covers(2031)


@pytest.mark.parametrize(
    "day",
    [
        date(2031, 1, 1),  # New Year's Day, a Wednesday
        date(2031, 5, 1),  # Labour Day, Thursday
        date(2031, 5, 2),  # Labour Day second day (2024 revision), Friday
        date(2031, 10, 1),  # National Day, Wednesday
        date(2031, 10, 3),  # Friday
        date(2031, 10, 4),  # Saturday
    ],
)
def test_fallback_rests_on_fixed_date_statutory_holidays_and_weekends(day):
    assert is_holiday(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2031, 1, 2),  # Thursday
        date(2031, 4, 30),  # Wednesday
        date(2031, 1, 23),  # Thursday, lunar New Year: lunar holidays are not estimated
    ],
)
def test_fallback_counts_other_weekdays_as_working_days(day):
    assert is_workday(day)


def test_fallback_working_day_count_skips_new_years_day():
    assert add_working_days(date(2031, 12, 30), 2) == date(2032, 1, 2)


def test_fallback_month_deadline_rolls_past_estimated_national_day():
    assert deadline_after_months(date(2031, 7, 1), 3) == date(2031, 10, 6)
