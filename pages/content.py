"""The main content of an article page: the body text an editor wrote, without site chrome.

CMS markers first (rules.md §7): TRS ``div.TRS_Editor``, Hanweb's
``<!--ZJEG_RSS.content.begin-->`` … ``<!--ZJEG_RSS.content.end-->``, then the class names
common on government templates. None found: the page has no identifiable article body.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pages.text import html_lines, node_lines

CONTENT_SELECTORS = (
    ".TRS_Editor",
    ".trs_editor_view",
    "#UCAP-CONTENT",
    "#zoom",
    ".article_content",
    ".article-content",
    ".pages_content",
    "#Zoom",
    ".view.TRS_UEDITOR",
    ".wzcon",
    ".con_text",
    "#content",
    ".content_text",
    ".detail_content",
    "article",
)
# Markers only a CMS writes around an article body: finding one makes a page an article.
CMS_BODY_MARKERS = frozenset(
    {
        "hanweb-markers",
        ".TRS_Editor",
        ".trs_editor_view",
        "#UCAP-CONTENT",
        "#zoom",
        "#Zoom",
        ".view.TRS_UEDITOR",
    }
)
_HANWEB_BEGIN = "<!--ZJEG_RSS.content.begin-->"
_HANWEB_END = "<!--ZJEG_RSS.content.end-->"


def content_node(tree: LexborHTMLParser) -> tuple[LexborNode | None, str | None]:
    """(node, the selector that found it) of the article body, or (None, None)."""
    for selector in CONTENT_SELECTORS:
        node = tree.css_first(selector)
        if node is not None and node.text(deep=True, strip=True):
            return node, selector
    return None, None


def hanweb_fragment(html: str) -> str | None:
    """The HTML between Hanweb's content markers, if the page has them."""
    begin = html.find(_HANWEB_BEGIN)
    if begin < 0:
        return None
    end = html.find(_HANWEB_END, begin)
    return html[begin + len(_HANWEB_BEGIN) : end] if end > begin else None


def content_lines(tree: LexborHTMLParser, html: str) -> tuple[list[str], str | None]:
    """(lines of the article body, how it was found)."""
    fragment = hanweb_fragment(html)
    if fragment is not None:
        return html_lines(fragment), "hanweb-markers"
    node, selector = content_node(tree)
    return node_lines(node), selector
