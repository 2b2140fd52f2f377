from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest

from config.periods import quarter_ends_on, quarter_of
from zwgk.lock import AuditLocked, audit_lock
from zwgk.schedule import missed_runs, next_run, overdue_nights, parse_at

AT = dt.time(2, 0)


def test_next_run_is_tonight_or_tomorrow() -> None:
    assert next_run(dt.datetime(2020, 12, 15, 1, 0), AT) == dt.datetime(2020, 12, 15, 2, 0)
    assert next_run(dt.datetime(2020, 12, 15, 2, 0), AT) == dt.datetime(2020, 12, 16, 2, 0)


def test_missed_runs_are_the_nights_skipped_since_the_last_success() -> None:
    last = dt.datetime(2020, 12, 10, 2, 5)
    # Now is the 14th at 09:00: the 11th, 12th and 13th were missed; the 14th is due now.
    assert missed_runs(last, dt.datetime(2020, 12, 14, 9, 0), AT) == [
        dt.date(2020, 12, 11),
        dt.date(2020, 12, 12),
        dt.date(2020, 12, 13),
    ]
    assert missed_runs(last, dt.datetime(2020, 12, 11, 3, 0), AT) == []
    assert missed_runs(None, dt.datetime(2020, 12, 11, 3, 0), AT) == []


def test_overdue_nights_include_the_one_about_to_run() -> None:
    # The audit of the 14th finished at 02:30; back at 10:00 on the 15th: the 15th is overdue
    # (and is run now, late), nothing was missed before it.
    last = dt.datetime(2020, 12, 14, 2, 30)
    assert overdue_nights(last, dt.datetime(2020, 12, 15, 10, 0), AT) == [dt.date(2020, 12, 15)]
    assert missed_runs(last, dt.datetime(2020, 12, 15, 10, 0), AT) == []
    # cron at 02:00 on the 15th: the night being run is not reported as missed
    assert missed_runs(last, dt.datetime(2020, 12, 15, 2, 0, 1), AT) == []
    # an audit that finished before its own night's time does not serve that night
    assert overdue_nights(dt.datetime(2020, 12, 15, 1, 0), dt.datetime(2020, 12, 15, 3, 0), AT) == [
        dt.date(2020, 12, 15)
    ]


def test_quarter_end_and_labels() -> None:
    assert quarter_ends_on(dt.date(2020, 12, 31)) and quarter_ends_on(dt.date(2020, 3, 31))
    assert not quarter_ends_on(dt.date(2020, 12, 30))
    assert quarter_of(dt.date(2020, 12, 15)) == "2020Q4" and quarter_of(dt.date(2021, 1, 1)) == "2021Q1"


def test_bad_time_of_day_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        parse_at("2am")


def _hold(
    folder: str, ready: multiprocessing.synchronize.Event, done: multiprocessing.synchronize.Event
) -> None:
    with audit_lock(folder):
        ready.set()
        done.wait(10)


def test_a_second_audit_is_refused_while_one_runs(tmp_path: Path) -> None:
    ready, done = multiprocessing.Event(), multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold, args=(str(tmp_path), ready, done))
    holder.start()
    try:
        assert ready.wait(10)
        with pytest.raises(AuditLocked, match=f"pid {holder.pid}"), audit_lock(tmp_path):
            pass
    finally:
        done.set()
        holder.join(10)
    with audit_lock(tmp_path):  # released when the holder ended
        pass
