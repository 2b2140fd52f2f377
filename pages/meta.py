"""Meta tags and titles.

《政府网站发展指引》 (rules.md §6) names the standard tags; sites write them in any case
(``pubdate``, ``PUBDATE``, ``KeyWords``). Standard names are returned in their standard
spelling, so ``meta["PubDate"]`` works whatever the page wrote; other names are kept as found.
The first non-empty value of a name wins (pages repeat tags, the later ones often empty).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from pages.text import clean

STANDARD_META = (
    "SiteName",
    "SiteDomain",
    "SiteIDCode",
    "ColumnName",
    "ColumnDescription",
    "ColumnKeywords",
    "ColumnType",
    "ArticleTitle",
    "PubDate",
    "ContentSource",
    "Keywords",
    "Author",
    "Description",
    "Image",
    "Url",
)
_CANONICAL = {name.lower(): name for name in STANDARD_META}
# Title separators: "文章标题_栏目名_网站名", "文章标题 - 网站名", "网站名|栏目".
# A hyphen separates only between non-digits: "2021-2025年规划" keeps its range.
_TITLE_SEPARATORS = re.compile(r"\s*(?:_{1,2}|\s-\s|(?<=[^\d\s])-(?=[^\d\s])|—{1,2}|\||｜)\s*")


def canonical_meta_name(name: str) -> str:
    return _CANONICAL.get(name.strip().lower(), name.strip())


def read_meta(tree: LexborHTMLParser) -> dict[str, str]:
    """name (or property) → content for every meta tag that has one."""
    meta: dict[str, str] = {}
    for node in tree.css("meta"):
        attributes = node.attributes
        name = attributes.get("name") or attributes.get("property") or attributes.get("itemprop")
        if not name:
            continue
        key = canonical_meta_name(name)
        value = clean(attributes.get("content") or "")
        if value or key not in meta:
            if meta.get(key):
                continue  # keep the first non-empty value
            meta[key] = value
    return meta


def meta_value(meta: dict[str, str], name: str) -> str | None:
    """Case-insensitive lookup; None for a missing or empty tag."""
    key = canonical_meta_name(name)
    value = meta.get(key)
    if value is None:
        lowered = name.lower()
        value = next((v for k, v in meta.items() if k.lower() == lowered), None)
    return value or None


def document_title(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first("title")
    if node is None:
        return None
    return clean(node.text()) or None


def title_segments(title: str | None) -> list[str]:
    if not title:
        return []
    return [segment for segment in _TITLE_SEPARATORS.split(title) if segment]


_HEADING_SELECTORS = (
    ".article_title",
    ".article-title",
    ".xxgk_title",
    ".detail_title",
    ".content_title",
    ".con_title",
    ".title_cen",
    "#ivs_title",
    "h1",
    "h2",
)


def page_heading(tree: LexborHTMLParser, candidates: list[str]) -> str | None:
    """A visible heading that repeats one of the candidate titles, or the first article heading."""
    first: str | None = None
    for selector in _HEADING_SELECTORS:
        for node in tree.css(selector):
            text = clean(node.text())
            if not text or len(text) > 200:
                continue
            if any(text == c or (len(c) >= 6 and c.startswith(text)) for c in candidates):
                return text
            if first is None and selector != "h2":
                first = text
    return first
