"""Finding the 政府信息公开 column from the homepage, and its sub-sections (rules.md §1).

The column is the page, reached from the homepage through links that look like disclosure
links (text 政府信息公开 / 信息公开, paths /zfxxgk/ /xxgk/ /zwgk/), that links to the most
sub-sections; its title or ``ColumnName`` 政府信息公开 also marks it. It may live on another host
or under a prefix of the city portal: links are followed wherever the crawl stored the target.

Each sub-section is present (a link, and a target that opened), missing (no link, or the target
is gone: 404/410), or undecided (the target was blocked or failed, or the column page was).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from checks.context import CheckContext, is_gone, unreadable_reason
from pages.view import Link, View
from storage.snapshot import SnapshotPage

Status = Literal["present", "missing", "undecided"]

# sub-section → (link text pattern, URL hint pattern)
SUBSECTIONS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "guide": (re.compile(r"公开指南|^指南$"), re.compile(r"zfxxgkzn|xxgkzn|/gkzn/|/zn/", re.I)),
    "rules": (re.compile(r"公开制度|^制度$|^规章制度$"), re.compile(r"zfxxgkzd|xxgkzd|/gkzd/|/zd/", re.I)),
    "statutory": (re.compile(r"法定主动公开|法定公开内容"), re.compile(r"fdzdgknr|/fdzdgk", re.I)),
    "annual_report": (
        re.compile(r"公开年报|年度报告|^年报$"),
        re.compile(r"zfxxgknb|xxgknb|/gknb/|/ndbg/", re.I),
    ),
    "catalogue": (re.compile(r"公开目录|^目录$|基本目录"), re.compile(r"zfxxgkml|xxgkml|/gkml/", re.I)),
    "request": (
        re.compile(r"依申请|申请公开|公开申请|^申请$"),
        re.compile(r"ysqgk|zfxxgksq|/gksq/|/ysq/", re.I),
    ),
}
SUBSECTION_NAMES = {
    "guide": "政府信息公开指南",
    "rules": "政府信息公开制度",
    "statutory": "法定主动公开内容",
    "annual_report": "政府信息公开年报",
    "catalogue": "政府信息公开目录",
    "request": "依申请公开",
}
_COLUMN_TEXT = re.compile(r"政府信息公开|^信息公开$|信息公开专栏")
_COLUMN_URL = re.compile(r"/(zfxxgk|xxgk|zwgk)(/|$|_)", re.I)
_COLUMN_NAME = re.compile(r"政府信息公开(专栏)?")


@dataclass
class Subsection:
    key: str
    status: Status
    link: Link | None = None
    page: SnapshotPage | None = None
    reason: str | None = None

    @property
    def url(self) -> str | None:
        return self.link.url if self.link else None

    def evidence(self) -> list[dict[str, Any]]:
        if self.page is None:
            return []
        return [self.page.evidence(f"链接“{self.link.label}”" if self.link else None)]


@dataclass
class Column:
    status: Status
    page: SnapshotPage | None = None
    view: View | None = None
    path: list[Link] = field(default_factory=list)  # links followed from the homepage
    reason: str | None = None
    subsections: dict[str, Subsection] = field(default_factory=dict)

    @property
    def url(self) -> str | None:
        return self.page.final_url or self.page.url if self.page else None

    def sub(self, key: str) -> Subsection:
        return self.subsections.get(key) or Subsection(key, "undecided", reason=self.reason)


def _is_column_link(link: Link) -> bool:
    return bool(_COLUMN_TEXT.search(link.label) or _COLUMN_URL.search(link.url))


def _subsection_links(page_view: View, max_label: int) -> dict[str, Link]:
    found: dict[str, Link] = {}
    for key, (text, hint) in SUBSECTIONS.items():
        by_text = next(
            (link for link in page_view.links if len(link.label) <= max_label and text.search(link.label)),
            None,
        )
        by_url = next((link for link in page_view.links if hint.search(link.url)), None)
        if by_text or by_url:
            found[key] = by_text or by_url  # type: ignore[assignment]
    return found


def _marks_column(page_view: View) -> bool:
    names = (page_view.meta.get("ColumnName") or "", page_view.title.split("_")[0])
    return any(_COLUMN_NAME.fullmatch(name.strip()) for name in names)


def find_column(ctx: CheckContext) -> Column:
    """The column (use ``ctx.disclosure_column``: computed once per unit)."""
    limits = ctx.settings.thresholds.disclosure
    homepage = ctx.homepage
    if homepage is None:
        return Column("undecided", reason="首页未抓取 homepage not in the snapshot")
    problem = unreadable_reason(homepage)
    home_view = ctx.view(homepage)
    if problem or home_view is None:
        return Column("undecided", reason=f"首页无法读取 homepage not readable: {problem or 'not HTML'}")
    # Breadth-first over disclosure-looking links; score each page by the sub-sections it links.
    best: tuple[int, int, SnapshotPage, View, list[Link]] | None = None
    failed: list[str] = []
    seen = {homepage.final_url or homepage.url}
    frontier: list[tuple[SnapshotPage, View, list[Link]]] = [(homepage, home_view, [])]
    for hop in range(limits.column_max_hops + 1):
        next_frontier: list[tuple[SnapshotPage, View, list[Link]]] = []
        for page, page_view, path in frontier:
            links = len(_subsection_links(page_view, limits.subsection_label_max_chars))
            score = links + (2 if _marks_column(page_view) else 0)
            # nearest hop first: sub-section pages repeat the column's navigation further down
            if (
                hop > 0
                and links >= limits.column_min_subsection_links
                and (best is None or (-hop, score) > (best[1], best[0]))
            ):
                best = (score, -hop, page, page_view, path)
            for link in page_view.links:
                if not _is_column_link(link):
                    continue
                target = ctx.page(link.url)
                if target is None:
                    continue
                key = target.final_url or target.url
                if key in seen:
                    continue
                seen.add(key)
                reason = unreadable_reason(target)
                target_view = ctx.view(target)
                if reason or target_view is None:
                    if reason and _COLUMN_TEXT.search(link.label):
                        failed.append(reason)
                    continue
                next_frontier.append((target, target_view, [*path, link]))
        frontier = next_frontier
    if best is None:
        if failed:
            return Column(
                "undecided", reason="栏目页面无法读取 column page not readable: " + "; ".join(failed)
            )
        return Column("missing", page=homepage, view=home_view, reason="首页没有政府信息公开栏目链接")
    _, _, page, page_view, path = best
    column = Column("present", page=page, view=page_view, path=path)
    column.subsections = _subsections(ctx, page_view)
    return column


def _subsections(ctx: CheckContext, column_view: View) -> dict[str, Subsection]:
    links = _subsection_links(column_view, ctx.settings.thresholds.disclosure.subsection_label_max_chars)
    out: dict[str, Subsection] = {}
    for key in SUBSECTIONS:
        link = links.get(key)
        if link is None:
            out[key] = Subsection(key, "missing", reason="栏目页没有该子栏目链接")
            continue
        target = ctx.page(link.url)
        if is_gone(target):
            out[key] = Subsection(
                key, "missing", link, target, reason=f"链接打不开 HTTP {target.status if target else ''}"
            )
        elif unreadable_reason(target):
            out[key] = Subsection(key, "undecided", link, target, reason=unreadable_reason(target))
        else:
            out[key] = Subsection(key, "present", link, target)
    return out
