"""Working days under the Chinese calendar (public holidays and adjusted working weekends)."""

from __future__ import annotations

import datetime as dt


def add_working_days(start: dt.date, days: int) -> dt.date:
    import chinese_calendar

    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        try:
            workday = chinese_calendar.is_workday(current)
        except NotImplementedError:  # beyond the package's known years: weekdays only
            workday = current.weekday() < 5
        if workday:
            remaining -= 1
    return current
