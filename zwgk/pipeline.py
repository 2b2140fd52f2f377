"""The audit, end to end: crawl → measure → judge → inspect → score → report.

Each step records that it finished in the run's stats, so running the audit again after an
interruption resumes: the crawl picks up its frontier, and later steps are redone whole
(they are idempotent for a run: this run's findings are replaced, not added to).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from config.periods import quarter_of
from config.settings import AuditConfig, UnitConfig
from storage.db import Database
from storage.models import AuditRun, FindingRow, Link, Unit, utcnow

STEPS = ("crawl", "measure", "judge", "inspect", "score", "report")


class Progress:
    """What the pipeline tells the person watching; the CLI draws it with Rich."""

    def step(self, name: str, total: int | None = None) -> None: ...

    def advance(self, amount: int = 1, *, detail: str | None = None) -> None: ...

    def note(self, text: str) -> None: ...


@dataclass(kw_only=True)
class AuditOptions:
    unit_ids: list[str] | None = None
    year: int | None = None
    quarter: str | None = None
    entries_file: Path | None = None
    out_dir: Path | None = None
    report: bool = True
    pdf: bool = True
    issued_on: dt.date | None = None
    fresh: bool = False  # start a new run even if an unfinished one exists


@dataclass(kw_only=True)
class AuditOutcome:
    run_id: int
    resumed: bool
    units: list[str]
    findings: int = 0
    notes: list[str] = field(default_factory=list)
    scores: list[Any] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)


def config_fingerprint(config: AuditConfig) -> str:
    """What identifies "the same audit" for resuming: the units and settings, not where the
    name servers and ports are this time (a restarted sandbox gets new ones)."""
    dumped = config.model_dump(mode="json")
    network = dumped["settings"]["network"]
    network.pop("port_map", None)
    network.pop("nameservers", None)
    network.pop("ca_file", None)
    dumped.pop("path", None)
    return hashlib.sha256(json.dumps(dumped, sort_keys=True).encode()).hexdigest()[:16]


def sync_units(db: Database, config: AuditConfig) -> None:
    with db.session() as session:
        for unit in config.units:
            row = session.get(Unit, unit.id) or Unit(id=unit.id)
            row.name, row.full_name, row.unit_class = unit.name, unit.full_name, unit.unit_class
            row.homepage, row.scope, row.site_source = unit.homepage, list(unit.scope), unit.site_source
            session.add(row)
        session.commit()


def start_or_resume(
    db: Database, config: AuditConfig, units: list[UnitConfig], *, fresh: bool
) -> tuple[int, bool]:
    fingerprint = config_fingerprint(config)
    ids = [u.id for u in units]
    with db.session() as session:
        if not fresh:
            open_run = session.scalars(
                select(AuditRun)
                .where(
                    AuditRun.status == "running",
                    AuditRun.kind == "audit",
                    AuditRun.config_hash == fingerprint,
                )
                .order_by(AuditRun.id.desc())
            ).first()
            if open_run is not None and list(open_run.unit_ids) == ids:
                return open_run.id, True
        run = AuditRun(
            as_of=config.settings.audit.as_of,
            kind="audit",
            config_path=config.path,
            config_hash=fingerprint,
            unit_ids=ids,
            stats={"steps": []},
            notes=[],
        )
        session.add(run)
        session.commit()
        return run.id, False


def _mark(db: Database, run_id: int, step: str, **stats: Any) -> None:
    with db.session() as session:
        run = session.get(AuditRun, run_id)
        assert run is not None
        merged = dict(run.stats or {})
        merged["steps"] = [*merged.get("steps", []), step]
        merged.update(stats)
        run.stats = merged
        session.commit()


def _done(db: Database, run_id: int) -> list[str]:
    with db.session() as session:
        run = session.get(AuditRun, run_id)
        return list((run.stats or {}).get("steps", [])) if run else []


def _note(db: Database, run_id: int, text: str) -> None:
    with db.session() as session:
        run = session.get(AuditRun, run_id)
        if run is not None and text not in (run.notes or []):
            run.notes = [*(run.notes or []), text]
            session.commit()


def run_audit(
    config: AuditConfig, db: Database, options: AuditOptions, progress: Progress | None = None
) -> AuditOutcome:
    progress = progress or Progress()
    selected = [config.unit(u) for u in options.unit_ids] if options.unit_ids else list(config.units)
    units = [u for u in selected if u.has_site]
    for unit in selected:
        if not unit.has_site:
            progress.note(f"{unit.display_name}: 未配置网站，跳过 no site configured, skipped")
    sync_units(db, config)
    run_id, resumed = start_or_resume(db, config, units, fresh=options.fresh)
    outcome = AuditOutcome(run_id=run_id, resumed=resumed, units=[u.id for u in units])
    done = _done(db, run_id)
    if resumed:
        progress.note(f"继续未完成的审计 resuming audit run {run_id} (done: {', '.join(done) or 'nothing'})")
    steps: list[tuple[str, Callable[[], None]]] = [
        ("crawl", lambda: _crawl(config, db, run_id, units, progress)),
        ("measure", lambda: _measure(config, db, run_id, units, progress)),
        ("judge", lambda: _judge(config, db, run_id, units, progress, outcome)),
        ("inspect", lambda: _inspect(config, db, run_id, units, options, progress)),
        ("score", lambda: _score(config, db, run_id, options, progress, outcome)),
        ("report", lambda: _report(config, db, run_id, options, progress, outcome)),
    ]
    for name, action in steps:
        if name == "report" and not options.report:
            continue
        if name in done and name not in ("score", "report"):
            continue
        action()
        _mark(db, run_id, name)
    with db.session() as session:
        run = session.get(AuditRun, run_id)
        assert run is not None
        run.status, run.finished_at = "finished", utcnow()
        outcome.notes = list(run.notes or [])
        outcome.stats = dict(run.stats or {})
        session.commit()
    return outcome


def _crawl(
    config: AuditConfig, db: Database, run_id: int, units: list[UnitConfig], progress: Progress
) -> None:
    from crawler.run import crawl_units

    progress.step("抓取 crawl", total=len(units))

    def on_progress(event: Any) -> None:
        if getattr(event, "kind", None) == "unit_done" or event == "unit_done":
            progress.advance(detail=getattr(event, "unit_id", None))

    summary = asyncio.run(
        crawl_units(config, db, unit_ids=[u.id for u in units], run_id=run_id, progress=on_progress)
    )
    for note in getattr(summary, "notes", []) or []:
        _note(db, run_id, str(note))


def _measure(
    config: AuditConfig, db: Database, run_id: int, units: list[UnitConfig], progress: Progress
) -> None:
    from crawler.availability import run_night
    from crawler.ipv6_probe import known_links_from, measure_units, store_measurement

    progress.step("测量 IPv6 与可用性 measure IPv6 and availability", total=2)
    with db.session() as session:
        # The crawl's stored links give the second and third levels without fetching again.
        links_by_unit = {
            unit.id: known_links_from(
                session.execute(
                    select(Link.from_url, Link.to_url).where(
                        Link.run_id == run_id, Link.unit_id == unit.id, Link.tag == "a"
                    )
                ).all()
            )
            for unit in units
        }
    measurements = asyncio.run(measure_units(units, config=config, links_by_unit=links_by_unit))
    with db.session() as session:
        for unit_id, measurement in measurements.items():
            store_measurement(session, run_id, unit_id, measurement)
        session.commit()
    progress.advance(detail="IPv6")
    with db.session() as session:
        asyncio.run(run_night(session, units, config.settings, run_id=run_id))
        session.commit()
    progress.advance(detail="availability")


def _judge(
    config: AuditConfig,
    db: Database,
    run_id: int,
    units: list[UnitConfig],
    progress: Progress,
    outcome: AuditOutcome,
) -> None:
    from checks.base import REGISTRY
    from checks.inspection import night_findings
    from checks.runner import run_checks
    from storage.findings import store_findings
    from storage.snapshot import load_snapshot

    progress.step("检查 checks", total=len(units))
    notes: list[str] = []
    with db.session() as session:
        session.execute(delete(FindingRow).where(FindingRow.run_id == run_id))
        total = 0
        for unit in units:
            snapshot = load_snapshot(session, run_id, unit)
            results = run_checks(snapshot, config.settings)
            # Undecided checks are stored too: the quarter is judged again from storage, and an
            # item fed by an undecided check is scored provisional (待核实), never as a pass.
            findings = night_findings(results)
            topic_of: dict[str, str] = {}
            for result in results:
                check = REGISTRY.get(result.check_id)
                for finding in result.findings:
                    topic_of[finding.check_id] = check.topic if check else finding.check_id.split(".")[0]
                if result.score is None and result.undecided_reason:
                    notes.append(
                        f"{unit.id} {result.check_id}: 未能判定 undecided — {result.undecided_reason}"
                    )
            store_findings(session, run_id, findings, topic_of=topic_of)
            total += len(findings)
            session.commit()
            progress.advance(detail=unit.id)
        outcome.findings = total
        _link_evidence(config, session, run_id)
    for note in notes:
        _note(db, run_id, note)


def _link_evidence(config: AuditConfig, session: Any, run_id: int) -> None:
    """Each finding's evidence records (their ids go into the annex and the lists)."""
    from zwgk.evidence_links import link_run_evidence
    from zwgk.evidence_shots import shoot_findings

    stats = link_run_evidence(session, run_id, config.settings, config.settings.crawl.data_dir)
    session.commit()
    shots = shoot_findings(session, run_id, config.settings, config.settings.crawl.data_dir)
    run = session.get(AuditRun, run_id)
    assert run is not None
    run.stats = {
        **(run.stats or {}),
        "evidence": {"findings": stats.findings, "records": stats.records, "without": stats.without, **shots},
    }
    session.commit()


def _inspect(
    config: AuditConfig,
    db: Database,
    run_id: int,
    units: list[UnitConfig],
    options: AuditOptions,
    progress: Progress,
) -> None:
    from checks.inspection.result import aggregate_quarter
    from checks.inspection.stored import nights_from_findings, store_quarter

    quarter = options.quarter or quarter_of(config.settings.audit.as_of)
    progress.step(f"季度检查结果 inspection {quarter}", total=len(units))
    with db.session() as session:
        for unit in units:
            nights = nights_from_findings(session, unit, quarter, config.settings)
            if nights:  # a unit (or a quarter) with no audited night yet has nothing to judge
                store_quarter(session, aggregate_quarter(nights, config.settings, quarter=quarter))
            progress.advance(detail=unit.id)
        session.commit()


def _score(
    config: AuditConfig,
    db: Database,
    run_id: int,
    options: AuditOptions,
    progress: Progress,
    outcome: AuditOutcome,
) -> None:
    from scoring.service import compute_scores, load_entries_file

    progress.step("评分 scoring", total=1)
    year = options.year or config.settings.audit.year
    if options.entries_file is not None:
        # Stored (and written to the hash-chained log) so the score sheets can list them.
        load_entries_file(db, config, options.entries_file, year=year)
    outcome.scores = compute_scores(db, config, year=year, run_id=run_id)
    progress.advance()


def _report(
    config: AuditConfig,
    db: Database,
    run_id: int,
    options: AuditOptions,
    progress: Progress,
    outcome: AuditOutcome,
) -> None:
    from reports.publish import publish_all

    progress.step("报告 reports", total=1)
    quarter = options.quarter or quarter_of(config.settings.audit.as_of)
    out_dir = options.out_dir or Path(config.settings.schedule.output_dir)
    issued = options.issued_on or config.settings.audit.as_of
    outcome.outputs = publish_all(
        db,
        config,
        quarter=quarter,
        year=options.year or config.settings.audit.year,
        out_dir=out_dir,
        issued_on=issued,
        pdf=options.pdf,
    )
    progress.advance()
