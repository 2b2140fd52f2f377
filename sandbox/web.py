"""The simulated web as one function: ``SandboxWeb.handle(Request) -> Response``.

Dispatches on the Host header, the listener's address family (IPv4/IPv6) and the path. Used
by the socket server and, in-process, by ``sandbox.snapshots.walk_unit``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html import escape

from sandbox.assets import h5_page, report_file, static_asset
from sandbox.cms import cms_for
from sandbox.externals import BLOCKED_PATHS, CHANNEL_HOSTS, EXTERNAL_HOSTS, SPAM_HOSTS
from sandbox.generate import site_for
from sandbox.http import Request, Response, html_response, not_found, redirect
from sandbox.layout import PORTAL_HOST, UnitPlace, all_places
from sandbox.model import Site
from sandbox.plan import placed, plan_for
from sandbox.timeline import Timeline, timeline_for
from sandbox.validators import is_dynamic, shown_date, validate

BENCH_HOST = "bench.linfen.gov.cn"
_FILE = re.compile(r"^uploadfiles/\d{6}/P0(\d+)\.(pdf|docx)$")
_MEDIA = re.compile(r"^media/(\d+)\.(mp4|mp3)$")
_H5 = re.compile(r"^h5/(\d+)/(?:index\.html)?$")


@dataclass
class HostInfo:
    name: str
    kind: str  # unit | portal | external | service | bench
    places: list[UnitPlace] = field(default_factory=list)
    ipv6: str = "dual_stack"  # dual_stack | ipv4_only | aaaa_broken | content_differs | cname_chain | …


class SandboxWeb:
    def __init__(
        self, seed: int = 1, as_of: dt.date = dt.date(2020, 12, 15), units: int = 0, bench_pages: int = 0
    ):
        self.seed, self.as_of, self.bench_pages = seed, as_of, bench_pages
        self.night = as_of  # the night being served; ``set_night`` moves it along the timeline
        self.extra_units = max(0, units - 51) if units else 0
        self.places = tuple(placed(seed, p) for p in all_places(self.extra_units))
        self.hosts: dict[str, HostInfo] = {PORTAL_HOST: HostInfo(PORTAL_HOST, "portal")}
        for place in self.places:
            if place.on_portal:
                self.hosts[PORTAL_HOST].places.append(place)
                continue
            plan = plan_for(seed, place.id)
            self.hosts[place.host] = HostInfo(place.host, "unit", [place], plan.ipv6)
            if plan.ipv6 == "v4_only_links":
                zone = place.host.removeprefix("www.")
                for prefix in ("zwfw", "data"):
                    name = f"{prefix}.{zone}"
                    self.hosts[name] = HostInfo(name, "service", [], "ipv4_only")
        for name in EXTERNAL_HOSTS:
            self.hosts[name] = HostInfo(name, "external")
        if bench_pages:
            self.hosts[BENCH_HOST] = HostInfo(BENCH_HOST, "bench")

    def site(self, place: UnitPlace, night: dt.date | None = None) -> Site:
        return site_for(place.id, self.seed, self.as_of, self.extra_units, night or self.night)

    @property
    def timeline(self) -> Timeline:
        return timeline_for(self.seed, self.as_of)

    def set_night(self, night: dt.date) -> None:
        """Serve the sites as they are on ``night`` (the timeline's changes up to it)."""
        if night < self.as_of:
            raise ValueError(f"night {night} is before the night the sites are generated for ({self.as_of})")
        self.night = night

    def place_for(self, host: str, path: str) -> UnitPlace | None:
        info = self.hosts.get(host)
        if info is None:
            return None
        best = None
        for place in info.places:
            if path.startswith(place.base) and (best is None or len(place.base) > len(best.base)):
                best = place
        return best

    # ------------------------------------------------------------------------------------------
    def handle(self, req: Request, rendered: bool = False) -> Response:
        host = req.host.lower().split(":")[0].rstrip(".")
        info = self.hosts.get(host)
        if info is None:
            return Response(421, {"Content-Type": "text/plain"}, b"misdirected request")
        if info.ipv6 == "unreachable" or (req.family == 6 and info.ipv6 in ("ipv4_only", "aaaa_broken")):
            return Response(reset=True)
        if info.kind == "external":
            return validate(self._external(host, req), "static", req.headers, lambda: self.as_of)
        if info.kind == "service":
            return html_response(
                f"<html><head><title>{host}</title></head><body><h1>政务服务</h1></body></html>"
            )
        if info.kind == "bench":
            return validate(self._bench(req), "static", req.headers, lambda: self.as_of)
        if req.path == "/robots.txt":
            return self._robots(info)
        place = self.place_for(host, req.path)
        if place is None:
            if info.kind != "portal":
                return not_found()
            return validate(self._portal(req), "trs", req.headers, lambda: self.as_of)
        night = self.night
        for respond in self.timeline.responders(place.id, night) if night > self.as_of else ():
            answer = respond(req, night)
            if answer is not None:
                return answer
        rel = req.path[len(place.base) :]
        variant = "v6" if req.family == 6 and info.ipv6 == "content_differs" else ""
        response = self._unit(place, rel, req, rendered, variant, night)
        family = "dynamic" if is_dynamic(rel) else place.cms
        return validate(
            response,
            family,
            req.headers,
            lambda: self._changed_on(place, rel, req, rendered, variant, response),
        )

    def _unit(
        self, place: UnitPlace, rel: str, req: Request, rendered: bool, variant: str, night: dt.date
    ) -> Response:
        site = self.site(place, night)
        if site.plan.unreachable:
            return Response(reset=True)
        response = self._common(site, rel, req, rendered, variant)
        if response is None:
            response = cms_for(place.cms).route_family(site, rel, req, rendered)
        return response or not_found()

    def _changed_on(
        self, place: UnitPlace, rel: str, req: Request, rendered: bool, variant: str, current: Response
    ) -> dt.date:
        """The night since which this body is served unchanged (see ``sandbox.validators``)."""
        versions = self.timeline.versions(place.id, self.night) if self.night > self.as_of else [self.as_of]
        for index in range(len(versions) - 1, 0, -1):
            before = self._unit(place, rel, req, rendered, variant, versions[index - 1])
            if before.status != current.status or before.body != current.body:
                return versions[index]
        return shown_date(current.body, self.as_of)

    def _common(self, site: Site, rel: str, req: Request, rendered: bool, variant: str) -> Response | None:
        cms = cms_for(site.place.cms)
        plan = site.plan
        if variant and rel in ("", "index.html", "index.shtml"):
            return cms.render_home(site, rendered, variant)
        asset = static_asset(rel) if rel.startswith(("images/", "media/", "css/", "js/")) else None
        if asset and not _MEDIA.match(rel):
            return Response(200, {"Content-Type": asset[0]}, asset[1])
        match = _MEDIA.match(rel)
        if match:
            item = site.items.get(int(match[1]))
            if item is None or item.kind != "interp" or not asset:
                return not_found()
            return Response(200, {"Content-Type": asset[0]}, asset[1])
        match = _H5.match(rel)
        if match:
            item = site.items.get(int(match[1]))
            if item is None or item.data.get("form") != "h5":
                return not_found()
            return Response(200, {"Content-Type": "text/html; charset=utf-8"}, h5_page(site, item))
        match = _FILE.match(rel)
        if match:
            item = site.items.get(int(match[1]))
            if item is None or item.kind != "report" or item.data["format"] != match[2]:
                return not_found()
            ctype = "application/pdf" if match[2] == "pdf" else (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document")  # fmt: skip
            if cms.file_url(site, item, match[2]) != site.url(rel):
                return not_found()
            return Response(200, {"Content-Type": ctype}, report_file(item, match[2], site.place.full_name))
        if plan.redirect_loop and rel == "wsbs/login.jsp":
            return redirect(site.url("wsbs/sso.jsp?from=login"))
        if plan.redirect_loop and rel == "wsbs/sso.jsp":
            return redirect(site.url("wsbs/login.jsp"))
        if plan.calendar and rel == "calendar/":
            return self._calendar(site, req)
        if plan.slow and rel == "sjcx/index.html":
            response = html_response(
                f'<html><head><meta charset="utf-8"><title>数据查询_{escape(site.place.full_name)}</title></head>'
                "<body><h2>数据查询</h2><p>请输入查询条件。</p></body></html>"
            )
            response.delay_s = 2.0
            return response
        if plan.robots and rel == "search/":
            return html_response(
                '<html><head><meta charset="utf-8"><title>搜索结果</title></head><body><p>共找到0条结果</p></body></html>'
            )
        return None

    def _calendar(self, site: Site, req: Request) -> Response:
        month = req.params.get("month", f"{self.as_of:%Y-%m}")
        try:
            year, mon = (int(x) for x in month.split("-"))
            first = dt.date(year, mon, 1)
        except (ValueError, TypeError):
            return not_found()
        prev = (first - dt.timedelta(days=1)).replace(day=1)
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        base = site.url("calendar/")
        cells = "".join(f"<td>{d}</td>" for d in range(1, 29))
        html = (
            f'<html><head><meta charset="utf-8"><title>活动日历 {first:%Y年%m月}</title></head><body>'
            f'<div class="calendar"><a href="{base}?month={prev:%Y-%m}">上个月</a> {first:%Y年%m月} '
            f'<a href="{base}?month={nxt:%Y-%m}">下个月</a><table><tr>{cells}</tr></table></div></body></html>'
        )
        return html_response(html)

    def _robots(self, info: HostInfo) -> Response:
        lines = ["User-agent: *"]
        if info.kind == "portal":
            lines.append("Disallow: /irs/")
        for place in info.places:
            lines += [f"Disallow: {p}" for p in self.site(place).robots_disallow]
        if len(lines) == 1:
            lines.append("Disallow:")
        return Response(200, {"Content-Type": "text/plain"}, ("\n".join(lines) + "\n").encode())

    def _portal(self, req: Request) -> Response:
        if req.path not in ("/", "/index.shtml", "/index.html"):
            return not_found()
        links = []
        for place in self.places:
            if not place.synthetic:
                links.append(f'<li><a href="{place.homepage}">{escape(place.full_name)}</a></li>')
        html = (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="SiteName" content="临汾市人民政府">'
            '<meta name="SiteDomain" content="www.linfen.gov.cn"><meta name="SiteIDCode" content="1410000039">'
            "<title>临汾市人民政府</title></head><body><h1>临汾市人民政府</h1>"
            f'<div class="bmlj"><h3>部门和县（市、区）网站</h3><ul>{"".join(links)}</ul></div>'
            '<div class="footer">网站标识码：1410000039 晋ICP备05003731号</div></body></html>'
        )
        return html_response(html)

    def _external(self, host: str, req: Request) -> Response:
        for status, prefix in BLOCKED_PATHS.items():
            if host == "www.sxzwfw.gov.cn" and req.path.startswith(prefix):
                headers = {"Content-Type": "text/html; charset=utf-8"}
                if status == 429:
                    headers["Retry-After"] = "1"
                text = "访问过于频繁，请稍后再试" if status == 429 else "您的访问被拒绝（WAF）"
                return Response(status, headers, f"<html><body><p>{text}</p></body></html>".encode())
        title = {"www.gov.cn": "中国政府网", "www.shanxi.gov.cn": "山西省人民政府"}.get(host, host)
        if host in SPAM_HOSTS:
            title = "娱乐城"
        elif host in CHANNEL_HOSTS:
            title = "临汾发布"
        return html_response(
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body><h1>{title}</h1></body></html>'
        )

    def _bench(self, req: Request) -> Response:
        match = re.match(r"^/(?:p/(\d+)\.shtml)?$", req.path)
        if not match:
            return not_found()
        n = int(match[1] or 0)
        if n >= self.bench_pages:
            return not_found()
        kids = [k for k in range(10 * n + 1, 10 * n + 11) if k < self.bench_pages]
        links = "".join(
            f'<li><a href="/p/{k}.shtml">第{k}页 测试信息</a><span>2020-12-{1 + k % 14:02d}</span></li>'
            for k in kids
        )
        parent = f'<a href="/p/{(n - 1) // 10}.shtml">上级</a>' if n else ""
        html = (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>基准测试页 {n}</title></head><body>{parent}'
            f'<ul class="list">{links}</ul><div class="TRS_Editor"><p>基准测试站点第{n}页。</p></div></body></html>'
        )
        return html_response(html)
