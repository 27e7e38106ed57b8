"""Legal-deadline arithmetic on China's official working-day calendar.

Periods are counted under the Civil Code (《中华人民共和国民法典》) Arts 200-204:

- Art 200: periods are counted by the Gregorian year, month, day and hour.
- Art 201: the starting day of a period counted in days, months or years is not counted.
- Art 202: a period counted in months ends on the corresponding day of the due month;
  if that month has no corresponding day, it ends on the last day of the month.
- Art 203 ¶1: if the last day is a statutory holiday (法定休假日), the period ends on the
  day after the holiday ends; ¶2: the last day ends at 24:00.
- Art 204: these rules apply unless a law provides otherwise or the parties agree otherwise
  (e.g. periods fixed in working days by administrative regulations).

Holidays and adjusted working days (调休) come from the State Council's yearly notices as
packaged by ``chinesecalendar``. For a year the package does not cover, ``is_workday`` falls
back to an estimate (see ``_estimated_workday``); use ``calendar_covers`` to tell the user that
a deadline in such a year is an estimate.
"""

import calendar
from datetime import date, timedelta

import chinese_calendar

__all__ = [
    "add_months",
    "add_working_days",
    "calendar_covers",
    "deadline_after_months",
    "is_holiday",
    "is_overdue",
    "is_workday",
    "working_days_between",
]

# Fixed-date statutory holidays of 《全国年节及纪念日放假办法》 Art 2 as revised in 2024
# (in force from 2025): New Year's Day Jan 1, Labour Day May 1-2, National Day Oct 1-3.
# The lunar holidays (Spring Festival, Qingming, Dragon Boat, Mid-Autumn) move every year
# and are only known from the State Council notice, so they are not estimated.
FIXED_DATE_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})

_ONE_DAY = timedelta(days=1)


def calendar_covers(year: int) -> bool:
    """Whether the official holiday calendar for ``year`` is known to the package."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _estimated_workday(day: date) -> bool:
    """Estimate for years without a State Council notice.

    Monday to Friday are working days, except the fixed-date holidays of
    《全国年节及纪念日放假办法》 Art 2 (2024 revision). Not estimated: lunar holidays, the
    weekday in lieu of a holiday falling on a weekend (Art 6 of the same measures), and
    make-up working days (调休上班); all of these depend on the yearly notice.
    """
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_DATE_HOLIDAYS


def is_workday(day: date) -> bool:
    """Whether ``day`` is a working day, make-up working days (调休上班) included.

    Uses the official calendar when covered, otherwise the estimate of ``_estimated_workday``.
    """
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return _estimated_workday(day)


def is_holiday(day: date) -> bool:
    """Whether ``day`` is a statutory holiday or a rest day (法定休假日, 民法典 Art 203)."""
    return not is_workday(day)


def _check_not_negative(value: int, name: str) -> None:
    if value < 0:
        raise ValueError(f"{name} must be zero or positive, got {value}")


def add_months(start: date, months: int) -> date:
    """The corresponding day ``months`` calendar months after ``start``.

    民法典 Art 200 (Gregorian months) and Art 202: the period ends on the corresponding day
    of the due month, or on the last day of that month when it has no corresponding day
    (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year).
    """
    _check_not_negative(months, "months")
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _next_workday_on_or_after(day: date) -> date:
    while not is_workday(day):
        day += _ONE_DAY
    return day


def deadline_after_months(start: date, months: int, *, roll_past_holidays: bool = True) -> date:
    """Last day of a period of ``months`` months triggered on ``start``.

    民法典 Art 201: the starting day is not counted, so the period runs from the next day;
    Art 202: it ends on the day corresponding to ``start`` in the due month, or on that
    month's last day. Art 203 ¶1: if that day is a statutory holiday or rest day, the period
    ends on the next working day. Pass ``roll_past_holidays=False`` where a law provides
    otherwise (Art 204).
    """
    last_day = add_months(start, months)
    return _next_workday_on_or_after(last_day) if roll_past_holidays else last_day


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day strictly after ``start`` (``start`` itself when ``n`` is 0).

    For periods fixed in working days by other laws (民法典 Art 204), counted from the day
    after ``start`` (Art 201). Make-up working days count; holidays and weekends do not.
    """
    _check_not_negative(n, "n")
    day = start
    for _ in range(n):
        day = _next_workday_on_or_after(day + _ONE_DAY)
    return day


def working_days_between(start: date, end: date) -> int:
    """Number of working days in (start, end]; 0 when ``end`` is not after ``start``.

    The starting day is not counted (民法典 Art 201), the end day is.
    """
    days = range(1, (end - start).days + 1)
    return sum(1 for offset in days if is_workday(start + timedelta(days=offset)))


def is_overdue(due: date, today: date) -> bool:
    """Whether ``today`` is past ``due``.

    民法典 Art 203 ¶2: the last day of a period ends at 24:00, so acting on the due day
    itself is on time.
    """
    return today > due
