"""The documents behind a sub-section: the guide article, the catalogue page, the annual reports.

A sub-section link leads either to the document itself or to a list of documents; lists are
read with the page reader (``pages.reader.read_page``: kind, items with title, URL and date).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from checks.context import CheckContext, is_gone, unreadable_reason
from pages.pageinfo import PageInfo
from storage.snapshot import SnapshotPage

DOCUMENT_KINDS = frozenset({"article", "guide", "annual_report", "interpretation"})


@dataclass
class Document:
    page: SnapshotPage | None  # None: linked but not stored
    url: str
    title: str
    info: PageInfo | None = None
    listed_date: str | None = None  # the date the list shows next to it (ISO)
    problem: str | None = None  # why it cannot be read (blocked, error, not stored)


def documents(
    ctx: CheckContext, landing: SnapshotPage, wanted: Callable[[str], bool]
) -> tuple[list[Document], list[str]]:
    """Documents reachable from a sub-section's landing page whose title ``wanted`` accepts.

    The landing page itself counts when it is a document; else its list items (static, or from
    the rendered DOM) are the documents. Returns them in list order and the problems met (a
    list that could not be read, or that only a browser would show).
    """
    problems: list[str] = []
    landing_info = ctx.info(landing)
    if landing_info is None:
        return [], [unreadable_reason(landing) or f"{landing.url}: not readable"]
    if landing_info.kind in DOCUMENT_KINDS and wanted(landing_info.title or ""):
        return [
            Document(landing, landing.final_url or landing.url, landing_info.title or "", landing_info)
        ], []
    found: list[Document] = []
    seen: set[str] = set()
    for current in (landing_info,):
        for item in current.items:
            if not item.url or item.url in seen or not wanted(item.title):
                continue
            seen.add(item.url)
            page = ctx.page(item.url)
            listed = item.date.isoformat() if item.date else None
            if page is None:
                found.append(Document(None, item.url, item.title, None, listed, "not stored by the crawl"))
                continue
            problem = unreadable_reason(page) or (f"HTTP {page.status}" if is_gone(page) else None)
            found.append(Document(page, item.url, item.title, ctx.info(page), listed, problem))
        if not current.items_complete and current.items_note:
            problems.append(f"{current.url}: {current.items_note}")
    if not landing_info.items and landing.rendered_html is None:
        # Lists written by JavaScript show nothing in the static HTML: no verdict without the DOM.
        problems.append(
            f"{landing.url}: 静态页面没有列表条目，需要渲染后的页面 no items without a rendered DOM"
        )
    return found, problems
