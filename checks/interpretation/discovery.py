"""Find a unit's interpretation columns (政策解读 and variants) and policy-document columns in
its snapshot, and the documents they list — static, paginated and JavaScript-rendered lists.

A column is named by its ``ColumnName`` meta, its title, or the text of the links that lead to
it; a list page whose name matches ``interpretation_column_names`` is an interpretation column
(解读 wins over 文件: "政策文件解读" is about interpretations), one matching
``policy_column_names`` a policy column. Only in-scope documents count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from checks.context import CheckContext
from config.settings import InterpretationThresholds
from pages.items import Item
from pages.pageinfo import PageInfo
from pages.reader import LIST_KINDS
from pages.urls import canonicalize, in_scope
from storage.snapshot import SnapshotPage


@dataclass
class Listed:
    """A document as a list shows it, and the list pages it was seen on."""

    url: str
    title: str
    date: dt.date | None = None
    columns: list[str] = field(default_factory=list)


@dataclass
class Discovery:
    pages: dict[str, tuple[SnapshotPage, PageInfo]]  # canonical URL → page and its reading
    thresholds: InterpretationThresholds
    interpretation_columns: list[str] = field(default_factory=list)
    policy_columns: list[str] = field(default_factory=list)
    interpretations: dict[str, Listed] = field(default_factory=dict)  # canonical URL →
    policies: dict[str, Listed] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def read(self, url: str) -> tuple[SnapshotPage, PageInfo] | None:
        return self.pages.get(canonicalize(url))


def read_pages(ctx: CheckContext) -> dict[str, tuple[SnapshotPage, PageInfo]]:
    """Every readable page with its reading, by canonical URL (requested and final)."""
    read: dict[str, tuple[SnapshotPage, PageInfo]] = {}
    for page in ctx.readable_pages():
        info = ctx.info(page)
        if info is None:  # the reader failed on it: one hostile page does not stop the unit
            continue
        url = page.final_url or page.url
        for key in {canonicalize(page.url), canonicalize(url)}:
            read.setdefault(key, (page, info))
    return read


def column_names(
    page: SnapshotPage, info: PageInfo, link_texts: dict[str, set[str]], max_chars: int
) -> list[str]:
    """Short names only: a document's title ("视频解读：关于…的实施方案") does not name a column."""
    names = [info.column_name or "", info.title or ""]
    for url in {page.url, page.final_url}:
        names.extend(sorted(link_texts.get(canonicalize(url), ())))
    return [n.strip() for n in names if n and n.strip() and len(n.strip()) <= max_chars]


def is_document(info: PageInfo, t: InterpretationThresholds) -> bool:
    """A page that is one document, not a list of them. The reader may call a short article
    (a video and one "相关文件" link) a list of one dated link: a list of fewer than three items
    that has a document title of its own is read as a document."""
    if info.kind in ("article", "interpretation", "other"):
        return True
    return (
        info.kind == "list"
        and len(info.items) < t.document_list_min_items
        and len(info.title or "") > t.column_name_max_chars
    )


def column_type(names: list[str], thresholds: InterpretationThresholds) -> str | None:
    if any(word in name for name in names for word in thresholds.interpretation_column_names):
        return "interpretation"
    if any(word in name for name in names for word in thresholds.policy_column_names):
        return "policy"
    return None


def discover(ctx: CheckContext) -> Discovery:
    thresholds = ctx.settings.thresholds.interpretation
    snapshot = ctx.snapshot
    pages = read_pages(ctx)
    found = Discovery(pages=pages, thresholds=thresholds)
    scope = snapshot.unit.scope or ([snapshot.unit.homepage] if snapshot.unit.homepage else [])
    link_texts: dict[str, set[str]] = defaultdict(set)
    for link in snapshot.links:
        if (
            link.text
            and link.text.strip()
            and len(link.text.strip()) <= thresholds.column_link_text_max_chars
        ):
            link_texts[canonicalize(link.to_url)].add(link.text.strip())

    # List pages by their own names; a page without one (a Hanweb dataproxy answer, a
    # pagination page) takes the type of the list page that led to it.
    lists: list[tuple[SnapshotPage, PageInfo, str | None]] = []
    types: dict[str, str | None] = {}
    seen_pages: set[int] = set()
    for _key, (page, info) in sorted(pages.items()):
        if id(page) in seen_pages:
            continue
        seen_pages.add(id(page))
        url = page.final_url or page.url
        if info.kind in LIST_KINDS and not is_document(info, thresholds):
            ctype = column_type(
                column_names(page, info, link_texts, thresholds.column_name_max_chars), thresholds
            )
            lists.append((page, info, ctype))
            types[canonicalize(url)] = types[canonicalize(page.url)] = ctype
        elif info.kind in ("homepage", "column"):
            for group in info.item_groups:  # a landing page's 政策解读 / 政策文件 block
                _collect(found, column_type([group.name or ""], thresholds), url, list(group.items), scope)
    for page, info, ctype in lists:
        url = page.final_url or page.url
        if ctype is None and page.referrer:
            ctype = types.get(canonicalize(page.referrer))
        if ctype is not None and not info.items_complete and info.items_note:
            found.notes.append(f"{url}: {info.items_note}")
        _collect(found, ctype, url, list(info.items), scope)
    # A document listed as both (a 解读 column that also lists its policies) is an interpretation
    # only if its own page says so.
    for key in list(found.interpretations):
        if key in found.policies:
            read = found.read(key)
            if read is not None and read[1].kind == "interpretation":
                del found.policies[key]
            else:
                del found.interpretations[key]
    return found


def _collect(
    found: Discovery, ctype: str | None, column_url: str, items: list[Item], scope: list[str]
) -> None:
    if ctype is None:
        return
    columns = found.interpretation_columns if ctype == "interpretation" else found.policy_columns
    target = found.interpretations if ctype == "interpretation" else found.policies
    kept = 0
    for item in items:
        if not item.url or (scope and not in_scope(item.url, scope)):
            continue
        key = canonicalize(item.url)
        read = found.pages.get(key)
        if read is not None and not is_document(read[1], found.thresholds):
            continue  # a sub-column or pagination link, not a document
        listed = target.setdefault(key, Listed(url=key, title=item.title, date=item.date))
        if column_url not in listed.columns:
            listed.columns.append(column_url)
        kept += 1
    if kept and column_url not in columns:
        columns.append(column_url)
