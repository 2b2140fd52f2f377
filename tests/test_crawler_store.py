"""The storage writer's backlog: the crawl waits while it is full, never forever."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from crawler.frontier import EntryWrite
from crawler.store import MAX_BACKLOG, PageRecord, StoreWriter
from storage.db import Database


def _fill(writer: StoreWriter, count: int = MAX_BACKLOG) -> None:
    for n in range(count):
        url = f"http://www.yaodu.gov.cn/{n}.html"
        writer.put(PageRecord(unit_id="yaodu", entries=[EntryWrite(url, url, "done", None)]))


async def test_a_full_backlog_holds_the_crawl_until_the_writer_drains_it(tmp_path: Path) -> None:
    writer = StoreWriter(Database.open(f"sqlite:///{tmp_path / 'z.sqlite3'}"), run_id=1)
    await writer.room()  # empty: no wait
    _fill(writer)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(writer.room(), 0.2)
    writer.start()
    await asyncio.wait_for(writer.room(), 5)
    await writer.close()
    assert writer.written == MAX_BACKLOG and writer.backlog == 0


async def test_a_failed_writer_does_not_hold_the_crawl_forever(tmp_path: Path) -> None:
    writer = StoreWriter(Database(f"sqlite:///{tmp_path / 'missing' / 'z.sqlite3'}"), run_id=1)
    _fill(writer, 3 * MAX_BACKLOG)  # still full after the writer took its first batch
    writer.start()
    await asyncio.wait_for(writer.room(), 5)
    assert writer.error is not None
    with pytest.raises(RuntimeError, match="storage writer failed"):
        writer.put(PageRecord(unit_id="u"))
