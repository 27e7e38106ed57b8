"""Pure rules of the duty roster: which days a station receives, and who is on duty (no ORM here).

代表法 Art 28: the standing committee (or the township presidium) organises the deputies of its area to contact
the people regularly and near where they live (就地就近); a station's fixed reception days are that rule in practice.
"""

import calendar
import datetime
from collections.abc import Callable, Sequence

WEEKDAY_LABELS = {1: "周一", 2: "周二", 3: "周三", 4: "周四", 5: "周五", 6: "周六", 7: "周日"}


def parse_weekdays(value: str | Sequence[int | str]) -> list[int]:
    """ISO weekdays (1 = Monday) from "1,3" or [1, 3]; raises ValueError on anything else."""
    items = value.split(",") if isinstance(value, str) else list(value)
    days = set()
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        if not text.isdigit() or not 1 <= int(text) <= 7:
            raise ValueError(text)
        days.add(int(text))
    return sorted(days)


def weekdays_label(days: Sequence[int]) -> str:
    return "、".join(WEEKDAY_LABELS[d] for d in days)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_days(year: int, month: int) -> list[datetime.date]:
    return [datetime.date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]


def reception_days(year: int, month: int, weekdays: Sequence[int],
                   is_public_holiday: Callable[[datetime.date], bool]) -> list[datetime.date]:
    """The station's reception days in the month: its weekdays, less public holidays.

    A make-up working day (调休上班) on a weekend is not a reception day unless the station receives on that
    weekday anyway: people do not expect a station open on a Sunday because offices are.
    """
    wanted = set(weekdays)
    return [day for day in month_days(year, month) if day.isoweekday() in wanted and not is_public_holiday(day)]


def rota(deputies: Sequence, days: int, per_shift: int, start: int = 0) -> list[list]:
    """Deputies on duty for ``days`` consecutive shifts, taking turns in the given order from ``start``.

    Each shift gets ``per_shift`` different deputies (fewer when the station has fewer); over a month the load is
    spread evenly, and the next month continues where this one stopped.
    """
    if not deputies or per_shift <= 0:
        return [[] for _ in range(days)]
    take = min(per_shift, len(deputies))
    result = []
    position = start
    for _ in range(days):
        result.append([deputies[(position + i) % len(deputies)] for i in range(take)])
        position += take
    return result


def calendar_weeks(year: int, month: int) -> list[list[datetime.date | None]]:
    """The month as weeks Monday–Sunday, days outside the month as None (for the month grid)."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[day if day.month == month else None for day in week] for week in weeks]


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def rate(numerator: int, denominator: int) -> float | None:
    """A percentage with one decimal, or None when there is nothing to divide by (shown as "—")."""
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)
