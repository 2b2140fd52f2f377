"""Links to the sub-sections of a disclosure column (rules.md §1): 指南, 制度, 法定主动公开内容,
年报, 目录, 依申请公开 — found by link text first, then by the path hints Shanxi and other
sites use (``zfxxgkzn``, ``fdzdgknr``…).
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from pages.text import clean, compact
from pages.urls import join

# role → (text markers, path hints)
SECTION_ROLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "guide": (("公开指南",), ("zfxxgkzn", "xxgkzn", "gkzn")),
    "rules": (("公开制度",), ("zfxxgkzd", "xxgkzd", "gkzd")),
    "statutory": (("法定主动公开", "法定公开内容"), ("fdzdgknr",)),
    "annual_report": (("公开年报", "公开工作年度报告", "公开年度报告"), ("zfxxgknb", "xxgknb", "gknb")),
    "catalogue": (("公开目录", "基本目录"), ("zfxxgkml", "xxgkml", "gkml")),
    "request": (("依申请公开", "公开申请"), ("ysqgk", "zfxxgksq", "xxgksq")),
}


def _last_segment(href: str) -> str:
    """``./zfxxgk/zfxxgkzn/index.html`` → ``zfxxgkzn``: a hint names the section, not a page in it."""
    segments = [s for s in href.split("?")[0].split("/") if s and s != "."]
    if segments and segments[-1].startswith(("index.", "default.")):
        segments.pop()
    return segments[-1] if segments else ""


def disclosure_sections(root: LexborNode | None, base_url: str | None) -> dict[str, dict[str, str | None]]:
    """role → {"title", "href", "url"} of the first link that names the sub-section."""
    if root is None:
        return {}
    by_text: dict[str, dict[str, str | None]] = {}
    by_path: dict[str, dict[str, str | None]] = {}
    for anchor in root.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "#")):
            continue
        text = compact(anchor.attributes.get("title") or "") or compact(anchor.text())
        lowered = href.lower()
        for role, (markers, hints) in SECTION_ROLES.items():
            entry = {
                "title": clean(anchor.text()) or text,
                "href": href,
                "url": join(base_url, href) if base_url else None,
            }
            if role not in by_text and len(text) <= 16 and any(marker in text for marker in markers):
                by_text[role] = entry
            elif role not in by_path and _last_segment(lowered) in hints:
                by_path[role] = entry
    return {
        role: by_text.get(role) or by_path[role]
        for role in SECTION_ROLES
        if role in by_text or role in by_path
    }
