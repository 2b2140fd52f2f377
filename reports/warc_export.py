"""One run's archive as a standard WARC file: what was fetched and the evidence beside it.

A ``warcinfo`` record names the run; then, for each unit, every response record the crawl
archived (copied byte for byte from the crawl's WARC files: each is its own gzip member) and
each JSON or screenshot evidence record as a ``resource`` record (``urn:zwgk:evidence:E12``),
so ``warcio check`` verifies every digest and a replay tool opens the pages.
"""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from warcio.warcwriter import WARCWriter

from storage import evidence as ev
from storage.models import AuditRun, EvidenceRecord, Fetch


def export_warc(
    session: Session, data_dir: str | Path, run_id: int, out: Path, unit_ids: list[str] | None = None
) -> dict[str, int]:
    """Write the file; counts of the records written by kind."""
    run = session.get(AuditRun, run_id)
    if run is None:
        raise LookupError(f"no audit run {run_id}")
    units = unit_ids or list(run.unit_ids or [])
    out.parent.mkdir(parents=True, exist_ok=True)
    counts = {"response": 0, "resource": 0, "missing": 0}
    temporary = out.with_name(out.name + ".part")
    with open(temporary, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        info = {"software": "zwgk-audit", "format": "WARC File Format 1.0", "run": str(run_id),
                "as-of": run.as_of.isoformat(), "units": " ".join(units)}  # fmt: skip
        writer.write_record(writer.create_warcinfo_record(out.name, info))
        for unit_id in units:
            fetches = session.scalars(
                select(Fetch)
                .where(Fetch.run_id == run_id, Fetch.unit_id == unit_id, Fetch.warc_file.is_not(None))
                .order_by(Fetch.id)
            )
            copied: set[tuple[str, int]] = set()
            for fetch in fetches:
                assert fetch.warc_file is not None and fetch.warc_offset is not None
                key = (fetch.warc_file, fetch.warc_offset)
                if key in copied or not fetch.warc_length:
                    continue
                copied.add(key)
                data = ev.warc_bytes(data_dir, fetch.warc_file, fetch.warc_offset, fetch.warc_length)
                if data is None:
                    counts["missing"] += 1
                    continue
                handle.write(data)
                counts["response"] += 1
            records = session.scalars(
                select(EvidenceRecord)
                .where(EvidenceRecord.run_id == run_id, EvidenceRecord.unit_id == unit_id)
                .where(EvidenceRecord.kind != "page")
                .order_by(EvidenceRecord.id)
            )
            for record in records:
                payload = ev.stored_bytes(session, data_dir, record)
                if payload is None:
                    counts["missing"] += 1
                    continue
                resource = writer.create_warc_record(
                    f"urn:zwgk:evidence:{ev.label(record.id)}",
                    "resource",
                    payload=io.BytesIO(payload),
                    length=len(payload),
                    warc_content_type=record.media_type,
                    warc_headers_dict={"WARC-Refers-To-Target-URI": record.subject},
                )
                writer.write_record(resource)
                counts["resource"] += 1
    temporary.replace(out)
    return counts
