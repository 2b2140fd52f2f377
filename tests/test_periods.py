"""Quarters and working days (config.periods), the one calendar every layer uses."""

from __future__ import annotations

import datetime as dt

from config.periods import (
    add_working_days,
    is_workday,
    lag_working_days,
    previous_quarter,
    quarter_end,
    quarter_ends_on,
    quarter_label,
    quarter_of,
)


def test_quarters() -> None:
    assert quarter_of(dt.date(2020, 12, 15)) == "2020Q4" and quarter_of(dt.date(2021, 1, 1)) == "2021Q1"
    assert previous_quarter("2021Q1") == "2020Q4" and previous_quarter("2020Q3") == "2020Q2"
    assert quarter_end("2020Q1") == dt.date(2020, 3, 31) and quarter_end("2020Q4") == dt.date(2020, 12, 31)
    assert quarter_ends_on(dt.date(2020, 6, 30)) and not quarter_ends_on(dt.date(2020, 6, 29))
    assert quarter_label("2020Q4") == "2020年第四季度"


def test_working_days_follow_the_chinese_calendar() -> None:
    # 2020: 1–8 October were the National Day holiday, Saturday 10 October a working day.
    assert not is_workday(dt.date(2020, 10, 5)) and is_workday(dt.date(2020, 10, 10))
    assert lag_working_days(dt.date(2020, 9, 30), dt.date(2020, 10, 9)) == 1
    assert lag_working_days(dt.date(2020, 9, 30), dt.date(2020, 9, 30)) == 0
    assert lag_working_days(dt.date(2020, 10, 9), dt.date(2020, 9, 30)) == 0
    assert add_working_days(dt.date(2020, 9, 30), 2) == dt.date(2020, 10, 10)
    # Beyond the years the calendar knows: Monday to Friday.
    assert is_workday(dt.date(2099, 6, 1)) and not is_workday(dt.date(2099, 6, 6))
