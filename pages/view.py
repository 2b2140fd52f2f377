"""A page's links, title, meta, text lines and tables, as the disclosure checks read them.

``read_view`` parses once; callers keep the result (the checks keep it on their
``CheckContext``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from pages.dates import parse_date
from pages.decoding import decode_body
from pages.fields import read_fields
from pages.meta import read_meta
from pages.text import clean, node_lines
from pages.urls import join


@dataclass(frozen=True)
class Link:
    text: str
    url: str  # absolute
    title: str = ""

    @property
    def label(self) -> str:
        return self.text or self.title


@dataclass
class View:
    url: str
    title: str
    meta: dict[str, str]
    links: list[Link]
    lines: list[str]
    tables: list[list[list[str]]] = field(default_factory=list)  # rows of cell texts

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def publish_date(self) -> dt.date | None:
        """PubDate meta, then a 发布日期-like field; never the 成文日期 (rules.md §6)."""
        found = parse_date(self.meta.get("PubDate"))
        if found:
            return found
        fields = read_fields(self.lines[:80])
        for key in ("publish_date", "time"):
            if key in fields:
                found = parse_date(fields[key][1])
                if found:
                    return found
        return None

    def excerpt(self, needle: str, width: int = 60) -> str:
        text = self.text.replace("\n", " ")
        at = text.find(needle)
        if at < 0:
            return text[:width]
        return text[max(0, at - width // 2) : at + len(needle) + width // 2]


def read_view(body: bytes, *, url: str, content_type: str | None = None) -> View:
    html = decode_body(body, content_type).text
    tree = LexborHTMLParser(html)
    meta = read_meta(tree)
    title_node = tree.css_first("title")
    title = meta.get("ArticleTitle") or (clean(title_node.text()) if title_node else "")
    links: list[Link] = []
    for anchor in tree.css("a[href]"):
        target = join(url, anchor.attributes.get("href") or "")
        if target:
            links.append(Link(clean(anchor.text()), target, clean(anchor.attributes.get("title") or "")))
    tables = [
        [[clean(cell.text()) for cell in row.css("td, th")] for row in table.css("tr")]
        for table in tree.css("table")
        if len(table.css("table")) == 1
    ]
    return View(url=url, title=title, meta=meta, links=links, lines=node_lines(tree.body), tables=tables)
