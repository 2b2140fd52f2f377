"""Write a quarter's circular in all formats, with charts and rectification lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from config.periods import add_working_days
from config.settings import AuditConfig
from reports.charts import write_charts
from reports.circular_data import CircularData, load_circular_data
from reports.circular_docx import write_circular_docx
from reports.circular_html import write_circular_html, write_circular_pdf
from reports.rectification import write_rectification_lists
from scoring.ledger import document_anchor
from storage.models import Circular


def stored_issue_date(session: Session, config: AuditConfig, quarter: str) -> dt.date | None:
    """The quarter's 成文日期 when written again: the setting, else the first stored circular's."""
    configured = config.settings.circular.issue_dates.get(quarter)
    if configured is not None:
        return configured
    first = session.scalars(select(Circular).where(Circular.quarter == quarter).order_by(Circular.id)).first()
    stored = (first.summary or {}).get("issued_on") if first else None
    return dt.date.fromisoformat(stored) if stored else None


@dataclass(frozen=True)
class CircularFiles:
    data: CircularData
    docx: Path
    html: Path
    pdf: Path | None
    rectification: list[Path]
    charts: dict[str, Path]


def write_circular(
    session: Session,
    config: AuditConfig,
    quarter: str,
    out_dir: Path,
    *,
    issued_on: dt.date,
    pdf: bool = True,
) -> CircularFiles:
    deadline = add_working_days(issued_on, config.settings.schedule.rectification_working_days)
    data = load_circular_data(session, config, quarter, issued_on=issued_on, deadline=deadline)
    folder = out_dir / quarter
    data.charts = write_charts(data, folder / "charts")
    data.ledger_anchor = document_anchor(session)
    stem = f"季度检查通报-{quarter}"
    docx = write_circular_docx(data, folder / f"{stem}.docx")
    html = write_circular_html(data, folder / f"{stem}.html")
    pdf_path = write_circular_pdf(data, folder / f"{stem}.pdf") if pdf else None
    lists = write_rectification_lists(data, folder / "整改清单")
    session.add(
        Circular(
            quarter=quarter,
            paths={
                "docx": str(docx),
                "html": str(html),
                "pdf": str(pdf_path) if pdf_path else None,
                "rectification": [str(p) for p in lists],
            },
            summary={
                "units": len(data.units),
                "passed": len(data.passed),
                "failed": len(data.failed),
                "problems": len(data.problems),
                "fixed": len(data.rectified),
                "issued_on": issued_on.isoformat(),
                "doc_number": data.doc_number,
            },
            rectification_deadline=deadline,
        )
    )
    return CircularFiles(data, docx, html, pdf_path, lists, data.charts)
