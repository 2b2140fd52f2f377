"""Which items a page lists, and whether that is all of them.

A list the static HTML cannot show is never called empty: a JavaScript-only list is
"incomplete, rendered list needed"; a pager that states more records than the page shows is
"incomplete" with the pager's own numbers. Homepages and column pages list the items of all
their blocks (their freshness evidence).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pages.items import Item, ItemGroup
from pages.listing import ListSignals

LIST_KINDS = frozenset({"list", "catalogue"})
_JS_NOTE = "list written by JavaScript: rendered list needed"
_LIST_ROWS = 3  # a static group this small beside an unfilled script list is not the list
_PAGER_LABELS = {"hanweb": "Hanweb pager (totalRecord)", "trs_api": "TRS pager", "text": "pager text"}


@dataclass(frozen=True)
class PageItems:
    items: list[Item]
    complete: bool = True
    note: str | None = None
    groups: list[ItemGroup] = field(default_factory=list)  # the groups the items came from


def _total(groups: list[ItemGroup]) -> int:
    return sum(len(group.items) for group in groups)


def _merged(groups: list[ItemGroup]) -> list[Item]:
    seen: set[str | None] = set()
    merged = []
    for group in groups:
        for item in group.items:
            if item.url not in seen:
                seen.add(item.url)
                merged.append(item)
    return merged


def page_items(
    kind: str,
    groups: list[ItemGroup],
    hanweb_items: list[Item],
    signals: ListSignals,
    rendered_groups: list[ItemGroup] | None,
) -> PageItems:
    """The items of a page of ``kind``; ``rendered_groups`` are read from the DOM after scripts."""
    rendered = rendered_groups is not None and _total(rendered_groups) >= _total(groups) + len(hanweb_items)
    if rendered and rendered_groups is not None:
        groups = rendered_groups
    if kind in ("homepage", "column"):
        if not rendered and signals.js_containers:
            note = f"{signals.js_containers} lists written by JavaScript: rendered page needed"
            return PageItems(_merged(groups), False, note, groups)
        return PageItems(_merged(groups), True, None, groups)
    if kind not in LIST_KINDS:
        return PageItems([], True, None, groups)
    largest = max(groups, key=lambda g: len(g.items)) if groups else None
    items = list(largest.items) if largest is not None else []
    if not rendered and hanweb_items:
        items = hanweb_items
    if not rendered and not hanweb_items and signals.js_containers and len(items) < _LIST_ROWS:
        # The list a script fills is still empty; a few dated links beside it (热点, 最新) are not
        # its rows. Keep what the pager says, if anything.
        note = _JS_NOTE
        pagination = signals.pagination
        if pagination and pagination.total_records:
            note += f" ({_PAGER_LABELS.get(pagination.source or '', 'pager')} says {pagination.total_records} records)"
        return PageItems([], False, note, groups)
    pagination = signals.pagination
    shown = len(items)
    if pagination and pagination.total_records is not None and pagination.total_records > shown:
        note = f"{_PAGER_LABELS.get(pagination.source or '', 'pager')} says {pagination.total_records} records, {shown} shown"
        if pagination.source == "trs_api":
            note += "; further pages exist only through its JavaScript API"
        return PageItems(items, False, note, groups)
    if pagination and pagination.total_records is not None and shown >= pagination.total_records:
        return PageItems(items, True, None, groups)  # Hanweb writes every record into the page
    if pagination and pagination.pages and pagination.pages > 1:
        return PageItems(
            items, False, f"pager says {pagination.pages} pages; this page shows {shown} items", groups
        )
    if not items and rendered:
        return PageItems(items, True, "rendered list is empty", groups)
    if not items and signals.js_list:
        return PageItems(items, False, _JS_NOTE, groups)
    return PageItems(items, True, None, groups)


def undated_rows_incomplete(listing: PageItems) -> PageItems:
    """A list whose ``MM-DD`` rows could not be given a year is not known to be complete: its
    freshness cannot be judged from the rows that were dated."""
    undated = [
        item for group in listing.groups for item in group.items if item.date is None and item.month_day
    ]
    undated += [
        item for item in listing.items if item.date is None and item.month_day and item not in undated
    ]
    if not undated:
        return listing
    note = (
        f"{len(undated)} rows dated only MM-DD could not be given a year "
        "(no dated row in their list, no crawl date, or the list is not newest first)"
    )
    if listing.note:
        note = f"{listing.note}; {note}"
    return replace(listing, complete=False, note=note)
