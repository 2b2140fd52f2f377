"""Nights and quarters from storage: the inspection results of stored audit runs.

A night is an audit run (its ``as_of`` day; the latest run of a day wins). Its verdict comes
either from the findings the run stored (``nights_from_findings``, fast) or from re-running the
inspection checks over the run's stored snapshot (``rejudge_nights``, after a change of
settings or checks). ``store_quarter`` writes a ``QuarterResult`` through
``storage.inspections``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from checks.inspection.result import NightResult, QuarterResult, judge_night, judge_rows
from config.periods import quarter_of
from config.settings import Settings, UnitConfig
from storage.inspections import save_inspection
from storage.models import AuditRun, FindingRow, InspectionResult
from storage.snapshot import load_snapshot


def quarter_runs(session: Session, quarter: str, unit_id: str) -> dict[dt.date, int]:
    """The latest finished run of each night of the quarter that covered the unit: day → run id."""
    runs = session.scalars(
        select(AuditRun).where(AuditRun.status != "failed", AuditRun.kind == "audit").order_by(AuditRun.id)
    )
    chosen: dict[dt.date, int] = {}
    for run in runs:
        if quarter_of(run.as_of) != quarter:
            continue
        if run.unit_ids and unit_id not in run.unit_ids:
            continue
        chosen[run.as_of] = run.id
    return dict(sorted(chosen.items()))


def nights_from_findings(
    session: Session, unit: UnitConfig, quarter: str, settings: Settings
) -> list[NightResult]:
    nights = []
    for day, run_id in quarter_runs(session, quarter, unit.id).items():
        rows = session.scalars(
            select(FindingRow).where(
                FindingRow.run_id == run_id,
                FindingRow.unit_id == unit.id,
                FindingRow.check_id.like("inspection.%"),
            )
        ).all()
        # An audit run that covered the unit and found nothing is a clean night, not a missing one.
        mappings = [
            {
                "fingerprint": r.fingerprint,
                "check_id": r.check_id,
                "severity": r.severity,
                "title": r.title,
                "message": r.message,
                "url": r.url,
                "measured": r.measured,
                "evidence": r.evidence,
            }
            for r in rows
        ]
        nights.append(judge_rows(unit.id, day, mappings, settings))
    return nights


def rejudge_nights(session: Session, unit: UnitConfig, quarter: str, settings: Settings) -> list[NightResult]:
    from checks.runner import run_checks

    nights = []
    for day, run_id in quarter_runs(session, quarter, unit.id).items():
        snapshot = load_snapshot(session, run_id, unit)
        if not snapshot.pages and not snapshot.probes:
            continue
        nights.append(
            judge_night(unit, run_checks(snapshot, settings, only=["inspection"]), settings, night=day)
        )
    return nights


def store_quarter(session: Session, result: QuarterResult) -> InspectionResult:
    """Upsert the quarter's row (first sightings carried from earlier quarters); caller commits."""
    return save_inspection(
        session,
        quarter=result.quarter,
        unit_id=result.unit_id,
        passed=result.passed,
        score=result.score,
        vetoes=result.veto_labels,
        problems=[p.to_json() for p in result.problems],
        undecided=result.undecided,
        nights=result.nights,
    )
