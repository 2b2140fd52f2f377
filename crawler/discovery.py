"""Targeted discovery: the columns the checks need come first and completely.

The homepage, the disclosure column (政府信息公开) and its sub-sections, the interpretation
and policy columns with all their list pages, and the consultation column get the lowest
priority numbers; their list pagination (TRS, Hanweb, 下一页 links) inherits the column's
priority and does not count against depth. Everything else is breadth-first after them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pages.links import PageLink

HOMEPAGE = 0
KEY_COLUMN = 10
KEY_LIST_PAGE = 10
KEY_CHILD = 20
GENERAL = 50

# column -> (link-text markers, URL markers)
KEY_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "disclosure": (
        (
            "政府信息公开",
            "信息公开",
            "政务公开",
            "公开指南",
            "公开制度",
            "公开年报",
            "年度报告",
            "法定主动公开",
            "主动公开",
            "公开目录",
            "依申请公开",
            "信息公开指南",
        ),
        ("zfxxgk", "xxgk", "zwgk", "gknb", "gkzn", "gkml", "fdzdgk", "ysqgk"),
    ),
    "interpretation": (("政策解读", "解读", "图解", "一图读懂"), ("zcjd", "jiedu", "jd/")),
    "policy": (
        ("政策文件", "规范性文件", "政府文件", "文件", "政策法规", "通知公告"),
        ("zcwj", "gfxwj", "zfwj", "zcfg", "tzgg"),
    ),
    "consultation": (
        ("政民互动", "互动交流", "咨询", "留言", "信箱", "民意征集", "在线访谈"),
        ("hdjl", "zmhd", "liuyan", "zxzx", "xinxiang", "gbxx"),
    ),
}
_PAGER_TEXT = re.compile(r"^(下一页|上一页|尾页|末页|首页|下页|上页|\d{1,4}|>|>>|»|›)$")
_PAGER_URL = re.compile(
    r"(index|list|default)_\d+\.s?html?$|[?&](page|pageNo|pageIndex|currentPage|p)=\d+", re.I
)


@dataclass(frozen=True)
class Placement:
    priority: int
    column: str | None  # which key column this URL belongs to, if any
    list_page: bool = False  # a page of a list (pagination): no depth cost


def column_of(link: PageLink) -> str | None:
    text = link.text or ""
    url = link.url.lower()
    for column, (texts, _urls) in KEY_COLUMNS.items():
        if any(marker in text for marker in texts):
            return column
    for column, (_texts, urls) in KEY_COLUMNS.items():
        if any(f"/{marker}" in url for marker in urls):
            return column
    return None


def is_pager_link(link: PageLink) -> bool:
    return bool(_PAGER_TEXT.match((link.text or "").strip()) or _PAGER_URL.search(link.url))


def place(link: PageLink, *, parent_column: str | None) -> Placement:
    """Where a link found on a page (whose column is ``parent_column``) goes in the queue."""
    column = column_of(link)
    if column is not None:
        return Placement(KEY_COLUMN, column)
    if parent_column is not None:
        if is_pager_link(link):
            return Placement(KEY_LIST_PAGE, parent_column, list_page=True)
        return Placement(KEY_CHILD, None)
    return Placement(GENERAL, None)
