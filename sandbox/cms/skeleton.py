"""The page frame shared by all families: head with meta tags, header, navigation, footer."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import TYPE_CHECKING

from sandbox.externals import GOV_LINKS
from sandbox.layout import ENCODINGS
from sandbox.model import Item, Site

if TYPE_CHECKING:
    from sandbox.cms.base import Cms

HIDE_CSS = ".yqlj-hd{position:absolute;left:-9999px;top:-9999px}"


def meta_tags(site: Site, kind: str, column: str | None = None, item: Item | None = None) -> str:
    """Standard meta tags (rules.md §6), as the unit's meta plan allows."""
    plan = site.plan
    if plan.meta == "none":
        return ""
    tags = [("SiteName", site.place.full_name), ("SiteDomain", site.place.host)]
    if site.site_id:
        tags.append(("SiteIDCode", site.site_id))
    if kind == "home":
        pass
    elif kind == "column":
        tags += [("ColumnName", column or ""), ("ColumnType", column or "")]
    elif kind == "article" and item is not None:
        if plan.meta == "no_article":
            return ""
        tags += [("ColumnName", column or ""), ("ArticleTitle", item.title)]
        if not missing_pubdate(site, item):
            tags.append(
                ("PubDate", f"{pubdate_meta(item):%Y-%m-%d} {9 + item.id % 8:02d}:{item.id % 60:02d}")
            )
        tags.append(("ContentSource", content_source(site, item)))
    return "\n".join(f'<meta name="{n}" content="{escape(v)}">' for n, v in tags)


REGENERATED_EVERY = 11  # every 11th article's PubDate is the CMS's regeneration time
REGENERATED_AFTER_DAYS = 400


def pubdate_meta(item: Item) -> dt.date:
    """The PubDate meta: the publication day, except on pages the CMS regenerated later (a
    real-page trap, issue 18): then months after the visible 发布日期 label, which stays true."""
    if item.id % REGENERATED_EVERY == 5:
        return item.date + dt.timedelta(days=REGENERATED_AFTER_DAYS)
    return item.date


def missing_pubdate(site: Site, item: Item) -> bool:
    return site.plan.meta == "partial" and item.id % 4 == 0


def content_source(site: Site, item: Item) -> str:
    return str(item.data.get("channel") or site.place.full_name)


def frame(
    cms: Cms,
    site: Site,
    title: str,
    body: str,
    *,
    meta: str = "",
    crumbs: list[tuple[str, str]] | None = None,
    head_extra: str = "",
    home_extra: str = "",
) -> str:
    codec, _, meta_charset = ENCODINGS[site.place.encoding]
    charset = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={meta_charset}">'
        if meta_charset
        else ""
    )
    nav = "".join(
        f'<li><a href="{cms.column_url(site, c)}">{escape(c.name)}</a></li>' for c in site.top_columns()
    )
    top = "".join(f'<a href="{u}" target="_blank">{escape(t)}</a>' for t, u in GOV_LINKS[:2])
    crumb_html = ""
    if crumbs:
        crumb_html = (
            '<div class="position">当前位置：'
            + " &gt; ".join(f'<a href="{u}">{escape(t)}</a>' for t, u in crumbs)
            + "</div>"
        )
    site_id = f"网站标识码：{site.site_id}　" if site.site_id and site.meta_homepage else ""
    del codec
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{charset}
<meta name="viewport" content="width=device-width, initial-scale=1.0">
{meta}
<title>{escape(title)}</title>
<link rel="stylesheet" type="text/css" href="{site.place.base}images/style.css">
<style>body{{font-family:"Microsoft YaHei",sans-serif}} .hidden-xs{{}} {HIDE_CSS}</style>
{head_extra}
</head>
<body>
<div class="header">
 <div class="logo"><a href="{cms.home_url(site)}"><img src="{site.place.base}images/logo.png" alt="{escape(site.place.full_name)}"></a></div>
 <div class="top-links">{top}<span>网站支持IPv6</span></div>
</div>
<div class="nav"><ul><li><a href="{cms.home_url(site)}">首页</a></li>{nav}</ul></div>
<div class="main">
{crumb_html}
{body}
</div>
<div class="footer">
 {home_extra}
 <p>主办单位：{escape(site.place.full_name)}　{site_id}晋ICP备05003731号</p>
 <p>地址：山西省临汾市{escape(site.place.name)}　联系电话：0357-{2000000 + site.seed % 1000 * 17:07d}</p>
</div>
</body>
</html>
"""
