"""Readable text of a page: what a reader sees, line by line, not its markup.

Inline elements (``span``, ``font``, ``a``…) are joined without a separator, so that a 文号
split across two ``<span>``s (国办函〔</span><span>2020〕109号) reads as one string; block
elements (``p``, ``div``, ``li``, ``td``…) end a line. Scripts, styles, templates and comments
are skipped. The walk is iterative (deeply nested Word-exported markup would overflow a
recursive one) and visits each node once.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Elements whose content is never shown as text.
SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object", "svg"}
)
# Elements that start and end a line. Everything else is inline.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "option", "select", "textarea",
    }
)  # fmt: skip

# Every kind of blank a government page uses: ideographic space, nbsp, en/em spaces, zero-width.
_BLANKS = re.compile(r"[\s\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+")


def clean(text: str) -> str:
    """Collapse every kind of blank to one ASCII space and strip the ends."""
    return _BLANKS.sub(" ", text).strip()


def compact(text: str) -> str:
    """Remove blanks altogether (labels like 索 引 号 are spaced out with &ensp;)."""
    return _BLANKS.sub("", text)


def node_lines(node: LexborNode | None) -> list[str]:
    """The text of ``node`` as cleaned, non-empty lines."""
    return marked_lines(node, None)[0]


_ENTER, _LEAVE_BLOCK, _LEAVE_MARK = 0, 1, 2


def marked_lines(
    node: LexborNode | None, mark: LexborNode | None
) -> tuple[list[str], tuple[int, int] | None]:
    """(lines of ``node``, the range of them inside ``mark``) in one walk.

    The reader needs both the page's lines and the article body's lines; marking the body
    during the page walk avoids walking it twice.
    """
    if node is None:
        return [], None
    lines: list[str] = []
    current: list[str] = []
    mark_id = mark.mem_id if mark is not None else None
    mark_start: int | None = None
    mark_range: tuple[int, int] | None = None

    def end_line() -> None:
        if current:
            line = clean("".join(current))
            if line:
                lines.append(line)
            current.clear()

    stack: list[tuple[LexborNode, int]] = [(node, _ENTER)]
    while stack:
        item, action = stack.pop()
        if action == _LEAVE_BLOCK:
            end_line()
            continue
        if action == _LEAVE_MARK:
            end_line()
            mark_range = (mark_start or 0, len(lines))
            continue
        tag = item.tag
        if tag == "-text":
            content = item.text_content
            # Indentation between blocks is most text nodes; a line never starts with a blank.
            if content and (current or not content.isspace()):
                current.append(content)
            continue
        if tag is None or tag[0] == "-" or tag in SKIPPED_TAGS:
            continue
        if mark_id is not None and item.mem_id == mark_id:
            end_line()
            mark_start = len(lines)
            stack.append((item, _LEAVE_MARK))
        elif tag in BLOCK_TAGS:
            end_line()
            stack.append((item, _LEAVE_BLOCK))
        children = list(item.iter(include_text=True))
        stack.extend((child, _ENTER) for child in reversed(children))
    end_line()
    return lines, mark_range


def html_lines(html: str) -> list[str]:
    """Lines of an HTML fragment (used for Hanweb record CDATA and similar snippets)."""
    tree = LexborHTMLParser(html)
    return node_lines(tree.body)


def is_hidden(node: LexborNode) -> bool:
    """True if an inline style hides the node (templates kept for JavaScript to fill)."""
    style = (node.attributes.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def without_block(lines: list[str], block: list[str]) -> tuple[list[str], list[str]]:
    """(lines before, lines after) the contiguous run ``block`` inside ``lines``.

    Used to read the fields around an article body but not inside it (a guide's body explains
    what 索引号 means; that is not the page's own 索引号). Without a match: (lines, []).
    """
    if not block:
        return lines, []
    first, size = block[0], len(block)
    for index, line in enumerate(lines):
        if line == first and lines[index : index + size] == block:
            return lines[:index], lines[index + size :]
    return lines, []
