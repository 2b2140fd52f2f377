"""When the nightly audit runs, which runs were missed, when a circular is due, and when the
availability probe rounds fall through the day."""

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


def probe_slots(day: dt.date, rounds_per_day: int) -> list[dt.datetime]:
    """The day's probe rounds, evenly spread from midnight (24: on the hour)."""
    if rounds_per_day <= 0:
        return []
    step = dt.timedelta(days=1) / rounds_per_day
    start = dt.datetime.combine(day, dt.time())
    return [start + step * n for n in range(rounds_per_day)]


def next_probe(now: dt.datetime, rounds_per_day: int) -> dt.datetime | None:
    """The first probe round strictly after ``now`` (None: no rounds)."""
    for day in (now.date(), now.date() + dt.timedelta(days=1)):
        for slot in probe_slots(day, rounds_per_day):
            if slot > now:
                return slot
    return None
