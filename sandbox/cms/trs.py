"""TRS WCM style: ``.shtml``, lists ``index.shtml``/``index_N.shtml`` paginated by inline
``createPageHTML``; articles ``<col>/YYYYMM/tYYYYMMDD_N.shtml``; body in ``div.TRS_Editor``."""

from __future__ import annotations

import re
from html import escape

from sandbox.cms.base import PAGE_SIZE, Cms
from sandbox.cms.skeleton import frame, meta_tags
from sandbox.http import Request, Response
from sandbox.model import Column, Item, Site

_ARTICLE = re.compile(r"^(?P<col>(?:[a-z0-9]+/)+)(?P<ym>\d{6})/t(?P<ymd>\d{8})_(?P<id>\d+)\.shtml$")
_LIST = re.compile(r"^(?P<col>(?:[a-z0-9]+/)*)(?:index(?:_(?P<page>\d+))?\.shtml)?$")


class Trs(Cms):
    name = "trs"

    def column_url(self, site: Site, col: Column, page: int = 0) -> str:
        return site.url(col.path + (f"index_{page}.shtml" if page else ""))

    def item_url(self, site: Site, item: Item) -> str:
        col = site.columns[item.col]
        return site.url(f"{col.path}{item.date:%Y%m}/t{item.date:%Y%m%d}_{item.id}.shtml")

    def list_page(self, site: Site, col: Column, page: int, rendered: bool) -> Response:
        items = self.sorted_items(col)
        pages = max(1, -(-len(items) // PAGE_SIZE))
        chunk = items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        listing = self.items_html(site, chunk) if chunk else '<p class="empty">暂无信息</p>'
        pager = ""
        if rendered and pages > 1:
            names = ["index.shtml"] + [f"index_{n}.shtml" for n in range(1, pages)]
            pager = "".join(
                f'<span class="cur">{n + 1}</span>' if n == page else f'<a href="{names[n]}">{n + 1}</a>'
                for n in range(pages)
            )
        script = f'<script language="JavaScript">createPageHTML({pages}, {page}, "index", "shtml");</script>'
        body = (
            f'<div class="list-box"><h2>{escape(col.name)}</h2>{listing}'
            f'<div class="page">{script}{pager}</div></div>'
        )
        meta = meta_tags(site, "column", col.name)
        html = frame(
            self, site, f"{col.name}_{site.place.full_name}", body, meta=meta, crumbs=self.crumbs(site, col)
        )
        # the pager function is defined after its first use on real sites too; move it up so it runs
        html = html.replace("<head>", "<head><script>var createPageHTML=function(n,c,p,e){var s='';"
                            "for(var i=0;i<n;i++){var f=i==0?p+'.'+e:p+'_'+i+'.'+e;s+=i==c?'<span class=\"cur\">'"
                            "+(i+1)+'</span>':'<a href=\"'+f+'\">'+(i+1)+'</a>';}document.write(s);};</script>", 1)  # fmt: skip
        return self.page(site, html)

    def route_family(self, site: Site, rel: str, req: Request, rendered: bool) -> Response | None:
        match = _ARTICLE.match(rel)
        if match:
            item = site.items.get(int(match["id"]))
            if item is None or self.item_url(site, item) != site.url(rel):
                return None
            return self.render_item(site, item)
        match = _LIST.match(rel)
        if match:
            path = match["col"]
            page = int(match["page"] or 0)
            if not path:
                return self.render_home(site, rendered) if page == 0 else None
            for col in site.columns.values():
                if col.path == path:
                    return self.render_column(site, col, page, rendered)
        return None
