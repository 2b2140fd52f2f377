"""``zwgk report``: write the circular, score sheets and rectification lists from storage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from reports.circular import write_circular
from reports.publish import write_score_sheets
from zwgk.console import ConfigOption, console, fail, load_or_fail, open_database

app = typer.Typer(
    help="Write the documents officials receive, from what storage holds.", no_args_is_help=True
)


@app.command("circular")
def circular(
    quarter: str = typer.Option(..., "--quarter", help="e.g. 2020Q4"),
    out: Path = typer.Option(Path("out"), "--out", help="Output folder."),
    issued: str | None = typer.Option(None, "--issued", help="Date of issue YYYY-MM-DD (default: today)."),
    no_pdf: bool = typer.Option(False, "--no-pdf", help="Skip the PDF."),
    config: Path | None = ConfigOption,
) -> None:
    """The quarterly inspection circular (DOCX, HTML, PDF) and each unit's rectification list."""
    cfg = load_or_fail(config)
    try:
        issued_on = dt.date.fromisoformat(issued) if issued else dt.date.today()
    except ValueError:
        fail(f"--issued must be YYYY-MM-DD, got {issued!r}")
    db = open_database(cfg)
    try:
        with db.session() as session:
            files = write_circular(session, cfg, quarter, out, issued_on=issued_on, pdf=not no_pdf)
            session.commit()
    except LookupError as exc:
        fail(str(exc))
    finally:
        db.dispose()
    for label, path in (("DOCX", files.docx), ("HTML", files.html), ("PDF", files.pdf)):
        if path:
            console.print(f"{label}: [cyan]{path}[/]")
    console.print(
        f"整改清单 rectification lists: {len(files.rectification)} in [cyan]{files.rectification[0].parent}[/]"
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
