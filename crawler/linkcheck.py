"""Checking links without crawling them: status only (HEAD, GET when HEAD is refused).

A failing check (4xx but 403/429, 5xx but 503, DNS failure, connection error, redirect
loop) is tried again after ``dead_link_retry_delay_s``; both attempts are kept, so the
dead-link check can confirm on the second try. Results are shared by all units of the run:
a link many units carry is checked once, and each unit stores its copy.
"""

from __future__ import annotations

import asyncio

from crawler.fetcher import Fetcher, FetchResult
from pages.urls import canonicalize

HEAD_REFUSED = frozenset({400, 403, 404, 405, 501})


def is_failing(result: FetchResult) -> bool:
    if result.outcome == "error":
        return True
    if result.outcome == "http_error" and result.status is not None:
        return result.status >= 400
    return False


class LinkChecker:
    def __init__(self, fetcher: Fetcher, *, retry_delay_s: float, concurrency: int = 32) -> None:
        self.fetcher = fetcher
        self.retry_delay_s = retry_delay_s
        # Link checks in flight over all hosts (``crawl.link_check_concurrency``): with thousands
        # of out-of-scope links, each in flight holds a descriptor.
        self._gate = asyncio.Semaphore(max(1, concurrency))
        self._results: dict[str, asyncio.Task[list[FetchResult]]] = {}
        self.checked = 0

    async def check(self, url: str, *, unit_id: str | None = None) -> list[FetchResult]:
        key = canonicalize(url)
        task = self._results.get(key)
        if task is None:
            task = self._results[key] = asyncio.ensure_future(self._check(url, unit_id))
        return await asyncio.shield(task)

    async def _check(self, url: str, unit_id: str | None) -> list[FetchResult]:
        self.checked += 1
        attempts = [await self._once(url, unit_id)]
        if is_failing(attempts[0]):
            await asyncio.sleep(self.retry_delay_s)
            attempts.append(await self._once(url, unit_id))
        return attempts

    async def _once(self, url: str, unit_id: str | None) -> FetchResult:
        async with self._gate:
            return await self._head_then_get(url, unit_id)

    async def _head_then_get(self, url: str, unit_id: str | None) -> FetchResult:
        head = await self.fetcher.fetch(url, method="HEAD", purpose="link-check", unit_id=unit_id)
        if head.status in HEAD_REFUSED or (head.outcome == "error" and head.status is not None):
            get = await self.fetcher.fetch(url, method="GET", purpose="link-check", unit_id=unit_id)
            note = f"HEAD answered {head.status}; checked with GET"
            get.reason = f"{get.reason}; {note}" if get.reason else note
            return get
        return head
