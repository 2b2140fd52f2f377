"""``zwgk demo``: the README's main command — audit the simulated government web end to end."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from config.loader import with_overrides
from zwgk.commands.audit_cmd import execute, sandbox_config
from zwgk.console import console
from zwgk.pipeline import AuditOptions

ENTRIES = Path(__file__).resolve().parents[2] / "sandbox" / "manual-entries-2020.toml"


def demo(
    out: Path = typer.Option(Path("out/demo"), "--out", help="Where the circular, sheets and lists go."),
    seed: int = typer.Option(1, "--seed", help="The simulated web's seed."),
    keep: bool = typer.Option(False, "--keep", help="Keep the previous demo database (resume it)."),
) -> None:
    """Start the simulated government web (51 units on loopback, with its own DNS), audit all
    units as of 2020-12-15, score them with the sandbox's assessor entries, and write the
    2020 Q4 circular (DOCX, HTML, PDF), the annual score sheets and the rectification lists."""
    started = time.monotonic()
    data_dir = Path("data") / "demo"
    if not keep and data_dir.exists():
        shutil.rmtree(data_dir)
    with sandbox_config(seed) as sandbox:
        config = with_overrides(sandbox, crawl={"data_dir": str(data_dir)})
        options = AuditOptions(
            out_dir=out, entries_file=ENTRIES if ENTRIES.exists() else None, quarter="2020Q4", year=2020
        )
        outcome = execute(config, options)
    elapsed = time.monotonic() - started
    console.print(_summary(outcome.scores))
    console.print(
        f"\n[bold green]演示完成 demo finished[/] in {elapsed:.0f} s — {len(outcome.units)} units, "
        f"{outcome.findings} findings."
    )
    for label, path in _files(outcome.outputs):
        console.print(f"  {label}: [cyan]{path}[/]")


def _summary(scores: list[Any]) -> Table:
    table = Table(title="2020年度政务公开考核 得分 (scores)")
    for column in ("类", "排名", "单位", "总分", "等次"):
        table.add_column(column)
    for score in sorted(scores, key=lambda s: (s.unit_class, s.rank)):
        table.add_row(score.unit_class, str(score.rank), score.unit_name, f"{score.total:g}", score.grade)
    return table


def _files(outputs: dict[str, Any]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for label, value in outputs.items():
        if isinstance(value, list):
            if value:
                rows.append((label, f"{Path(value[0]).parent} ({len(value)} files)"))
        elif value:
            rows.append((label, str(value)))
    return rows
