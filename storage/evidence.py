"""Evidence records: a stable id, the digest of the stored bytes, and where those bytes are.

A record is written for bytes that are already stored (a WARC record, a body, a screenshot
file); ``verify`` reads them again and compares the digest. Records whose bytes are JSON built
from stored rows (DNS answers, probes, a failed fetch) also name those rows in ``sources``, and
``verify`` rebuilds the JSON from them, so a changed row shows as well as changed bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.bodies import get_body, put_body
from storage.models import DnsAnswer, EvidenceRecord, Fetch, FindingRow, Probe

PREFIX = "E"  # evidence ids print as E123; a bare number is a finding's id
JSON_TYPE = "application/json"


def label(record_id: int) -> str:
    return f"{PREFIX}{record_id}"


def parse_label(text: str) -> int | None:
    """The evidence id in ``E123`` (None when ``text`` is not an evidence id)."""
    text = text.strip()
    if text[:1].upper() == PREFIX and text[1:].isdigit():
        return int(text[1:])
    return None


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1, default=_plain).encode("utf-8")


def _plain(value: Any) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def dns_payload(rows: Sequence[DnsAnswer]) -> list[dict[str, Any]]:
    """The query and the full answer of each row: name, type, rcode, records, resolver, time."""
    return [
        {
            "qname": r.qname,
            "qtype": r.qtype,
            "rcode": r.rcode,
            "answers": list(r.answers or []),
            "resolver": r.nameserver,
            "elapsed_ms": r.elapsed_ms,
            "at": r.at,
        }
        for r in rows
    ]


def probe_payload(rows: Sequence[Probe]) -> list[dict[str, Any]]:
    """Each probe's time, outcome and elapsed times (and what it recorded besides)."""
    return [
        {
            "kind": r.kind,
            "url": r.url,
            "family": r.family,
            "at": r.at,
            "ok": r.ok,
            "status": r.status,
            "error": r.error,
            "timings": dict(r.timings or {}),
            "details": dict(r.details or {}),
        }
        for r in rows
    ]


def fetch_payload(rows: Sequence[Fetch]) -> list[dict[str, Any]]:
    """What a fetch that received no response (or whose response was not archived) recorded."""
    return [
        {
            "url": r.url,
            "method": r.method,
            "purpose": r.purpose,
            "started_at": r.started_at,
            "outcome": r.outcome,
            "reason": r.reason,
            "status": r.status,
            "ip": r.ip,
            "timings": dict(r.timings or {}),
            "redirects": list(r.redirects or []),
        }
        for r in rows
    ]


_SOURCES: dict[str, tuple[type[Any], Any]] = {
    "dns": (DnsAnswer, dns_payload),
    "probes": (Probe, probe_payload),
    "fetches": (Fetch, fetch_payload),
}


def rows_payload(session: Session, sources: dict[str, list[int]]) -> dict[str, Any]:
    """The JSON a record holds, rebuilt from the rows it names (in the order named)."""
    payload: dict[str, Any] = {}
    for name, ids in sources.items():
        if name not in _SOURCES:
            continue
        model, serialise = _SOURCES[name]
        found = {r.id: r for r in session.scalars(select(model).where(model.id.in_(ids)))}
        payload[name] = serialise([found[i] for i in ids if i in found])
    return payload


def record_rows(
    session: Session,
    *,
    run_id: int | None,
    unit_id: str,
    kind: str,
    subject: str,
    seen_at: dt.datetime | None,
    summary: str,
    sources: dict[str, list[int]],
    extra: dict[str, Any] | None = None,
) -> EvidenceRecord:
    """A record whose bytes are the JSON of stored rows (plus ``extra``, e.g. a TLS chain)."""
    payload = rows_payload(session, sources)
    if extra:
        payload["extra"] = extra
    data = canonical_json(payload)
    digest = put_body(session, data)
    record = EvidenceRecord(
        run_id=run_id,
        unit_id=unit_id,
        kind=kind,
        subject=subject,
        seen_at=seen_at,
        summary=summary,
        sha256=digest,
        size=len(data),
        media_type=JSON_TYPE,
        body_hash=digest,
        sources={k: list(v) for k, v in sources.items()},
    )
    session.add(record)
    session.flush()
    return record


def record_warc(
    session: Session, data_dir: str | Path, fetch: Fetch, *, unit_id: str, summary: str
) -> EvidenceRecord | None:
    """A record of the WARC response record a fetch wrote (None when it wrote none)."""
    if not fetch.warc_file or fetch.warc_offset is None or not fetch.warc_length:
        return None
    data = warc_bytes(data_dir, fetch.warc_file, fetch.warc_offset, fetch.warc_length)
    if data is None:
        return None
    record = EvidenceRecord(
        run_id=fetch.run_id,
        unit_id=unit_id,
        kind="page",
        subject=fetch.final_url or fetch.url,
        seen_at=fetch.started_at,
        summary=summary,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        media_type="application/warc",
        warc_file=fetch.warc_file,
        warc_offset=fetch.warc_offset,
        warc_length=fetch.warc_length,
        fetch_id=fetch.id,
        sources={"fetches": [fetch.id]},
    )
    session.add(record)
    session.flush()
    return record


def record_file(
    session: Session,
    data_dir: str | Path,
    relative: str,
    *,
    run_id: int | None,
    unit_id: str,
    kind: str,
    subject: str,
    seen_at: dt.datetime | None,
    summary: str,
    media_type: str,
    fetch_id: int | None = None,
) -> EvidenceRecord | None:
    """A record of a file under the data folder (a screenshot); None when it is missing."""
    path = Path(data_dir) / relative
    if not path.is_file():
        return None
    data = path.read_bytes()
    record = EvidenceRecord(
        run_id=run_id,
        unit_id=unit_id,
        kind=kind,
        subject=subject,
        seen_at=seen_at,
        summary=summary,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        media_type=media_type,
        path=relative,
        fetch_id=fetch_id,
        sources={},
    )
    session.add(record)
    session.flush()
    return record


def stored_bytes(session: Session, data_dir: str | Path, record: EvidenceRecord) -> bytes | None:
    """The bytes the record's digest covers, read again from where they are stored."""
    if record.warc_file and record.warc_offset is not None and record.warc_length:
        return warc_bytes(data_dir, record.warc_file, record.warc_offset, record.warc_length)
    if record.body_hash:
        return get_body(session, record.body_hash)
    if record.path:
        path = Path(data_dir) / record.path
        return path.read_bytes() if path.is_file() else None
    return None


@dataclass(frozen=True)
class Verification:
    record_id: int
    ok: bool
    problem: str | None = None  # English, for the operator


def verify(session: Session, data_dir: str | Path, record: EvidenceRecord) -> Verification:
    data = stored_bytes(session, data_dir, record)
    if data is None:
        return Verification(record.id, False, "stored bytes not found")
    digest = hashlib.sha256(data).hexdigest()
    if digest != record.sha256:
        return Verification(record.id, False, f"sha256 {digest} differs from the recorded {record.sha256}")
    if record.body_hash and record.sources:
        sources = {k: [int(i) for i in v] for k, v in record.sources.items()}
        rebuilt = rows_payload(session, sources)
        stored = json.loads(data)
        stored.pop("extra", None)
        if canonical_json(rebuilt) != canonical_json(stored):
            return Verification(record.id, False, "the stored rows no longer match the recorded JSON")
    return Verification(record.id, True)


def warc_bytes(data_dir: str | Path, file: str, offset: int, length: int) -> bytes | None:
    path = Path(data_dir) / file
    if not path.is_file():
        return None
    with open(path, "rb") as handle:
        handle.seek(offset)
        data = handle.read(length)
    return data if len(data) == length else None


def records_of(session: Session, ids: Sequence[int]) -> list[EvidenceRecord]:
    found = {r.id: r for r in session.scalars(select(EvidenceRecord).where(EvidenceRecord.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def latest_findings(session: Session, fingerprints: Iterable[str]) -> dict[str, FindingRow]:
    """The latest stored finding of each fingerprint (the id a document prints for a problem)."""
    wanted = sorted(set(fingerprints))
    latest: dict[str, FindingRow] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for row in session.scalars(
            select(FindingRow).where(FindingRow.fingerprint.in_(chunk)).order_by(FindingRow.id)
        ):
            latest[row.fingerprint] = row
    return latest


def screenshot_paths(
    session: Session, findings: Iterable[FindingRow], data_dir: str | Path
) -> dict[int, str]:
    """Each finding's first screenshot record, as a path a document can open."""
    wanted = {int(i): f.id for f in findings for i in f.evidence_ids or []}
    paths: dict[int, str] = {}
    ids = sorted(wanted)
    for start in range(0, len(ids), 500):
        query = select(EvidenceRecord).where(
            EvidenceRecord.id.in_(ids[start : start + 500]), EvidenceRecord.kind == "screenshot"
        )
        for record in session.scalars(query.order_by(EvidenceRecord.id)):
            if record.path:
                paths.setdefault(wanted[record.id], str(Path(data_dir) / record.path))
    return paths
