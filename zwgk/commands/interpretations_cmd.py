"""``zwgk interpretations [UNIT…]``: per-unit policy-interpretation figures with the documents
behind them — policies, interpretations, non-text share, channel share, policies without an
interpretation, late interpretations (rules.md §5)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from checks.context import CheckContext
from checks.interpretation import UnitInterpretations
from config.settings import AuditConfig, UnitConfig
from storage.snapshot import UnitSnapshot
from zwgk.console import ConfigOption, console, fail, load_or_fail
from zwgk.simulated import sandbox_option, simulated_web


def interpretations(
    units: list[str] | None = typer.Argument(None, help="Unit ids or Chinese names (default: all)."),
    as_json: bool = typer.Option(False, "--json", help="Print every unit's figures and documents as JSON."),
    run: int | None = typer.Option(None, "--run", help="Audit run to read (default: each unit's latest)."),
    sandbox: bool = sandbox_option("Walk the simulated web instead of a stored run."),
    seed: int = typer.Option(1, "--seed", help="Sandbox seed (with --sandbox)."),
    config: Path | None = ConfigOption,
) -> None:
    """Policy interpretations per unit: forms, links to policies, lags in working days, channels."""
    cfg = load_or_fail(config)
    try:
        chosen = [cfg.unit(u) for u in units] if units else [u for u in cfg.units if u.has_site]
    except KeyError as exc:
        fail(f"unknown unit {exc.args[0]!r} (see `zwgk units`)")
    results = []
    for unit in chosen:
        snapshot = _snapshot(cfg, unit, run, sandbox, seed)
        if snapshot is None:
            console.print(f"[yellow]{unit.id}: 无已存储的审计数据 no stored run[/]")
            continue
        results.append(CheckContext(snapshot, cfg.settings).interpretations)
    if as_json:
        print(json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=2, default=str))
        return
    console.print(figures_table(results, cfg))
    for result in results:
        for note in result.notes:
            console.print(f"[dim]{result.unit_id}: {note}[/]")


def figures_table(results: list[UnitInterpretations], cfg: AuditConfig) -> Table:
    t = cfg.settings.thresholds.interpretation
    table = Table(title="政策解读 policy interpretations")
    for column in (
        "单位 unit",
        "政策文件",
        "解读",
        f"非纯文字 (≥{t.nontext_min_share:.0%})",
        f"其他渠道 (≥{t.other_channel_min_share:.0%})",
        "无解读",
        f"滞后 (>{t.max_lag_working_days}工作日)",
    ):
        table.add_column(column)
    for r in results:
        f = r.figures()
        table.add_row(
            r.unit_id,
            str(f["policies"]),
            str(f["interpretations"]),
            _share(f["nontext"], f["nontext_share"], t.nontext_min_share),
            _share(f["other_channel"], f["channel_share"], t.other_channel_min_share),
            _count(len(f["without_interpretation"])),
            _count(len(f["late"])),
        )
    return table


def _share(count: int, share: float | None, minimum: float) -> str:
    if share is None:
        return "—"
    colour = "green" if share >= minimum else "red"
    return f"[{colour}]{count} ({share:.0%})[/]"


def _count(n: int) -> str:
    return f"[red]{n}[/]" if n else "0"


def _snapshot(
    cfg: AuditConfig, unit: UnitConfig, run: int | None, sandbox: bool, seed: int
) -> UnitSnapshot | None:
    if sandbox:
        return simulated_web().walk_unit(unit.id, seed)
    from sqlalchemy import select

    from storage.models import Fetch
    from storage.snapshot import load_snapshot
    from zwgk.console import open_database

    db = open_database(cfg)
    try:
        with db.session() as session:
            run_id = run
            if run_id is None:
                run_id = session.scalars(
                    select(Fetch.run_id)
                    .where(Fetch.unit_id == unit.id)
                    .order_by(Fetch.run_id.desc())
                    .limit(1)
                ).first()
            if run_id is None:
                return None
            return load_snapshot(session, run_id, unit)
    finally:
        db.dispose()
