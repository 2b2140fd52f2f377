"""``zwgk score``: totals, grades and ranks; ``explain``, ``template``, ``load``, ``log``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.table import Table

from config import AuditConfig, ConfigError
from scoring import service
from scoring.entries import EntriesError
from scoring.model import PROVISIONAL_MARK, ItemScore, UnitScore
from scoring.parts import fmt
from scoring.template import template_toml, template_xlsx
from storage.atomic import write_text_atomic
from zwgk.console import ConfigOption, console, err_console, fail, load_or_fail, open_database

app = typer.Typer(
    help="Score the units on the rubric (Annex 3/4) and explain every point.", invoke_without_command=True
)

YearOption = typer.Option(None, "--year", help="Assessment year (default: the config's audit.year).")
InputsOption = typer.Option(None, "--inputs", help="An assessors' entries file (TOML/XLSX) to score with.")
OnlyOption = typer.Option(False, "--only-inputs", help="Score from the --inputs file alone (no stored data).")
RunOption = typer.Option(None, "--run", help="Findings of this audit run (default: the year's latest).")
JsonOption = typer.Option(False, "--json", help="Print JSON.")
FinalOption = typer.Option(
    False, "--final", help="Exit 1 unless every unit's score is final (no item 待核实)."
)

T = TypeVar("T")


def _guard(action: Callable[[], T]) -> T:
    try:
        return action()
    except EntriesError as exc:
        for problem in exc.problems:
            err_console.print(f"[bold red]错误 error:[/] {problem}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except ConfigError as exc:
        fail(str(exc))


def _scores(
    cfg: AuditConfig, year: int, inputs: Path | None, only: bool, run: int | None, store: bool
) -> list[UnitScore]:
    if only:
        if inputs is None:
            fail("--only-inputs needs --inputs FILE")
        return _guard(lambda: service.compute_from_entries(cfg, inputs, year=year))
    db = open_database(cfg)
    try:
        return _guard(
            lambda: service.compute_scores(db, cfg, year=year, run_id=run, entries_file=inputs, store=store)
        )
    finally:
        db.dispose()


@app.callback()
def score(
    ctx: typer.Context,
    year: int | None = YearOption,
    unit_class: str | None = typer.Option(None, "--class", help="Only class A or B."),
    inputs: Path | None = InputsOption,
    only_inputs: bool = OnlyOption,
    run: int | None = RunOption,
    as_json: bool = JsonOption,
    final: bool = FinalOption,
    config: Path | None = ConfigOption,
) -> None:
    """Totals, grades and ranks per unit (stored unless --only-inputs or --inputs); 待核实 marks
    a provisional item or total (an input undecided or absent) until an assessor resolves it."""
    if ctx.invoked_subcommand is not None:
        return
    if unit_class is not None and unit_class.upper() not in ("A", "B"):
        fail(f"--class must be A or B, got {unit_class!r}")
    cfg = load_or_fail(config)
    the_year = year or cfg.settings.audit.year
    scores = _scores(cfg, the_year, inputs, only_inputs, run, store=inputs is None)
    if unit_class:
        scores = [s for s in scores if s.unit_class == unit_class.upper()]
    scores.sort(key=lambda s: (s.unit_class, s.rank, s.unit_id))
    if as_json:
        sys.stdout.write(json.dumps([s.summary() for s in scores], ensure_ascii=False, indent=1) + "\n")
    else:
        _print_scores(scores, the_year)
    _warn_provisional(scores, the_year, final=final)


def _warn_provisional(scores: list[UnitScore], year: int, *, final: bool) -> None:
    open_ = [s for s in scores if s.provisional]
    if not open_:
        return
    unaudited = {s.not_audited for s in open_ if s.not_audited}
    if scores and all(s.not_audited == f"{year}年{service.NO_AUDIT}" for s in scores):
        err_console.print(
            f"[bold yellow]注意[/]：{year}年尚未运行审计，所有单位的自动评分项均为{PROVISIONAL_MARK}。",
            highlight=False,
        )
    elif unaudited:
        counts = "；".join(
            f"{why} {sum(1 for s in open_ if s.not_audited == why)} 个" for why in sorted(unaudited)
        )
        err_console.print(f"[yellow]未审计单位[/]：{counts}", highlight=False)
    err_console.print(
        f"[yellow]{len(open_)} 个单位的得分{PROVISIONAL_MARK}[/]（{sum(len(s.provisional_items) for s in open_)} 项）："
        "考核小组核实后录入 confirm = true 或改判；`zwgk score explain 单位 指标` 说明原因。",
        highlight=False,
    )
    if final:
        raise typer.Exit(1)


def _mark(provisional: bool) -> str:
    return f" {PROVISIONAL_MARK}" if provisional else ""


def _print_scores(scores: list[UnitScore], year: int) -> None:
    table = Table(title=f"{year} 年政务公开考核得分 scores")
    for column in (
        "类",
        "名次",
        "单位 unit",
        "id",
        "总分",
        "等次",
        "单项",
        "单项加分",
        "综合加分",
        "重大扣分",
        PROVISIONAL_MARK,
    ):
        left = ("单位 unit", "id", "等次", PROVISIONAL_MARK)
        table.add_column(column, justify="left" if column in left else "right")
    for s in scores:
        table.add_row(
            s.unit_class,
            str(s.rank),
            s.unit_name,
            s.unit_id,
            fmt(s.total) + _mark(s.provisional),
            s.grade,
            fmt(s.items_total),
            fmt(s.item_bonus_total),
            fmt(s.overall_bonus),
            f"−{fmt(s.major_deduction)}" if s.major_deduction else "",
            "、".join(s.provisional_items),
        )
    console.print(table)


@app.command("explain")
def explain(
    unit: str = typer.Argument(..., help="Unit id or Chinese name."),
    item: str = typer.Argument("TOTAL", help="Item code (A01…, B01…, BONUS, MAJOR) or TOTAL."),
    year: int | None = YearOption,
    inputs: Path | None = InputsOption,
    only_inputs: bool = OnlyOption,
    run: int | None = RunOption,
    as_json: bool = JsonOption,
    config: Path | None = ConfigOption,
) -> None:
    """Explain one item's score (or the total) of one unit, to the point."""
    cfg = load_or_fail(config)
    try:
        unit_id = cfg.unit(unit).id
    except KeyError:
        fail(f"unknown unit {unit!r}; give an id or a Chinese name from {cfg.path}")
    scores = _scores(cfg, year or cfg.settings.audit.year, inputs, only_inputs, run, store=False)
    found = next(s for s in scores if s.unit_id == unit_id)
    code = item.upper()
    if code == "TOTAL":
        if as_json:
            sys.stdout.write(found.model_dump_json(indent=1) + "\n")
            return
        _print_total(found)
        return
    try:
        explained = found.item(code)
    except KeyError:
        fail(f"{found.unit_name} (class {found.unit_class}) has no item {item!r}")
    if as_json:
        sys.stdout.write(explained.model_dump_json(indent=1) + "\n")
        return
    _print_item(found, explained)


def _print_item(unit: UnitScore, item: ItemScore) -> None:
    levels = " / ".join(x for x in (item.level1, item.level2, item.level3) if x)
    console.print(
        f"[bold]{unit.unit_name}[/] ({unit.unit_id}, {unit.unit_class} 类) — [bold]{item.code} {item.name}[/]  {levels}"
    )
    caps = f"扣分上限 {fmt(item.cap)}" if item.cap is not None else "扣分上限 无 (none stated)"
    console.print(
        f"赋分 {fmt(item.points)}；{caps}；考核方式 {item.method or '—'}；考核部门 {item.assessor or '—'}；"
        f"来源 {item.source}；规则 {item.rule}",
        highlight=False,
    )
    if item.status == "provisional":
        console.print(f"[bold yellow]{PROVISIONAL_MARK}[/]：{item.reason}", highlight=False)
    for line in item.lines:
        mark = f"[dim]{line.kind:>10}[/] "
        points = (
            f"  [bold]{'+' if line.points > 0 else ''}{fmt(line.points)}[/]"
            if line.points and line.kind != "result"
            else ""
        )
        console.print(f"{mark}{line.text}{points}", highlight=False)
    if item.cap_applied:
        console.print(
            f"[yellow]cap applied[/]: raw deduction {fmt(item.raw_deduction)} → {fmt(item.deduction)}"
        )
    if item.bonus_cap_applied:
        console.print(f"[yellow]bonus cap applied[/]: raw bonus {fmt(item.raw_bonus)} → {fmt(item.bonus)}")


def _print_total(unit: UnitScore) -> None:
    console.print(
        f"[bold]{unit.unit_name}[/] ({unit.unit_id}, {unit.unit_class} 类) {unit.year}：总分 {fmt(unit.total)}"
        f"{_mark(unit.provisional)}，{unit.grade}，第 {unit.rank} 名",
        highlight=False,
    )
    table = Table()
    for column in ("code", "指标", "赋分", "扣分", "得分", "加分", "来源", "上限"):
        table.add_column(column)
    for s in unit.items.values():
        table.add_row(
            s.code,
            s.name,
            fmt(s.points),
            fmt(s.deduction),
            fmt(s.score) + _mark(s.status == "provisional"),
            fmt(s.bonus) if s.bonus else "",
            s.source + (" (override)" if s.overridden else ""),
            "cap" if s.cap_applied else "",
        )
    console.print(table)
    for code in unit.provisional_items:
        console.print(f"[yellow]{PROVISIONAL_MARK}[/] {code}：{unit.item(code).reason}", highlight=False)
    for line in unit.lines:
        console.print(f"[dim]{line.kind:>10}[/] {line.text}", highlight=False)


@app.command("template")
def template(
    unit_class: str = typer.Option(..., "--class", help="A or B."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (.toml or .xlsx); TOML to stdout if omitted."
    ),
    fmt_name: str | None = typer.Option(None, "--format", help="toml or xlsx (default: from --output)."),
    year: int | None = YearOption,
    config: Path | None = ConfigOption,
) -> None:
    """A blank assessors' entries file for one class."""
    cfg = load_or_fail(config)
    chosen = unit_class.upper()
    if chosen not in ("A", "B"):
        fail(f"--class must be A or B, got {unit_class!r}")
    rubric = _guard(lambda: service.rubrics_for(cfg))[chosen]
    units = cfg.units_of_class(chosen)  # type: ignore[arg-type]
    kind = (fmt_name or (output.suffix.lstrip(".") if output else "toml")).lower()
    the_year = year or cfg.settings.audit.year
    if kind == "xlsx":
        if output is None:
            fail("an XLSX template needs --output FILE.xlsx")
        template_xlsx(rubric, units, the_year, output)
    elif kind == "toml":
        text = template_toml(rubric, units, the_year)
        if output is None:
            sys.stdout.write(text)
            return
        write_text_atomic(output, text)
    else:
        fail(f"--format must be toml or xlsx, got {kind!r}")
    console.print(f"wrote {output}")


@app.command("load")
def load(
    file: Path = typer.Argument(..., help="A filled entries file (TOML or XLSX)."),
    year: int | None = YearOption,
    by: str | None = typer.Option(
        None, "--by", help="Who enters them (default: the file's assessor, else the operator)."
    ),
    config: Path | None = ConfigOption,
) -> None:
    """Validate and store assessors' entries; every change goes to the hash-chained log."""
    cfg = load_or_fail(config)
    db = open_database(cfg)
    try:
        report = _guard(lambda: service.load_entries_file(db, cfg, file, year=year, entered_by=by))
    finally:
        db.dispose()
    console.print(
        f"{file}: {report.year} 年录入 — {len(report.created)} stored, {len(report.deactivated)} replaced, "
        f"{report.unchanged} unchanged",
        highlight=False,
    )


@app.command("log")
def log(
    verify: bool = typer.Option(False, "--verify", help="Recompute the hash chain; exit 1 if tampered."),
    limit: int = typer.Option(30, "--limit", help="How many recent records to show."),
    anchors: list[Path] = typer.Option(
        [],
        "--anchor",
        help="An issued score sheet (XLSX) or circular (DOCX) whose change-log head --verify checks too.",
    ),
    as_json: bool = JsonOption,
    config: Path | None = ConfigOption,
) -> None:
    """The change log of assessors' entries (newest first)."""
    cfg = load_or_fail(config)
    db = open_database(cfg)
    try:
        if verify:
            report = service.verify_log(db, anchors)
            if report.ok:
                console.print(f"[green]change log intact[/]: {report.records} records, chain verified")
                return
            for problem in report.problems:
                err_console.print(f"[bold red]tampered:[/] {problem}", highlight=False)
            raise typer.Exit(1)
        rows: list[dict[str, Any]] = service.change_log(db, limit)
    finally:
        db.dispose()
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    table = Table()
    for column in ("id", "at", "actor", "action", "entity", "what", "hash"):
        table.add_column(column)
    for r in rows:
        p = r["payload"]
        what = f"{p.get('unit_id')} {p.get('item')}" if isinstance(p, dict) else ""
        table.add_row(
            str(r["id"]),
            str(r["at"]),
            str(r["actor"] or ""),
            str(r["action"]),
            f"{r['entity']}#{r['entity_id']}",
            what,
            str(r["hash"]),
        )
    console.print(table)
