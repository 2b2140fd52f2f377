"""Links a page labels as related documents: an interpretation's 相关文件 / 政策原文 (its policy),
a policy's 相关解读 (its interpretation), a repost's 原文链接 (another channel).

Two ways a page labels them: the text just before the link in the same line ("相关文件：<a>《…》</a>"),
or a related-documents block — a heading (关联稿件, 相关稿件, 相关解读, 相关文件…) over a list of
links. In a block, a link whose title names an interpretation (解读, 图解, 图文解读, 一图读懂, 问答,
答记者问) is an interpretation whatever the heading; the others take the heading's relation.
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from pages.text import clean, compact
from pages.urls import join

# label → relation
RELATION_LABELS: dict[str, str] = {
    "相关文件": "policy",
    "政策原文": "policy",
    "文件原文": "policy",
    "原文件": "policy",
    "相关政策": "policy",
    "解读文件": "policy",
    "相关解读": "interpretation",
    "政策解读": "interpretation",
    "解读材料": "interpretation",
    "图解": "interpretation",
    "原文链接": "original",
    "原文地址": "original",
    "转载自": "original",
}


# related-documents block heading → the relation of its links (None: decided by each title)
BLOCK_HEADINGS: dict[str, str | None] = {
    "关联稿件": None,
    "相关稿件": None,
    "相关链接": None,
    "相关阅读": None,
    "相关解读": "interpretation",
    "政策解读": "interpretation",
    "解读材料": "interpretation",
    "相关文件": "policy",
    "政策原文": "policy",
    "相关政策": "policy",
}
INTERPRETATION_TITLES = ("解读", "图解", "图文解读", "一图读懂", "一图看懂", "问答", "答记者问", "视频解读")
_MAX_BLOCK_LINKS = 12  # a related block lists a few documents; a longer list is navigation


@dataclass(frozen=True)
class RelatedLink:
    relation: str  # policy | interpretation | original
    label: str
    title: str
    url: str | None

    def to_json(self) -> dict[str, str | None]:
        return {"relation": self.relation, "label": self.label, "title": self.title, "url": self.url}


def _label_before(anchor: LexborNode) -> str | None:
    """The text right before the link: a text node or a small element (``<span>相关文件：</span>``)."""
    previous = anchor.prev
    while previous is not None and previous.tag == "-text" and not (previous.text_content or "").strip():
        previous = previous.prev
    if previous is None:
        parent = anchor.parent  # <p><span>相关文件：</span><span><a>…</a></span></p>
        if parent is None or parent.tag not in ("span", "font", "strong", "b", "em"):
            return None
        return _label_before(parent)
    text = previous.text_content if previous.tag == "-text" else previous.text()
    text = compact(text or "")
    return text if 0 < len(text) <= 40 else None


def related_links(root: LexborNode | None, base_url: str | None) -> list[RelatedLink]:
    """Every related link: labelled in its line, then listed in a related-documents block."""
    found: list[RelatedLink] = []
    seen: set[tuple[str, str | None]] = set()
    for link in [*labelled_links(root, base_url), *block_links(root, base_url)]:
        if (link.relation, link.url) not in seen:
            seen.add((link.relation, link.url))
            found.append(link)
    return found


def labelled_links(root: LexborNode | None, base_url: str | None) -> list[RelatedLink]:
    if root is None:
        return []
    found: list[RelatedLink] = []
    for anchor in root.css("a[href]"):
        before = _label_before(anchor)
        if not before:
            continue
        label = before.rstrip(":：")
        # "…附件。相关文件：" — the label ends the text before the link.
        relation, matched = next(
            ((r, k) for k, r in RELATION_LABELS.items() if label.endswith(k)), (None, "")
        )
        if relation is None:
            continue
        href = (anchor.attributes.get("href") or "").strip()
        url = join(base_url, href) if base_url else href
        found.append(RelatedLink(relation, matched, clean(anchor.text()), url))
    return found


def _heading_of(node: LexborNode) -> tuple[str, str | None] | None:
    text = compact(node.text() or "").rstrip(":：")
    if text in BLOCK_HEADINGS:
        return text, BLOCK_HEADINGS[text]
    return None


def _block_anchors(heading: LexborNode) -> list[LexborNode]:
    """The links of the block a heading names: in the heading's following siblings, else in its
    parent (heading and list in one box)."""
    anchors: list[LexborNode] = []
    sibling = heading.next
    while sibling is not None and not anchors:
        if sibling.tag not in ("-text", "-comment"):
            anchors = list(sibling.css("a[href]")) if sibling.tag != "a" else [sibling]
        sibling = sibling.next
    if not anchors and heading.parent is not None:
        anchors = [a for a in heading.parent.css("a[href]") if a.mem_id != heading.mem_id]
    return anchors


def block_links(root: LexborNode | None, base_url: str | None) -> list[RelatedLink]:
    """Links listed under a related-documents heading (关联稿件 …)."""
    if root is None:
        return []
    found: list[RelatedLink] = []
    for node in root.css("h1, h2, h3, h4, h5, h6, div, span, p, strong, b, dt, li, td"):
        heading = _heading_of(node)
        if heading is None:
            continue
        label, relation = heading
        anchors = _block_anchors(node)
        if not anchors or len(anchors) > _MAX_BLOCK_LINKS:
            continue
        for anchor in anchors:
            title = clean(anchor.text())
            if len(title) < 4:
                continue
            kind = "interpretation" if any(m in title for m in INTERPRETATION_TITLES) else relation
            if kind is None:
                continue  # a 关联稿件 link that names no interpretation: its relation is unknown
            href = (anchor.attributes.get("href") or "").strip()
            found.append(RelatedLink(kind, label, title, join(base_url, href) if base_url else href))
    return found
