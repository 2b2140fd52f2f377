"""Scoring against storage (SQLite and PostgreSQL): entries loaded and logged, findings, ranks, ScoreRow."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, update

from config import load_config
from config.loader import DEFAULT_CONFIG
from scoring import service
from scoring.model import ItemScore
from storage.db import Database
from storage.models import AuditRun, ChangeLogEntry, FindingRow, InspectionResult, ManualEntry, ScoreRow

ROOT = Path(__file__).resolve().parent.parent
SANDBOX_ENTRIES = ROOT / "sandbox" / "manual-entries-2020.toml"
CONFIG = load_config(DEFAULT_CONFIG)


def _finding(run: int, unit: str, check: str, severity: str = "major", **measured: object) -> FindingRow:
    return FindingRow(
        run_id=run,
        unit_id=unit,
        check_id=check,
        topic=check.split(".")[0],
        severity=severity,
        title=f"{check} 标题",
        message="",
        measured=measured,
        fingerprint=f"{unit}:{check}",
    )


def _seed(db: Database) -> None:
    with db.session() as session, session.begin():
        old = AuditRun(as_of=dt.date(2020, 6, 1), status="finished")
        run = AuditRun(as_of=dt.date(2020, 12, 15), status="finished")
        session.add_all([old, run])
        session.flush()
        session.add(_finding(old.id, "yonghe", "disclosure.guide_missing"))  # an older run: not used
        session.add_all(
            [
                _finding(run.id, "yaodu", "disclosure.guide_missing"),
                _finding(run.id, "yaodu", "disclosure.annual_report_late", year=2019),
                _finding(run.id, "hongtong", "ipv6.readiness", "undecided"),
                _finding(run.id, "fgw", "interpretation.nontext_share", share=0.5, nontext=5, total=10),
                _finding(run.id, "daning", "doclist.false_text_claim", claimed="图解", detected="文字"),
                _finding(run.id, "xixian", "interpretation.missing", doc_number="隰政发〔2020〕3号"),
                _finding(run.id, "quwo", "interpretation.nontext_share", share=0.62),
            ]
        )
        for quarter in ("2020Q1", "2020Q2", "2020Q3", "2020Q4"):
            for n, unit in enumerate(("yaodu", "hongtong", "huozhou")):
                session.add(InspectionResult(quarter=quarter, unit_id=unit, score=95 - 5 * n, passed=True))
        session.add(InspectionResult(quarter="2019Q4", unit_id="huozhou", score=100, passed=True))


def _explained(item: ItemScore) -> bool:
    moved = sum(x.points or 0 for x in item.lines if x.kind in ("part", "entry", "cap", "rank"))
    if item.rule == "overall_bonus":
        moved = sum(x.points or 0 for x in item.lines if x.kind == "bonus")
    return abs(item.points + moved - item.score) < 1e-9 and any(x.kind == "result" for x in item.lines)


def test_load_score_store_and_verify(database_url: str) -> None:
    db = Database.open(database_url)
    try:
        _seed(db)
        report = service.load_entries_file(db, CONFIG, SANDBOX_ENTRIES)
        assert report.year == 2020 and len(report.created) == 45 and not report.deactivated
        again = service.load_entries_file(db, CONFIG, SANDBOX_ENTRIES)
        assert (len(again.created), again.unchanged) == (0, 45)
        assert service.verify_log(db).ok and service.verify_log(db).records == 45

        scores = {s.unit_id: s for s in service.compute_scores(db, CONFIG, year=2020)}
        assert len(scores) == 51
        for s in scores.values():  # every unit's every point is explained
            assert all(_explained(i) for i in [*s.items.values(), s.bonus_item, s.major_item] if i)
        yaodu = scores["yaodu"]
        # A09: guide missing −1 (the late annual report is context only) → 2; A24 mean 95 → rank 1 → 16
        assert yaodu.items["A09"].score == 2 and len(yaodu.items["A09"].finding_ids) == 1
        assert any(x.kind == "info" for x in yaodu.items["A09"].lines)
        assert (yaodu.items["A24"].rank, scores["hongtong"].items["A24"].score) == (1, 15)
        # huozhou: mean 85 (2019 ignored) → rank 3 → 14; A02 −3, A11 −2 → 100 − 2 − 3 − 2 = 93
        assert (scores["huozhou"].items["A24"].score, scores["huozhou"].total) == (14, 93)
        # fgw: 50 % against 70 % → 20 points, cap 6 → −1; B01 −1; B05 bonus 2 × 1 → 100 − 6 − 1 + 2 = 95
        assert (scores["fgw"].items["B14"].score, scores["fgw"].total) == (-1, 95)
        # quwo: the override (68.5 %) replaces the measured 62 % → −1; bonus 12 × 0.5 = 6 → 5
        assert scores["quwo"].items["A14"].score == 4 and scores["quwo"].items["A14"].overridden
        # xixian: the override events = 0 wins over interpretation.missing
        assert scores["xixian"].items["A13"].score == 3
        # daning: the false-text finding suggests; the assessor's case applies −10
        assert scores["daning"].major_item is not None and scores["daning"].major_deduction == 10
        assert scores["yonghe"].items["A09"].score == 3  # the older run's finding is not used
        with db.session() as session:
            rows = session.scalars(select(ScoreRow).where(ScoreRow.year == 2020)).all()
            assert len(rows) == 51
            row = next(r for r in rows if r.unit_id == "fgw")
            assert (row.total, row.grade, row.items["B14"]) == (95, "优秀", -1)
            assert row.explanation["items"]["B14"]["cap_applied"] is True
            stored = session.scalars(select(ManualEntry).where(ManualEntry.unit_id == "quwo")).all()
        assert scores["quwo"].items["A14"].entry_ids == [m.id for m in stored if m.item == "A14"]
        service.compute_scores(db, CONFIG, year=2020)  # recomputing replaces, not appends
        with db.session() as session:
            assert len(session.scalars(select(ScoreRow)).all()) == 51
    finally:
        db.dispose()


def test_changed_entries_replace_and_tampering_shows(database_url: str, tmp_path: Path) -> None:
    db = Database.open(database_url)
    try:
        first = tmp_path / "e.toml"
        first.write_text('[[entry]]\nunit = "yaodu"\nitem = "A01"\nevents = 1\n', encoding="utf-8")
        service.load_entries_file(db, CONFIG, first, year=2020, entered_by="张三")
        first.write_text(
            '[[entry]]\nunit = "yaodu"\nitem = "A01"\nevents = 2\nnote = "复核"\n', encoding="utf-8"
        )
        report = service.load_entries_file(db, CONFIG, first, year=2020, entered_by="李四")
        assert (len(report.created), len(report.deactivated)) == (1, 1)
        log = service.change_log(db)
        assert [r["action"] for r in log] == ["create", "deactivate", "create"]
        assert log[0]["actor"] == "李四"
        scores = {s.unit_id: s for s in service.compute_scores(db, CONFIG, year=2020, store=False)}
        assert scores["yaodu"].items["A01"].score == 1  # 3 − 2 × 1
        assert service.verify_log(db).ok

        with db.session() as session, session.begin():
            session.execute(update(ManualEntry).where(ManualEntry.active.is_(True)).values(events=0))
        problems = service.verify_log(db).problems
        assert len(problems) == 1 and "differs from its last logged state (events)" in problems[0]
        with db.session() as session, session.begin():
            session.execute(update(ManualEntry).where(ManualEntry.active.is_(True)).values(events=2))
            session.execute(update(ChangeLogEntry).where(ChangeLogEntry.id == 1).values(actor="王五"))
        assert service.verify_log(db).problems == ["record 1: hash mismatch (the record was altered)"]
    finally:
        db.dispose()


def test_entries_file_preview_replaces_stored_entries(sqlite_url: str, tmp_path: Path) -> None:
    db = Database.open(sqlite_url)
    try:
        service.load_entries_file(db, CONFIG, SANDBOX_ENTRIES)
        preview = tmp_path / "p.toml"
        preview.write_text('[[entry]]\nunit = "霍州市"\nitem = "A02"\ndeduction = 5\n', encoding="utf-8")
        scores = {
            s.unit_id: s
            for s in service.compute_scores(db, CONFIG, year=2020, entries_file=preview, store=False)
        }
        # 霍州市: A02 5 (preview, instead of the stored 3) + A11 2 (stored) → 93
        assert scores["huozhou"].total == 93 and scores["huozhou"].items["A02"].score == 0
        alone = {s.unit_id: s for s in service.compute_from_entries(CONFIG, preview, year=2020)}
        assert alone["huozhou"].total == 95 and alone["yaodu"].total == 100
    finally:
        db.dispose()


@pytest.mark.parametrize("year", [2021])
def test_a_year_without_data_scores_full_points(sqlite_url: str, year: int) -> None:
    db = Database.open(sqlite_url)
    try:
        scores = service.compute_scores(db, CONFIG, year=year, store=False)
        assert {s.total for s in scores} == {100} and {s.rank for s in scores} == {1}
    finally:
        db.dispose()
