"""inspection.column_stale and inspection.column_blank (rules.md §3, veto conditions).

Every column (a list page, its later pages folded in) is typed by its name
(``column_type_keywords``: news 14 days; notice and policy 180 days; basic 365 days). A column
whose newest dated item is older than its window is stale; a column with no item is blank.
Columns judged elsewhere (``column_exempt_keywords``: guide, rules, annual reports, catalogue,
interpretation, interaction) are left out. A list the stored HTML cannot show (written by
JavaScript, not rendered) is undecided. ``column_vetoes`` applies the three veto conditions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from checks.base import Check, CheckResult, Finding, finding, judged, register
from checks.context import CheckContext
from checks.inspection._common import item_dates
from config.settings import InspectionThresholds, Settings
from pages.meta import meta_value
from pages.pageinfo import PageInfo
from storage.snapshot import SnapshotPage

STALE_ID = "inspection.column_stale"
BLANK_ID = "inspection.column_blank"
COLUMN_KINDS = frozenset({"list", "catalogue"})
_LATER_PAGE = re.compile(
    r"(?:index|list|default)_(\d+)\.s?html?$|[?&](?:page|pageIndex|pageNo|p)=(\d+)", re.I
)
_TYPE_LABELS = {"news": "动态/要闻类", "notice": "通知公告类", "policy": "政策文件类", "basic": "基础信息类"}


class _Judged(Protocol):
    @property
    def check_id(self) -> str: ...
    @property
    def measured(self) -> dict[str, Any]: ...


@dataclass
class Column:
    name: str
    ctype: str
    url: str
    pages: list[SnapshotPage]
    dates: list[dt.date]
    complete: bool
    note: str | None


def column_type(name: str, t: InspectionThresholds) -> str | None:
    """news | notice | policy | basic, or None for an exempt column."""
    if any(word in name for word in t.column_exempt_keywords):
        return None
    for ctype, words in t.column_type_keywords.items():
        if any(word in name for word in words):
            return ctype
    return "basic"


def window_days(ctype: str, t: InspectionThresholds) -> int:
    if ctype == "news":
        return t.news_column_days
    if ctype in ("notice", "policy"):
        return t.notice_column_days
    return t.basic_column_days


def _column_name(info: PageInfo) -> str:
    return meta_value(info.meta, "ColumnName") or info.column_name or info.title or ""


def _directory(url: str) -> str:
    path = urlsplit(url).path
    return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"


def _later_page(url: str) -> bool:
    match = _LATER_PAGE.search(url)
    if match is None:
        return False
    number = match.group(1) or match.group(2)
    return number is not None and int(number) >= 1 and not (match.group(2) and int(number) == 1)


def find_columns(ctx: CheckContext) -> list[Column]:
    t = ctx.settings.thresholds.inspection
    home = ctx.homepage
    groups: dict[tuple[str, str], Column] = {}
    for page in ctx.readable_pages():
        if page is home:
            continue
        info = ctx.info(page)
        if info is None or info.kind not in COLUMN_KINDS:
            continue
        name = _column_name(info)
        ctype = column_type(name, t)
        if ctype is None or not name:
            continue
        key = (name, _directory(page.final_url or page.url))
        column = groups.get(key)
        if column is None:
            column = groups[key] = Column(name, ctype, page.url, [], [], True, None)
        column.pages.append(page)
        column.dates += item_dates(info, ctx.as_of)
        if not info.items and not info.items_complete:
            column.complete = False
            column.note = info.items_note
        if _later_page(column.url) and not _later_page(page.url):
            column.url = page.url
    return sorted(groups.values(), key=lambda c: c.url)


def scan_columns(ctx: CheckContext) -> tuple[list[Finding], list[Finding], dict[str, Any]]:
    t = ctx.settings.thresholds.inspection
    stale: list[Finding] = []
    blank: list[Finding] = []
    columns = find_columns(ctx)
    for column in columns:
        first = column.pages[0]
        label = _TYPE_LABELS[column.ctype]
        if not column.dates:
            if not column.complete:
                blank.append(
                    finding(
                        ctx, BLANK_ID, severity="undecided", title="栏目内容无法读取",
                        message=f"栏目“{column.name}”（{column.url}）的列表由脚本生成，未渲染无法判定是否为空",
                        url=column.url, measured={"name": column.name, "note": column.note},
                        evidence=[first.evidence(column.note)], key=column.url,
                    )
                )  # fmt: skip
                continue
            blank.append(
                finding(
                    ctx, BLANK_ID, severity="major", title="空白栏目",
                    message=f"栏目“{column.name}”（{column.url}）没有任何内容",
                    url=column.url, measured={"name": column.name, "type": column.ctype},
                    evidence=[first.evidence(f"栏目“{column.name}”无内容")], key=column.url,
                )
            )  # fmt: skip
            continue
        newest = max(column.dates)
        days = (ctx.as_of - newest).days
        window = window_days(column.ctype, t)
        if days > window:
            stale.append(
                finding(
                    ctx, STALE_ID, severity="major", title="栏目更新不及时",
                    message=(f"{label}栏目“{column.name}”（{column.url}）最新信息发布于 {newest.isoformat()}，"
                             f"已 {days} 天未更新（要求 {window} 天内）"),
                    url=column.url,
                    measured={"name": column.name, "type": column.ctype, "newest": newest.isoformat(),
                              "days": days, "window": window},
                    evidence=[first.evidence(f"最新条目 {newest.isoformat()}")], key=column.url,
                )
            )  # fmt: skip
    measured = {
        "columns": len(columns),
        "stale": len(stale),
        "blank": sum(1 for f in blank if f.severity != "undecided"),
        "vetoes": column_vetoes([*stale, *blank], ctx.settings),
    }
    return stale, blank, measured


def column_vetoes(problems: Iterable[_Judged], settings: Settings) -> list[str]:
    """The column veto items among stale/blank column problems: "columns_stale" for (a) news
    plus notice/policy columns beyond their windows, or (b) any columns long stale; and
    "columns_blank" for (c) too many blank columns."""
    t = settings.thresholds.inspection
    items = list(problems)
    stale = [p for p in items if p.check_id == STALE_ID]
    windowed = [p for p in stale if p.measured.get("type") in ("news", "notice", "policy")]
    blank = [p for p in items if p.check_id == BLANK_ID and "type" in p.measured]
    vetoes = []
    if len(windowed) >= t.veto_stale_columns_combined or len(stale) >= t.veto_stale_columns_any:
        vetoes.append("columns_stale")
    if len(blank) >= t.veto_blank_columns:
        vetoes.append("columns_blank")
    return vetoes


def _run(check_id: str, ctx: CheckContext) -> CheckResult:
    stale, blank, measured = ctx.derived("inspection_columns", scan_columns)
    mine = stale if check_id == STALE_ID else blank
    if check_id == STALE_ID:
        display = f"{measured['columns']} 个栏目中 {measured['stale']} 个更新不及时"
    else:
        display = f"{measured['columns']} 个栏目中 {measured['blank']} 个空白"
    vetoes = [v for v in measured["vetoes"] if (v == "columns_blank") == (check_id == BLANK_ID)]
    if vetoes:
        mine = [_as_veto(f) for f in mine]
    return judged(ctx, check_id, mine, display=display, measured={**measured, "vetoes": vetoes})


def _as_veto(f: Finding) -> Finding:
    if f.severity == "undecided":
        return f
    from dataclasses import replace

    return replace(f, severity="veto")


def run_stale(ctx: CheckContext) -> CheckResult:
    return _run(STALE_ID, ctx)


def run_blank(ctx: CheckContext) -> CheckResult:
    return _run(BLANK_ID, ctx)


STALE = register(
    Check(id=STALE_ID, title="栏目更新及时", failure_title="栏目更新不及时", topic="inspection",
          requires=("site", "homepage", "pages"), run=run_stale)
)  # fmt: skip
BLANK = register(
    Check(id=BLANK_ID, title="无空白栏目", failure_title="存在空白栏目", label="空白栏目", topic="inspection",
          requires=("site", "homepage", "pages"), run=run_blank)
)  # fmt: skip
