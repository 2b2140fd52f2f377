"""Working days between two dates, with China's public holidays and adjusted working days.

``lag_working_days(policy, interpretation)`` counts the working days after the policy's
publication date up to and including the interpretation's: published the same day → 0, the
next working day → 1. An interpretation published before its policy has lag 0. Dates outside
the years ``chinese_calendar`` knows fall back to Monday–Friday.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar


def is_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the calendar does not cover
        return day.weekday() < 5


def lag_working_days(policy: dt.date, interpretation: dt.date) -> int:
    if interpretation <= policy:
        return 0
    days = 0
    day = policy + dt.timedelta(days=1)
    while day <= interpretation:
        if is_workday(day):
            days += 1
        day += dt.timedelta(days=1)
    return days
