"""Quarters and working days: the calendar arithmetic every layer shares (one definition).

Quarters are written ``"2020Q4"``. Working days follow China's calendar (public holidays and
adjusted working weekends, from ``chinese_calendar``); years it does not know fall back to
Monday–Friday.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar


def quarter_of(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def previous_quarter(quarter: str) -> str:
    year, q = int(quarter[:4]), int(quarter[-1])
    return f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"


def quarter_label(quarter: str) -> str:
    """The quarter as a circular writes it: 2020年第四季度."""
    return f"{quarter[:4]}年第{'一二三四'[int(quarter[-1]) - 1]}季度"


def quarter_end(quarter: str) -> dt.date:
    year, q = int(quarter[:4]), int(quarter[-1])
    return dt.date(year, 12, 31) if q == 4 else dt.date(year, 3 * q + 1, 1) - dt.timedelta(days=1)


def quarter_ends_on(day: dt.date) -> bool:
    return quarter_end(quarter_of(day)) == day


def is_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the calendar does not cover
        return day.weekday() < 5


def lag_working_days(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``: the same day → 0, the next
    working day → 1; an ``end`` before ``start`` → 0."""
    days = 0
    day = start + dt.timedelta(days=1)
    while day <= end:
        days += is_workday(day)
        day += dt.timedelta(days=1)
    return days


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start``."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if is_workday(current):
            remaining -= 1
    return current
