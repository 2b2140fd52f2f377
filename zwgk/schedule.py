"""When the nightly audit runs, which runs were missed, and when a circular is due."""

from __future__ import annotations

import datetime as dt


def parse_at(at: str) -> dt.time:
    try:
        hour, minute = (int(part) for part in at.split(":"))
        return dt.time(hour, minute)
    except ValueError:
        raise ValueError(f"not a time of day HH:MM: {at!r}") from None


def next_run(now: dt.datetime, at: dt.time) -> dt.datetime:
    today = dt.datetime.combine(now.date(), at)
    return today if today > now else today + dt.timedelta(days=1)


def overdue_nights(last_success: dt.datetime | None, now: dt.datetime, at: dt.time) -> list[dt.date]:
    """Scheduled nights whose time has passed with no successful audit since (oldest first)."""
    if last_success is None:
        return []
    nights = []
    day = last_success.date()
    while dt.datetime.combine(day, at) <= now:
        if dt.datetime.combine(day, at) > last_success:
            nights.append(day)
        day += dt.timedelta(days=1)
    return nights


def missed_runs(last_success: dt.datetime | None, now: dt.datetime, at: dt.time) -> list[dt.date]:
    """The overdue nights except the latest, which the audit about to run now serves (late)."""
    return overdue_nights(last_success, now, at)[:-1]
