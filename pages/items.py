"""List items: dated links, grouped by the list that holds them.

A list row is the smallest element around a link that also shows a date and no other
document link: TRS ``<li><a>title</a><span>date</span></li>``, ``<dl><dd><a/></dd><dd>date</dd></dl>``,
table rows ``<tr><td><a/></td><td>date</td></tr>``. Rows sharing a parent form a group; a
group is named by the heading or tab above it (column pages show several: 最新文件, 公示公告…).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pages.dates import date_spans, url_date
from pages.text import clean, is_hidden
from pages.urls import join

_MONTH_DAY = re.compile(r"(?<![\d-])(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?![\d-])")
# A row whose only text besides its link is a month-day: "[09-10]", "09-10", "9月10日".
_ONLY_MONTH_DAY = re.compile(r"^[\[(（【]?\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*[\])）】]?$")
_MAX_CLIMB = 3  # a → dd → dl, a → td → tr: rows are never deeper than this
_MAX_ROW_TEXT = 400
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "b", "strong"})
_HEADING_CLASS_HINTS = ("tit", "hd", "head", "name", "lanmu", "column", "bt")
_SKIPPED_HREF_PREFIXES = ("javascript:", "mailto:", "tel:", "#")
_MORE_TEXTS = frozenset({"更多", "更多>", "更多>>", "more", "更多+", ">>", "查看更多"})


@dataclass(frozen=True)
class Item:
    title: str
    url: str | None
    date: dt.date | None
    month_day: str | None = None  # "09-10" as written, when the row shows no year

    def to_json(self) -> dict[str, str | None]:
        return {
            "title": self.title,
            "url": self.url,
            "date": self.date.isoformat() if self.date else None,
            "month_day": self.month_day,
        }


@dataclass
class ItemGroup:
    name: str | None
    items: list[Item] = field(default_factory=list)
    container_id: int = 0

    @property
    def newest(self) -> dt.date | None:
        dates = [item.date for item in self.items if item.date]
        return max(dates) if dates else None

    def to_json(self) -> dict[str, object]:
        newest = self.newest
        return {
            "name": self.name,
            "count": len(self.items),
            "newest": newest.isoformat() if newest else None,
            "items": [item.to_json() for item in self.items],
        }


def _anchor_title(anchor: LexborNode) -> str:
    # The title attribute holds the full title when the visible text is cut ("关于…").
    text = clean(anchor.text())
    full = clean(anchor.attributes.get("title") or "")
    if full and (not text or len(full) > len(text)):
        return full
    return text


def _row_of(anchor: LexborNode, too_big: set[int]) -> tuple[LexborNode, dt.date | None, str | None] | None:
    """The smallest ancestor showing a date outside the link text, holding no other link.

    ``too_big`` remembers ancestors whose text is longer than a row: a container of thousands
    of links is measured once, not once per link.
    """
    node = anchor
    anchor_text = clean(anchor.text())
    for _ in range(_MAX_CLIMB):
        parent = node.parent
        if parent is None or parent.tag in ("body", "html", "ul", "ol", "table", "tbody"):
            return None
        node = parent
        if node.mem_id in too_big:
            return None
        text = clean(node.text())
        if len(text) > _MAX_ROW_TEXT:
            too_big.add(node.mem_id)
            return None
        # Dates inside the link text (…2026年7月5日会议…) do not date the row.
        rest = text.replace(anchor_text, " ", 1) if anchor_text else text
        spans = date_spans(rest) or _month_day_span(rest, anchor)
        month_day = None if spans else _only_month_day(rest)
        if spans or month_day:
            links = [a for a in node.css("a[href]") if _usable_href(a.attributes.get("href"))]
            if len(links) > 2 or (len(links) == 2 and clean(links[1].text()) not in _MORE_TEXTS):
                return None
            return node, (spans[-1][2] if spans else None), month_day
    return None


def _only_month_day(rest: str) -> str | None:
    """ "09-10" when the row's other text is a month-day and nothing else (its year is implied)."""
    match = _ONLY_MONTH_DAY.match(clean(rest))
    if match is None:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{month:02d}-{day:02d}"


def _month_day_span(text: str, anchor: LexborNode) -> list[tuple[int, int, dt.date]]:
    """A row dated "03-05" (no year, common on homepages) takes the year from its link's URL
    (``t20200305_…``, ``/art/2020/3/5/``) — only when month and day agree."""
    match = _MONTH_DAY.search(text)
    if match is None:
        return []
    dated = url_date(anchor.attributes.get("href"))
    if dated is None or (dated.month, dated.day) != (int(match.group(1)), int(match.group(2))):
        return []
    return [(match.start(), match.end(), dated)]


def _usable_href(href: str | None) -> bool:
    if not href:
        return False
    lowered = href.strip().lower()
    return bool(lowered) and not lowered.startswith(_SKIPPED_HREF_PREFIXES)


def dated_groups(root: LexborNode | None, base_url: str | None) -> list[ItemGroup]:
    """Every group of dated links under ``root``, in document order."""
    if root is None:
        return []
    groups: dict[int, ItemGroup] = {}
    seen_rows: set[int] = set()
    too_big: set[int] = set()
    for anchor in root.css("a[href]"):
        href = anchor.attributes.get("href")
        if not _usable_href(href):
            continue
        title = _anchor_title(anchor)
        if len(title) < 2 or title in _MORE_TEXTS:
            continue
        found = _row_of(anchor, too_big)
        if found is None:
            continue
        row, date, month_day = found
        if row.mem_id in seen_rows or _inside_hidden(row):
            continue
        seen_rows.add(row.mem_id)
        container = row.parent
        if container is None:
            continue
        url = join(base_url, href or "") if base_url else (href or "").strip()
        group = groups.get(container.mem_id)
        if group is None:
            group = groups[container.mem_id] = ItemGroup(_group_name(container), [], container.mem_id)
        group.items.append(Item(title, url, date, month_day))
    return list(groups.values())


def _inside_hidden(node: LexborNode) -> bool:
    current: LexborNode | None = node
    for _ in range(6):
        if current is None:
            return False
        if is_hidden(current) and not _tab_pane(current):
            return True
        current = current.parent
    return False


def _tab_pane(node: LexborNode) -> bool:
    """A hidden list that is one pane of a tabbed block (its siblings of the same tag and class,
    one of them shown, each named by a tab above them): shown on a click, not hidden content."""
    parent = node.parent
    if parent is None:
        return False
    panes = [
        c
        for c in _element_children(parent)
        if c.tag == node.tag and c.attributes.get("class") == node.attributes.get("class")
    ]
    return len(panes) >= 2 and any(not is_hidden(p) for p in panes) and _tab_name(node, parent) is not None


def _group_name(container: LexborNode) -> str | None:
    """The heading or tab label that names the list in ``container``."""
    node: LexborNode | None = container
    for _ in range(4):
        if node is None or node.tag in ("body", "html"):
            return None
        parent = node.parent
        tab_name = _tab_name(node, parent)
        if tab_name:
            return tab_name
        sibling = node.prev
        while sibling is not None:
            if sibling.tag not in (None, "-text", "-comment"):
                name = _heading_text(sibling)
                if name:
                    return name
            sibling = sibling.prev
        node = parent
    return None


def _heading_text(node: LexborNode) -> str | None:
    tag = node.tag or ""
    classes = (node.attributes.get("class") or "").lower()
    if tag in _HEADING_TAGS or any(hint in classes for hint in _HEADING_CLASS_HINTS):
        if "tabs" in classes or "hd" in classes.split():
            return None  # a tab header names several lists: handled by _tab_name
        heading = (
            node.css_first("h1, h2, h3, h4, h5, h6, a, span, b, strong") if tag not in _HEADING_TAGS else node
        )
        text = clean((heading or node).text())
        if 2 <= len(text) <= 20:
            return text
    heading = node.css_first("h1, h2, h3, h4, h5, h6")
    if heading is not None:
        text = clean(heading.text())
        if 2 <= len(text) <= 20 and len(clean(node.text())) <= 40:
            return text
    return None


def _tab_name(node: LexborNode, parent: LexborNode | None) -> str | None:
    """Tabbed blocks: the n-th list is named by the n-th tab label, the tabs written above the
    block (``tabs_hd`` before ``tabs_bd``) or just before the first list in the same block."""
    if parent is None:
        return None
    siblings = [c for c in _element_children(parent) if c.tag == node.tag]
    if len(siblings) < 2:
        return None
    position = next(i for i, sibling in enumerate(siblings) if sibling.mem_id == node.mem_id)
    for header in (_element_before(parent), _element_before(siblings[0])):
        if header is None:
            continue
        labels = [clean(li.text()) for li in header.css("li")]
        if not labels:  # tabs written as bare links: <a>市政府文件</a><a>市政府令</a>…<a>更多>></a>
            labels = [clean(a.text()) for a in header.css("a") if clean(a.text()) not in _MORE_TEXTS]
        if len(labels) == len(siblings):
            return labels[position] or None
    return None


def _element_before(node: LexborNode) -> LexborNode | None:
    previous = node.prev
    while previous is not None and previous.tag in ("-text", "-comment"):
        previous = previous.prev
    return previous


def _element_children(node: LexborNode) -> list[LexborNode]:
    children = []
    child = node.child
    while child is not None:
        if child.tag not in ("-text", "-comment"):
            children.append(child)
        child = child.next
    return children


def items_from_fragment(html: str, base_url: str | None) -> list[Item]:
    """Dated links of an HTML fragment (Hanweb record CDATA, a rendered list)."""
    tree = LexborHTMLParser(html)
    return [item for group in dated_groups(tree.body, base_url) for item in group.items]
