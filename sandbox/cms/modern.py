"""A modern site: lists (and homepage blocks) are empty ``<ul data-channel>`` elements filled
by JavaScript from ``/api/content/list`` (JSON); only a browser sees the items. Pager links
are ``?page=N``; articles ``/content/YYYYMM/{id}.html``."""

from __future__ import annotations

import json
import re
from html import escape

from sandbox.cms.base import PAGE_SIZE, Cms
from sandbox.cms.skeleton import frame, meta_tags
from sandbox.http import Request, Response
from sandbox.model import Column, Item, Site

_ARTICLE = re.compile(r"^content/(\d{6})/(\d+)\.html$")
_CHANNEL = re.compile(r"^channel/([a-z0-9]+)/(?:index\.html)?$")
API = "api/content/list"

_SCRIPT = """<script>
(function(){
  var m = location.search.match(/page=(\\d+)/); var page = m ? parseInt(m[1], 10) : 1;
  document.querySelectorAll('ul[data-channel]').forEach(function(ul){
    var size = parseInt(ul.getAttribute('data-size') || '%(size)d', 10);
    var p = ul.hasAttribute('data-pager') ? page : 1;
    fetch('%(api)s?channelId=' + ul.getAttribute('data-channel') + '&pageNo=' + p + '&pageSize=' + size)
      .then(function(r){ return r.json(); })
      .then(function(j){
        var html = '';
        j.data.list.forEach(function(it){
          html += '<li><a href="' + it.url + '" title="' + it.title + '" target="_blank">' + it.title +
                  '</a><span>' + it.publishTime.slice(0, 10) + '</span></li>';
        });
        ul.innerHTML = html || '<li class="empty">暂无数据</li>';
        if (ul.hasAttribute('data-pager')) {
          var pages = Math.max(1, Math.ceil(j.data.total / size)); var ph = '';
          for (var i = 1; i <= pages; i++) {
            ph += i === p ? '<span class="cur">' + i + '</span>' : '<a href="?page=' + i + '">' + i + '</a>';
          }
          document.getElementById('pager').innerHTML = ph;
        }
        ul.setAttribute('data-loaded', '1');
      });
  });
})();
</script>"""


class Modern(Cms):
    name = "modern"
    list_is_js = True

    def column_url(self, site: Site, col: Column, page: int = 0) -> str:
        return site.url(f"channel/{col.key}/" + (f"?page={page + 1}" if page else ""))

    def item_url(self, site: Site, item: Item) -> str:
        return site.url(f"content/{item.date:%Y%m}/{item.id}.html")

    def api_url(self, site: Site) -> str:
        return site.place.base + API

    def _lis(self, site: Site, items: list[Item]) -> str:
        return (
            "".join(
                f'<li><a href="{self.item_url(site, it)}" title="{escape(it.title)}" target="_blank">{escape(it.title)}</a>'
                f"<span>{it.date:%Y-%m-%d}</span></li>"
                for it in items
            )
            or '<li class="empty">暂无数据</li>'
        )

    def _ul(self, site: Site, col: Column, size: int, page: int, pager: bool, rendered: bool) -> str:
        attrs = f'class="js-list" data-channel="{col.key}" data-size="{size}"' + (
            " data-pager" if pager else ""
        )
        if not rendered:
            return f"<ul {attrs}></ul>"
        items = self.sorted_items(col)[(page - 1) * size : page * size]
        return f'<ul {attrs} data-loaded="1">{self._lis(site, items)}</ul>'

    def home_block(self, site: Site, col: Column, n: int, rendered: bool) -> str:
        return self._ul(site, col, n, 1, False, rendered)

    def render_home(self, site: Site, rendered: bool, variant: str = "") -> Response:
        response = super().render_home(site, rendered, variant)
        return self._with_script(site, response)

    def _with_script(self, site: Site, response: Response) -> Response:
        from sandbox.layout import ENCODINGS

        codec = ENCODINGS[site.place.encoding][0]
        script = _SCRIPT % {"size": PAGE_SIZE, "api": self.api_url(site)}
        response.body = response.body.replace(b"</body>", script.encode(codec) + b"</body>", 1)
        return response

    def list_page(self, site: Site, col: Column, page: int, rendered: bool) -> Response:
        number = page + 1
        pages = max(1, -(-len(col.items) // PAGE_SIZE))
        pager = ""
        if rendered:
            pager = "".join(
                f'<span class="cur">{i}</span>' if i == number else f'<a href="?page={i}">{i}</a>'
                for i in range(1, pages + 1)
            )
        body = (
            f'<div class="list-box"><h2>{escape(col.name)}</h2>{self._ul(site, col, PAGE_SIZE, number, True, rendered)}'
            f'<div id="pager" class="pager">{pager}</div></div>'
        )
        meta = meta_tags(site, "column", col.name)
        html = frame(
            self, site, f"{col.name}_{site.place.full_name}", body, meta=meta, crumbs=self.crumbs(site, col)
        )
        return self._with_script(site, self.page(site, html))

    def api(self, site: Site, req: Request) -> Response:
        params = req.params
        col = site.columns.get(params.get("channelId", ""))
        try:
            number = max(1, int(params.get("pageNo", "1")))
            size = min(100, max(1, int(params.get("pageSize", str(PAGE_SIZE)))))
        except ValueError:
            number, size = 1, PAGE_SIZE
        if col is None:
            payload: dict[str, object] = {"code": 404, "msg": "栏目不存在", "data": {"total": 0, "list": []}}
        else:
            items = self.sorted_items(col)
            chunk = items[(number - 1) * size : number * size]
            payload = {
                "code": 0,
                "msg": "success",
                "data": {
                    "total": len(items),
                    "pageNo": number,
                    "pageSize": size,
                    "list": [
                        {
                            "id": it.id,
                            "title": it.title,
                            "url": self.item_url(site, it),
                            "publishTime": f"{it.date:%Y-%m-%d} {9 + it.id % 8:02d}:{it.id % 60:02d}:00",
                        }
                        for it in chunk
                    ],
                },
            }
        body = json.dumps(payload, ensure_ascii=False).encode()
        return Response(200, {"Content-Type": "application/json; charset=utf-8"}, body)

    def route_family(self, site: Site, rel: str, req: Request, rendered: bool) -> Response | None:
        if rel in ("", "index.html"):
            return self.render_home(site, rendered)
        if rel == API:
            return self.api(site, req)
        match = _CHANNEL.match(rel)
        if match:
            col = site.columns.get(match[1])
            if col is None:
                return None
            page = 0
            found = re.search(r"page=(\d+)", req.query)
            if found:
                page = max(0, int(found[1]) - 1)
            return self.render_column(site, col, page, rendered)
        match = _ARTICLE.match(rel)
        if match:
            item = site.items.get(int(match[2]))
            if item is None or self.item_url(site, item) != site.url(rel):
                return None
            return self.render_item(site, item)
        return None
