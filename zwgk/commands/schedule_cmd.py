"""``zwgk schedule``: the nightly audit, and the circular at each quarter's end."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import typer
from sqlalchemy import select

from config.loader import with_overrides
from config.settings import AuditConfig
from storage.models import AuditRun, Circular
from zwgk.commands.audit_cmd import execute
from zwgk.console import ConfigOption, console, fail, load_or_fail, open_database
from zwgk.pipeline import AuditOptions
from zwgk.schedule import missed_runs, next_run, parse_at, quarter_ends_on, quarter_of


def _last_success(config: AuditConfig) -> dt.datetime | None:
    db = open_database(config)
    try:
        with db.session() as session:
            return session.scalars(
                select(AuditRun.finished_at)
                .where(AuditRun.kind == "audit", AuditRun.status == "finished")
                .order_by(AuditRun.finished_at.desc())
            ).first()
    finally:
        db.dispose()


def _circular_written(config: AuditConfig, quarter: str) -> bool:
    db = open_database(config)
    try:
        with db.session() as session:
            return session.scalars(select(Circular.id).where(Circular.quarter == quarter)).first() is not None
    finally:
        db.dispose()


def run_cycle(config: AuditConfig, today: dt.date, out: Path) -> None:
    """Tonight's audit, as of today; at a quarter's end (or after it, if that night was missed)
    the quarter's circular too."""
    nightly = with_overrides(config, audit={"as_of": today, "year": today.year})
    quarter = quarter_of(today)
    due_circular = quarter_ends_on(today)
    previous = quarter_of(today.replace(day=1) - dt.timedelta(days=1))
    if not due_circular and previous != quarter and not _circular_written(config, previous):
        quarter, due_circular = previous, True  # the quarter's last night was missed
    options = AuditOptions(
        out_dir=out, quarter=quarter, year=int(quarter[:4]), report=due_circular, issued_on=today, fresh=False
    )
    console.print(
        f"[bold]{today}[/] 夜间审计 nightly audit" + (f" + {quarter} 通报 circular" if due_circular else "")
    )
    execute(nightly, options)


def schedule(
    config: Path | None = ConfigOption,
    at: str | None = typer.Option(None, "--at", help="Time of day HH:MM (default: schedule.nightly_at)."),
    once: bool = typer.Option(
        False, "--once", help="Run one cycle now and exit (for cron or a systemd timer)."
    ),
    out: Path | None = typer.Option(None, "--out", help="Where circulars go (default: schedule.output_dir)."),
) -> None:
    """Run the audit every night at the configured time and write the circular at each quarter's
    end. Missed nights are reported; a lock stops two audits overlapping."""
    cfg = load_or_fail(config)
    try:
        when = parse_at(at or cfg.settings.schedule.nightly_at)
    except ValueError as exc:
        fail(str(exc))
    folder = out or Path(cfg.settings.schedule.output_dir)
    while True:
        now = dt.datetime.now()
        missed = missed_runs(_last_success(cfg), now, when)
        if missed:
            days = "、".join(d.isoformat() for d in missed)
            console.print(f"[bold yellow]漏跑 missed runs:[/] {days} — running now to catch up.")
        if once or missed:
            run_cycle(cfg, now.date(), folder)
            if once:
                return
        wake = next_run(dt.datetime.now(), when)
        console.print(f"下次审计 next audit at {wake:%Y-%m-%d %H:%M}")
        time.sleep(max(1.0, (wake - dt.datetime.now()).total_seconds()))
        run_cycle(cfg, wake.date(), folder)
