"""Crawling one unit's scope: pop, guard, fetch, read links and list pages, queue, store."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from selectolax.lexbor import LexborHTMLParser
from sqlalchemy import select

from config.settings import UnitConfig
from crawler.deadline import UnitDeadline, fetch_within
from crawler.discovery import HOMEPAGE, Placement, column_of, place
from crawler.fetcher import FetchResult
from crawler.frontier import EntryWrite, Frontier, Item, encode_hint
from crawler.robots import origin_of
from crawler.store import FetchMeta, LinkRow, PageRecord
from crawler.traps import TrapGuard
from pages.links import PageLink, extract_links
from pages.listing import hanweb_records
from pages.pagination import RenderNeed, discover_pagination, needs_rendering
from pages.urls import canonicalize, host_of, url_problem
from storage.models import Fetch, Link

if TYPE_CHECKING:
    from crawler.run import CrawlContext

BLOCKED_STREAK = 5


@dataclass
class UnitStats:
    unit_id: str
    pages: int = 0
    fetched: int = 0
    not_modified: int = 0
    errors: int = 0
    blocked: int = 0
    http_errors: int = 0
    refused: int = 0
    link_checks: int = 0
    rendered: int = 0
    queue: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    render_needed: int = 0
    done: bool = False

    def as_dict(self) -> dict[str, Any]:
        share = self.not_modified / self.fetched if self.fetched else 0.0
        return {
            "pages": self.pages,
            "fetched": self.fetched,
            "not_modified": self.not_modified,
            "share_304": round(share, 4),
            "errors": self.errors,
            "blocked": self.blocked,
            "http_errors": self.http_errors,
            "refused": self.refused,
            "link_checks": self.link_checks,
            "rendered": self.rendered,
            "render_needed": self.render_needed,
            "queue": self.queue,
            "skipped": dict(self.skipped),
        }


@dataclass(frozen=True)
class CrawlEvent:
    """What the progress callback receives: ``unit_progress`` often, ``unit_done`` once per unit."""

    kind: str
    unit_id: str
    stats: dict[str, Any]


@dataclass(frozen=True)
class Previous:
    fetch_id: int
    etag: str | None
    last_modified: str | None
    content_hash: str | None


class UnitCrawl:
    def __init__(self, ctx: CrawlContext, unit: UnitConfig) -> None:
        self.ctx = ctx
        self.unit = unit
        self.settings = ctx.config.settings.crawl
        self.frontier = Frontier(unit.id)
        self.traps = TrapGuard(self.settings)
        self.stats = UnitStats(unit.id)
        self.prefixes = [canonicalize(p) for p in unit.scope]
        self.homepage = canonicalize(unit.homepage or unit.scope[0])
        self.previous: dict[str, Previous] = {}
        self._active = 0
        self._wake = asyncio.Event()
        self._link_tasks: set[asyncio.Task[None]] = set()
        self._blocked_streak: Counter[str] = Counter()
        self._robots_stored: set[str] = set()
        self._renders = 0
        self.deadline = UnitDeadline(self.settings.unit_deadline_s)

    def in_scope(self, url: str) -> bool:
        try:
            canonical = canonicalize(url)
        except ValueError:  # a malformed href is in no one's scope (skipped with its reason)
            return False
        return any(canonical.startswith(p) for p in self.prefixes)

    # --- set-up --------------------------------------------------------------------------
    def load(self) -> None:
        """Resume from storage, or seed; and read the previous run's validators (304s)."""
        with self.ctx.db.session() as session:
            rows = self.frontier.load(session, self.ctx.run_id)
            for row in rows:
                self.traps.remember(row.canonical_url)
                if row.state == "skipped" and row.reason:
                    self.stats.skipped[row.reason.split(":")[0]] += 1
            self.stats.pages = self.frontier.done
            previous = session.execute(
                select(Fetch.url, Fetch.id, Fetch.etag, Fetch.last_modified, Fetch.content_hash)
                .where(
                    Fetch.unit_id == self.unit.id,
                    Fetch.run_id != self.ctx.run_id,
                    Fetch.purpose == "crawl",
                    Fetch.outcome.in_(("ok", "not_modified")),
                    Fetch.content_hash.is_not(None),
                )
                .order_by(Fetch.id)
            )
            for url, fetch_id, etag, last_modified, content_hash in previous:
                if etag or last_modified:
                    self.previous[canonicalize(url)] = Previous(fetch_id, etag, last_modified, content_hash)
        if not rows:
            seeds = [self.unit.homepage or self.unit.scope[0], *self.unit.scope]
            entries = []
            for url in seeds:
                canonical = canonicalize(url)
                if canonical in self.frontier.seen:
                    continue
                self.frontier.seen.add(canonical)
                self.frontier.push(
                    self.frontier.make(url, canonical, priority=HOMEPAGE, depth=0, referrer=None)
                )
                entries.append(
                    EntryWrite(canonical, url, "queued", None, 0, HOMEPAGE, None, "crawl", new=True)
                )
            self.ctx.writer.put(PageRecord(unit_id=self.unit.id, entries=entries))

    # --- the loop ------------------------------------------------------------------------
    async def run(self) -> UnitStats:
        self.deadline = UnitDeadline(self.settings.unit_deadline_s)  # from its start, not its queueing
        await asyncio.to_thread(self.load)
        hosts = {host_of(p) for p in self.unit.scope} or {""}
        workers = max(1, min(16, self.ctx.config.settings.politeness.per_host_concurrency * len(hosts)))
        await asyncio.gather(*(self._worker() for _ in range(workers)))
        while self._link_tasks:
            _done, late = await asyncio.wait(
                list(self._link_tasks), timeout=max(0.0, self.deadline.remaining())
            )
            if late and self.deadline.remaining() <= 0:
                for task in late:  # each stores its own "deadline" entry as it stops
                    task.cancel()
                await asyncio.gather(*late, return_exceptions=True)
        self.stats.queue = 0
        self.stats.done = True
        self._report()
        return self.stats

    async def _worker(self) -> None:
        while True:
            await self.ctx.writer.room()
            item = self.frontier.pop()
            if item is None:
                if self._active == 0:
                    self._wake.set()
                    return
                self._wake.clear()
                await self._wake.wait()
                continue
            self._active += 1
            try:
                if item.purpose == "link-check":
                    self._spawn_link_check(item)
                else:
                    await self._crawl(item)
            except Exception as exc:  # one page never ends the unit
                self.stats.errors += 1
                self.ctx.note(f"{self.unit.id}: {item.url}: internal error {type(exc).__name__}: {exc}")
                self._put(
                    [], [EntryWrite(item.canonical, item.url, "failed", f"internal error: {exc}"[:300])]
                )
            finally:
                self._active -= 1
                self._wake.set()
            self.stats.queue = len(self.frontier)
            self._report()

    def _report(self) -> None:
        if self.ctx.progress is not None:
            kind = "unit_done" if self.stats.done else "unit_progress"
            self.ctx.progress(CrawlEvent(kind, self.unit.id, self.stats.as_dict()))

    def _put(
        self,
        fetches: list[tuple[FetchResult, FetchMeta]],
        entries: list[EntryWrite],
        links: list[LinkRow] | None = None,
        copy_links_from: int | None = None,
    ) -> None:
        self.ctx.writer.put(
            PageRecord(
                unit_id=self.unit.id,
                fetches=fetches,
                entries=entries,
                links=links or [],
                copy_links_from=copy_links_from,
            )
        )

    def _skip(self, item: Item, reason: str) -> None:
        self.stats.skipped[reason.split(":")[0]] += 1
        self._put([], [EntryWrite(item.canonical, item.url, "skipped", reason)])

    # --- one page ------------------------------------------------------------------------
    async def _crawl(self, item: Item) -> None:
        if self.frontier.done >= self.settings.page_budget_per_unit:
            return self._skip(item, f"budget: {self.settings.page_budget_per_unit} pages")
        host = host_of(item.url)
        if self._blocked_streak[host] >= BLOCKED_STREAK:
            return self._skip(item, f"blocked: {host} refused the last {BLOCKED_STREAK} requests")
        extra: list[tuple[FetchResult, FetchMeta]] = []
        fetcher = self.ctx.fetcher
        if fetcher.obey_robots:
            rules = await fetcher.robots.rules(item.url)
            origin = origin_of(item.url)
            if origin not in self._robots_stored:
                self._robots_stored.add(origin)
                robots_fetch = fetcher.robots.results.get(origin)
                if robots_fetch is not None:
                    extra.append((robots_fetch, FetchMeta(purpose="robots")))
            if not rules.allowed(item.url, fetcher.robots.agent):
                self.stats.skipped["robots"] += 1
                why = "disallowed by robots.txt" if rules.parser is not None else rules.note
                self._put(extra, [EntryWrite(item.canonical, item.url, "skipped", f"robots: {why}")])
                return None
            fetcher.politeness.set_crawl_delay(host, rules.crawl_delay(fetcher.robots.agent))
        previous = self.previous.get(item.canonical)
        conditional = {"etag": previous.etag, "last_modified": previous.last_modified} if previous else None
        if self.frontier.done >= self.settings.page_budget_per_unit:  # taken while robots were read
            return self._skip(item, f"budget: {self.settings.page_budget_per_unit} pages")
        self.frontier.done += 1  # reserved before the await, so workers never overrun the budget
        late = self.deadline.refusal(host, fetcher)
        if late is not None:
            self.frontier.done -= 1
            return self._skip(item, late)
        result, retried = await fetch_within(
            fetcher,
            item.url,
            host,
            self.deadline,
            self.settings.blocked_retries,
            purpose="crawl",
            conditional=conditional,
            unit_id=self.unit.id,
            scope=self.in_scope,
        )
        extra += [
            (r, FetchMeta(depth=item.depth, referrer=item.referrer, purpose="retried")) for r in retried
        ]
        self._count(result, host)
        meta = FetchMeta(depth=item.depth, referrer=item.referrer)
        entries: list[EntryWrite] = [EntryWrite(item.canonical, item.url, "done", result.reason)]
        links: list[PageLink] = []
        copy_from: int | None = None
        column = item.column or (column_of(PageLink(item.url, item.url, None, "a")))
        if result.outcome == "not_modified" and previous is not None:
            meta.previous_hash = previous.content_hash
            copy_from = previous.fetch_id
            links = await asyncio.to_thread(self._stored_links, previous.fetch_id)
        elif result.outcome == "ok" and result.text is not None and _is_hanweb_xml(result):
            links = self._record_links(result.text, result.final_url)
        elif result.outcome == "ok" and result.text is not None and _is_html(result):
            links, extra_pages, need = self._read(result.text, result.final_url)
            links += extra_pages
            render_why = self._render_reason(item, result, need)
            if render_why is not None:
                rendered_links = await self._render(item, result, meta, render_why, extra)
                links += rendered_links
        if result.redirect_out:
            links.append(PageLink(result.redirect_out, result.redirect_out, None, "a"))
        entries += self._queue_links(item, links, column)
        rows = (
            [
                LinkRow(item.url, link.url, link.text, self.in_scope(link.url), link.tag)
                for link in links
                if link.tag != "_pager"
            ]
            if copy_from is None
            else []
        )
        self._put([(result, meta), *extra], entries, rows, copy_from)

    def _count(self, result: FetchResult, host: str) -> None:
        self.stats.pages += 1
        self.stats.fetched += 1
        if result.outcome == "not_modified":
            self.stats.not_modified += 1
        elif result.outcome == "error":
            self.stats.errors += 1
        elif result.outcome == "blocked":
            self.stats.blocked += 1
        elif result.outcome == "http_error":
            self.stats.http_errors += 1
        elif result.outcome == "refused":
            self.stats.refused += 1
        self._blocked_streak[host] = self._blocked_streak[host] + 1 if result.outcome == "blocked" else 0

    def _read(self, text: str, url: str) -> tuple[list[PageLink], list[PageLink], RenderNeed]:
        tree = LexborHTMLParser(text)
        links = extract_links(tree, url) + self._record_links(text, url)
        pagination = discover_pagination(text, url)
        pager = [PageLink(p, p, None, "_pager") for p in pagination.pages]
        need = needs_rendering(text, tree=tree)
        if need.needed:
            self.stats.render_needed += 1
        return links, pager, need

    @staticmethod
    def _record_links(text: str, url: str) -> list[PageLink]:
        """Links in Hanweb records (<record><![CDATA[<li><a …>]]>): what jpage writes into the
        page, read without a browser, from the page's inline datastore or a dataproxy answer."""
        records = hanweb_records(text)
        return extract_links("".join(records), url) if records else []

    def _render_reason(self, item: Item, result: FetchResult, need: RenderNeed) -> str | None:
        if self.ctx.renderer is None or self._renders >= self.settings.max_renders_per_unit:
            return None
        if item.canonical == self.homepage or canonicalize(result.final_url) == self.homepage:
            return "homepage"
        return need.why if need.needed else None

    async def _render(
        self,
        item: Item,
        result: FetchResult,
        meta: FetchMeta,
        why: str,
        extra: list[tuple[FetchResult, FetchMeta]],
    ) -> list[PageLink]:
        renderer = self.ctx.renderer
        assert renderer is not None
        self._renders += 1
        rendered = await renderer.render(result, unit_id=self.unit.id, scope=self.in_scope, why=why)
        if rendered is None:
            return []
        meta.render_report = rendered.report
        extra.extend(
            (sub, FetchMeta(depth=item.depth, referrer=item.url, purpose="render"))
            for sub in rendered.subresources
        )
        if not rendered.dom:  # failed part-way: what it refused is kept, no DOM
            return []
        self.stats.rendered += 1
        meta.rendered_dom = rendered.dom.encode("utf-8")
        meta.screenshot = rendered.screenshot
        return extract_links(rendered.dom, result.final_url)

    def _stored_links(self, fetch_id: int) -> list[PageLink]:
        with self.ctx.db.session() as session:
            rows = session.execute(
                select(Link.to_url, Link.text, Link.tag).where(Link.from_fetch_id == fetch_id)
            )
            return [PageLink(url, url, text, tag) for url, text, tag in rows]

    # --- queueing ------------------------------------------------------------------------
    def _queue_links(self, item: Item, links: list[PageLink], column: str | None) -> list[EntryWrite]:
        entries: list[EntryWrite] = []
        check_out = self.settings.check_out_of_scope_links
        for link in links:
            problem = url_problem(link.url)
            if problem is not None:
                entries += self._bad_href(item, link, problem)
                continue
            canonical = canonicalize(link.url)
            if canonical in self.frontier.seen:
                self.frontier.duplicates += 1
                continue
            in_scope = self.in_scope(link.url)
            if not in_scope or not (link.navigable or link.tag == "_pager"):
                if not in_scope and not check_out:
                    continue
                self.frontier.seen.add(canonical)
                reason = "scope: out of scope, status checked" if not in_scope else "resource: status checked"
                entries.append(
                    EntryWrite(
                        canonical,
                        link.url,
                        "queued",
                        reason,
                        item.depth + 1,
                        200,
                        item.url,
                        "link-check",
                        new=True,
                    )
                )
                self._spawn_link_check(
                    self.frontier.make(
                        link.url,
                        canonical,
                        priority=200,
                        depth=item.depth + 1,
                        referrer=item.url,
                        purpose="link-check",
                        tag=link.tag,
                    )
                )
                continue
            placement = (
                Placement(item.priority, column, list_page=True)
                if link.tag == "_pager"
                else place(link, parent_column=column)
            )
            depth = item.depth if placement.list_page else item.depth + 1
            priority = placement.priority if placement.priority < 50 else placement.priority + depth
            self.frontier.seen.add(canonical)
            trap = self.traps.check(canonical, depth, exempt_depth=placement.list_page)
            if trap is not None:
                self.stats.skipped[trap.split(":")[0]] += 1
                entries.append(
                    EntryWrite(canonical, link.url, "skipped", trap, depth, priority, item.url, new=True)
                )
                continue
            new = self.frontier.make(
                link.url,
                canonical,
                priority=priority,
                depth=depth,
                referrer=item.url,
                column=placement.column,
                tag="a",
            )
            self.frontier.push(new)
            entries.append(
                EntryWrite(
                    canonical,
                    link.url,
                    "queued",
                    encode_hint(placement.column, "a"),
                    depth,
                    priority,
                    item.url,
                    new=True,
                )
            )
        return entries

    def _bad_href(self, item: Item, link: PageLink, problem: str) -> list[EntryWrite]:
        """A link that cannot be fetched as written: a skipped entry saying why, never an error."""
        key = link.url[:2000]
        if key in self.frontier.seen:
            return []
        self.frontier.seen.add(key)
        self.stats.skipped["bad-url"] += 1
        reason = f"bad-url: {problem}"[:300]
        return [EntryWrite(key, link.url, "skipped", reason, item.depth + 1, 200, item.url, new=True)]

    # --- link checks ---------------------------------------------------------------------
    def _spawn_link_check(self, item: Item) -> None:
        task = asyncio.create_task(self._link_check(item))
        self._link_tasks.add(task)
        task.add_done_callback(self._link_tasks.discard)

    async def _link_check(self, item: Item) -> None:
        try:
            results = await self.ctx.link_checker.check(item.url, unit_id=self.unit.id)
        except asyncio.CancelledError:
            reason = f"deadline: link check unfinished after the unit's {self.deadline.seconds:g} s"
            self.stats.skipped["deadline"] += 1
            self._put([], [EntryWrite(item.canonical, item.url, "skipped", reason)])
            return
        except Exception as exc:
            self._put([], [EntryWrite(item.canonical, item.url, "failed", f"internal error: {exc}"[:300])])
            return
        self.stats.link_checks += 1
        meta = FetchMeta(depth=item.depth, referrer=item.referrer, purpose="link-check")
        last = results[-1]
        why = "resource" if self.in_scope(item.url) else "scope: out of scope"
        checked = f"{why}; status checked: {last.outcome}" + (f" ({last.reason})" if last.reason else "")
        self._put([(r, meta) for r in results], [EntryWrite(item.canonical, item.url, "done", checked[:500])])
        self._report()


def _is_hanweb_xml(result: FetchResult) -> bool:
    ctype = (result.content_type or "").lower()
    return "xml" in ctype and "html" not in ctype and "<record" in (result.text or "")


def _is_html(result: FetchResult) -> bool:
    ctype = (result.content_type or "").lower()
    return "html" in ctype or (not ctype and (result.text or "").lstrip()[:1] == "<")


Progress = Callable[[CrawlEvent], None]
