"""``zwgk audit``: the whole audit — crawl, measure, check, inspect, score, report."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import typer

from config.loader import with_overrides
from config.settings import AuditConfig
from zwgk.console import ConfigOption, console, fail, load_or_fail, open_database
from zwgk.lock import AuditLocked, audit_lock
from zwgk.pipeline import AuditOptions, AuditOutcome, run_audit
from zwgk.progress import RichProgress
from zwgk.simulated import sandbox_option, simulated_web


def parse_night(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"--as-of: not a date YYYY-MM-DD: {text!r}")


def at_night(config: AuditConfig, night: dt.date | None) -> AuditConfig:
    """``config`` audited as of ``night`` (unchanged when ``None``)."""
    return config if night is None else with_overrides(config, audit={"as_of": night})


def execute(config: AuditConfig, options: AuditOptions) -> AuditOutcome:
    db = open_database(config)
    try:
        with (
            audit_lock(config.settings.crawl.data_dir, db, config.settings.storage),
            RichProgress(console) as progress,
        ):
            return run_audit(config, db, options, progress)
    except AuditLocked as exc:
        fail(str(exc), code=3)
    finally:
        db.dispose()


def audit(
    units: list[str] | None = typer.Argument(None, help="Unit ids or Chinese names (default: all)."),
    config: Path | None = ConfigOption,
    sandbox: bool = sandbox_option("Audit the bundled simulated government web."),
    out: Path | None = typer.Option(None, "--out", help="Where reports go (default: schedule.output_dir)."),
    entries: Path | None = typer.Option(None, "--entries", help="Assessors' manual entries (TOML/XLSX)."),
    quarter: str | None = typer.Option(None, "--quarter", help="Quarter for the circular, e.g. 2020Q4."),
    fresh: bool = typer.Option(
        False, "--fresh", help="Start a new run instead of resuming an unfinished one."
    ),
    no_report: bool = typer.Option(False, "--no-report", help="Stop after scoring; write no documents."),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        help="The night audited, YYYY-MM-DD (default: audit.as_of if configured, else today; "
        "the sandbox keeps its own night).",
        show_default=False,
    ),
) -> None:
    """Run the audit: crawl every unit's site, measure IPv6 and availability, run every check,
    judge the quarter's inspection, score, and write the circular. An interrupted audit resumes."""
    night = parse_night(as_of) if as_of is not None else None
    options = AuditOptions(
        unit_ids=units or None,
        out_dir=out,
        entries_file=entries,
        quarter=quarter,
        fresh=fresh,
        report=not no_report,
    )
    started = time.monotonic()
    if sandbox:
        with simulated_web().served(1, own_process=True) as cfg:
            outcome = execute(at_night(cfg, night), options)
    else:
        cfg = at_night(load_or_fail(config), night)
        try:
            if units:
                [cfg.unit(u) for u in units]
        except KeyError as exc:
            fail(f"unknown unit {exc.args[0]!r} (see `zwgk units`)")
        outcome = execute(cfg, options)
    console.print(
        f"[green]审计完成 audit finished[/]: run {outcome.run_id}, {len(outcome.units)} units, "
        f"{outcome.findings} findings, {time.monotonic() - started:.0f} s"
    )
    for note in outcome.notes:
        console.print(f"[yellow]注意 note:[/] {note}", highlight=False)
