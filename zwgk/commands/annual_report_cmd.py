"""``zwgk annual-report check``: read one 政府信息公开工作年度报告 as the checks do.

HTML pages, PDF and DOCX files are read (a legacy .doc gives "undecided"); a URL is fetched
through the crawler's fetcher, with the config's network rules.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import typer
from rich.table import Table

from pages.annual_report import AnnualReport, read_annual_report
from zwgk.console import ConfigOption, console, fail, load_or_fail

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
    if file_or_url.startswith(("http://", "https://")):
        body, content_type, address = _fetch(file_or_url, config)
    else:
        path = Path(file_or_url)
        if not path.is_file():
            fail(f"no such file: {path}")
        body, address = path.read_bytes(), str(path)
    report = read_annual_report(body, content_type=content_type, url=address)
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        show(report)
    if report.undecided:
        raise typer.Exit(3)


def _fetch(address: str, config: Path | None) -> tuple[bytes, str | None, str]:
    try:
        from crawler.fetcher import Fetcher
    except ImportError:
        fail("fetching URLs needs the crawler (crawler.fetcher); save the file and pass its path")
    cfg = load_or_fail(config)

    async def run() -> tuple[bytes, str | None, str, str, str | None]:
        async with Fetcher(cfg) as fetcher:
            result = await fetcher.fetch(address, purpose="inspect")
        return result.body, result.content_type, result.final_url, result.outcome, result.reason

    body, content_type, final_url, outcome, reason = asyncio.run(run())
    if outcome not in ("ok", "not_modified") and not body:
        fail(f"{address}: {outcome}" + (f" ({reason})" if reason else ""))
    return body, content_type, final_url


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
    if report.arithmetic_failures:
        table = Table(title="勾稽关系不符 arithmetic failures")
        for name in ("规则 rule", "位置 where", "左 left", "右 right", "单元格 cells"):
            table.add_column(name)
        for failure in report.arithmetic_failures:
            cells = "；".join(f"{c.label}={c.raw!r}" for c in failure.cells)
            table.add_row(failure.rule, failure.where, str(failure.left), str(failure.right), cells)
        console.print(table)
    else:
        console.print("[green]勾稽关系全部成立 every arithmetic rule holds.[/]")
    blanks = report.blank_cells
    if blanks:
        console.print(
            f"[yellow]空白单元格 blank cells ({len(blanks)}):[/] " + "、".join(c.label for c in blanks)
        )
    for problem in report.problems:
        console.print(f"[yellow]注意 note:[/] {problem}")
