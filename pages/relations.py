"""Links a page labels as related documents: an interpretation's 相关文件 / 政策原文 (its policy),
a policy's 相关解读 (its interpretation), a repost's 原文链接 (another channel).

The label is the text just before the link in the same line: "相关文件：<a>《…》</a>".
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
