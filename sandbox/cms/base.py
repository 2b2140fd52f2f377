"""What every CMS family does the same way: homepage, detail pages, special sub-sections.

A family defines its URLs (``column_url``, ``item_url``), how a list page is written
(``list_page``) and how its paths map back to columns and items (``route_family``).
``rendered=True`` asks for the DOM after the page's scripts ran (what a browser sees).
"""

from __future__ import annotations

from html import escape

from sandbox.cms import articles
from sandbox.cms.skeleton import HIDE_CSS, frame, meta_tags
from sandbox.http import Request, Response
from sandbox.model import Column, Item, Site

PAGE_SIZE = 15
_DETAIL_KINDS = {"guide", "rules", "report", "policy", "interp", "consult", "article"}


class Cms:
    name = "base"
    list_is_js = False  # only a browser sees list items

    # --- URLs -----------------------------------------------------------------------------
    def home_url(self, site: Site) -> str:
        return site.url("")

    def column_url(self, site: Site, col: Column, page: int = 0) -> str:
        raise NotImplementedError

    def item_url(self, site: Site, item: Item) -> str:
        raise NotImplementedError

    def file_url(self, site: Site, item: Item, ext: str) -> str:
        return site.url(f"uploadfiles/{item.date:%Y%m}/P0{item.id}.{ext}")

    # --- pages ----------------------------------------------------------------------------
    def list_page(self, site: Site, col: Column, page: int, rendered: bool) -> Response:
        raise NotImplementedError

    def route_family(self, site: Site, rel: str, req: Request, rendered: bool) -> Response | None:
        raise NotImplementedError

    def page(self, site: Site, html: str) -> Response:
        from sandbox.layout import ENCODINGS

        codec, header, _ = ENCODINGS[site.place.encoding]
        ctype = f"text/html; charset={header}" if header else "text/html"
        return Response(200, {"Content-Type": ctype}, html.encode(codec, "replace"))

    def crumbs(self, site: Site, col: Column | None) -> list[tuple[str, str]]:
        out = [("首页", self.home_url(site))]
        chain: list[Column] = []
        while col is not None:
            chain.insert(0, col)
            col = site.columns.get(col.parent) if col.parent else None
        return out + [(c.name, self.column_url(site, c)) for c in chain]

    def items_html(self, site: Site, items: list[Item], cls: str = "list", month_day: bool = False) -> str:
        shown = "%m-%d" if month_day else "%Y-%m-%d"
        lis = "".join(
            f'<li><a href="{self.item_url(site, it)}" title="{escape(it.title)}" target="_blank">{escape(it.title)}</a>'
            f"<span>{it.date:{shown}}</span></li>"
            for it in items
        )
        return f'<ul class="{cls}">{lis}</ul>'

    def home_block(self, site: Site, col: Column, n: int, rendered: bool) -> str:
        items = sorted(col.items, key=lambda it: it.date, reverse=True)[:n]
        # County homepages date their blocks MM-DD, the year implied (a real-page trap, issue 18).
        return self.items_html(site, items, month_day=sum(map(ord, site.place.id)) % 3 == 1)

    def render_home(self, site: Site, rendered: bool, variant: str = "") -> Response:
        blocks = []
        for key, n in site.home_blocks:
            col = site.columns.get(key)
            if col is None:
                continue
            more = f'<a class="more" href="{self.column_url(site, col)}">更多&gt;&gt;</a>'
            blocks.append(
                f'<div class="block"><h3>{escape(col.name)}{more}</h3>{self.home_block(site, col, n, rendered)}</div>'
            )
        entries = "".join(
            f'<li><a href="{self.column_url(site, c)}">{escape(c.name)}</a></li>'
            for c in site.columns.values()
            if c.parent in ("zfxxgk", "fdzdgknr", "zwgk")
        )
        links, hidden = [], []
        for link in site.home_links:
            if link.hidden == "inline":
                hidden.append(f'<div style="display:none"><a href="{link.url}">{escape(link.text)}</a></div>')
            elif link.hidden == "class":
                hidden.append(f'<div class="yqlj-hd"><a href="{link.url}">{escape(link.text)}</a></div>')
            elif link.hidden == "script":
                hidden.append(
                    f'<div id="gg-box"><a href="{link.url}">{escape(link.text)}</a></div>'
                    "<script>document.getElementById('gg-box').style.display='none';</script>"
                )
            else:
                links.append(f'<li><a href="{link.url}" target="_blank">{escape(link.text)}</a></li>')
        banner = ""
        if variant == "v6":
            banner = '<div class="notice-v6"><p>系统升级维护中，部分栏目暂停访问。</p></div>'
            blocks = blocks[:1]
        body = (
            banner
            + f'<div class="home-blocks">{"".join(blocks)}</div>'
            + f'<div class="zwgk-entry"><h3>政务公开</h3><ul>{entries}</ul></div>'
            + f'<div class="yqlj"><h3>友情链接</h3><ul>{"".join(links)}</ul></div>'
        )
        meta = meta_tags(site, "home") if site.meta_homepage else ""
        html = frame(self, site, site.place.full_name, body, meta=meta, home_extra="".join(hidden))
        return self.page(site, html)

    def render_item(self, site: Site, item: Item) -> Response:
        col = site.columns[item.col]
        if item.kind == "policy":
            body = articles.policy_info(site, item) + self._article(
                site, item, articles.policy_body(self, site, item)
            )
        elif item.kind == "interp":
            body = self._article(site, item, articles.interp_body(self, site, item))
        elif item.kind == "guide":
            body = self._article(site, item, articles.guide_body(site, item))
        elif item.kind == "report":
            body = self._article(site, item, articles.report_body(self, site, item))
        elif item.kind == "consult":
            body = self._article(site, item, articles.consult_body(site, item))
        else:
            body = self._article(site, item, articles.news_body(site, item))
        meta = meta_tags(site, "article", col.name, item)
        title = f"{item.title}_{col.name}_{site.place.full_name}"
        return self.page(site, frame(self, site, title, body, meta=meta, crumbs=self.crumbs(site, col)))

    def _article(self, site: Site, item: Item, inner: str) -> str:
        source = item.data.get("channel") or site.place.full_name
        extra = "".join(
            f'<p class="fj"><a href="{link.url}">{escape(link.text)}</a></p>'
            for link in site.inner_links.get(item.id, [])
        )
        return (
            f'<div class="article"><h1 class="title">{escape(item.title)}</h1>'
            f'<div class="info"><span>发布日期：{item.date:%Y-%m-%d}</span><span>来源：{escape(str(source))}</span>'
            f'</div><div class="TRS_Editor"><!--ZJEG_RSS.content.begin-->{inner}<!--ZJEG_RSS.content.end-->'
            f"</div>{extra}</div>"
        )

    def render_landing(self, site: Site, col: Column) -> Response:
        subs = site.children(col.key)
        lis = "".join(f'<li><a href="{self.column_url(site, c)}">{escape(c.name)}</a></li>' for c in subs)
        body = f'<div class="landing"><h2>{escape(col.name)}</h2><ul class="sublist">{lis}</ul></div>'
        for sub in subs:
            if sub.items:
                latest = sorted(sub.items, key=lambda it: it.date, reverse=True)[:5]
                body += f'<div class="block"><h3>{escape(sub.name)}</h3>{self.items_html(site, latest)}</div>'
        meta = meta_tags(site, "column", col.name)
        return self.page(site, frame(self, site, f"{col.name}_{site.place.full_name}", body, meta=meta,
                                     crumbs=self.crumbs(site, col)))  # fmt: skip

    def render_catalogue(self, site: Site, col: Column) -> Response:
        rows = []
        for item_id, classified in site.catalogue:
            it = site.items[item_id]
            index = it.data.get("index_number") or f"{site.place.issuer}-{it.date:%Y}-{it.id % 100000:05d}"
            cls = site.columns[it.col].name if classified else ""
            index = index if classified else ""
            rows.append(
                f'<tr><td>{escape(index)}</td><td><a href="{self.item_url(site, it)}">{escape(it.title)}</a></td>'
                f"<td>{escape(cls)}</td><td>{it.date:%Y-%m-%d}</td></tr>"
            )
        body = (
            f'<div class="xxgkml"><h2>{escape(col.name)}</h2><table class="ml"><tr><th>索引号</th><th>信息名称</th>'
            f"<th>主题分类</th><th>发布日期</th></tr>{''.join(rows)}</table></div>"
        )
        meta = meta_tags(site, "column", col.name)
        return self.page(site, frame(self, site, f"{col.name}_{site.place.full_name}", body, meta=meta,
                                     crumbs=self.crumbs(site, col)))  # fmt: skip

    def render_request(self, site: Site, col: Column) -> Response:
        body = (
            f'<div class="ysqgk"><h2>{escape(col.name)}</h2><p>申请人可在线提交政府信息公开申请，也可下载申请表书面提交。</p>'
            '<form method="post" action="#"><p>姓名：<input name="xm"></p><p>证件号码：<input name="zjhm"></p>'
            '<p>所需信息内容描述：<textarea name="nr"></textarea></p><p><button type="submit">提交申请</button></p></form></div>'
        )
        meta = meta_tags(site, "column", col.name)
        return self.page(site, frame(self, site, f"{col.name}_{site.place.full_name}", body, meta=meta,
                                     crumbs=self.crumbs(site, col)))  # fmt: skip

    def render_column(self, site: Site, col: Column, page: int, rendered: bool) -> Response | None:
        if col.ctype == "landing":
            return self.render_landing(site, col) if page == 0 else None
        if col.ctype == "catalogue":
            return self.render_catalogue(site, col) if page == 0 else None
        if col.ctype == "request":
            return self.render_request(site, col) if page == 0 else None
        pages = max(1, -(-len(col.items) // PAGE_SIZE))
        if page >= pages:
            return None
        return self.list_page(site, col, page, rendered)

    def sorted_items(self, col: Column) -> list[Item]:
        return sorted(col.items, key=lambda it: (it.date, it.id), reverse=True)

    def hide_css(self) -> str:
        return HIDE_CSS
