"""``zwgk annual-report check``: read one 政府信息公开工作年度报告 as the checks do.

HTML pages, PDF and DOCX files are read (a legacy .doc gives "undecided"); a URL is fetched
through the crawler's fetcher, with the config's network rules.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from checks.disclosure.annual_rules import arithmetic_failures, undecided_rules
from pages.annual_report import AnnualReport, read_annual_report
from zwgk.console import ConfigOption, console
from zwgk.one_document import load_document

app = typer.Typer(help="Read annual reports (政府信息公开工作年度报告).", no_args_is_help=True)

_SECTION_NAMES = ("总体情况", "主动公开", "收到和处理申请", "复议诉讼", "问题及改进", "其他事项")


@app.command("check")
def check(
    file_or_url: str = typer.Argument(..., help="A saved report (HTML, PDF, DOCX) or an http(s) URL."),
    content_type: str | None = typer.Option(
        None, "--content-type", help="The HTTP Content-Type, for a file."
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print JSON: year, format, sections, failures, blanks."
    ),
    config: Path | None = ConfigOption,
) -> None:
    """The year reported on, the format (2019/2021), the six sections, every rule of rules.md §2
    that fails (with its cells), and the blank cells."""
    document = load_document(file_or_url, config)
    report = read_annual_report(
        document.body, content_type=document.content_type or content_type, url=document.address
    )
    if as_json:
        data = report.to_json() | {
            "arithmetic_failures": [f.to_json() for f in arithmetic_failures(report)],
            "undecided_rules": [f.to_json() | {"reason": reason} for f, reason in undecided_rules(report)],
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        show(report)
    if report.undecided:
        raise typer.Exit(3)


def show(report: AnnualReport) -> None:
    if report.undecided:
        console.print(f"[bold yellow]无法判定 undecided:[/] {report.undecided}")
        return
    facts = Table(show_header=False, box=None, pad_edge=False)
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("标题 title", report.title or "—")
    facts.add_row("年度 year", str(report.year or "—"))
    facts.add_row("格式 format", f"{report.format or '—'}  ({', '.join(report.format_evidence)})")
    sections = "  ".join(
        f"{'[green]✓[/]' if n in report.sections else '[red]✗[/]'}{n} {name}"
        for n, name in enumerate(_SECTION_NAMES, 1)
    )
    facts.add_row("部分 sections", sections)
    facts.add_row("单元格 cells", f"表三 {len(report.requests)}，表四 {len(report.review)}")
    console.print(facts)
    failures = arithmetic_failures(report)
    if failures:
        table = Table(title="勾稽关系不符 arithmetic failures")
        for name in ("规则 rule", "位置 where", "左 left", "右 right", "单元格 cells"):
            table.add_column(name)
        for failure in failures:
            cells = "；".join(f"{c.label}={c.raw!r}" for c in failure.cells)
            table.add_row(failure.rule, failure.where, str(failure.left), str(failure.right), cells)
        console.print(table)
    undecided = undecided_rules(report)
    if not failures and not undecided:
        console.print("[green]勾稽关系全部成立 every arithmetic rule holds.[/]")
    for failure, reason in undecided:
        console.print(f"[yellow]无法判定 undecided:[/] {failure.rule} {failure.where}（{reason}）")
    blanks = report.blank_cells
    if blanks:
        console.print(
            f"[yellow]空白单元格 blank cells ({len(blanks)}):[/] " + "、".join(c.label for c in blanks)
        )
    for problem in report.problems:
        console.print(f"[yellow]注意 note:[/] {problem}")
