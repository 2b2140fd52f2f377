"""Readings the inspection checks share: dates of listed items, canonical URLs."""

from __future__ import annotations

import datetime as dt

from pages.pageinfo import PageInfo
from pages.urls import canonicalize


def as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def item_dates(info: PageInfo | None, as_of: dt.date) -> list[dt.date]:
    """Dates of the listed items that are not in the future (undated items do not count)."""
    dates = []
    for item in info.items if info is not None else ():
        day = as_date(item.date)
        if day is not None and day <= as_of:
            dates.append(day)
    return dates


def canon(url: str) -> str:
    try:
        return canonicalize(url)
    except ValueError:
        return url
