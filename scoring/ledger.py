"""The append-only change log of assessors' entries: each record's hash covers the one before.

``hash = sha256(prev_hash + canonical JSON of (at, actor, action, entity, entity_id, payload))``;
the first record's ``prev_hash`` is 64 zeros. ``verify`` recomputes the chain and also checks
that every stored manual entry is what the log last recorded for it, so an edit of either
table shows. On PostgreSQL appends take an advisory lock, so two loaders cannot fork the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from scoring.model import ENTRY_VALUES
from storage.models import ChangeLogEntry, ManualEntry, utcnow

GENESIS = "0" * 64
ENTRY_FIELDS = (
    "year",
    "unit_id",
    "item",
    *ENTRY_VALUES,
    "entered_by",
    "source_file",
    "active",
)
_LOCK_KEY = 7_310_912_020  # pg_advisory_xact_lock key of the change log


def entry_payload(entry: ManualEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in ENTRY_FIELDS}


def record_hash(
    prev_hash: str,
    at: dt.datetime,
    actor: str | None,
    action: str,
    entity: str,
    entity_id: str | None,
    payload: dict[str, Any],
) -> str:
    body = json.dumps(
        {
            "at": at.isoformat(timespec="microseconds"),
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "payload": payload,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def append(
    session: Session,
    *,
    actor: str | None,
    action: str,
    entity: str,
    entity_id: str | None,
    payload: dict[str, Any],
) -> ChangeLogEntry:
    """Add one record at the chain's end (in the caller's transaction)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    last = session.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id.desc()).limit(1)).first()
    prev = last.hash if last is not None else GENESIS
    at = utcnow()
    # JSON round-trips floats and strings only: store what the hash covered.
    payload = json.loads(json.dumps(payload, ensure_ascii=False, default=str))
    record = ChangeLogEntry(
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        payload=payload,
        prev_hash=prev,
        hash=record_hash(prev, at, actor, action, entity, entity_id, payload),
    )
    session.add(record)
    session.flush()
    return record


@dataclass(kw_only=True)
class LedgerReport:
    records: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session) -> LedgerReport:
    report = LedgerReport()
    prev = GENESIS
    last_payload: dict[str, dict[str, Any]] = {}
    for record in session.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id)):
        report.records += 1
        if record.prev_hash != prev:
            report.problems.append(
                f"record {record.id}: prev_hash does not match record before it (removed or reordered?)"
            )
        expected = record_hash(
            record.prev_hash,
            record.at,
            record.actor,
            record.action,
            record.entity,
            record.entity_id,
            record.payload,
        )
        if expected != record.hash:
            report.problems.append(f"record {record.id}: hash mismatch (the record was altered)")
        prev = record.hash
        if record.entity == "manual_entry" and record.entity_id is not None:
            last_payload[record.entity_id] = record.payload
    for entry in session.scalars(select(ManualEntry).order_by(ManualEntry.id)):
        logged = last_payload.get(str(entry.id))
        current = json.loads(json.dumps(entry_payload(entry), ensure_ascii=False, default=str))
        if logged is None:
            report.problems.append(
                f"manual entry {entry.id}: not in the change log (inserted behind its back)"
            )
        elif logged != current:
            changed = sorted(k for k in current if current.get(k) != logged.get(k))
            report.problems.append(
                f"manual entry {entry.id}: differs from its last logged state ({', '.join(changed)})"
            )
    return report
