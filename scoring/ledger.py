"""The append-only change log of assessors' entries: each record's hash covers the one before.

``hash = HMAC-SHA256(key, prev_hash + canonical JSON of (at, actor, action, entity, entity_id,
payload))`` with the key kept outside the database (``scoring.ledger_seal``); the first
record's ``prev_hash`` is 64 zeros. ``verify`` recomputes the chain under the key, checks that
every stored manual entry is what the log last recorded for it and that every logged entry is
still stored, and that every anchored head (the anchor file, issued sheets) is still in the
chain, so an edit, a deletion, a truncation or a chain recomputed without the key shows.
On PostgreSQL appends take an advisory lock, so two loaders cannot fork the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from scoring import ledger_seal as seal
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
    secret: bytes | None = None,
) -> str:
    """The record's hash: keyed with ``secret``, else the public (unkeyed) SHA-256."""
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
    message = (prev_hash + body).encode("utf-8")
    if secret is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


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
        hash=record_hash(prev, at, actor, action, entity, entity_id, payload, _secret(session)),
    )
    session.add(record)
    session.flush()
    _anchor_after_commit(session, record)
    return record


def _secret(session: Session) -> bytes:
    if "ledger_key" not in session.info:
        session.info["ledger_key"] = seal.key(seal.ledger_dir(session.info))
    secret: bytes = session.info["ledger_key"]
    return secret


def _anchor_after_commit(session: Session, record: ChangeLogEntry) -> None:
    """The head goes to the anchor file once the transaction holding it has committed."""
    session.info["ledger_head"] = (record.id, record.hash)
    if session.info.get("ledger_listening"):
        return
    session.info["ledger_listening"] = True

    def committed(done: Session) -> None:
        head = done.info.pop("ledger_head", None)
        if head is not None:
            seal.append_anchor(seal.ledger_dir(done.info), _secret(done), *head)

    def rolled_back(done: Session) -> None:
        done.info.pop("ledger_head", None)

    event.listen(session, "after_commit", committed)
    event.listen(session, "after_soft_rollback", lambda done, _previous: rolled_back(done))


def head(session: Session) -> tuple[int, str] | None:
    last = session.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id.desc()).limit(1)).first()
    return (last.id, last.hash) if last is not None else None


def document_anchor(session: Session) -> str | None:
    """The head as an issued sheet carries it, or None before the first entry."""
    current = head(session)
    return seal.document_anchor_text(_secret(session), *current) if current else None


@dataclass(kw_only=True)
class LedgerReport:
    records: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session, documents: list[Path] | None = None) -> LedgerReport:
    """Chain, key, entries table and anchors; ``documents`` are issued sheets (XLSX) or circulars (DOCX)."""
    report = LedgerReport()
    secret = _secret(session)
    issued = [_document_anchor(path, secret, report) for path in documents or []]
    prev = GENESIS
    last: dict[str, ChangeLogEntry] = {}
    hashes: dict[int, str] = {}
    for record in session.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id)):
        report.records += 1
        hashes[record.id] = record.hash
        if record.prev_hash != prev:
            report.problems.append(
                f"record {record.id}: prev_hash does not match record before it (removed or reordered?)"
            )
        fields = (record.at, record.actor, record.action, record.entity, record.entity_id, record.payload)
        if record.hash != record_hash(record.prev_hash, *fields, secret):
            if record.hash == record_hash(record.prev_hash, *fields):
                report.problems.append(
                    f"record {record.id}: not sealed with the ledger key (the chain was recomputed "
                    "without the key, or written before the key existed)"
                )
            else:
                report.problems.append(f"record {record.id}: hash mismatch (the record was altered)")
        prev = record.hash
        if record.entity == "manual_entry" and record.entity_id is not None:
            last[record.entity_id] = record
    _check_entries(session, last, report)
    anchors, unreadable = seal.read_anchors(seal.ledger_dir(session.info), secret)
    report.problems += unreadable
    for anchor in [*anchors, *(a for a in issued if a is not None)]:
        _check_anchor(anchor, hashes, report)
    return report


def _check_entries(session: Session, last: dict[str, ChangeLogEntry], report: LedgerReport) -> None:
    stored: set[str] = set()
    for entry in session.scalars(select(ManualEntry).order_by(ManualEntry.id)):
        stored.add(str(entry.id))
        logged = last.get(str(entry.id))
        current = json.loads(json.dumps(entry_payload(entry), ensure_ascii=False, default=str))
        if logged is None:
            report.problems.append(
                f"manual entry {entry.id}: not in the change log (inserted behind its back)"
            )
        elif logged.payload != current:
            changed = sorted(k for k in current if current.get(k) != logged.payload.get(k))
            report.problems.append(
                f"manual entry {entry.id}: differs from its last logged state ({', '.join(changed)})"
            )
    for entity_id, record in last.items():
        if entity_id not in stored:
            what = record.payload
            report.problems.append(
                f"manual entry {entity_id} ({what.get('unit_id')} {what.get('item')}, "
                f"{_values(what)}): in the change log (record {record.id}) but missing from "
                "manual_entries (deleted)"
            )


def _values(payload: dict[str, Any]) -> str:
    shown = [f"{k} = {payload[k]}" for k in ENTRY_VALUES if payload.get(k) not in (None, "")]
    return ", ".join(shown[:3]) or "no values"


def _check_anchor(anchor: seal.Anchor, hashes: dict[int, str], report: LedgerReport) -> None:
    if not anchor.sealed:
        report.problems.append(f"{anchor.source}: anchor not sealed with the ledger key (edited?)")
    elif anchor.record_id not in hashes:
        report.problems.append(
            f"record {anchor.record_id} is missing from the change log, but {anchor.source} "
            f"anchored it{' at ' + anchor.at if anchor.at else ''} (records deleted from the log)"
        )
    elif hashes[anchor.record_id] != anchor.hash:
        report.problems.append(
            f"record {anchor.record_id}: differs from the head anchored in {anchor.source} (rewritten)"
        )


def _document_anchor(path: Path, secret: bytes, report: LedgerReport) -> seal.Anchor | None:
    from openpyxl import load_workbook

    try:
        if path.suffix.lower() == ".docx":
            import docx

            text = docx.Document(str(path)).core_properties.keywords or ""
        else:
            book = load_workbook(path, read_only=True)
            text = book.properties.keywords or ""
            book.close()
    except Exception as exc:  # not a document: say so, verify the rest
        report.problems.append(f"{path}: not a readable score sheet or circular ({type(exc).__name__})")
        return None
    anchor = seal.parse_document_anchor(text, secret, str(path))
    if anchor is None:
        report.problems.append(f"{path}: carries no change-log head")
    return anchor
