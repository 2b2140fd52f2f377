"""``zwgk page inspect``: how the auditor reads one page — the same code the checks use.

A file is read from disk (``--url`` tells where it was published, to resolve links and read
URL hints); a URL is fetched through the crawler's fetcher, with the config's network rules.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer
from rich.table import Table

from pages.reader import PageInfo, read_page
from zwgk.console import ConfigOption, console
from zwgk.one_document import load_document

app = typer.Typer(help="Read single pages as the auditor does.", no_args_is_help=True)

_KIND_LABELS = {
    "homepage": "首页 homepage",
    "column": "栏目页 column",
    "list": "列表页 list",
    "article": "文章 article",
    "guide": "公开指南 guide",
    "annual_report": "年度报告 annual report",
    "catalogue": "公开目录 catalogue",
    "interpretation": "政策解读 interpretation",
    "other": "其他 other",
}
_MAX_ITEMS_SHOWN = 30


@app.command("inspect")
def inspect(
    file_or_url: str = typer.Argument(..., help="A saved page (path) or an http(s) URL to fetch."),
    url: str | None = typer.Option(
        None, "--url", help="The page's address, for a file: resolves links, URL hints."
    ),
    rendered: Path | None = typer.Option(
        None, "--rendered", help="The DOM after JavaScript (saved HTML), for lists written by scripts."
    ),
    content_type: str | None = typer.Option(
        None, "--content-type", help="The HTTP Content-Type, for a file."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON contract instead of a summary."),
    crawl_date: str | None = typer.Option(
        None,
        "--crawl-date",
        help="The day the page was fetched (YYYY-MM-DD), for lists dated MM-DD; a URL fetched now: today.",
    ),
    config: Path | None = ConfigOption,
) -> None:
    """What the page is, its title, publish date, 文号, 索引号, meta tags, list items, encoding."""
    rendered_html = rendered.read_text(encoding="utf-8", errors="replace") if rendered else None
    document = load_document(file_or_url, config)
    if document.fetched:  # the server's type and the final address
        content_type, url = document.content_type, url or document.address
    crawled_on = _crawl_date(crawl_date) if crawl_date else (dt.date.today() if document.fetched else None)
    info = read_page(
        document.body, url=url, content_type=content_type, rendered_html=rendered_html, crawled_on=crawled_on
    )
    if as_json:
        typer.echo(json.dumps(info.to_json(), ensure_ascii=False, indent=2))
    else:
        show(info)


def _crawl_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"--crawl-date {text!r}: expected a date YYYY-MM-DD") from None


def show(info: PageInfo) -> None:
    """A readable summary: the facts, then the list items, then the meta tags."""
    data = info.to_json()
    facts = Table(show_header=False, box=None, pad_edge=False)
    facts.add_column(style="bold")
    facts.add_column()
    date = data["publish_date"] or "—"
    if data["publish_date_source"]:
        date += f"  (来源 from {data['publish_date_source']})"
    doc_number = data["doc_number"] or "—"
    if data["doc_number"] and data["doc_number_standard"] is False:
        doc_number += "  [yellow]不规范 non-standard form[/]"
    rows = [
        ("类型 kind", f"{_KIND_LABELS.get(info.kind, info.kind)}  ({'; '.join(info.kind_reasons)})"),
        ("标题 title", data["title"] or "—"),
        ("发布日期 published", date),
        ("成文日期 written", data["written_date"] or "—"),
        ("网址日期 URL date", data["url_date"] or "—"),
        ("文号 doc number", doc_number),
        ("索引号 index number", data["index_number"] or "—"),
        ("来源 source", data["source"] or "—"),
        ("网站标识码 site ID", data["site_id_code"] or "—"),
        ("栏目 column", data["column_name"] or "—"),
        (
            "编码 encoding",
            f"{data['encoding']} ({data['encoding_source']})"
            + ("  [yellow]标注错误 mislabelled[/]" if data["encoding_mislabelled"] else ""),
        ),
        ("正文 text", f"{data['text_length']} 字 chars, {data['links']} 链接 links"),
    ]
    if data["interpretation_form"]:
        rows.append(
            ("解读形式 form", f"{data['interpretation_form']}  ({'; '.join(data['interpretation_signals'])})")
        )
    if data["cited_doc_numbers"]:
        rows.append(("引用文号 cited", "、".join(data["cited_doc_numbers"][:10])))
    if data["report_year"]:
        rows.append(("报告年度 report year", str(data["report_year"])))
    for role, link in data["sections"].items():
        rows.append((f"子栏目 section {role}", f"{link['title']} → {link['url'] or link['href']}"))
    for label, value in rows:
        facts.add_row(label, value)
    console.print(facts)
    _show_items(info)
    if data["meta"]:
        meta = Table(title="元数据 meta tags", title_justify="left")
        meta.add_column("name")
        meta.add_column("content")
        for name, value in data["meta"].items():
            meta.add_row(name, value or "[dim](empty)[/]")
        console.print(meta)


def _show_items(info: PageInfo) -> None:
    if not info.items and info.kind not in ("homepage", "column", "list", "catalogue"):
        return  # an article lists nothing
    complete = "完整 complete" if info.items_complete else "[yellow]不完整 incomplete[/]"
    note = f" — {info.items_note}" if info.items_note else ""
    console.print(f"[bold]条目 items[/]: {len(info.items)}, {complete}{note}")
    if info.pagination:
        console.print(f"  分页 pagination: {info.pagination.to_json()}")
    if len(info.item_groups) > 1:
        for group in info.item_groups:
            newest = group.newest.isoformat() if group.newest else "—"
            console.print(
                f"  组 group {group.name or '(unnamed)'}: {len(group.items)} items, newest {newest}"
            )
    if not info.items:
        return
    table = Table(show_lines=False)
    table.add_column("#")
    table.add_column("日期 date", no_wrap=True)
    table.add_column("标题 title", overflow="fold")
    table.add_column("网址 url", overflow="fold")
    for number, item in enumerate(info.items[:_MAX_ITEMS_SHOWN], start=1):
        table.add_row(str(number), item.date.isoformat() if item.date else "—", item.title, item.url or "—")
    console.print(table)
    if len(info.items) > _MAX_ITEMS_SHOWN:
        console.print(f"  … {len(info.items) - _MAX_ITEMS_SHOWN} more (use --json)")
