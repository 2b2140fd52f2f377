"""Persisting findings: one row per finding per run, with first/last seen carried across runs.

The fingerprint (unit, check, key or URL) identifies "the same problem" on another night, so
a circular can say since when a problem stands and whether it was fixed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import FindingRow, utcnow


class FindingLike(Protocol):
    """A check's finding as storage sees it (``checks.base.Finding`` is one)."""

    @property
    def unit_id(self) -> str: ...
    @property
    def check_id(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def url(self) -> str | None: ...
    @property
    def measured(self) -> dict[str, Any]: ...
    @property
    def evidence(self) -> list[dict[str, Any]]: ...
    @property
    def fingerprint(self) -> str: ...


def store_findings(
    session: Session,
    run_id: int,
    findings: Iterable[FindingLike],
    *,
    topic_of: dict[str, str] | None = None,
    seen_at: dt.datetime | None = None,
) -> list[FindingRow]:
    """Write this run's findings; ``first_seen`` comes from the earliest row of the same
    fingerprint in any earlier run, ``last_seen`` is now."""
    now = seen_at or utcnow()
    items = list(findings)
    fingerprints = {f.fingerprint for f in items}
    first: dict[str, dt.datetime] = {}
    if fingerprints:
        rows = session.execute(
            select(FindingRow.fingerprint, func.min(FindingRow.first_seen))
            .where(FindingRow.fingerprint.in_(fingerprints), FindingRow.run_id != run_id)
            .group_by(FindingRow.fingerprint)
        )
        first = {fp: seen for fp, seen in rows}
    stored = []
    for finding in items:
        row = FindingRow(
            run_id=run_id,
            unit_id=finding.unit_id,
            check_id=finding.check_id,
            topic=(topic_of or {}).get(finding.check_id, finding.check_id.split(".", 1)[0]),
            severity=finding.severity,
            title=finding.title,
            message=finding.message,
            url=finding.url,
            measured=_jsonable(finding.measured),
            evidence=_jsonable(finding.evidence),
            fingerprint=finding.fingerprint,
            first_seen=first.get(finding.fingerprint, now),
            last_seen=now,
        )
        session.add(row)
        stored.append(row)
    return stored


def findings_of_run(session: Session, run_id: int, unit_id: str | None = None) -> list[FindingRow]:
    query = select(FindingRow).where(FindingRow.run_id == run_id)
    if unit_id is not None:
        query = query.where(FindingRow.unit_id == unit_id)
    return list(session.scalars(query.order_by(FindingRow.unit_id, FindingRow.check_id, FindingRow.id)))


def _jsonable(value: Any) -> Any:
    """Dates and sets inside measured values become JSON-friendly."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value
