"""``zwgk inspect [UNIT…] [--quarter 2020Q4] [--json] [--rejudge]``: the quarterly inspection.

Each unit's nights of the quarter (its stored audit runs) are judged, folded into the quarter
(``checks.inspection.result.aggregate_quarter``) and stored as the quarter's inspection
result; the table (or JSON) shows pass/fail, the vetoes, the score and the problems. By
default a night is judged from the findings its run stored; ``--rejudge`` re-runs the
inspection checks over the run's stored pages (after a change of settings or checks).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from checks.inspection.result import QuarterResult, aggregate_quarter
from checks.inspection.stored import nights_from_findings, rejudge_nights, store_quarter
from config.periods import quarter_of
from config.settings import AuditConfig, UnitConfig
from storage.inspections import load_inspections
from zwgk.console import ConfigOption, console, fail, load_or_fail, open_database, valid_quarter

_VERDICT = {True: "[green]合格[/]", False: "[red]不合格[/]", None: "[yellow]未判定[/]"}


def _units(cfg: AuditConfig, keys: list[str]) -> list[UnitConfig]:
    if not keys:
        return [u for u in cfg.units if u.has_site]
    units = []
    for key in keys:
        try:
            units.append(cfg.unit(key))
        except KeyError:
            fail(f"no unit {key!r} (give an id or a name from the config)")
    return units


def quarter_json(result: QuarterResult) -> dict[str, Any]:
    return {
        "unit": result.unit_id,
        "quarter": result.quarter,
        "passed": result.passed,
        "vetoes": result.vetoes,
        "veto_labels": result.veto_labels,
        "score": result.score,
        "nights": result.nights,
        "problems": [p.to_json() for p in result.problems],
        "undecided": result.undecided,
    }


def inspect(
    units: list[str] | None = typer.Argument(
        None, metavar="[UNIT]...", help="Unit ids or names (default: all)."
    ),
    quarter: str | None = typer.Option(
        None, "--quarter", "-q", help="e.g. 2020Q4 (default: the as-of quarter)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
    rejudge: bool = typer.Option(False, "--rejudge", help="Re-run the checks over the stored crawls."),
    config: Path | None = ConfigOption,
) -> None:
    """The quarterly site inspection (国办秘函〔2019〕19号): pass/fail, vetoes, score, problems."""
    cfg = load_or_fail(config)
    settings = cfg.settings
    wanted = _units(cfg, list(units or []))
    q = valid_quarter(quarter) if quarter else quarter_of(settings.audit.as_of)
    db = open_database(cfg)
    results: list[QuarterResult] = []
    without: list[str] = []
    try:
        with db.session() as session:
            for unit in wanted:
                judge = rejudge_nights if rejudge else nights_from_findings
                nights = judge(session, unit, q, settings)
                if not nights:
                    without.append(unit.id)
                    continue
                result = aggregate_quarter(nights, settings, quarter=q)
                store_quarter(session, result)
                results.append(result)
            session.commit()
            stored = {r.unit_id: r for r in load_inspections(session, q, without)} if without else {}
    finally:
        db.dispose()
    if as_json:
        payload = [quarter_json(r) for r in results]
        payload += [
            {"unit": uid, "quarter": q, "passed": row.passed, "vetoes": row.vetoes, "score": row.score,
             "nights": row.nights, "problems": row.problems, "undecided": row.undecided, "stored": True}
            for uid, row in stored.items()
        ]  # fmt: skip
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not results and not stored:
        fail(f"no audit runs in {q} for these units: run an audit first", code=1)
    table = Table(title=f"{q} 网站检查结果")
    for column in ("单位 unit", "结果", "得分", "单项否决", "问题", "未判定", "检查夜"):
        table.add_column(column)
    names = {u.id: u.display_name for u in cfg.units}
    for r in sorted(results, key=lambda r: (-r.score, r.unit_id)):
        table.add_row(
            names.get(r.unit_id, r.unit_id),
            _VERDICT[r.passed],
            f"{r.score:g}",
            "、".join(r.veto_labels) or "—",
            str(len(r.problems)),
            "、".join(u["check_id"].removeprefix("inspection.") for u in r.undecided) or "—",
            str(len(r.nights)),
        )
    for uid, row in stored.items():
        table.add_row(names.get(uid, uid), _VERDICT[row.passed], f"{row.score:g}", "、".join(row.vetoes) or "—",
                      str(len(row.problems or [])), "(stored)", str(len(row.nights or [])))  # fmt: skip
    console.print(table)
    missing = [u for u in without if u not in stored]
    if missing:
        console.print(f"[yellow]{len(missing)} 个单位本季度无检查记录 no runs:[/] {'、'.join(missing)}")
