"""Dates relative to the as-of date, and Chinese working days (chinese_calendar)."""

from __future__ import annotations

import datetime as dt

import chinese_calendar

DAY = dt.timedelta(days=1)


def is_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # outside the package's years
        return day.weekday() < 5


def add_workdays(day: dt.date, n: int) -> dt.date:
    """The n-th working day after ``day`` (n = 0: ``day`` itself, moved to a working day)."""
    while not is_workday(day):
        day += DAY
    while n > 0:
        day += DAY
        if is_workday(day):
            n -= 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days d with start < d <= end (the lag of an interpretation after its policy)."""
    count, day = 0, start
    while day < end:
        day += DAY
        count += is_workday(day)
    return count


def report_deadline(year: int, unit_class: str) -> dt.date:
    """Deadline for the report on ``year``: 31 January (departments) / 31 March (governments)."""
    return dt.date(year + 1, 1, 31) if unit_class == "B" else dt.date(year + 1, 3, 31)
