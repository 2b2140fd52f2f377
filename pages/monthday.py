"""Years for list rows dated ``MM-DD``: county homepages write "09-10" and leave the year implied.

A year is given only from evidence (issue 18): rows of one list are newest first, so walking
down the list the year stays while the month-day falls and drops by one when it rises (the list
crossed a New Year). The walk starts from

- a row of the same list whose full date is known (its URL ``t20240910_…`` or a written year),
  walking both ways from it; or else
- the crawl date: the first row is in the crawl's year unless its month-day is after the crawl
  day (then it is from the year before — a list shows no future).

Rows stay undated (and the list incomplete) when nothing anchors the walk, or when an anchor
disagrees with the walk (the list is not newest first).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from pages.dates import make_date
from pages.items import Item, ItemGroup

MAX_NEIGHBOUR_GAP_DAYS = 183  # two neighbouring rows of a newest-first homepage list


def _walk(rows: list[tuple[int, int]], start: int, start_year: int, step: int) -> dict[int, int] | None:
    """Years of ``rows`` walking from index ``start`` (year ``start_year``) by ``step`` (±1);
    None when two neighbours would be more than half a year apart (then the list is not newest
    first: "03-05" above "03-09" is an oldest-first list, not a year's gap)."""
    years = {start: start_year}
    year = start_year
    position = start
    while 0 <= position + step < len(rows):
        previous, position = rows[position], position + step
        current = rows[position]
        if step > 0 and current > previous:  # down the list, a later month-day: the year before
            year -= 1
        if step < 0 and current < previous:  # up the list, an earlier month-day: the year after
            year += 1
        here, there = make_date(year, *current), make_date(years[position - step], *previous)
        if here is None or there is None:
            return None
        gap = (there - here).days * step  # the newer row minus the older row
        if not 0 <= gap <= MAX_NEIGHBOUR_GAP_DAYS:
            return None
        years[position] = year
    return years


def _years(group: ItemGroup, crawled_on: dt.date | None) -> dict[int, int] | None:
    rows = [_month_day(item) for item in group.items]
    if any(row is None for row in rows):
        return None
    pairs = [row for row in rows if row is not None]
    anchors = [(i, item.date) for i, item in enumerate(group.items) if item.date is not None]
    if anchors:
        start, date = anchors[0]
        down, up = _walk(pairs, start, date.year, 1), _walk(pairs, start, date.year, -1)
        years = down | up if down is not None and up is not None else None
    elif crawled_on is not None:
        first_year = crawled_on.year - (1 if pairs[0] > (crawled_on.month, crawled_on.day) else 0)
        years = _walk(pairs, 0, first_year, 1)
    else:
        return None
    if years is None:
        return None
    for index, date in anchors:  # every known date must agree with the walk
        if years.get(index) != date.year:
            return None
    return years


def _month_day(item: Item) -> tuple[int, int] | None:
    if item.date is not None:
        return (item.date.month, item.date.day)
    if item.month_day is None:
        return None
    month, day = item.month_day.split("-")
    return (int(month), int(day))


def date_month_day_rows(groups: list[ItemGroup], crawled_on: dt.date | None) -> list[ItemGroup]:
    """``groups`` with the years of their ``MM-DD`` rows filled in where the evidence allows."""
    dated = []
    for group in groups:
        if not any(item.date is None and item.month_day for item in group.items):
            dated.append(group)
            continue
        years = _years(group, crawled_on)
        items = []
        for index, item in enumerate(group.items):
            pair = _month_day(item)
            if item.date is None and years is not None and pair is not None and index in years:
                items.append(replace(item, date=make_date(years[index], *pair)))
            else:
                items.append(item)
        dated.append(ItemGroup(group.name, items, group.container_id))
    return dated


def undated_count(groups: list[ItemGroup]) -> int:
    return sum(1 for group in groups for item in group.items if item.date is None)
