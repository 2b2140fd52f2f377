"""``zwgk report``: write the circular, score sheets and rectification lists from storage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from sqlalchemy.orm import Session

from config.periods import quarter_label, quarter_of
from config.settings import AuditConfig
from reports.circular import stored_issue_date, write_circular
from reports.publish import write_score_sheets
from zwgk.console import ConfigOption, console, fail, load_or_fail, open_database, valid_quarter

app = typer.Typer(
    help="Write the documents officials receive, from what storage holds.", no_args_is_help=True
)


@app.command("circular")
def circular(
    quarter: str = typer.Option(..., "--quarter", help="e.g. 2020Q4"),
    out: Path = typer.Option(Path("out"), "--out", help="Output folder."),
    issued: str | None = typer.Option(
        None,
        "--issued",
        help="成文日期 YYYY-MM-DD (default: circular.issue_dates, else the quarter's first circular, "
        "else audit.as_of or today when in the quarter).",
    ),
    no_pdf: bool = typer.Option(False, "--no-pdf", help="Skip the PDF."),
    config: Path | None = ConfigOption,
) -> None:
    """The quarterly inspection circular (DOCX, HTML, PDF) and each unit's rectification list."""
    quarter = valid_quarter(quarter)
    cfg = load_or_fail(config)
    try:
        given = dt.date.fromisoformat(issued) if issued else None
    except ValueError:
        fail(f"--issued must be YYYY-MM-DD, got {issued!r}")
    db = open_database(cfg)
    try:
        with db.session() as session:
            issued_on = given or _issue_date(session, cfg, quarter)
            files = write_circular(session, cfg, quarter, out, issued_on=issued_on, pdf=not no_pdf)
            session.commit()
    except LookupError as exc:
        fail(str(exc))
    finally:
        db.dispose()
    console.print(f"成文日期 {issued_on:%Y年%-m月%-d日}，发文字号 {files.data.doc_number}")
    for label, path in (("DOCX", files.docx), ("HTML", files.html), ("PDF", files.pdf)):
        if path:
            console.print(f"{label}: [cyan]{path}[/]")
    console.print(
        f"整改清单 rectification lists: {len(files.rectification)} in [cyan]{files.rectification[0].parent}[/]"
    )


def _issue_date(session: Session, cfg: AuditConfig, quarter: str) -> dt.date:
    """A circular written again keeps its date; a new one is dated in its own quarter."""
    stored = stored_issue_date(session, cfg, quarter)
    if stored is not None:
        return stored
    for candidate in (cfg.settings.audit.as_of, dt.date.today()):
        if quarter_of(candidate) == quarter:
            return candidate
    fail(
        f"{quarter_label(quarter)}的通报没有记录成文日期 (no issue date stored for {quarter}): "
        "give --issued YYYY-MM-DD or set circular.issue_dates in the config"
    )


@app.command("sheets")
def sheets(
    year: int = typer.Option(2020, "--year"),
    out: Path = typer.Option(Path("out"), "--out", help="Output folder."),
    config: Path | None = ConfigOption,
) -> None:
    """The annual score sheets (XLSX, one per class) with deductions explained and manual entries."""
    cfg = load_or_fail(config)
    db = open_database(cfg)
    try:
        written = write_score_sheets(db, cfg, year=year, out_dir=out)
    except LookupError as exc:
        fail(str(exc))
    finally:
        db.dispose()
    for label, path in written.items():
        console.print(f"{label}: [cyan]{path}[/]")
