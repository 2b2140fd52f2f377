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


def missed_runs(last_success: dt.datetime | None, now: dt.datetime, at: dt.time) -> list[dt.date]:
    """Scheduled nights after the last successful audit whose time has passed."""
    if last_success is None:
        return []
    missed = []
    day = last_success.date() + dt.timedelta(days=1)
    while dt.datetime.combine(day, at) <= now:
        missed.append(day)
        day += dt.timedelta(days=1)
    # The most recent due night is the one we are about to run, not a missed one.
    return missed[:-1] if missed and dt.datetime.combine(missed[-1], at) <= now else missed


def quarter_ends_on(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).month in (1, 4, 7, 10) and (day + dt.timedelta(days=1)).day == 1


def quarter_of(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"
