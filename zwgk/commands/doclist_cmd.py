"""``zwgk doclist template`` and ``zwgk doclist check UNIT FILE``: the unit's own document list
(Annex 5 item 5) — a blank template, and the list cross-checked against the site.

``check`` reads the unit's latest stored audit run (or ``--run N``; ``--sandbox`` walks the
simulated web in-process instead), fetches the listed links that run did not store, then runs
the pure ``checks.doclist.crosscheck``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from checks.context import CheckContext
from checks.doclist import DocList, DocListError, DocListResult, crosscheck, read_doclist, write_template
from config.settings import AuditConfig, UnitConfig
from pages.urls import canonicalize
from storage.snapshot import SnapshotPage, UnitSnapshot
from zwgk.console import ConfigOption, console, fail, load_or_fail, open_database
from zwgk.simulated import sandbox_option, simulated_web

app = typer.Typer(help="公文列表 the unit's document list (Annex 5 item 5).", no_args_is_help=True)


@app.command("template")
def template(
    out: Path = typer.Option(Path("公文列表模板.xlsx"), "--out", "-o", help="Where to write the XLSX."),
    unit: str | None = typer.Option(None, "--unit", help="Put this unit's name in the title row."),
    year: int | None = typer.Option(None, "--year", help="The year listed (default: audit.year)."),
    config: Path | None = ConfigOption,
) -> None:
    """Write the blank document list a unit fills in (公文全称, 文号, 公开属性, …)."""
    cfg = load_or_fail(config)
    name = None
    if unit:
        try:
            name = cfg.unit(unit).display_name
        except KeyError:
            fail(f"unknown unit {unit!r} (see `zwgk units`)")
    path = write_template(out, unit_name=name, year=year or cfg.settings.audit.year)
    console.print(f"[green]已生成模板 template written:[/] {path}")


@app.command("check")
def check(
    unit: str = typer.Argument(..., help="Unit id or Chinese name."),
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="The unit's list (XLSX or CSV)."),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
    run: int | None = typer.Option(None, "--run", help="Audit run to check against (default: latest)."),
    sandbox: bool = sandbox_option("Walk the simulated web instead of a stored run."),
    seed: int = typer.Option(1, "--seed", help="Sandbox seed (with --sandbox)."),
    no_fetch: bool = typer.Option(False, "--no-fetch", help="Do not fetch listed links the run lacks."),
    config: Path | None = ConfigOption,
) -> None:
    """Cross-check a unit's document list against its site: links, claimed forms, completeness,
    文号 gaps and the share of 依申请公开/不予公开."""
    cfg = load_or_fail(config)
    try:
        target = cfg.unit(unit)
    except KeyError:
        fail(f"unknown unit {unit!r} (see `zwgk units`)")
    try:
        doclist = read_doclist(file)
    except DocListError as exc:
        fail(str(exc))
    snapshot = _sandbox_snapshot(target, seed) if sandbox else _stored_snapshot(cfg, target, run)
    if not no_fetch:
        snapshot = with_fetched(snapshot, _fetch_missing(cfg, snapshot, listed_urls(doclist), sandbox, seed))
    result = crosscheck(doclist, CheckContext(snapshot, cfg.settings))
    if as_json:
        print(json.dumps(result_json(result, doclist), ensure_ascii=False, indent=2, default=str))
        return
    _print(result, doclist)


def listed_urls(doclist: DocList) -> list[str]:
    urls: list[str] = []
    for row in doclist.rows:
        for url in (row.policy_url, *row.interpretation_urls):
            if url and url not in urls:
                urls.append(url)
    return urls


def with_fetched(snapshot: UnitSnapshot, pages: Iterable[SnapshotPage]) -> UnitSnapshot:
    extra = list(pages)
    if not extra:
        return snapshot
    return UnitSnapshot(
        unit=snapshot.unit,
        as_of=snapshot.as_of,
        run_id=snapshot.run_id,
        pages=[*snapshot.pages, *extra],
        links=snapshot.links,
        dns=snapshot.dns,
        probes=snapshot.probes,
        notes=snapshot.notes,
    )


def result_json(result: DocListResult, doclist: DocList) -> dict[str, Any]:
    return {
        "unit": result.unit_id,
        "file": doclist.path,
        "sheet": doclist.sheet,
        "header_row": doclist.header_row,
        "columns": doclist.columns,
        "measured": result.measured,
        "findings": [
            {
                "check_id": f.check_id,
                "severity": f.severity,
                "title": f.title,
                "message": f.message,
                "url": f.url,
                "measured": f.measured,
                "evidence": f.evidence,
            }
            for f in result.findings
        ],
    }


def _print(result: DocListResult, doclist: DocList) -> None:
    m = result.measured
    console.print(
        f"[bold]{result.unit_id}[/] {doclist.path}: {m['rows']} 行 rows (主动公开 {m['proactive']}, "
        f"依申请公开 {m['on_request']}, 不予公开 {m['withheld']}); 网站政策文件 {m['site_policies']}, "
        f"解读 {m['site_interpretations']}"
    )
    if not result.findings:
        console.print("[green]未发现问题 no problems found.[/]")
        return
    table = Table(show_lines=True)
    for column in ("检查项 check", "问题 problem", "链接 url"):
        table.add_column(column, overflow="fold")
    for f in result.findings:
        table.add_row(f.check_id, f.message, f.url or "—")
    console.print(table)


def _stored_snapshot(cfg: AuditConfig, unit: UnitConfig, run: int | None) -> UnitSnapshot:
    from sqlalchemy import select

    from storage.models import Fetch
    from storage.snapshot import load_snapshot

    db = open_database(cfg)
    try:
        with db.session() as session:
            if run is None:
                run = session.scalars(
                    select(Fetch.run_id)
                    .where(Fetch.unit_id == unit.id)
                    .order_by(Fetch.run_id.desc())
                    .limit(1)
                ).first()
            if run is None:
                fail(f"no stored audit run for {unit.id}; run `zwgk audit {unit.id}` first, or use --sandbox")
            return load_snapshot(session, run, unit)
    finally:
        db.dispose()


def _sandbox_snapshot(unit: UnitConfig, seed: int) -> UnitSnapshot:
    return simulated_web().walk_unit(unit.id, seed)


def _fetch_missing(
    cfg: AuditConfig, snapshot: UnitSnapshot, urls: list[str], sandbox: bool, seed: int
) -> list[SnapshotPage]:
    wanted = [u for u in urls if snapshot.page(u) is None and snapshot.page(canonicalize(u)) is None]
    if not wanted:
        return []
    if sandbox:
        with simulated_web().served(seed, own_process=False) as served:
            return asyncio.run(fetch_pages(served, wanted))
    return asyncio.run(fetch_pages(cfg, wanted))


async def fetch_pages(cfg: AuditConfig, urls: list[str]) -> list[SnapshotPage]:
    """Each URL fetched once through the crawler (politeness, SSRF guard, limits)."""
    from crawler.fetcher import Fetcher

    pages: list[SnapshotPage] = []
    async with Fetcher(cfg) as fetcher:
        for url in urls:
            r = await fetcher.fetch(url, purpose="doclist")
            pages.append(
                SnapshotPage(
                    url=url,
                    final_url=r.final_url or url,
                    status=r.status,
                    outcome=r.outcome,
                    reason=r.reason,
                    content_type=r.content_type,
                    headers=dict(r.headers),
                    body=r.body or None,
                    fetched_at=r.started_at,
                    purpose="doclist",
                    warc_file=r.warc.file if r.warc is not None else None,
                    warc_offset=r.warc.offset if r.warc is not None else None,
                )
            )
    return pages
