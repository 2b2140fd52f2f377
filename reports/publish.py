"""Everything the officials receive for a quarter and a year, written from storage."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from config.settings import AuditConfig
from reports.circular import write_circular
from reports.score_sheet_data import score_sheet
from reports.score_sheets import write_score_sheet
from scoring.ledger import document_anchor
from scoring.model import ENTRY_VALUES, UnitScore
from storage.db import Database
from storage.models import ManualEntry, ScoreRow


def stored_scores(db: Database, year: int) -> list[UnitScore]:
    with db.session() as session:
        rows = session.scalars(select(ScoreRow).where(ScoreRow.year == year).order_by(ScoreRow.id)).all()
        return [
            UnitScore.model_validate({**row.explanation, "unit_id": row.unit_id, "year": row.year})
            for row in rows
        ]


def stored_entries(db: Database, year: int, config: AuditConfig) -> list[dict[str, Any]]:
    classes = {u.id: u.unit_class for u in config.units}
    with db.session() as session:
        rows = session.scalars(
            select(ManualEntry).where(ManualEntry.year == year, ManualEntry.active).order_by(ManualEntry.id)
        ).all()
        return [
            {
                "unit": r.unit_id,
                "class": classes.get(r.unit_id),
                "item": r.item,
                **{key: getattr(r, key) for key in ENTRY_VALUES},
                "entered_by": r.entered_by,
                "entered_at": r.entered_at.isoformat(timespec="seconds") if r.entered_at else "",
            }
            for r in rows
        ]


def write_score_sheets(db: Database, config: AuditConfig, *, year: int, out_dir: Path) -> dict[str, Path]:
    scores = stored_scores(db, year)
    if not scores:
        raise LookupError(f"no scores stored for {year}: run `zwgk score` or an audit first")
    entries = stored_entries(db, year, config)
    with db.session() as session:
        anchor = document_anchor(session)
    written = {}
    for unit_class in ("A", "B"):
        sheet = replace(score_sheet(unit_class, year, scores, entries), ledger_anchor=anchor)
        if sheet.units:
            path = out_dir / f"{year}年度考核评分表-{unit_class}类.xlsx"
            written[f"score_sheet_{unit_class}"] = write_score_sheet(sheet, path)
    return written


def publish_all(
    db: Database,
    config: AuditConfig,
    *,
    quarter: str,
    year: int,
    out_dir: Path,
    issued_on: dt.date,
    pdf: bool = True,
) -> dict[str, Any]:
    with db.session() as session:
        files = write_circular(session, config, quarter, out_dir, issued_on=issued_on, pdf=pdf)
        session.commit()
    outputs: dict[str, Any] = {
        "circular_docx": files.docx,
        "circular_html": files.html,
        "circular_pdf": files.pdf,
        "rectification_lists": files.rectification,
    }
    outputs.update(write_score_sheets(db, config, year=year, out_dir=out_dir / str(year)))
    return outputs
