"""``zwgk crawl [UNIT…]``: crawl units' sites into storage, with live progress per unit."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import typer
from rich.live import Live
from rich.table import Table

from config.loader import with_overrides
from config.settings import AuditConfig
from crawler.run import CrawlEvent, CrawlSummary, crawl_units
from zwgk.console import ConfigOption, console, fail, load_or_fail, open_database
from zwgk.lock import AuditLocked, audit_lock
from zwgk.simulated import sandbox_option, simulated_web


class _Board:
    """The live table: one row per unit (pages, queue, errors, blocked, link checks)."""

    def __init__(self, unit_ids: list[str]) -> None:
        self.rows: dict[str, dict[str, Any]] = {u: {} for u in unit_ids}
        self.done: set[str] = set()
        self._last = 0.0
        self.live: Live | None = None

    def __call__(self, event: CrawlEvent) -> None:
        self.rows[event.unit_id] = event.stats
        if event.kind == "unit_done":
            self.done.add(event.unit_id)
        now = time.monotonic()
        if self.live is not None and (now - self._last > 0.2 or event.kind == "unit_done"):
            self._last = now
            self.live.update(self.table())

    def table(self) -> Table:
        table = Table(title=f"抓取 crawl — {len(self.done)}/{len(self.rows)} units done", expand=False)
        for column in ("unit", "pages", "queue", "errors", "blocked", "links", "rendered", "304", ""):
            table.add_column(column, justify="right" if column not in ("unit", "") else "left")
        for unit_id, stats in self.rows.items():
            if not stats:
                continue
            state = "[green]✓[/]" if unit_id in self.done else "…"
            table.add_row(
                unit_id,
                str(stats.get("pages", 0)),
                str(stats.get("queue", 0)),
                str(stats.get("errors", 0)),
                str(stats.get("blocked", 0)),
                str(stats.get("link_checks", 0)),
                str(stats.get("rendered", 0)),
                f"{100 * float(stats.get('share_304', 0)):.0f}%",
                state,
            )
        return table


def _summary(summary: CrawlSummary, elapsed: float) -> None:
    totals = summary.totals()
    console.print(
        f"[green]抓取完成 crawl finished[/]: run {summary.run_id}{' (resumed)' if summary.resumed else ''}, "
        f"{totals['pages']} pages, {totals['link_checks']} link checks, {totals['errors']} errors, "
        f"{totals['blocked']} blocked, {totals['rendered']} rendered, 304 share "
        f"{100 * totals['share_304']:.1f}%, {elapsed:.0f} s"
    )
    for note in summary.notes:
        console.print(f"[yellow]注意 note:[/] {note}")


def _run(cfg: AuditConfig, units: list[str] | None, fresh: bool, run_id: int | None) -> None:
    try:
        selected = [cfg.unit(u).id for u in units] if units else [u.id for u in cfg.units]
    except KeyError as exc:
        fail(f"unknown unit {exc.args[0]!r} (see `zwgk units`)")
    db = open_database(cfg)
    board = _Board(selected)
    started = time.monotonic()
    try:
        with (
            audit_lock(cfg.settings.crawl.data_dir, db, cfg.settings.storage),
            Live(board.table(), console=console, refresh_per_second=4, transient=False) as live,
        ):
            board.live = live
            summary = asyncio.run(
                crawl_units(cfg, db, unit_ids=selected, run_id=run_id, progress=board, resume=not fresh)
            )
            live.update(board.table())
    except AuditLocked as exc:
        fail(str(exc), code=3)
    finally:
        db.dispose()
    _summary(summary, time.monotonic() - started)


def crawl(
    units: list[str] | None = typer.Argument(None, help="Unit ids or Chinese names (default: all)."),
    config: Path | None = ConfigOption,
    sandbox: bool = sandbox_option("Crawl the bundled simulated government web."),
    fresh: bool = typer.Option(
        False, "--fresh", help="Start a new run instead of resuming an unfinished one."
    ),
    run_id: int | None = typer.Option(None, "--run", help="Add to (or resume) this audit run."),
    no_render: bool = typer.Option(False, "--no-render", help="Do not start Chromium."),
) -> None:
    """Crawl the units' sites and store everything seen (WARC, bodies, links, DNS). Judges nothing.
    An interrupted crawl resumes where it stopped; the next night sends conditional requests."""
    if sandbox:
        with simulated_web().served(1, own_process=False) as cfg:
            if no_render:
                cfg = with_overrides(cfg, crawl={"render_js": False})
            _run(cfg, units, fresh, run_id)
        return
    cfg = load_or_fail(config)
    if no_render:
        cfg = with_overrides(cfg, crawl={"render_js": False})
    _run(cfg, units, fresh, run_id)
