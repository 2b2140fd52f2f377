"""What the disclosure checks read off a stored page: links, title, meta, text lines, dates.

Parsing is cached per page body, so the dozen disclosure checks over one snapshot parse each
page once. ``Site`` finds pages by canonical URL (links are written in many forms).
"""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass, field
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser

from pages.dates import parse_date
from pages.decoding import decode_body
from pages.fields import read_fields
from pages.meta import read_meta
from pages.text import clean, node_lines
from pages.urls import canonicalize, join
from storage.snapshot import SnapshotPage, UnitSnapshot

FAILED_OUTCOMES = frozenset({"blocked", "error", "refused"})
GONE_STATUSES = frozenset({404, 410})
_PAGE_CACHE_SIZE = 512


@dataclass(frozen=True)
class Link:
    text: str
    url: str  # absolute
    title: str = ""

    @property
    def label(self) -> str:
        return self.text or self.title


@dataclass
class View:
    url: str
    title: str
    meta: dict[str, str]
    links: list[Link]
    lines: list[str]
    tables: list[list[list[str]]] = field(default_factory=list)  # rows of cell texts

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def publish_date(self) -> dt.date | None:
        """PubDate meta, then a 发布日期-like field; never the 成文日期 (rules.md §6)."""
        found = parse_date(self.meta.get("PubDate"))
        if found:
            return found
        fields = read_fields(self.lines[:80])
        for key in ("publish_date", "time"):
            if key in fields:
                found = parse_date(fields[key][1])
                if found:
                    return found
        return None

    def excerpt(self, needle: str, width: int = 60) -> str:
        text = self.text.replace("\n", " ")
        at = text.find(needle)
        if at < 0:
            return text[:width]
        return text[max(0, at - width // 2) : at + len(needle) + width // 2]


@lru_cache(maxsize=_PAGE_CACHE_SIZE)
def _parse(url: str, body: bytes, content_type: str | None) -> View:
    html = decode_body(body, content_type).text
    tree = LexborHTMLParser(html)
    meta = read_meta(tree)
    title_node = tree.css_first("title")
    title = meta.get("ArticleTitle") or (clean(title_node.text()) if title_node else "")
    links: list[Link] = []
    for anchor in tree.css("a[href]"):
        target = join(url, anchor.attributes.get("href") or "")
        if target:
            links.append(Link(clean(anchor.text()), target, clean(anchor.attributes.get("title") or "")))
    tables = [
        [[clean(cell.text()) for cell in row.css("td, th")] for row in table.css("tr")]
        for table in tree.css("table")
        if len(table.css("table")) == 1
    ]
    return View(url=url, title=title, meta=meta, links=links, lines=node_lines(tree.body), tables=tables)


def view(page: SnapshotPage) -> View | None:
    """The page read as HTML, or None when it holds no HTML body."""
    if page.body is None or page.outcome in FAILED_OUTCOMES or not page.is_html:
        return None
    return _parse(page.final_url or page.url, page.body, page.content_type)


def unreadable(page: SnapshotPage | None) -> str | None:
    """Why a page's content cannot be judged (blocked, error), or None if it can."""
    if page is None:
        return None
    if page.outcome in FAILED_OUTCOMES:
        return f"{page.url}: {page.outcome} ({page.reason or page.status})"
    if page.outcome == "http_error" and page.status not in GONE_STATUSES:
        return f"{page.url}: HTTP {page.status}"
    return None


def gone(page: SnapshotPage | None) -> bool:
    return page is not None and page.outcome == "http_error" and page.status in GONE_STATUSES


class Site:
    """A snapshot's pages by canonical URL (request URL and final URL)."""

    def __init__(self, snapshot: UnitSnapshot) -> None:
        self.snapshot = snapshot
        self.by_url: dict[str, SnapshotPage] = {}
        for page in snapshot.pages:
            for url in (page.url, page.final_url):
                if url:
                    self.by_url.setdefault(canonicalize(url), page)

    def page(self, url: str) -> SnapshotPage | None:
        return self.by_url.get(canonicalize(url))


_SITES: dict[int, tuple[weakref.ref[UnitSnapshot], Site]] = {}


def site_of(snapshot: UnitSnapshot) -> Site:
    """One ``Site`` per snapshot object (the checks run one after the other on the same one)."""
    entry = _SITES.get(id(snapshot))
    if entry is not None and entry[0]() is snapshot:
        return entry[1]
    site = Site(snapshot)
    _SITES[id(snapshot)] = (weakref.ref(snapshot, lambda _: _SITES.pop(id(snapshot), None)), site)
    return site
