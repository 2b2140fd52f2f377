"""robots.txt (protego), honoured by default, with Crawl-delay.

Follows RFC 9309: 4xx → everything allowed; 5xx or unreachable (a timeout, a reset) →
everything disallowed for this run (a fragile site that cannot serve robots.txt should not be
crawled hard), and the pages say so: "robots.txt unreachable", never "disallowed by
robots.txt". A robots.txt the SSRF guard refused is not the site's doing: its pages are then
refused by the guard with its reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from protego import Protego

if TYPE_CHECKING:
    from crawler.fetcher import FetchResult


@dataclass(frozen=True)
class RobotsRules:
    origin: str
    parser: Protego | None  # None: rule applies to everything
    allow_all: bool
    note: str

    def allowed(self, url: str, agent: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


class RobotsCache:
    """One robots.txt per origin per run; the fetches made for it are kept for storage."""

    def __init__(self, fetch: Callable[[str], Awaitable[FetchResult]], agent: str) -> None:
        self._fetch = fetch
        self.agent = agent
        self._rules: dict[str, RobotsRules] = {}
        self._pending: dict[str, asyncio.Task[RobotsRules]] = {}
        self.results: dict[str, FetchResult] = {}  # origin -> the robots.txt fetch, for storage

    async def rules(self, url: str) -> RobotsRules:
        origin = origin_of(url)
        cached = self._rules.get(origin)
        if cached is not None:
            return cached
        task = self._pending.get(origin)
        if task is None:
            task = self._pending[origin] = asyncio.ensure_future(self._load(origin))
        rules = await asyncio.shield(task)
        self._rules[origin] = rules
        self._pending.pop(origin, None)
        return rules

    async def allowed(self, url: str) -> bool:
        return (await self.rules(url)).allowed(url, self.agent)

    async def _load(self, origin: str) -> RobotsRules:
        result = await self._fetch(f"{origin}/robots.txt")
        self.results[origin] = result
        status = result.status
        if result.outcome in ("ok", "not_modified") and status is not None and 200 <= status < 300:
            text = result.body.decode("utf-8", "replace")
            return RobotsRules(origin, Protego.parse(text), True, "robots.txt")
        if status is not None and 400 <= status < 500 and status != 429:
            return RobotsRules(origin, None, True, f"robots.txt {status}: all allowed")
        if result.outcome == "refused":
            # Refused by our own guard, not by the site: the pages are refused the same way and
            # say so; "disallowed by robots.txt" would blame the site.
            return RobotsRules(origin, None, True, f"robots.txt not fetched ({result.reason})")
        what = f"HTTP {status}" if status is not None else result.reason
        return RobotsRules(
            origin,
            None,
            False,
            f"robots.txt unreachable ({what}): all disallowed for this run (RFC 9309 2.3.1.4)",
        )
