"""The confirming attempt: every target that only failed is tried again, later in the run.

A link is reported dead only on two failed attempts at least ``dead_link_confirm_after_s``
apart (``checks.inspection.dead_links``). The crawl's own attempts (and the link checker's
quick retry) come seconds apart, so at the end of the crawl each target whose every attempt
failed is fetched once more when that separation has passed since its first failure, waiting
at most ``dead_link_confirm_max_wait_s`` for it. The attempt is stored like a link check (one
copy per unit that saw the failure), so what the circular says rests on stored fetches.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from config.settings import Settings
from crawler.fetcher import Fetcher
from crawler.store import FetchMeta, PageRecord, StoreWriter
from pages.urls import canonicalize
from storage.db import Database
from storage.models import Fetch

_FAILED = ("http_error", "error")
_LINKED = ("crawl", "link-check")  # what a page links to; not robots.txt, renders or probes
PURPOSE = "link-check"  # stored as a link check: not read as a crawled page by other checks
REASON = "confirming attempt"


@dataclass(frozen=True)
class Pending:
    url: str
    first_failure: dt.datetime  # naive UTC, as stored
    units: tuple[tuple[str, int, str | None], ...]  # (unit id, depth, referrer)


@dataclass
class ConfirmStats:
    attempted: int = 0
    still_failing: int = 0
    recovered: int = 0
    not_attempted: list[str] = field(default_factory=list)  # beyond the wait allowed


def failing_targets(db: Database, run_id: int, blocked_statuses: set[int]) -> list[Pending]:
    """Targets of the run (any unit) whose every stored attempt failed, earliest failure first."""
    attempts: dict[str, list[Fetch]] = {}
    with db.session() as session:
        query = select(Fetch).where(Fetch.run_id == run_id, Fetch.purpose.in_(_LINKED))
        for row in session.scalars(query.order_by(Fetch.id)):
            if row.url.endswith("/robots.txt"):
                continue  # robots.txt is the crawl's own request, not a link
            attempts.setdefault(canonicalize(row.url), []).append(row)
    pending = []
    for rows in attempts.values():
        failed = all(
            r.outcome in _FAILED and (r.status is None or r.status not in blocked_statuses) for r in rows
        )
        if not failed or not any(r.unit_id for r in rows):
            continue
        units = {r.unit_id: (r.unit_id, r.depth, r.referrer) for r in rows if r.unit_id}
        first = min(r.started_at for r in rows)
        pending.append(Pending(rows[0].url, first, tuple(units.values())))
    return sorted(pending, key=lambda p: p.first_failure)


async def confirm_failures(
    fetcher: Fetcher,
    writer: StoreWriter,
    db: Database,
    run_id: int,
    settings: Settings,
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> ConfirmStats:
    """Fetch each failing target again once the separation has passed; store the attempts."""
    inspection = settings.thresholds.inspection
    separation = dt.timedelta(seconds=inspection.dead_link_confirm_after_s)
    blocked = set(inspection.blocked_statuses)
    pending = await asyncio.to_thread(failing_targets, db, run_id, blocked)
    stats = ConfirmStats()
    deadline = _now() + dt.timedelta(seconds=inspection.dead_link_confirm_max_wait_s)
    gate = asyncio.Semaphore(8)

    async def one(target: Pending) -> None:
        due = target.first_failure + separation
        if due > deadline:
            stats.not_attempted.append(target.url)
            return
        wait = (due - _now()).total_seconds()
        if wait > 0:
            await sleep(wait)
        async with gate:
            first_unit = target.units[0][0]
            result = await fetcher.fetch(target.url, method="GET", purpose=PURPOSE, unit_id=first_unit)
        result.reason = f"{result.reason}; {REASON}" if result.reason else REASON
        stats.attempted += 1
        if result.outcome in _FAILED:
            stats.still_failing += 1
        else:
            stats.recovered += 1
        for unit_id, depth, referrer in target.units:
            await writer.room()
            meta = FetchMeta(depth=depth, referrer=referrer, purpose=PURPOSE)
            writer.put(PageRecord(unit_id=unit_id, fetches=[(result, meta)]))

    await asyncio.gather(*(one(t) for t in pending))
    return stats


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
