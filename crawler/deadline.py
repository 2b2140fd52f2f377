"""A unit's deadline, and the retry of a blocked answer within it.

A 429/503 is fetched again once its Retry-After (or our backoff) has passed, but only when
that moment comes before the unit's deadline; a host asking for an hour is not waited for.
The unit takes no new page after its deadline. Each refusal says why, for storage.
"""

from __future__ import annotations

import time
from typing import Any

from crawler.fetcher import Fetcher, FetchResult

RETRIED_STATUSES = frozenset({429, 503})


class UnitDeadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def refusal(self, host: str, fetcher: Fetcher) -> str | None:
        """Why no request to ``host`` is made now (deadline over, or a wait past it), or None."""
        remaining = self.remaining()
        if remaining <= 0:
            return f"deadline: the unit's {self.seconds:g} s are over"
        wait = fetcher.politeness.wait_s(host)
        if wait > remaining:
            return (
                f"blocked: {host} asked to wait {wait:.0f} s (Retry-After or backoff), past the unit's "
                f"deadline ({remaining:.0f} s left)"
            )
        return None


async def fetch_within(
    fetcher: Fetcher, url: str, host: str, deadline: UnitDeadline, retries: int, **options: Any
) -> tuple[FetchResult, list[FetchResult]]:
    """(the answer kept, earlier blocked answers that were retried)."""
    earlier: list[FetchResult] = []
    result = await fetcher.fetch(url, **options)
    for _ in range(retries):
        if result.outcome != "blocked" or result.status not in RETRIED_STATUSES:
            break
        wait = fetcher.politeness.wait_s(host)
        if wait > deadline.remaining():
            note = f"wait of {wait:.0f} s ends past the unit's deadline: not retried"
            result.reason = f"{result.reason}; {note}" if result.reason else note
            break
        earlier.append(result)
        result = await fetcher.fetch(url, **options)  # the host's slot waits out the pause
        note = f"retried after {wait:.0f} s (first answer HTTP {earlier[-1].status})"
        result.reason = f"{result.reason}; {note}" if result.reason else note
    return result, earlier
