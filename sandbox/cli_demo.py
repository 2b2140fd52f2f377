"""``zwgk demo`` (added by the sandbox's plugin): the README's main command — audit the simulated government web end to end."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from checks.groundtruth import Scorecard
from config.loader import with_overrides
from config.settings import AuditConfig
from storage.findings import findings_of_run
from zwgk.commands.audit_cmd import execute
from zwgk.console import console, open_database
from zwgk.pipeline import AuditOptions

ENTRIES = Path(__file__).resolve().parent / "manual-entries-2020.toml"


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
    from sandbox.cli_plugin import Sandbox

    with Sandbox().served(seed, own_process=True) as sandbox:
        config = with_overrides(sandbox, crawl={"data_dir": str(data_dir)})
        options = AuditOptions(
            out_dir=out, entries_file=ENTRIES if ENTRIES.exists() else None, quarter="2020Q4", year=2020
        )
        outcome = execute(config, options)
        card = _against_planted(config, outcome.run_id, seed)
        problems, unproven = _unproven(config)
    elapsed = time.monotonic() - started
    console.print(_summary(outcome.scores))
    console.print(
        f"\n[bold green]演示完成 demo finished[/] in {elapsed:.0f} s — {len(outcome.units)} units, "
        f"{outcome.findings} findings."
    )
    for label, path in _files(outcome.outputs):
        console.print(f"  {label}: [cyan]{path}[/]")
    console.print(_card_line(card))
    console.print(
        f"无可核验证据的问题 problems without verified evidence: {len(unproven)} / {problems}"
        + (f" — {', '.join(unproven[:10])}" if unproven else "")
    )


def _against_planted(config: AuditConfig, run_id: int, seed: int) -> Scorecard:
    """The run's findings against the defects the simulated web planted (its manifest)."""
    from checks.groundtruth import match_findings
    from sandbox.manifest import build_manifest

    db = open_database(config, migrate=False)
    try:
        with db.session() as session:
            rows = findings_of_run(session, run_id)
    finally:
        db.dispose()
    return match_findings(rows, build_manifest(seed), "")


def _unproven(config: AuditConfig) -> tuple[int, list[str]]:
    """The circular's problems, and those whose evidence is missing or does not verify."""
    from zwgk.evidence_links import unproven_problems

    db = open_database(config, migrate=False)
    try:
        with db.session() as session:
            return unproven_problems(session, config.settings.crawl.data_dir, "2020Q4")
    finally:
        db.dispose()


def _card_line(card: Scorecard) -> str:
    planted = sum(len(s.tp) + len(s.fn) for s in card.checks.values())
    exact = [c for c, s in card.checks.items() if s.exact]
    line = (
        f"对照埋设的 {planted} 个缺陷 against the {planted} planted defects: {len(exact)}/{len(card.checks)} "
        "check ids found every defect with no false alarm (recall and precision 1.00)"
    )
    if not card.perfect:
        line += "\n" + "\n".join(
            f"  [yellow]{c}[/]: recall {s.recall:.2f} precision {s.precision:.2f}"
            for c, s in sorted(card.checks.items())
            if c not in exact
        )
    return line


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
