"""Dates as government pages write them, and the dates hidden in their URLs.

Written forms: 2024-03-23, 2024/3/23, 2024.03.23, 2024年3月23日 (with or without a time).
URL forms (rules.md §7): TRS ``/202311/t20231104_51587.htm``, Hanweb
``/art/2020/3/5/art_12_345.html``, ``/2020-03-05/`` or ``/20200305/`` path segments, and gov.cn's
``/content/2018-12/24/content_5351624.htm``.
"""

from __future__ import annotations

import datetime as dt
import re

_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?"
)
_URL_TRS = re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+")
_URL_HANWEB = re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/")
_URL_SEGMENT = re.compile(r"/((?:19|20)\d{2})-?(\d{2})-?(\d{2})/")
_URL_MONTH_DAY = re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/")  # gov.cn /content/2018-12/24/
_URL_YEAR_MONTH_DAY = re.compile(
    r"/((?:19|20)\d{2})/(\d{2})-(\d{2})/"
)  # henan.gov.cn /2022/08-11/2559082.html


def make_date(year: str | int, month: str | int, day: str | int) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_date(text: str | None) -> dt.date | None:
    """The first valid date written in ``text``, or None."""
    if not text:
        return None
    for match in _DATE.finditer(text):
        found = make_date(*match.groups())
        if found is not None:
            return found
    return None


def find_dates(text: str) -> list[dt.date]:
    """Every valid date written in ``text``, in order."""
    found = (make_date(*m.groups()) for m in _DATE.finditer(text))
    return [d for d in found if d is not None]


def date_spans(text: str) -> list[tuple[int, int, dt.date]]:
    """(start, end, date) of every valid date in ``text``."""
    spans = []
    for match in _DATE.finditer(text):
        found = make_date(*match.groups())
        if found is not None:
            spans.append((match.start(), match.end(), found))
    return spans


def url_date(url: str | None) -> dt.date | None:
    """The date a CMS wrote into the URL (the creation day, not necessarily publication)."""
    if not url:
        return None
    for pattern in (_URL_TRS, _URL_HANWEB, _URL_SEGMENT, _URL_MONTH_DAY, _URL_YEAR_MONTH_DAY):
        match = pattern.search(url)
        if match:
            found = make_date(*match.groups())
            if found is not None:
                return found
    return None


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
