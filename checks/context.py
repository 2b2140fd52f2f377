"""What a check reads: one unit's stored evidence, read once (``CheckContext``).

The runner (``checks.runner``) builds one context per unit and night and hands it to every
check's ``run(ctx)``. Everything a check needs from storage comes through it:

- ``ctx.snapshot`` / ``ctx.settings`` / ``ctx.unit`` / ``ctx.as_of``: what was stored, and how
  to judge it;
- ``ctx.page(url)``: the stored page at a URL (any spelling: canonical, request or final URL);
- ``ctx.readable_pages()``: the crawled HTML pages whose body can be read, as defined by
  ``is_readable`` — the ONE definition of a readable page;
- per page, memoised: ``ctx.html(page)`` (text), ``ctx.info(page)`` (the page reader's
  ``PageInfo``), ``ctx.view(page)`` (links, title, meta, lines, tables);
- named derived results shared by several checks, each computed at most once per unit:
  ``ctx.disclosure_column``, ``ctx.annual_reports``, ``ctx.interpretations``,
  ``ctx.link_scan``, ``ctx.hidden_link_scan``; ``ctx.derived(name, build)`` adds one.

What the readings hold (the fields a check uses most):

- a ``SnapshotPage``: ``url``, ``final_url``, ``status``, ``outcome`` (ok, not_modified,
  blocked, http_error, error, refused), ``body``, ``rendered_html``, ``purpose`` ("crawl" or
  "link-check"), and ``evidence(excerpt)``, the reference a finding carries;
- a ``PageInfo``: ``kind`` (homepage, column, list, article, interpretation, guide,
  annual_report, other), ``title``, ``publish_date``, ``doc_number``, ``source`` (来源),
  ``items`` (listed entries: ``title``, ``url``, ``date``), ``items_complete``, ``meta``,
  ``column_name``, ``body_text``;
- a ``View``: ``title``, ``meta``, ``links`` (``text``, ``url``, ``label``), ``lines``,
  ``tables``, ``publish_date``.

A 304 (``outcome = "not_modified"``) keeps its status 304 in storage; its body is the body of
the fetch it revalidated (``page.body_from``), and it reads exactly like that page: the
evidence of a finding on it names both fetches.

Nothing here caches at module level: a context lives as long as one unit's checks.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from config.settings import Settings, UnitConfig
from pages.decoding import decode_body
from pages.pageinfo import PageInfo
from pages.reader import read_page
from pages.urls import canonicalize
from pages.view import View, read_view
from storage.snapshot import SnapshotPage, UnitSnapshot

if TYPE_CHECKING:
    from checks.disclosure.annual import Reports
    from checks.disclosure.column import Column
    from checks.inspection.dead_links import LinkScan
    from checks.inspection.hidden_links import Scan
    from checks.interpretation.model import UnitInterpretations

log = logging.getLogger(__name__)
T = TypeVar("T")

READABLE_OUTCOMES = frozenset({"ok", "not_modified"})
FAILED_OUTCOMES = frozenset({"blocked", "error", "refused"})
GONE_STATUSES = frozenset({404, 410})
# A night that could not render pages writes this into the run's notes (crawler.run.NO_BROWSER
# and the "rendering switched off" note both end with it).
NOT_RENDERED_NOTE = "JavaScript lists not rendered"


def is_readable(page: SnapshotPage) -> bool:
    """A page whose body can be read: it answered with a body (``ok``) or confirmed that the
    body stored before is still current (``not_modified``: the 304 is read through the body of
    the fetch it revalidated). The one definition every check uses."""
    return page.outcome in READABLE_OUTCOMES and page.body is not None


def is_gone(page: SnapshotPage | None) -> bool:
    """The target answered that it does not exist (404/410)."""
    return page is not None and page.outcome == "http_error" and page.status in GONE_STATUSES


def unreadable_reason(page: SnapshotPage | None) -> str | None:
    """Why a stored page's content cannot be judged (blocked, failed, a server error), or None
    when it answered (or is gone: a gone page is a verdict, not a doubt)."""
    if page is None or is_gone(page):
        return None
    if page.outcome in FAILED_OUTCOMES:
        return f"{page.url}: {page.outcome} ({page.reason or page.status})"
    if page.outcome == "http_error":
        return f"{page.url}: HTTP {page.status}"
    return None


def _canon(url: str) -> str:
    try:
        return canonicalize(url)
    except ValueError:
        return url


# What a check may declare in ``requires``: each names an input of the night and how its
# absence shows. A check whose input is absent is undecided with that reason and never runs.
REQUIREMENTS: dict[str, tuple[str, str]] = {
    "site": ("未配置网站", "unit has no site configured"),
    "homepage": ("首页未抓取", "homepage not in the snapshot"),
    "pages": ("没有可读取的页面", "no readable page stored for the unit"),
    "rendered": ("未能渲染页面", "no browser rendered the pages this night"),
    "links": ("未存储页面链接", "no link stored for the unit's pages"),
    "probes:availability": ("没有可用性探测记录", "no availability probe stored"),
    "probes:ipv6": ("没有IPv6探测记录", "no IPv6 probe stored"),
    "dns": ("没有DNS解析记录", "no DNS answer stored"),
}


class CheckContext:
    """One unit's snapshot and settings, with every reading of it memoised."""

    def __init__(self, snapshot: UnitSnapshot, settings: Settings) -> None:
        self.snapshot = snapshot
        self.settings = settings
        self._by_url: dict[str, SnapshotPage] = {}
        for page in snapshot.pages:
            for url in (page.url, page.final_url):
                if url:
                    self._by_url.setdefault(url, page)
                    self._by_url.setdefault(_canon(url), page)
        self._html: dict[int, str] = {}
        self._info: dict[int, PageInfo | None] = {}
        self._view: dict[int, View | None] = {}
        self._derived: dict[str, Any] = {}

    @property
    def unit(self) -> UnitConfig:
        return self.snapshot.unit

    @property
    def as_of(self) -> dt.date:
        return self.snapshot.as_of

    # -- pages ---------------------------------------------------------------------------
    def page(self, url: str) -> SnapshotPage | None:
        """The stored page requested at, or ending at, ``url`` (first stored wins)."""
        return self._by_url.get(url) or self._by_url.get(_canon(url))

    @property
    def homepage(self) -> SnapshotPage | None:
        return self.page(self.unit.homepage) if self.unit.homepage else None

    def readable_pages(self) -> list[SnapshotPage]:
        """Crawled (not link-checked) HTML pages whose body can be read, in crawl order."""
        return self.derived(
            "readable_pages", lambda ctx: [p for p in ctx.snapshot.crawled() if is_readable(p) and p.is_html]
        )

    def html(self, page: SnapshotPage, *, rendered: bool = True) -> str:
        """The page's HTML: the DOM after JavaScript when there is one (and ``rendered``), else
        the decoded body ("" when no body is stored)."""
        if rendered and page.rendered_html:
            return page.rendered_html
        if id(page) not in self._html:
            self._html[id(page)] = decode_body(page.body, page.content_type).text if page.body else ""
        return self._html[id(page)]

    def info(self, page: SnapshotPage) -> PageInfo | None:
        """The page reader's reading of a readable HTML page (None otherwise, or when the
        reader fails on it: one hostile page does not stop the unit)."""
        if id(page) not in self._info:
            self._info[id(page)] = self._read_info(page)
        return self._info[id(page)]

    def _read_info(self, page: SnapshotPage) -> PageInfo | None:
        if not is_readable(page) or not page.is_html:
            return None
        try:
            return read_page(
                page.body or b"",
                url=page.final_url or page.url,
                content_type=page.content_type,
                rendered_html=page.rendered_html,
                crawled_on=page.fetched_at.date() if page.fetched_at else None,  # MM-DD rows' year
            )
        except Exception:
            log.exception("page reader failed on %s", page.url)
            return None

    def view(self, page: SnapshotPage) -> View | None:
        """Links, title, meta, text lines and tables of a readable HTML page (None otherwise)."""
        if id(page) not in self._view:
            readable = is_readable(page) and page.is_html
            self._view[id(page)] = (
                read_view(page.body or b"", url=page.final_url or page.url, content_type=page.content_type)
                if readable
                else None
            )
        return self._view[id(page)]

    # -- inputs --------------------------------------------------------------------------
    def missing(self, requirement: str) -> bool:
        """Whether an input named in ``REQUIREMENTS`` is absent from this night's snapshot."""
        snapshot = self.snapshot
        if requirement == "site":
            return not self.unit.homepage
        if requirement == "homepage":
            return not self.unit.homepage or self.homepage is None
        if requirement == "pages":
            return not any(is_readable(p) for p in snapshot.crawled())
        if requirement == "rendered":
            return any(NOT_RENDERED_NOTE in note for note in snapshot.notes)
        if requirement == "links":
            return not snapshot.links
        if requirement.startswith("probes:"):
            kind = requirement.split(":", 1)[1]
            return not any(p.kind == kind for p in snapshot.probes)
        if requirement == "dns":
            return not snapshot.dns
        raise ValueError(f"unknown requirement {requirement!r} (allowed: {', '.join(REQUIREMENTS)})")

    # -- derived results -----------------------------------------------------------------
    def derived(self, name: str, build: Callable[[CheckContext], T]) -> T:
        """``build(ctx)``, computed once per context and kept under ``name``."""
        if name not in self._derived:
            self._derived[name] = build(self)
        return cast(T, self._derived[name])

    @property
    def disclosure_column(self) -> Column:
        """The 政府信息公开 column found from the homepage, with its sub-sections."""
        from checks.disclosure.column import find_column

        return self.derived("disclosure_column", find_column)

    @property
    def annual_reports(self) -> Reports:
        """The annual reports listed in the column's 年报 sub-section, by year."""
        from checks.disclosure.annual import find_reports

        return self.derived("annual_reports", find_reports)

    @property
    def interpretations(self) -> UnitInterpretations:
        """Policies and interpretations found in the unit's columns, linked."""
        from checks.interpretation.analysis import analyse

        return self.derived("interpretations", analyse)

    @property
    def link_scan(self) -> LinkScan:
        """The dead-link and blocked-link findings over every linked target, with counts."""
        from checks.inspection.dead_links import scan_links

        return self.derived("link_scan", scan_links)

    @property
    def hidden_link_scan(self) -> Scan:
        """The hidden-link and illegal-link findings of every readable page."""
        from checks.inspection.hidden_links import scan_pages

        return self.derived("hidden_link_scan", scan_pages)
