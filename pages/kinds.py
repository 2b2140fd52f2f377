"""What a page is: homepage, column, list, article, guide, annual_report, catalogue,
interpretation or other — with the reasons, so an official can see why.

Order matters: the site root is a homepage whatever it holds; a page with an article body is
an article, refined by its title (指南, 年度报告, 解读…); a page named 目录 is a catalogue;
one dominant group of dated links (or a JavaScript list template) is a list; several groups
or a page of section links is a column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

KINDS = (
    "homepage",
    "column",
    "list",
    "article",
    "guide",
    "annual_report",
    "catalogue",
    "interpretation",
    "other",
)

_ROOT_PATHS = frozenset(
    {"", "/", "/index.html", "/index.htm", "/index.shtml", "/index.jsp", "/index.php", "/default.html",
     "/default.htm", "/default.aspx", "/index.aspx", "/main.html", "/portal/index.html"}
)  # fmt: skip
_GUIDE = re.compile(r"(信息公开|政务公开)指南")
_ANNUAL_REPORT = re.compile(r"(信息公开|政务公开).*(年度报告|年报)|(年度报告|年报).*(信息公开|政务公开)")
_CATALOGUE = re.compile(r"(信息公开|政务公开|基本)目录")
_INTERPRETATION_MARKERS = (
    "解读", "图解", "一图读懂", "一图看懂", "一图了解", "图说", "答记者问", "问答", "一问一答",
    "政策吹风", "新闻发布会", "访谈", "视频解读", "H5",
)  # fmt: skip
_TITLE_HEAD = re.compile(r"[｜|丨:：]")
_POLICY_ENDINGS = re.compile(r"(通知|意见|办法|决定|规定|方案|规划|细则|公告|通告|批复|函|令|条例|纲要)$")
_INTERPRETATION_IN_TITLE = re.compile(r"[》”\"]\s*(的)?(政策)?解读|^关于.*的解读$|解读$|问答$|答记者问$")
# CMS article URLs (rules.md §7): TRS /202003/t20200305_123.html, Hanweb /art/2020/3/5/art_1_2.html.
_ARTICLE_URL = re.compile(
    r"/t(?:19|20)\d{6}_\d+\.|/art/(?:19|20)\d{2}/\d{1,2}/\d{1,2}/art_|/content/|/detail"
)


@dataclass(frozen=True)
class KindEvidence:
    url: str | None
    title: str | None
    column_name: str | None
    site_name: str | None
    has_article_meta: bool  # ArticleTitle or PubDate
    body_chars: int  # characters of the identified article body
    cms_body: bool = False  # the body was found by a CMS marker (TRS_Editor, Hanweb comments…)
    has_date_field: bool = False  # 发布日期：… on the page
    group_sizes: list[int] = field(default_factory=list)  # dated-link groups, largest first
    largest_group_name: str | None = None  # its heading
    js_list_reasons: list[str] = field(default_factory=list)
    pager: bool = False  # a pager script or 共N条 text
    empty_list_containers: int = 0
    blank_marker: bool = False  # 暂无信息
    hanweb_items: int = 0
    links: int = 0
    section_links: int = 0  # links naming disclosure sub-sections (指南, 制度, 年报…)
    catalogue_headers: bool = False  # a table header naming 索引号 and a classification


def interpretation_markers(title: str | None, column_name: str | None) -> list[str]:
    """Why a page reads as a policy interpretation (empty when it does not)."""
    signals: list[str] = []
    title = title or ""
    found = [marker for marker in _INTERPRETATION_MARKERS if marker in title]
    if found:
        # "图解：关于…的通知" is an interpretation; "关于做好政策解读工作的通知" is a policy.
        head = _TITLE_HEAD.split(title, maxsplit=1)[0] if _TITLE_HEAD.search(title) else ""
        marked = (
            _INTERPRETATION_IN_TITLE.search(title)
            or any(title.startswith(m) for m in found)
            or (len(head) <= 10 and any(m in head for m in found))  # "音频解读｜关于…的意见"
        )
        if marked or not _POLICY_ENDINGS.search(title):
            signals.append(f"title:{found[0]}")
    if column_name and "解读" in column_name:
        signals.append(f"column:{column_name}")
    return signals


def _is_root(url: str | None) -> bool:
    if not url:
        return False
    parts = urlsplit(url)
    return parts.path.lower() in _ROOT_PATHS and not parts.query


def classify_kind(evidence: KindEvidence) -> tuple[str, list[str]]:
    """(kind, reasons)."""
    title = evidence.title or ""
    names = f"{title} {evidence.column_name or ''}"
    sizes = evidence.group_sizes
    largest = sizes[0] if sizes else 0
    second = sizes[1] if len(sizes) > 1 else 0
    list_groups = sum(1 for size in sizes if size >= 3)

    if _is_root(evidence.url) and not evidence.has_article_meta:
        return "homepage", ["site root URL"]
    # A department's homepage is often below the portal's root (/bm/kjj/): its meta tell.
    if (
        evidence.site_name
        and not evidence.column_name
        and not evidence.has_article_meta
        and (list_groups >= 2 or evidence.links >= 60)
    ):
        return "homepage", ["SiteName meta without ColumnName or ArticleTitle", f"{evidence.links} links"]

    small_lists = largest < 5
    if evidence.has_article_meta:
        why = ["ArticleTitle/PubDate meta"]
    elif evidence.cms_body and small_lists:
        why = ["article body marked by the CMS"]
    elif evidence.body_chars >= 200 and small_lists:
        why = [f"article body {evidence.body_chars} chars"]
    elif _ARTICLE_URL.search(evidence.url or "") and evidence.has_date_field and small_lists:
        why = ["article URL with a 发布日期 field"]
    else:
        why = []
    if why:
        if _GUIDE.search(title):
            return "guide", [*why, "title names the guide (指南)"]
        if _ANNUAL_REPORT.search(title):
            return "annual_report", [*why, "title names the annual report (年度报告)"]
        if _CATALOGUE.search(title):
            return "catalogue", [*why, "title names the catalogue (目录)"]
        markers = interpretation_markers(title, evidence.column_name)
        if markers:
            return "interpretation", [*why, *markers]
        return "article", why

    if _CATALOGUE.search(names) or (evidence.catalogue_headers and largest >= 3):
        return "catalogue", ["named 目录" if _CATALOGUE.search(names) else "table headed 索引号 and 分类"]
    if _GUIDE.search(names) and evidence.body_chars >= 200 and largest < 3:
        return "guide", ["guide text on the column page"]
    if evidence.hanweb_items:
        return "list", [f"Hanweb records: {evidence.hanweb_items} items"]
    # A landing page previews its sub-columns: blocks headed by another column's name.
    named_apart = evidence.largest_group_name not in (None, title, evidence.column_name)
    if largest and named_apart and evidence.section_links >= 3 and not evidence.pager:
        return "column", [f"blocks previewing sub-columns ({evidence.largest_group_name})"]
    if largest >= 3 and (list_groups == 1 or largest >= 1.5 * second):
        return "list", [f"one dominant group of {largest} dated links"]
    if list_groups >= 2:
        return "column", [f"{list_groups} groups of dated links"]
    if evidence.js_list_reasons:
        return "list", list(evidence.js_list_reasons)
    if evidence.pager:
        return "list", ["pager script" if largest else "pager script, no items (blank list)"]
    if largest >= 1:
        return "list", [f"{largest} dated links"]
    if evidence.blank_marker or evidence.empty_list_containers:
        return "list", ["empty list (暂无信息)" if evidence.blank_marker else "empty list container"]
    if evidence.column_name or evidence.links >= 30:
        return "column", [
            "ColumnName meta" if evidence.column_name else f"{evidence.links} links, no dated list"
        ]
    return "other", ["no article body, list or column signals"]
