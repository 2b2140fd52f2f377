"""Writing what the crawl saw: one background writer, one transaction per batch of pages.

A page's fetch, its body, its links, the frontier rows it adds and its own frontier row's
"done" go into the same transaction, so storage never holds half a page: after a kill,
what was committed is complete and what was not is fetched again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import zlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from crawler.fetcher import FetchResult
from crawler.frontier import EntryWrite
from crawler.resolver import Resolution
from crawler.warc import WarcStore
from storage.bodies import sha256
from storage.db import Database
from storage.models import Body, DnsAnswer, Fetch, FrontierEntry, Link

_BATCH = 200
# Pages waiting for the writer; beyond this the crawl waits (each holds its body: an unbounded
# backlog was most of the crawl's memory when parsing outran the database).
MAX_BACKLOG = _BATCH // 2


@dataclass(kw_only=True)
class FetchMeta:
    depth: int = 0
    referrer: str | None = None
    purpose: str | None = None  # overrides the result's purpose
    previous_hash: str | None = None  # 304: the body seen before
    rendered_dom: bytes | None = None
    screenshot: str | None = None
    render_report: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class LinkRow:
    from_url: str
    to_url: str
    text: str | None
    in_scope: bool
    tag: str


@dataclass(kw_only=True)
class PageRecord:
    unit_id: str
    fetches: list[tuple[FetchResult, FetchMeta]] = field(default_factory=list)  # first = the page
    links: list[LinkRow] = field(default_factory=list)
    entries: list[EntryWrite] = field(default_factory=list)
    copy_links_from: int | None = None  # 304: the links stored with the previous fetch


class StoreWriter:
    def __init__(self, db: Database, run_id: int, warc: WarcStore | None = None) -> None:
        self.db = db
        self.warc = warc
        self.run_id = run_id
        self._queue: asyncio.Queue[PageRecord | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._dns_seen: set[tuple[str, str, str]] = set()
        self._room = asyncio.Event()
        self._room.set()
        self.written = 0
        self.error: BaseException | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    def put(self, record: PageRecord) -> None:
        if self.error is not None:
            raise RuntimeError("storage writer failed") from self.error
        self._queue.put_nowait(record)

    async def room(self) -> None:
        """Wait while the backlog is full (returns at once if the writer has failed)."""
        while self._queue.qsize() >= MAX_BACKLOG and self.error is None:
            self._room.clear()
            await self._room.wait()

    @property
    def backlog(self) -> int:
        return self._queue.qsize()

    async def close(self) -> None:
        self._queue.put_nowait(None)
        if self._task is not None:
            await self._task
        if self.error is not None:
            raise RuntimeError("storage writer failed") from self.error

    async def _run(self) -> None:
        closing = False
        while not closing:
            first = await self._queue.get()
            batch: list[PageRecord] = []
            if first is None:
                closing = True
            else:
                batch.append(first)
            while len(batch) < _BATCH and not self._queue.empty():
                item = self._queue.get_nowait()
                if item is None:
                    closing = True
                    break
                batch.append(item)
            self._room.set()
            if batch:
                try:
                    await asyncio.to_thread(self._write, batch)
                    self.written += len(batch)
                except BaseException as exc:  # keep the crawl honest: stop taking records
                    self.error = exc
                    self._room.set()
                    return

    def _write(self, batch: list[PageRecord]) -> None:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self.db.session() as session, session.begin():
            bodies: dict[str, bytes] = {}
            fetch_rows: list[dict[str, Any]] = []
            owners: list[int] = []  # index of the record each fetch row belongs to
            for index, record in enumerate(batch):
                for result, meta in record.fetches:
                    fetch_rows.append(self._fetch_row(record.unit_id, result, meta, bodies))
                    owners.append(index)
                self._dns(session, record)
            self._bodies(session, bodies)
            page_ids: dict[int, int] = {}
            if fetch_rows:
                statement = insert(Fetch).returning(Fetch.id, sort_by_parameter_order=True)
                ids = session.execute(statement, fetch_rows).scalars().all()
                for owner, fetch_id in zip(owners, ids, strict=True):
                    page_ids.setdefault(owner, fetch_id)
            links: list[dict[str, Any]] = []
            new_entries: list[dict[str, Any]] = []
            updates: list[dict[str, Any]] = []
            for index, record in enumerate(batch):
                page_id = page_ids.get(index)
                for link in record.links:
                    links.append(
                        {
                            "run_id": self.run_id,
                            "unit_id": record.unit_id,
                            "from_fetch_id": page_id,
                            "from_url": link.from_url,
                            "to_url": link.to_url,
                            "text": link.text,
                            "in_scope": link.in_scope,
                            "tag": link.tag,
                        }
                    )
                if record.copy_links_from is not None and page_id is not None:
                    links.extend(self._copied_links(session, record, page_id))
                for entry in record.entries:
                    values = {
                        "state": entry.state,
                        "reason": entry.reason,
                        "fetch_id": page_id if entry.state in ("done", "failed") else None,
                        "updated_at": now,
                    }
                    if entry.new:
                        new_entries.append(
                            {
                                "run_id": self.run_id,
                                "unit_id": record.unit_id,
                                "url": entry.url,
                                "canonical_url": entry.canonical,
                                "depth": entry.depth,
                                "priority": entry.priority,
                                "referrer": entry.referrer,
                                "purpose": entry.purpose,
                                **values,
                            }
                        )
                    else:
                        updates.append(
                            {
                                "b_run": self.run_id,
                                "b_unit": record.unit_id,
                                "b_canonical": entry.canonical,
                                **values,
                            }
                        )
            if links:
                session.execute(insert(Link), links)
            if new_entries:
                session.execute(insert(FrontierEntry), new_entries)
            if updates:
                table = FrontierEntry.__table__
                assert isinstance(table, Table)
                change = (
                    update(table)
                    .where(
                        table.c.run_id == bindparam("b_run"),
                        table.c.unit_id == bindparam("b_unit"),
                        table.c.canonical_url == bindparam("b_canonical"),
                    )
                    .values(
                        state=bindparam("state"),
                        reason=bindparam("reason"),
                        fetch_id=bindparam("fetch_id"),
                        updated_at=bindparam("updated_at"),
                    )
                )
                session.connection().execute(change, updates)

    def _bodies(self, session: Session, bodies: dict[str, bytes]) -> None:
        """New bodies, once per content hash (the format of ``storage.bodies.put_body``)."""
        if not bodies:
            return
        known = set(session.scalars(select(Body.sha256).where(Body.sha256.in_(list(bodies)))))
        rows = [
            {"sha256": digest, "size": len(data), "data": zlib.compress(data, 1)}
            for digest, data in bodies.items()
            if digest not in known
        ]
        if rows:
            session.execute(insert(Body), rows)

    def _fetch_row(
        self, unit_id: str, result: FetchResult, meta: FetchMeta, bodies: dict[str, bytes]
    ) -> dict[str, Any]:
        if result.exchanges and self.warc is not None:
            result.archive(self.warc)
        content_hash = meta.previous_hash
        if result.body:
            content_hash = sha256(result.body)
            bodies[content_hash] = result.body
        rendered_hash = None
        if meta.rendered_dom is not None:
            rendered_hash = sha256(meta.rendered_dom)
            bodies[rendered_hash] = meta.rendered_dom
        warc = result.warc
        return {
            "run_id": self.run_id,
            "unit_id": unit_id,
            "url": result.url,
            "final_url": result.final_url,
            "method": result.method,
            "purpose": meta.purpose or result.purpose,
            "outcome": result.outcome,
            "reason": result.reason,
            "status": result.status,
            "request_headers": dict(result.request_headers),
            "response_headers": dict(result.headers),
            "redirects": list(result.redirects),
            "started_at": result.started_at,
            "timings": dict(result.timings),
            "ip": result.ip,
            "family": result.family,
            "http_version": result.http_version,
            "size": len(result.body) if result.body else None,
            "content_type": result.content_type,
            "content_hash": content_hash,
            "encoding": result.encoding,
            "etag": result.headers.get("etag"),
            "last_modified": result.headers.get("last-modified"),
            "warc_file": warc.file if warc else None,
            "warc_offset": warc.offset if warc else None,
            "warc_length": warc.length if warc else None,
            "depth": meta.depth,
            "referrer": meta.referrer,
            "rendered": meta.rendered_dom is not None,
            "rendered_hash": rendered_hash,
            "screenshot": meta.screenshot,
            "render_report": meta.render_report,
        }

    def _copied_links(self, session: Session, record: PageRecord, page_id: int) -> list[dict[str, Any]]:
        previous = session.scalars(select(Link).where(Link.from_fetch_id == record.copy_links_from))
        return [
            {
                "run_id": self.run_id,
                "unit_id": record.unit_id,
                "from_fetch_id": page_id,
                "from_url": p.from_url,
                "to_url": p.to_url,
                "text": p.text,
                "in_scope": p.in_scope,
                "tag": p.tag,
            }
            for p in previous
        ]

    def _dns(self, session: Session, record: PageRecord) -> None:
        for result, _meta in record.fetches:
            for resolution in result.dns:
                self.add_dns(session, record.unit_id, resolution)

    def add_dns(self, session: Session, unit_id: str, resolution: Resolution) -> None:
        for query in resolution.queries:
            key = (unit_id, query.qname, query.qtype)
            if key in self._dns_seen:
                continue
            self._dns_seen.add(key)
            session.add(
                DnsAnswer(
                    run_id=self.run_id,
                    unit_id=unit_id,
                    qname=query.qname,
                    qtype=query.qtype,
                    rcode=query.rcode,
                    answers=list(query.records),
                    nameserver=query.nameserver,
                    elapsed_ms=query.elapsed_ms,
                )
            )
