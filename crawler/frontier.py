"""A unit's crawl queue: in memory for speed, mirrored in storage (``FrontierEntry``).

Storage is the truth: every entry is written (queued, done, skipped with its reason) in the
same transaction as the page that found it, so a killed crawl resumes from storage with
nothing fetched twice that had completed and nothing lost.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import FrontierEntry


@dataclass(order=True)
class Item:
    priority: int
    seq: int
    url: str = field(compare=False)
    canonical: str = field(compare=False)
    depth: int = field(compare=False, default=0)
    referrer: str | None = field(compare=False, default=None)
    purpose: str = field(compare=False, default="crawl")  # crawl | link-check
    column: str | None = field(compare=False, default=None)
    tag: str = field(compare=False, default="a")


@dataclass(frozen=True)
class EntryWrite:
    """A frontier row to insert (new URL) or update (state change)."""

    canonical: str
    url: str
    state: str  # queued | done | skipped | failed
    reason: str | None = None
    depth: int = 0
    priority: int = 100
    referrer: str | None = None
    purpose: str = "crawl"
    new: bool = False


class Frontier:
    def __init__(self, unit_id: str) -> None:
        self.unit_id = unit_id
        self._heap: list[Item] = []
        self._seq = itertools.count()
        self.seen: set[str] = set()
        self.done = 0  # crawl pages completed (for the budget)
        self.duplicates = 0

    def __len__(self) -> int:
        return len(self._heap)

    def push(self, item: Item) -> None:
        heapq.heappush(self._heap, item)

    def make(
        self,
        url: str,
        canonical: str,
        *,
        priority: int,
        depth: int,
        referrer: str | None,
        purpose: str = "crawl",
        column: str | None = None,
        tag: str = "a",
    ) -> Item:
        return Item(priority, next(self._seq), url, canonical, depth, referrer, purpose, column, tag)

    def pop(self) -> Item | None:
        return heapq.heappop(self._heap) if self._heap else None

    def drain(self) -> list[Item]:
        items, self._heap = sorted(self._heap), []
        return items

    def load(self, session: Session, run_id: int) -> list[FrontierEntry]:
        """Rebuild from storage (resume); returns the rows so guards can be primed."""
        rows = list(
            session.scalars(
                select(FrontierEntry).where(
                    FrontierEntry.run_id == run_id, FrontierEntry.unit_id == self.unit_id
                )
            )
        )
        for row in rows:
            self.seen.add(row.canonical_url)
            if row.state in ("queued", "in_progress"):
                self.push(
                    self.make(
                        row.url,
                        row.canonical_url,
                        priority=row.priority,
                        depth=row.depth,
                        referrer=row.referrer,
                        purpose=row.purpose,
                        column=_column(row.reason),
                        tag=_tag(row.reason),
                    )
                )
            elif row.state == "done" and row.purpose == "crawl":
                self.done += 1
        return rows


# Queued rows keep their column / tag in ``reason`` as "column=…;tag=…" (no schema change).
def encode_hint(column: str | None, tag: str) -> str | None:
    parts = ([f"column={column}"] if column else []) + ([f"tag={tag}"] if tag != "a" else [])
    return ";".join(parts) or None


def _hint(reason: str | None, key: str) -> str | None:
    for part in (reason or "").split(";"):
        name, _, value = part.partition("=")
        if name == key:
            return value
    return None


def _column(reason: str | None) -> str | None:
    return _hint(reason, "column")


def _tag(reason: str | None) -> str:
    return _hint(reason, "tag") or "a"
