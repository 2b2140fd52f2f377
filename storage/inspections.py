"""Persisting quarterly inspection results, with each problem's first and last sighting.

``save_inspection`` upserts one ``InspectionResult`` row per (quarter, unit). A problem's
``first_seen`` is the earliest sighting of its fingerprint anywhere in storage (earlier
quarters' results and stored findings), so a circular can say since when a problem stands;
``last_seen`` is the latest. Rows hold plain JSON; the checks layer builds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import FindingRow, InspectionResult, utcnow


def earliest_sightings(
    session: Session, fingerprints: Iterable[str], *, before_quarter: str | None = None
) -> dict[str, str]:
    """Fingerprint → ISO date of its earliest sighting in stored findings and earlier results."""
    wanted = set(fingerprints)
    if not wanted:
        return {}
    earliest: dict[str, str] = {}
    rows = session.execute(
        select(FindingRow.fingerprint, func.min(FindingRow.first_seen))
        .where(FindingRow.fingerprint.in_(wanted))
        .group_by(FindingRow.fingerprint)
    )
    for fingerprint, seen in rows:
        if seen is not None:
            earliest[fingerprint] = seen.date().isoformat()
    query = select(InspectionResult)
    if before_quarter is not None:
        query = query.where(InspectionResult.quarter < before_quarter)
    for row in session.scalars(query):
        for problem in row.problems or []:
            fingerprint = problem.get("fingerprint")
            first = problem.get("first_seen")
            if (
                fingerprint in wanted
                and first
                and (fingerprint not in earliest or first < earliest[fingerprint])
            ):
                earliest[fingerprint] = str(first)[:10]
    return earliest


def carry_first_seen(
    session: Session, quarter: str, problems: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The problems with ``first_seen`` moved back to the earliest stored sighting."""
    earliest = earliest_sightings(
        session, (str(p.get("fingerprint")) for p in problems), before_quarter=quarter
    )
    out = []
    for problem in problems:
        item = dict(problem)
        before = earliest.get(str(item.get("fingerprint")))
        if before and (not item.get("first_seen") or before < str(item["first_seen"])):
            item["first_seen"] = before
        out.append(item)
    return out


def save_inspection(
    session: Session,
    *,
    quarter: str,
    unit_id: str,
    passed: bool | None,
    score: float,
    vetoes: Sequence[str],
    problems: Sequence[Mapping[str, Any]],
    undecided: Sequence[Mapping[str, Any]],
    nights: Sequence[str],
    computed_at: dt.datetime | None = None,
) -> InspectionResult:
    """Insert or replace the (quarter, unit) result; the caller commits."""
    row = session.scalars(
        select(InspectionResult).where(
            InspectionResult.quarter == quarter, InspectionResult.unit_id == unit_id
        )
    ).first()
    if row is None:
        row = InspectionResult(quarter=quarter, unit_id=unit_id)
        session.add(row)
    row.passed = passed
    row.score = float(score)
    row.vetoes = list(vetoes)
    row.problems = _jsonable(carry_first_seen(session, quarter, problems))
    row.undecided = _jsonable([dict(u) for u in undecided])
    row.nights = list(nights)
    row.computed_at = computed_at or utcnow()
    session.flush()
    return row


def load_inspections(
    session: Session, quarter: str, unit_ids: Iterable[str] | None = None
) -> list[InspectionResult]:
    query = select(InspectionResult).where(InspectionResult.quarter == quarter)
    wanted = list(unit_ids) if unit_ids is not None else None
    if wanted:
        query = query.where(InspectionResult.unit_id.in_(wanted))
    return list(session.scalars(query.order_by(InspectionResult.unit_id)))


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value
