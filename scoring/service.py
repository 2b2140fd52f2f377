"""Scoring against storage: gather findings, entries and inspections; run the engine; store scores.

- Findings: those of ``run_id``, else of the latest audit run whose ``as_of`` falls in the year
  and that stored findings (else findings stored without a run).
- Entries: the active ``ManualEntry`` rows of the year; an entries file given here replaces
  them for the (unit, item) pairs it names (nothing is stored: a preview).
- Inspections: the year's ``InspectionResult`` rows (quarters ``<year>Q1``…``Q4``).
- Loading an entries file stores its entries and logs every change (``ledger``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from config.settings import AuditConfig
from scoring import ledger
from scoring.engine import score_class
from scoring.entries import EntriesFile, load_entries
from scoring.model import (
    ENTRY_VALUES,
    ClassInputs,
    EntryInput,
    FindingInput,
    InspectionInput,
    UnitRef,
    UnitScore,
)
from scoring.rubric import Rubric, load_scheme
from storage.db import Database
from storage.models import AuditRun, FindingRow, InspectionResult, ManualEntry, ScoreRow, utcnow


def rubrics_for(config: AuditConfig) -> dict[str, Rubric]:
    return load_scheme(config.settings.audit.scheme)


def compute_scores(
    db: Database,
    config: AuditConfig,
    *,
    year: int,
    run_id: int | None = None,
    entries_file: Path | None = None,
    store: bool = True,
) -> list[UnitScore]:
    """Every unit's score for ``year``; stored as ScoreRow rows (replacing the year's) if ``store``."""
    rubrics = rubrics_for(config)
    with db.session() as session:
        chosen = scored_run(session, year=year, run_id=run_id)
        findings = load_findings(session, run_id=chosen.id if chosen is not None else None)
        entries = stored_entries(session, year)
        inspections = load_inspections(session, year)
    if entries_file is not None:
        entries = merge_entries(entries, load_entries(entries_file, config, rubrics).entries)
    coverage = not_audited(config, chosen, findings, year)
    scores = run(
        config,
        rubrics,
        year,
        ClassInputs(findings=findings, entries=entries, inspections=inspections),
        coverage=coverage,
    )
    if store:
        store_scores(db, scores, year)
    return scores


def compute_from_entries(config: AuditConfig, entries_file: Path, *, year: int) -> list[UnitScore]:
    """From an entries file alone: no stored findings, entries or inspections (``--only-inputs``)."""
    rubrics = rubrics_for(config)
    entries = load_entries(entries_file, config, rubrics).entries
    coverage = dict.fromkeys((u.id for u in config.units), "仅按录入文件评分，未使用审计结果")
    return run(config, rubrics, year, ClassInputs(entries=entries), coverage=coverage)


def run(
    config: AuditConfig,
    rubrics: dict[str, Rubric],
    year: int,
    inputs: ClassInputs,
    *,
    coverage: dict[str, str] | None = None,
) -> list[UnitScore]:
    """``coverage``: unit id → why no audit covers it (its machine-fed items are provisional)."""
    out: list[UnitScore] = []
    gaps = coverage or {}
    for unit_class, rubric in rubrics.items():
        units = [
            UnitRef(id=u.id, name=u.name, not_audited=gaps.get(u.id, ""))
            for u in config.units_of_class(unit_class)  # type: ignore[arg-type]
        ]
        ids = {u.id for u in units}
        class_inputs = ClassInputs(
            findings=[f for f in inputs.findings if f.unit_id in ids],
            entries=[e for e in inputs.entries if e.unit_id in ids],
            inspections=[i for i in inputs.inspections if i.unit_id in ids],
        )
        out += score_class(rubric, units, class_inputs, year=year)
    return out


def merge_entries(stored: list[EntryInput], given: list[EntryInput]) -> list[EntryInput]:
    named = {(e.unit_id, e.item) for e in given}
    return [e for e in stored if (e.unit_id, e.item) not in named] + given


NO_AUDIT = "尚未运行审计"
NO_SITE = "未配置网站，未检查"
NOT_IN_RUN = "本年度审计未包括该单位"


def scored_run(session: Session, *, year: int, run_id: int | None) -> AuditRun | None:
    """The run whose findings score the year: ``run_id``, else the latest audit run of the year
    that stored findings."""
    if run_id is not None:
        return session.get(AuditRun, run_id)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    latest = (
        select(AuditRun)
        .join(FindingRow, FindingRow.run_id == AuditRun.id)
        .where(AuditRun.as_of >= start, AuditRun.as_of <= end, AuditRun.status != "failed")
        .group_by(AuditRun.id)
        .having(func.count(FindingRow.id) > 0)
        .order_by(AuditRun.as_of.desc(), AuditRun.id.desc())
        .limit(1)
    )
    return session.scalars(latest).first()


def not_audited(
    config: AuditConfig, run: AuditRun | None, findings: list[FindingInput], year: int
) -> dict[str, str]:
    """Unit id → why the scored run does not cover it; units it covers are absent."""
    if run is None and not findings:
        return dict.fromkeys((u.id for u in config.units), f"{year}年{NO_AUDIT}")
    covered = {str(u) for u in (run.unit_ids if run is not None else [])} | {f.unit_id for f in findings}
    return {u.id: (NO_SITE if not u.has_site else NOT_IN_RUN) for u in config.units if u.id not in covered}


def load_findings(session: Session, *, run_id: int | None) -> list[FindingInput]:
    """The run's findings (without a run: those stored without one); an undecided finding is
    titled with its check's name, so the provisional reason reads in Chinese."""
    from checks.runner import load_all

    checks = load_all()
    query = select(FindingRow)
    query = (
        query.where(FindingRow.run_id == run_id)
        if run_id is not None
        else query.where(FindingRow.run_id.is_(None))
    )
    out: list[FindingInput] = []
    for f in session.scalars(query.order_by(FindingRow.id)):
        title = f.title
        if f.severity == "undecided" and f.check_id in checks:
            title = f"「{checks[f.check_id].title}」"
        out.append(
            FindingInput(
                id=f.id,
                unit_id=f.unit_id,
                check_id=f.check_id,
                severity=f.severity,
                title=title,
                url=f.url,
                measured=dict(f.measured or {}),
                message=f.message or "",
            )
        )
    return out


def load_inspections(session: Session, year: int) -> list[InspectionInput]:
    rows = session.scalars(select(InspectionResult).where(InspectionResult.quarter.like(f"{year}Q%")))
    return [
        InspectionInput(unit_id=r.unit_id, quarter=r.quarter, score=r.score, provisional=_open(r))
        for r in rows
    ]


def _open(row: InspectionResult) -> str:
    """Why a quarter's result is not final: what its nights could not decide."""
    undecided = [u for u in row.undecided or [] if isinstance(u, dict)]
    if not undecided:
        return ""
    return f"{len(undecided)} 项检查未能判定"


def stored_entries(session: Session, year: int) -> list[EntryInput]:
    rows = session.scalars(
        select(ManualEntry)
        .where(ManualEntry.year == year, ManualEntry.active.is_(True))
        .order_by(ManualEntry.id)
    )
    return [
        EntryInput(
            unit_id=m.unit_id,
            item=m.item,
            id=m.id,
            ref=f"{Path(m.source_file).name if m.source_file else 'db'}",
            events=m.events,
            deduction=m.deduction,
            value=m.value,
            rank=m.rank,
            bonus_events=m.bonus_events,
            bonus=m.bonus,
            cases=m.cases,
            confirm=m.confirm,
            override_reason=m.override_reason,
            note=m.note,
            evidence=m.evidence,
            entered_by=m.entered_by,
            entered_at=m.entered_at,
        )
        for m in rows
    ]


def store_scores(db: Database, scores: list[UnitScore], year: int) -> None:
    with db.session() as session, session.begin():
        ids = [s.unit_id for s in scores]
        session.execute(delete(ScoreRow).where(ScoreRow.year == year, ScoreRow.unit_id.in_(ids)))
        now = utcnow()
        for s in scores:
            dumped = s.model_dump(mode="json")
            session.add(
                ScoreRow(
                    year=year,
                    unit_id=s.unit_id,
                    unit_class=s.unit_class,
                    total=s.total,
                    grade=s.grade,
                    rank=s.rank,
                    items=s.item_scores(),
                    explanation={k: v for k, v in dumped.items() if k not in ("unit_id", "year")},
                    computed_at=now,
                )
            )


@dataclass(kw_only=True)
class LoadReport:
    path: str
    year: int
    created: list[int] = field(default_factory=list)
    deactivated: list[int] = field(default_factory=list)
    unchanged: int = 0


_COMPARED = ENTRY_VALUES


def load_entries_file(
    db: Database, config: AuditConfig, path: Path, *, year: int | None = None, entered_by: str | None = None
) -> LoadReport:
    """Store a file's entries: for each (unit, item) it names, its entries replace the active ones."""
    parsed: EntriesFile = load_entries(path, config, rubrics_for(config), entered_by=entered_by)
    the_year = year or parsed.year or config.settings.audit.year
    actor = entered_by or parsed.assessor or config.settings.audit.operator
    report = LoadReport(path=str(path), year=the_year)
    given: dict[tuple[str, str], list[EntryInput]] = defaultdict(list)
    for e in parsed.entries:
        given[(e.unit_id, e.item)].append(e)
    with db.session() as session, session.begin():
        for (unit_id, item), new in given.items():
            old = list(
                session.scalars(
                    select(ManualEntry)
                    .where(
                        ManualEntry.year == the_year,
                        ManualEntry.unit_id == unit_id,
                        ManualEntry.item == item,
                        ManualEntry.active.is_(True),
                    )
                    .order_by(ManualEntry.id)
                )
            )
            if sorted(_key(o) for o in old) == sorted(_key(n) for n in new):
                report.unchanged += len(new)
                continue
            for o in old:
                o.active = False
                session.flush()
                ledger.append(
                    session,
                    actor=actor,
                    action="deactivate",
                    entity="manual_entry",
                    entity_id=str(o.id),
                    payload=ledger.entry_payload(o),
                )
                report.deactivated.append(o.id)
            for n in new:
                row = ManualEntry(
                    year=the_year,
                    unit_id=unit_id,
                    item=item,
                    events=n.events,
                    deduction=n.deduction,
                    value=n.value,
                    rank=n.rank,
                    bonus_events=n.bonus_events,
                    bonus=n.bonus,
                    cases=n.cases,
                    confirm=n.confirm,
                    override_reason=n.override_reason,
                    note=n.note,
                    evidence=n.evidence,
                    entered_by=n.entered_by or actor,
                    entered_at=utcnow(),
                    source_file=f"{path.name}:{n.ref.rsplit(':', 1)[-1]}",
                    active=True,
                )
                session.add(row)
                session.flush()
                ledger.append(
                    session,
                    actor=row.entered_by,
                    action="create",
                    entity="manual_entry",
                    entity_id=str(row.id),
                    payload=ledger.entry_payload(row),
                )
                report.created.append(row.id)
    return report


def _key(entry: ManualEntry | EntryInput) -> tuple[object, ...]:
    return tuple(getattr(entry, name) for name in _COMPARED)


def verify_log(db: Database, documents: list[Path] | None = None) -> ledger.LedgerReport:
    with db.session() as session:
        return ledger.verify(session, documents)


def change_log(db: Database, limit: int = 50) -> list[dict[str, object]]:
    from storage.models import ChangeLogEntry

    with db.session() as session:
        rows = session.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id.desc()).limit(limit))
        return [
            {
                "id": r.id,
                "at": r.at.isoformat(timespec="seconds"),
                "actor": r.actor,
                "action": r.action,
                "entity": r.entity,
                "entity_id": r.entity_id,
                "payload": r.payload,
                "hash": r.hash[:12],
            }
            for r in rows
        ]
