"""The change log shows a deleted entry, a truncated log and a chain recomputed without the key."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update
from typer.testing import CliRunner

from config.loader import DEFAULT_CONFIG, load_config
from scoring import service
from scoring.ledger import GENESIS, record_hash
from scoring.ledger_seal import ANCHOR_FILE, KEY_FILE
from storage.db import Database
from storage.models import ChangeLogEntry, ManualEntry
from zwgk.cli import app

CONFIG = load_config(DEFAULT_CONFIG)
ENTRIES = (
    '[[entry]]\nunit = "yaodu"\nitem = "A01"\nevents = 1\n'
    '[[entry]]\nunit = "fgw"\nitem = "B10"\ndeduction = 2\n'
    '[[entry]]\nunit = "houma"\nitem = "A03"\ndeduction = 3\n'
)


@pytest.fixture
def loaded(database_url: str, tmp_path: Path) -> Database:
    db = Database.open(database_url, data_dir=tmp_path / "data")
    path = tmp_path / "e.toml"
    path.write_text(ENTRIES, encoding="utf-8")
    service.load_entries_file(db, CONFIG, path, year=2020, entered_by="张三")
    report = service.verify_log(db)
    assert report.ok and report.records == 3, report.problems
    return db


def test_the_key_and_anchors_live_outside_the_database(loaded: Database) -> None:
    key = loaded.ledger_dir / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_bytes()) == 32
    anchors = (loaded.ledger_dir / ANCHOR_FILE).read_text(encoding="utf-8").splitlines()
    with loaded.session() as session:
        last = session.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id.desc())).first()
    assert last is not None and f'"hash": "{last.hash}"' in anchors[-1] and f'"id": {last.id}' in anchors[-1]


def test_a_deleted_entry_row_is_named(loaded: Database) -> None:
    with loaded.session() as session, session.begin():
        session.execute(delete(ManualEntry).where(ManualEntry.unit_id == "houma"))
    (problem,) = service.verify_log(loaded).problems
    assert problem.startswith("manual entry 3 (houma A03, deduction = 3.0): in the change log (record 3)")
    assert problem.endswith("missing from manual_entries (deleted)")


def test_a_deleted_last_record_with_its_entry_is_named(loaded: Database) -> None:
    with loaded.session() as session, session.begin():
        session.execute(delete(ManualEntry).where(ManualEntry.unit_id == "houma"))
        session.execute(delete(ChangeLogEntry).where(ChangeLogEntry.id == 3))
    (problem,) = service.verify_log(loaded).problems
    assert problem.startswith("record 3 is missing from the change log, but ")
    assert f"{ANCHOR_FILE}:1 anchored it at " in problem and problem.endswith(
        "(records deleted from the log)"
    )


def test_a_chain_recomputed_without_the_key_is_named(loaded: Database) -> None:
    with loaded.session() as session, session.begin():
        session.execute(update(ManualEntry).where(ManualEntry.unit_id == "fgw").values(deduction=0.0))
        prev = GENESIS
        for record in session.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id)):
            if record.entity_id == "2":
                record.payload = {**record.payload, "deduction": 0.0}
            fields = (record.at, record.actor, record.action, record.entity, record.entity_id, record.payload)
            record.prev_hash, record.hash = prev, record_hash(prev, *fields)
            prev = record.hash
    problems = service.verify_log(loaded).problems
    assert [p for p in problems if "not sealed with the ledger key" in p] == [
        f"record {n}: not sealed with the ledger key (the chain was recomputed without the key, "
        "or written before the key existed)"
        for n in (1, 2, 3)
    ]
    assert any(p.startswith("record 3: differs from the head anchored in ") for p in problems)


def test_an_issued_sheet_anchors_the_head(loaded: Database, tmp_path: Path) -> None:
    sqlite = loaded.url.startswith("sqlite")
    service.compute_scores(loaded, CONFIG, year=2020)
    from reports.publish import write_score_sheets

    sheets = write_score_sheets(loaded, CONFIG, year=2020, out_dir=tmp_path / "out")
    sheet = sheets["score_sheet_B"]
    (loaded.ledger_dir / ANCHOR_FILE).unlink()  # the anchor file lost: the issued sheet still tells
    with loaded.session() as session, session.begin():
        session.execute(delete(ManualEntry).where(ManualEntry.unit_id == "houma"))
        session.execute(delete(ChangeLogEntry).where(ChangeLogEntry.id == 3))
    assert service.verify_log(loaded).ok
    (problem,) = service.verify_log(loaded, [sheet]).problems
    assert problem.startswith(f"record 3 is missing from the change log, but {sheet} anchored it")
    if sqlite:
        env = {"ZWGK_DATABASE_URL": loaded.url, "COLUMNS": "300"}
        result = CliRunner().invoke(app, ["score", "log", "--verify", "--anchor", str(sheet)], env=env)
        assert result.exit_code == 1 and "record 3 is missing" in result.output


def test_an_issued_circular_anchors_the_head(loaded: Database, tmp_path: Path) -> None:
    import datetime as dt

    from reports.circular import write_circular
    from storage.models import InspectionResult

    with loaded.session() as session:
        unit = next(u for u in CONFIG.units if u.has_site)
        session.add(
            InspectionResult(
                quarter="2020Q4", unit_id=unit.id, passed=True, score=95.0, vetoes=[], problems=[]
            )
        )
        session.commit()
        files = write_circular(
            session, CONFIG, "2020Q4", tmp_path / "out", issued_on=dt.date(2020, 12, 31), pdf=False
        )
    (loaded.ledger_dir / ANCHOR_FILE).unlink()
    with loaded.session() as session, session.begin():
        session.execute(delete(ManualEntry).where(ManualEntry.unit_id == "houma"))
        session.execute(delete(ChangeLogEntry).where(ChangeLogEntry.id == 3))
    (problem,) = service.verify_log(loaded, [files.docx]).problems
    assert problem.startswith(f"record 3 is missing from the change log, but {files.docx} anchored it")
