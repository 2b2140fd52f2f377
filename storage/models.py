"""The schema: what the crawler saw, what the checks found, what assessors entered, scores.

Changes to this module go with an Alembic migration (``storage/migrations``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Unit(Base):
    __tablename__ = "units"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    full_name: Mapped[str | None] = mapped_column(String(128))
    unit_class: Mapped[str] = mapped_column(String(1))
    homepage: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[list[Any]] = mapped_column(JSON, default=list)
    site_source: Mapped[str] = mapped_column(String(32), default="unknown")


class AuditRun(Base):
    __tablename__ = "audit_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    as_of: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="running")  # running|finished|failed
    kind: Mapped[str] = mapped_column(String(16), default="audit")  # audit|crawl|inspect
    config_path: Mapped[str | None] = mapped_column(Text)
    config_hash: Mapped[str | None] = mapped_column(String(64))
    unit_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notes: Mapped[list[Any]] = mapped_column(JSON, default=list)  # e.g. "no browser available"


class Body(Base):
    """Response bodies by content hash (zlib-compressed), so checks need not open WARCs."""

    __tablename__ = "bodies"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Fetch(Base):
    __tablename__ = "fetches"
    __table_args__ = (
        Index("ix_fetches_run_unit", "run_id", "unit_id"),
        Index("ix_fetches_url", "url"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("audit_runs.id"))
    unit_id: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(8), default="GET")
    purpose: Mapped[str] = mapped_column(String(16), default="crawl")  # crawl|link-check|render|probe
    # ok | not_modified | blocked | http_error | error | refused
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[int | None] = mapped_column(Integer)
    request_headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    response_headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    redirects: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{url, status, location}]
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    timings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # dns/connect/ttfb/total ms
    ip: Mapped[str | None] = mapped_column(String(64))
    family: Mapped[int | None] = mapped_column(Integer)  # 4 | 6
    http_version: Mapped[str | None] = mapped_column(String(16))
    size: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(255))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    encoding: Mapped[str | None] = mapped_column(String(32))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    warc_file: Mapped[str | None] = mapped_column(Text)
    warc_offset: Mapped[int | None] = mapped_column(Integer)
    warc_length: Mapped[int | None] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    referrer: Mapped[str | None] = mapped_column(Text)
    rendered: Mapped[bool] = mapped_column(Boolean, default=False)
    rendered_hash: Mapped[str | None] = mapped_column(String(64))  # Body of the rendered DOM
    screenshot: Mapped[str | None] = mapped_column(Text)  # path under the data folder
    # What the browser measured while rendering, e.g. each link's computed visibility.
    render_report: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class DnsAnswer(Base):
    __tablename__ = "dns_answers"
    __table_args__ = (Index("ix_dns_run_name", "run_id", "qname"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("audit_runs.id"))
    unit_id: Mapped[str | None] = mapped_column(String(64))
    qname: Mapped[str] = mapped_column(String(255))
    qtype: Mapped[str] = mapped_column(String(8))
    rcode: Mapped[str] = mapped_column(String(16))  # NOERROR | NXDOMAIN | SERVFAIL | TIMEOUT
    answers: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{name,type,ttl,value}]
    nameserver: Mapped[str | None] = mapped_column(String(64))
    elapsed_ms: Mapped[float | None] = mapped_column(Float)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Page(Base):
    """What the page reader made of a fetched page (the ``page inspect`` JSON)."""

    __tablename__ = "pages"
    __table_args__ = (Index("ix_pages_run_unit", "run_id", "unit_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fetch_id: Mapped[int] = mapped_column(ForeignKey("fetches.id"), unique=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("audit_runs.id"))
    unit_id: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(Text)
    publish_date: Mapped[dt.date | None] = mapped_column(Date)
    written_date: Mapped[dt.date | None] = mapped_column(Date)
    doc_number: Mapped[str | None] = mapped_column(String(128))
    index_number: Mapped[str | None] = mapped_column(String(128))
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    info: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Link(Base):
    __tablename__ = "links"
    __table_args__ = (Index("ix_links_run_unit", "run_id", "unit_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("audit_runs.id"))
    unit_id: Mapped[str | None] = mapped_column(String(64))
    from_fetch_id: Mapped[int | None] = mapped_column(ForeignKey("fetches.id"))
    from_url: Mapped[str] = mapped_column(Text)
    to_url: Mapped[str] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    in_scope: Mapped[bool] = mapped_column(Boolean)
    tag: Mapped[str] = mapped_column(String(16), default="a")  # a|img|script|iframe|link|video…


class FrontierEntry(Base):
    """The crawl queue lives here, so an interrupted audit resumes where it stopped."""

    __tablename__ = "frontier"
    __table_args__ = (
        UniqueConstraint("run_id", "unit_id", "canonical_url", name="uq_frontier_url"),
        Index("ix_frontier_state", "run_id", "state", "priority"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("audit_runs.id"))
    unit_id: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(Text)
    canonical_url: Mapped[str] = mapped_column(Text)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    priority: Mapped[int] = mapped_column(Integer, default=100)  # lower first
    # queued | in_progress | done | skipped | failed
    state: Mapped[str] = mapped_column(String(16), default="queued")
    reason: Mapped[str | None] = mapped_column(Text)  # why skipped: scope|robots|budget|trap|…
    referrer: Mapped[str | None] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(16), default="crawl")  # crawl | link-check
    fetch_id: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Probe(Base):
    """A measurement: availability probe, IPv6 probe, TLS check. Stored like a fetch."""

    __tablename__ = "probes"
    __table_args__ = (Index("ix_probes_unit_kind", "unit_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("audit_runs.id"))
    unit_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))  # availability | ipv6 | tls | …
    url: Mapped[str] = mapped_column(Text)
    family: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    ok: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    timings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class FindingRow(Base):
    __tablename__ = "findings"
    __table_args__ = (
        Index("ix_findings_run_unit", "run_id", "unit_id"),
        Index("ix_findings_fingerprint", "fingerprint"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("audit_runs.id"))
    unit_id: Mapped[str] = mapped_column(String(64))
    check_id: Mapped[str] = mapped_column(String(64))
    topic: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16))  # veto | major | minor | info | undecided
    title: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    measured: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # The ``evidence`` rows this finding rests on (``zwgk evidence`` opens them).
    evidence_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    fingerprint: Mapped[str] = mapped_column(String(64))  # stable across runs
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class EvidenceRecord(Base):
    """One piece of stored evidence with the digest of its bytes, so it can be shown and verified.

    The bytes live where they were stored when seen: a WARC record (``warc_*``), a body by hash
    (``body_hash``: the JSON of DNS answers, TLS handshakes, probes, failed attempts) or a file
    under the data folder (``path``: a screenshot). ``sha256`` is the digest of exactly those bytes.
    """

    __tablename__ = "evidence"
    __table_args__ = (Index("ix_evidence_run_unit", "run_id", "unit_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("audit_runs.id"))
    unit_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # page | screenshot | dns | tls | probes | attempt
    subject: Mapped[str] = mapped_column(Text)  # the URL or name the bytes are about
    seen_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    summary: Mapped[str] = mapped_column(Text, default="")  # e.g. "HTTP 404", "NXDOMAIN"
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(64))
    warc_file: Mapped[str | None] = mapped_column(Text)
    warc_offset: Mapped[int | None] = mapped_column(Integer)
    warc_length: Mapped[int | None] = mapped_column(Integer)
    body_hash: Mapped[str | None] = mapped_column(String(64))
    path: Mapped[str | None] = mapped_column(Text)
    fetch_id: Mapped[int | None] = mapped_column(Integer)
    sources: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {"probes": [ids], "dns": [ids]}
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class InspectionResult(Base):
    __tablename__ = "inspection_results"
    __table_args__ = (UniqueConstraint("quarter", "unit_id", name="uq_inspection_quarter_unit"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quarter: Mapped[str] = mapped_column(String(8))  # 2020Q4
    unit_id: Mapped[str] = mapped_column(String(64))
    passed: Mapped[bool | None] = mapped_column(Boolean)
    score: Mapped[float] = mapped_column(Float)
    vetoes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    problems: Mapped[list[Any]] = mapped_column(JSON, default=list)
    undecided: Mapped[list[Any]] = mapped_column(JSON, default=list)
    nights: Mapped[list[Any]] = mapped_column(JSON, default=list)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ManualEntry(Base):
    __tablename__ = "manual_entries"
    __table_args__ = (Index("ix_manual_unit_item", "year", "unit_id", "item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[str] = mapped_column(String(64))
    item: Mapped[str] = mapped_column(String(16))
    events: Mapped[float | None] = mapped_column(Float)
    deduction: Mapped[float | None] = mapped_column(Float)
    value: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)
    bonus_events: Mapped[float | None] = mapped_column(Float)
    bonus: Mapped[float | None] = mapped_column(Float)
    cases: Mapped[int | None] = mapped_column(Integer)
    confirm: Mapped[bool | None] = mapped_column(Boolean)  # a person's verdict on a provisional item
    override_reason: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str | None] = mapped_column(String(128))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    source_file: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ChangeLogEntry(Base):
    """Append-only; each entry's hash covers the previous one, so tampering shows."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ScoreRow(Base):
    __tablename__ = "scores"
    __table_args__ = (Index("ix_scores_year_unit", "year", "unit_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[str] = mapped_column(String(64))
    unit_class: Mapped[str] = mapped_column(String(1))
    total: Mapped[float] = mapped_column(Float)
    grade: Mapped[str] = mapped_column(String(8))
    rank: Mapped[int] = mapped_column(Integer)
    items: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Circular(Base):
    __tablename__ = "circulars"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quarter: Mapped[str] = mapped_column(String(8))
    written_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    paths: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    rectification_deadline: Mapped[dt.date | None] = mapped_column(Date)


class AuditLockRow(Base):
    """Who holds the audit lock of this database (``storage/audit_lock.py``)."""

    __tablename__ = "audit_locks"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(Text)  # host, pid and working directory
    token: Mapped[str] = mapped_column(String(32))
    since: Mapped[dt.datetime] = mapped_column(DateTime)
    heartbeat: Mapped[dt.datetime] = mapped_column(DateTime)
