"""A unit's snapshot: everything one audit run stored about one unit, read-only.

Checks are pure functions of a snapshot (and settings), so they are testable from stored
pages alone. ``load_snapshot`` reads one from the database; ``UnitSnapshot.from_pages``
builds one in memory (tests, ``page inspect`` on a file).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from config.settings import UnitConfig
from storage.bodies import get_body
from storage.models import AuditRun, DnsAnswer, Fetch, Link, Probe


@dataclass(frozen=True, kw_only=True)
class FetchRef:
    """The stored fetch a body came from (a 304 reads the body of the fetch it revalidated)."""

    fetch_id: int | None
    status: int | None
    fetched_at: dt.datetime | None = None
    warc_file: str | None = None
    warc_offset: int | None = None

    def evidence(self) -> dict[str, Any]:
        return {
            "fetch_id": self.fetch_id,
            "status": self.status,
            "warc_file": self.warc_file,
            "warc_offset": self.warc_offset,
            "fetched_at": self.fetched_at.isoformat() if self.fetched_at else None,
        }


@dataclass(frozen=True, kw_only=True)
class SnapshotPage:
    url: str
    final_url: str
    status: int | None
    outcome: str  # ok | not_modified | blocked | http_error | error | refused
    reason: str | None = None
    content_type: str | None = None
    headers: dict[str, Any] = field(default_factory=dict)
    body: bytes | None = None
    rendered_html: str | None = None  # DOM after JavaScript, when the page was rendered
    screenshot: str | None = None
    render_report: dict[str, Any] | None = None  # e.g. {"links": [{href, text, visible, why}]}
    fetch_id: int | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    fetched_at: dt.datetime | None = None
    depth: int = 0
    referrer: str | None = None
    purpose: str = "crawl"
    redirects: tuple[dict[str, Any], ...] = ()
    # A 304 keeps status 304; its body is the one of the fetch it revalidated, named here.
    body_from: FetchRef | None = None

    @property
    def body_status(self) -> int | None:
        """The status of the response whose body this page holds. A 304's is the earlier
        fetch's: the crawler sends conditional requests only for bodies stored from a 2xx."""
        if self.outcome == "not_modified":
            return self.body_from.status if self.body_from is not None else 200
        return self.status

    @property
    def is_html(self) -> bool:
        return "html" in (self.content_type or "") or (self.body or b"")[:512].lstrip()[:1] == b"<"

    def evidence(self, excerpt: str | None = None) -> dict[str, Any]:
        """The reference a finding carries to prove what was seen here; for a 304, the fetch
        that answered tonight and (``body_fetch``) the earlier fetch whose body was read."""
        reference: dict[str, Any] = {
            "url": self.final_url or self.url,
            "fetch_id": self.fetch_id,
            "warc_file": self.warc_file,
            "warc_offset": self.warc_offset,
            "fetched_at": self.fetched_at.isoformat() if self.fetched_at else None,
            "screenshot": self.screenshot,
            "excerpt": excerpt,
        }
        if self.body_from is not None:
            reference["body_fetch"] = self.body_from.evidence()
        return reference


@dataclass(frozen=True, kw_only=True)
class SnapshotLink:
    from_url: str
    to_url: str
    text: str | None
    in_scope: bool
    tag: str = "a"


@dataclass(frozen=True, kw_only=True)
class SnapshotDns:
    qname: str
    qtype: str
    rcode: str
    answers: tuple[dict[str, Any], ...]
    elapsed_ms: float | None = None


@dataclass(frozen=True, kw_only=True)
class SnapshotProbe:
    kind: str
    url: str
    family: int | None
    at: dt.datetime
    ok: bool
    status: int | None
    error: str | None
    timings: dict[str, Any]
    content_hash: str | None
    details: dict[str, Any]
    run_id: int | None = None  # the audit run that took it (a back-dated run probes "tonight")


@dataclass(kw_only=True)
class UnitSnapshot:
    unit: UnitConfig
    as_of: dt.date
    run_id: int | None = None
    pages: list[SnapshotPage] = field(default_factory=list)
    links: list[SnapshotLink] = field(default_factory=list)
    dns: list[SnapshotDns] = field(default_factory=list)
    probes: list[SnapshotProbe] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "no browser available"
    _by_url: dict[str, SnapshotPage] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        self._by_url = {}
        for page in self.pages:
            self._by_url.setdefault(page.url, page)
            self._by_url.setdefault(page.final_url, page)

    @classmethod
    def from_pages(
        cls, unit: UnitConfig, as_of: dt.date, pages: Iterable[SnapshotPage], **extra: Any
    ) -> UnitSnapshot:
        return cls(unit=unit, as_of=as_of, pages=list(pages), **extra)

    def page(self, url: str) -> SnapshotPage | None:
        return self._by_url.get(url)

    def crawled(self) -> Iterator[SnapshotPage]:
        """Pages fetched to be read (not link checks)."""
        return (p for p in self.pages if p.purpose != "link-check")

    @property
    def homepage(self) -> SnapshotPage | None:
        return self.page(self.unit.homepage) if self.unit.homepage else None


def load_snapshot(session: Session, run_id: int, unit: UnitConfig) -> UnitSnapshot:
    run = session.get(AuditRun, run_id)
    if run is None:
        raise LookupError(f"no audit run {run_id}")
    fetches = session.scalars(
        select(Fetch).where(Fetch.run_id == run_id, Fetch.unit_id == unit.id).order_by(Fetch.id)
    ).all()
    origins = _body_origins(session, [f for f in fetches if f.outcome == "not_modified"])
    pages = [
        SnapshotPage(
            url=f.url,
            final_url=f.final_url or f.url,
            status=f.status,
            outcome=f.outcome,
            reason=f.reason,
            content_type=f.content_type,
            headers=dict(f.response_headers or {}),
            body=get_body(session, f.content_hash),
            rendered_html=_decode(get_body(session, f.rendered_hash)),
            screenshot=f.screenshot,
            render_report=f.render_report,
            fetch_id=f.id,
            warc_file=f.warc_file,
            warc_offset=f.warc_offset,
            fetched_at=f.started_at,
            depth=f.depth,
            referrer=f.referrer,
            purpose=f.purpose,
            redirects=tuple(f.redirects or ()),
            body_from=origins.get(f.id),
        )
        for f in fetches
    ]
    links = [
        SnapshotLink(from_url=r.from_url, to_url=r.to_url, text=r.text, in_scope=r.in_scope, tag=r.tag)
        for r in session.scalars(select(Link).where(Link.run_id == run_id, Link.unit_id == unit.id))
    ]
    dns = [
        SnapshotDns(
            qname=r.qname, qtype=r.qtype, rcode=r.rcode, answers=tuple(r.answers), elapsed_ms=r.elapsed_ms
        )
        for r in session.scalars(
            select(DnsAnswer).where(DnsAnswer.run_id == run_id, DnsAnswer.unit_id == unit.id)
        )
    ]
    probes = [
        SnapshotProbe(
            kind=r.kind,
            url=r.url,
            family=r.family,
            at=r.at,
            ok=r.ok,
            status=r.status,
            error=r.error,
            timings=dict(r.timings),
            content_hash=r.content_hash,
            details=dict(r.details),
            run_id=r.run_id,
        )
        for r in session.scalars(select(Probe).where(Probe.unit_id == unit.id).order_by(Probe.at))
    ]
    return UnitSnapshot(
        unit=unit,
        as_of=run.as_of,
        run_id=run_id,
        pages=pages,
        links=links,
        dns=dns,
        probes=probes,
        notes=[str(n) for n in run.notes or []],
    )


def _body_origins(session: Session, revalidated: list[Fetch]) -> dict[int, FetchRef]:
    """For each 304 fetch, the newest earlier fetch of the same URL that answered with the
    body it stands for (same content hash): the fetch whose body the 304 is read through."""
    hashes = sorted({f.content_hash for f in revalidated if f.content_hash})
    candidates: dict[tuple[str, str], list[Fetch]] = {}
    for start in range(0, len(hashes), 500):
        rows = session.scalars(
            select(Fetch)
            .where(Fetch.content_hash.in_(hashes[start : start + 500]), Fetch.outcome == "ok")
            .order_by(Fetch.id)
        )
        for row in rows:
            candidates.setdefault((row.url, row.content_hash or ""), []).append(row)
    origins: dict[int, FetchRef] = {}
    for fetch in revalidated:
        earlier = [c for c in candidates.get((fetch.url, fetch.content_hash or ""), []) if c.id < fetch.id]
        if earlier:
            origin = earlier[-1]
            origins[fetch.id] = FetchRef(
                fetch_id=origin.id,
                status=origin.status,
                fetched_at=origin.started_at,
                warc_file=origin.warc_file,
                warc_offset=origin.warc_offset,
            )
    return origins


def _decode(data: bytes | None) -> str | None:
    return data.decode("utf-8", "replace") if data is not None else None
