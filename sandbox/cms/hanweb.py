"""Hanweb JCMS (大汉) style: ``/col/colN/index.html``; list records in an inline
``<script type="text/xml">`` datastore and from ``/module/web/jpage/dataproxy.jsp`` (POST
``columnid``, ``startrecord``, ``endrecord``); articles ``/art/YYYY/M/D/art_{col}_{id}.html``;
body between ``<!--ZJEG_RSS.content.begin-->`` and ``<!--ZJEG_RSS.content.end-->``."""

from __future__ import annotations

import re
from html import escape

from sandbox.cms.base import PAGE_SIZE, Cms
from sandbox.cms.skeleton import frame, meta_tags
from sandbox.http import Request, Response
from sandbox.model import Column, Item, Site

_ARTICLE = re.compile(r"^art/(\d{4})/(\d{1,2})/(\d{1,2})/art_(\d+)_(\d+)\.html$")
_COLUMN = re.compile(r"^col/col(\d+)/(?:index\.html)?$")
INLINE_RECORDS = PAGE_SIZE * 3
DATAPROXY = "module/web/jpage/dataproxy.jsp"

_JPAGE = """<script>(function(){var box=document.getElementById('%(unit)s');var xml=box.querySelector('script[type="text/xml"]');
var recs=xml?xml.textContent.match(/<record><!\\[CDATA\\[([\\s\\S]*?)\\]\\]><\\/record>/g)||[]:[];var html='';
for(var i=0;i<recs.length&&i<%(size)d;i++){html+=recs[i].replace(/^<record><!\\[CDATA\\[/,'').replace(/\\]\\]><\\/record>$/,'');}
var ul=document.createElement('ul');ul.className='hanweb-list';ul.innerHTML=html||'<li class="empty">暂无信息</li>';box.appendChild(ul);
var pg=document.createElement('div');pg.className='default_pgContainer';pg.innerHTML='共'+%(total)d+'条记录';box.appendChild(pg);})();</script>"""


class Hanweb(Cms):
    name = "hanweb"

    def column_url(self, site: Site, col: Column, page: int = 0) -> str:
        return site.url(f"col/col{col.colno}/index.html")

    def item_url(self, site: Site, item: Item) -> str:
        col = site.columns[item.col]
        d = item.date
        return site.url(f"art/{d.year}/{d.month}/{d.day}/art_{col.colno}_{item.id}.html")

    def record(self, site: Site, item: Item) -> str:
        return (
            f'<record><![CDATA[<li><a href="{self.item_url(site, item)}" title="{escape(item.title)}" target="_blank">'
            f'{escape(item.title)}</a><span class="bt_time">{item.date:%Y-%m-%d}</span></li>]]></record>'
        )

    def list_page(self, site: Site, col: Column, page: int, rendered: bool) -> Response:
        if page:
            return Response(404)
        items = self.sorted_items(col)
        unit = f"{col.colno + 3000}"
        inline = "".join(self.record(site, it) for it in items[:INLINE_RECORDS])
        proxy = site.url(DATAPROXY)
        datastore = (
            f'<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="{proxy}?page=1&appid=1&webid=1&path=/'
            f'&columnid={col.colno}&unitid={unit}&webname={escape(site.place.full_name)}&permissiontype=0"></a>]]>'
            f"</nextgroup><recordset>{inline}</recordset></datastore></script>"
        )
        shown = ""
        if rendered:
            lis = (
                "".join(
                    f'<li><a href="{self.item_url(site, it)}" title="{escape(it.title)}" target="_blank">{escape(it.title)}</a>'
                    f'<span class="bt_time">{it.date:%Y-%m-%d}</span></li>'
                    for it in items[:PAGE_SIZE]
                )
                or '<li class="empty">暂无信息</li>'
            )
            shown = f'<ul class="hanweb-list">{lis}</ul><div class="default_pgContainer">共{len(items)}条记录</div>'
        params = (
            f"<script>var jpageParams={{columnid:{col.colno},unitid:{unit},totalRecord:{len(items)},"
            f"perpage:{PAGE_SIZE},url:'{proxy}'}};</script>"
        )
        body = (
            f'<div class="lm-box"><h2>{escape(col.name)}</h2><div id="{unit}">{datastore}{shown}</div>{params}'
            + _JPAGE % {"unit": unit, "size": PAGE_SIZE, "total": len(items)}
            + "</div>"
        )
        meta = meta_tags(site, "column", col.name)
        html = frame(
            self, site, f"{col.name}_{site.place.full_name}", body, meta=meta, crumbs=self.crumbs(site, col)
        )
        return self.page(site, html)

    def dataproxy(self, site: Site, req: Request) -> Response:
        params = req.params
        try:
            colno = int(params.get("columnid", "0"))
            start = int(params.get("startrecord", "1"))
            end = int(params.get("endrecord", str(start + PAGE_SIZE - 1)))
        except ValueError:
            return Response(400, {"Content-Type": "text/plain"}, b"bad request")
        col = next((c for c in site.columns.values() if c.colno == colno), None)
        if col is None:
            return Response(200, {"Content-Type": "text/xml; charset=utf-8"}, b"<datastore></datastore>")
        items = self.sorted_items(col)
        chunk = items[max(0, start - 1) : max(0, end)]
        records = "".join(self.record(site, it) for it in chunk)
        pages = max(1, -(-len(items) // PAGE_SIZE))
        xml = (
            f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{len(items)}</totalrecord>'
            f"<totalpage>{pages}</totalpage><recordset>{records}</recordset></datastore>"
        )
        return Response(200, {"Content-Type": "text/xml; charset=utf-8"}, xml.encode())

    def route_family(self, site: Site, rel: str, req: Request, rendered: bool) -> Response | None:
        if rel in ("", "index.html"):
            return self.render_home(site, rendered)
        if rel == DATAPROXY:
            return self.dataproxy(site, req)
        match = _COLUMN.match(rel)
        if match:
            col = next((c for c in site.columns.values() if c.colno == int(match[1])), None)
            return self.render_column(site, col, 0, rendered) if col else None
        match = _ARTICLE.match(rel)
        if match:
            item = site.items.get(int(match[5]))
            if item is None or self.item_url(site, item) != site.url(rel):
                return None
            return self.render_item(site, item)
        return None
