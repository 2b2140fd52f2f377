"""The catalogue (政府信息公开目录): kept up to date, entries classified (rules.md §1; 基本目录).

- ``disclosure.catalogue_stale``: the newest entry is older than ``catalogue_window_days``;
- ``disclosure.catalogue_unclassified``: entries without a classification (分类) or without an
  index number (索引号).

Entries are read from the catalogue page's table (a header row naming 索引号 / 分类 / 日期),
else from its dated list items (dates only; classification then cannot be judged).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from checks.base import Check, CheckResult, failed, finding, passed, register, undecided
from checks.context import CheckContext
from checks.disclosure.common import TOPIC_CATALOGUE
from pages.dates import parse_date
from pages.text import compact
from pages.view import View
from storage.snapshot import SnapshotPage

_INDEX = re.compile(r"索引号")
_CLASS = re.compile(r"分类|类别|主题")
_DATE = re.compile(r"日期|时间")
_TITLE = re.compile(r"名称|标题|文件")
_EMPTY = frozenset({"", "-", "—", "/", "无", "暂无"})


@dataclass
class Entry:
    title: str
    index_number: str | None
    classification: str | None
    date: dt.date | None


@dataclass
class Catalogue:
    page: SnapshotPage | None
    entries: list[Entry] = field(default_factory=list)
    has_table: bool = False
    reason: str | None = None

    @property
    def newest(self) -> dt.date | None:
        return max((e.date for e in self.entries if e.date), default=None)


def _columns(header: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, cell in enumerate(compact(c) for c in header):
        for key, pattern in (("index", _INDEX), ("class", _CLASS), ("date", _DATE), ("title", _TITLE)):
            if key not in found and pattern.search(cell):
                found[key] = i
                break
    return found if "index" in found or "class" in found else None


def _table_entries(page_view: View) -> list[Entry] | None:
    for table in page_view.tables:
        for h, header in enumerate(table):
            columns = _columns(header)
            if columns is None:
                continue
            entries = []
            for row in table[h + 1 :]:
                if len(row) < len(header):
                    continue

                def cell(key: str, row: list[str] = row, columns: dict[str, int] = columns) -> str | None:
                    value = row[columns[key]].strip() if key in columns else None
                    return None if value is None or value in _EMPTY else value

                entries.append(
                    Entry(cell("title") or "", cell("index"), cell("class"), parse_date(cell("date")))
                )
            return entries
    return None


def read_catalogue(ctx: CheckContext) -> Catalogue:
    column = ctx.disclosure_column
    if column.status != "present":
        return Catalogue(None, reason=f"专栏{column.status}：{column.reason}")
    sub = column.sub("catalogue")
    if sub.status != "present" or sub.page is None:
        return Catalogue(None, reason=f"目录子栏目{sub.status}：{sub.reason or sub.url}")
    page_view = ctx.view(sub.page)
    if page_view is None:
        return Catalogue(sub.page, reason=f"目录页面无法读取 {sub.url}")
    rows = _table_entries(page_view)
    if rows is not None:
        return Catalogue(sub.page, rows, has_table=True)
    page_info = ctx.info(sub.page)
    items = page_info.items if page_info else ()
    return Catalogue(sub.page, [Entry(i.title, None, None, i.date) for i in items])


def _stale(ctx: CheckContext) -> CheckResult:
    check_id = "disclosure.catalogue_stale"
    window = ctx.settings.thresholds.disclosure.catalogue_window_days
    catalogue = read_catalogue(ctx)
    if catalogue.page is None or catalogue.reason:
        return undecided(ctx, check_id, catalogue.reason or "")
    newest = catalogue.newest
    if newest is None:
        return undecided(ctx, check_id, "目录中没有带日期的条目")
    days = (ctx.as_of - newest).days
    measured = {
        "newest": newest.isoformat(),
        "days": days,
        "window": window,
        "entries": len(catalogue.entries),
    }
    if days <= window:
        return passed(ctx, check_id, f"最新条目 {newest.isoformat()}", measured)
    url = catalogue.page.final_url or catalogue.page.url
    return failed(
        ctx,
        check_id,
        f"目录{days}天未更新",
        [
            finding(
                ctx,
                check_id,
                title="政府信息公开目录长期未更新",
                message=f"目录 {url} 最新条目日期为{newest.isoformat()}，距{ctx.as_of.isoformat()}已{days}天（超过{window}天）。",
                url=url,
                measured=measured,
                evidence=[catalogue.page.evidence(f"最新条目 {newest.isoformat()}")],
            )
        ],
        measured,
    )


def _unclassified(ctx: CheckContext) -> CheckResult:
    check_id = "disclosure.catalogue_unclassified"
    catalogue = read_catalogue(ctx)
    if catalogue.page is None or catalogue.reason:
        return undecided(ctx, check_id, catalogue.reason or "")
    if not catalogue.has_table:
        return undecided(ctx, check_id, "目录不是带索引号/分类的表格，无法判定")
    bad = [e for e in catalogue.entries if not e.classification or not e.index_number]
    measured = {"entries": len(bad), "total": len(catalogue.entries)}
    if not bad:
        return passed(ctx, check_id, f"{len(catalogue.entries)}条均有分类和索引号", measured)
    url = catalogue.page.final_url or catalogue.page.url
    return failed(
        ctx,
        check_id,
        f"{len(bad)}条目录缺分类或索引号",
        [
            finding(
                ctx,
                check_id,
                title="政府信息公开目录条目缺少分类或索引号",
                message=f"目录 {url} 共{len(catalogue.entries)}条，其中{len(bad)}条没有分类或索引号："
                + "、".join(e.title[:20] for e in bad[:5])
                + "。",
                url=url,
                measured=measured,
                evidence=[
                    catalogue.page.evidence(
                        "；".join(
                            f"{e.title[:20]}｜{e.index_number or '（无索引号）'}｜{e.classification or '（无分类）'}"
                            for e in bad[:5]
                        )
                    )
                ],
            )
        ],
        measured,
    )


for _id, _title, _failure, _run in (
    ("disclosure.catalogue_stale", "目录及时更新", "目录长期未更新", _stale),
    ("disclosure.catalogue_unclassified", "目录条目分类、编号齐全", "目录条目缺分类或索引号", _unclassified),
):
    register(
        Check(
            id=_id, title=_title, failure_title=_failure, topic=TOPIC_CATALOGUE, requires=("pages",), run=_run
        )
    )
