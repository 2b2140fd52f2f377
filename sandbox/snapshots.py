"""Walk a unit's scope in-process (no sockets, no crawler) into a ``UnitSnapshot``.

What a correct crawler would store: pages with their bodies; for JavaScript-filled lists the
DOM after the script (``rendered_html``, computed server-side); for the homepage a
``render_report`` of every link and whether a browser shows it; link checks for targets out
of scope (a failing one twice, as ``crawler.linkcheck``); redirect loops as errors; the
calendar trap bounded. No nightly availability probes, except, for an https homepage, the
as-of night's probe carrying the certificate facts that ``inspection.tls`` judges.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import replace
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from config.settings import UnitConfig
from pages.urls import canonicalize as _canonicalize
from sandbox.cms import cms_for
from sandbox.cms.base import PAGE_SIZE
from sandbox.cms.hanweb import DATAPROXY, INLINE_RECORDS
from sandbox.http import Request, Response
from sandbox.web import SandboxWeb
from storage.snapshot import SnapshotLink, SnapshotPage, SnapshotProbe, UnitSnapshot

MAX_PAGES = 3000
MAX_QUERY_VARIANTS = 10
_FOLLOW = {"a": "href", "iframe": "src"}
_SCRIPTED = (b"createPageHTML(", b"data-channel=", b"jpageParams")
_RECORD = {"a": "href", "iframe": "src", "video": "src", "audio": "src"}


@lru_cache(maxsize=200_000)
def canonicalize(url: str) -> str:
    return _canonicalize(url)


@lru_cache(maxsize=4)
def web_for(seed: int, as_of: dt.date) -> SandboxWeb:
    return SandboxWeb(seed=seed, as_of=as_of)


class _Walker:
    def __init__(self, web: SandboxWeb, unit_id: str) -> None:
        self.web = web
        self.place = next(p for p in web.places if p.id == unit_id)
        self.site = web.site(self.place)
        self.scope = canonicalize(self.place.homepage)
        self.pages: list[SnapshotPage] = []
        self.links: list[SnapshotLink] = []
        # A simulated clock (02:00 Beijing on the night): a second per fetch, so that stored
        # attempts have times as the crawler's do (the dead-link check compares them).
        self.clock = dt.datetime.combine(web.as_of, dt.time(18)) - dt.timedelta(days=1)
        self.seen: set[str] = set()
        self.checked: set[str] = set()
        self.variants: dict[str, int] = {}
        self.queue: deque[tuple[str, int, str | None]] = deque()
        self.disallow = [f"{self.place.scheme}://{self.place.host}{p}" for p in self.site.robots_disallow]

    def in_scope(self, url: str) -> bool:
        return canonicalize(url).startswith(self.scope)

    def fetch(
        self, url: str, rendered: bool = False, method: str = "GET", body: bytes = b""
    ) -> tuple[str, Response | None, str | None, list[dict[str, Any]]]:
        """Follow redirects; returns (final url, response or None, error reason, redirects)."""
        redirects: list[dict[str, Any]] = []
        visited = {url}
        current = url
        for _ in range(10):
            parts = urlsplit(current)
            host = parts.hostname or ""
            if host not in self.web.hosts:
                return current, None, "nxdomain", redirects
            req = Request(host, parts.path or "/", parts.query, method, body, scheme=parts.scheme)
            response = self.web.handle(req, rendered=rendered)
            if response.reset:
                return current, None, "connection reset", redirects
            if response.status in (301, 302, 303, 307, 308) and "Location" in response.headers:
                target = urljoin(current, response.headers["Location"])
                redirects.append({"url": current, "status": response.status, "location": target})
                if target in visited:
                    return current, None, "redirect loop", redirects
                visited.add(target)
                current = target
                continue
            return current, response, None, redirects
        return current, None, "too many redirects", redirects

    def page(
        self, url: str, purpose: str, depth: int, referrer: str | None, rendered: bool = False
    ) -> SnapshotPage:
        final, response, error, redirects = self.fetch(url)
        html_rendered: str | None = None
        scripted = response is not None and any(m in response.body for m in _SCRIPTED)
        if response is not None and rendered and scripted and "html" in (response.content_type or ""):
            _, dom, _, _ = self.fetch(url, rendered=True)
            if dom is not None and dom.body != response.body:
                html_rendered = _decode(dom)
        if response is None:
            page = SnapshotPage(url=url, final_url=final, status=None, outcome="error", reason=error, depth=depth,
                                referrer=referrer, purpose=purpose, redirects=tuple(redirects))  # fmt: skip
        else:
            status = response.status
            outcome = "ok" if status < 400 else ("blocked" if status in (403, 429, 503) else "http_error")
            page = SnapshotPage(
                url=url,
                final_url=final,
                status=status,
                outcome=outcome,
                content_type=response.content_type,
                headers=dict(response.headers),
                body=response.body,
                rendered_html=html_rendered,
                depth=depth,
                referrer=referrer,
                purpose=purpose,
                redirects=tuple(redirects),
            )
        page = replace(page, fetched_at=self.clock)
        self.clock += dt.timedelta(seconds=1)
        self.pages.append(page)
        return page

    def confirm_failures(self) -> None:
        """As ``crawler.confirm``: each target whose every attempt failed is tried once more, an
        hour (the default ``dead_link_confirm_after_s``) after its first failure."""
        failed: dict[str, list[SnapshotPage]] = {}
        for page in self.pages:
            failed.setdefault(canonicalize(page.url), []).append(page)
        for attempts in failed.values():
            if all(p.outcome in ("error", "http_error") for p in attempts):
                first = attempts[0]
                saved, self.clock = self.clock, (first.fetched_at or self.clock) + dt.timedelta(hours=1)
                self.page(first.url, "link-check", first.depth, first.referrer)
                self.clock = saved

    def link_check(self, url: str, depth: int, referrer: str) -> None:
        """As ``crawler.linkcheck``: a failing check (error, or an HTTP error other than a block) is
        tried a second time, and both attempts are stored as "link-check" rows of the same URL."""
        first = self.page(url, "link-check", depth, referrer)
        if first.outcome in ("error", "http_error"):
            self.page(url, "link-check", depth, referrer)

    def walk(self) -> UnitSnapshot:
        home = self.place.homepage
        queue = self.queue = deque([(home, 0, None)])
        self.seen.add(canonicalize(home))
        cms = cms_for(self.place.cms)
        while queue and len(self.pages) < MAX_PAGES:
            url, depth, referrer = queue.popleft()
            if any(url.startswith(p) for p in self.disallow):
                self.pages.append(SnapshotPage(url=url, final_url=url, status=None, outcome="refused",
                                               reason="robots.txt", depth=depth, referrer=referrer))  # fmt: skip
                continue
            page = self.page(url, "crawl", depth, referrer, rendered=True)
            if page.outcome != "ok" or not page.is_html or page.body is None:
                continue
            html = page.rendered_html or _decode_bytes(page.body, page.content_type)
            tree = HTMLParser(html)
            if url == home:
                page = self._with_report(page, tree)
            for target, text, tag in self._links(page.final_url, tree):
                inside = self.in_scope(target)
                self.links.append(
                    SnapshotLink(from_url=url, to_url=target, text=text, in_scope=inside, tag=tag)
                )
                if tag not in _FOLLOW:
                    continue
                key = canonicalize(target)
                if inside:
                    if key in self.seen or not self._variant_ok(key):
                        continue
                    self.seen.add(key)
                    queue.append((target, depth + 1, url))
                elif key not in self.checked:
                    self.checked.add(key)
                    self.link_check(target, depth + 1, url)
            if cms.name == "hanweb" and "jpageParams" in html:
                self._hanweb_pages(url, html, depth, _records(page.body or b""))
        self.confirm_failures()
        return UnitSnapshot(unit=unit_config(self.place.id, self.web), as_of=self.web.as_of, pages=self.pages,
                            links=self.links, probes=self._tls_probes())  # fmt: skip

    def _tls_probes(self) -> list[SnapshotProbe]:
        """An https homepage: the availability probe of the as-of night that carries the
        certificate facts (``details["tls"]``, as ``crawler.availability`` stores them)."""
        if self.place.scheme != "https":
            return []
        from sandbox.tls import tls_facts

        home = self.place.homepage
        _, response, error, _ = self.fetch(home)
        ok = response is not None and response.status < 400
        status = response.status if response is not None else None
        at = dt.datetime.combine(self.web.as_of, dt.time(2, 0))
        details = {"address": None, "port": 443, "http_version": "HTTP/1.1", "location": None,
                   "body_size": len(response.body) if response is not None else 0, "error_detail": error,
                   "tls": tls_facts(self.place, self.web.seed, self.web.as_of)}  # fmt: skip
        return [SnapshotProbe(kind="availability", url=home, family=4, at=at, ok=ok, status=status,
                              error=None if ok else (error or f"http_{status}"), timings={}, content_hash=None,
                              details=details)]  # fmt: skip

    def _variant_ok(self, key: str) -> bool:
        parts = urlsplit(key)
        if not parts.query:
            return True
        path = parts._replace(query="").geturl()
        self.variants[path] = self.variants.get(path, 0) + 1
        return self.variants[path] <= MAX_QUERY_VARIANTS

    def _hanweb_pages(self, url: str, html: str, depth: int, inline: str) -> None:
        import re

        found = re.search(r"columnid:(\d+),unitid:(\d+),totalRecord:(\d+)", html)
        if not found:
            return
        for target, text, tag in self._links(url, HTMLParser(inline)):
            key = canonicalize(target)
            if key not in self.seen:
                self.links.append(
                    SnapshotLink(from_url=url, to_url=target, text=text, in_scope=True, tag=tag)
                )
                self.seen.add(key)
                self.queue.append((target, depth + 1, url))
        total = int(found[3])
        start = INLINE_RECORDS + 1
        while start <= total:
            query = urlencode({"columnid": found[1], "unitid": found[2], "startrecord": start,
                               "endrecord": start + PAGE_SIZE * 3 - 1, "perpage": PAGE_SIZE})  # fmt: skip
            proxy = self.site.url(DATAPROXY) + "?" + query
            page = self.page(proxy, "crawl", depth + 1, url)
            for target, text, tag in self._links(proxy, HTMLParser(_records(page.body or b""))):
                self.links.append(
                    SnapshotLink(from_url=proxy, to_url=target, text=text, in_scope=True, tag=tag)
                )
                key = canonicalize(target)
                if key not in self.seen:
                    self.seen.add(key)
                    self.queue.append((target, depth + 2, proxy))
            start += PAGE_SIZE * 3

    def _links(self, base: str, tree: HTMLParser) -> list[tuple[str, str, str]]:
        out = []
        for tag, attr in _RECORD.items():
            for node in tree.css(f"{tag}[{attr}]"):
                href = (node.attributes.get(attr) or "").strip()
                if not href or href.startswith(("javascript:", "#", "mailto:")):
                    continue
                target = urljoin(base, href)
                if urlsplit(target).scheme in ("http", "https"):
                    out.append((target, node.text(strip=True), tag))
        return out

    def _with_report(self, page: SnapshotPage, tree: HTMLParser) -> SnapshotPage:
        report = []
        for node in tree.css("a[href]"):
            why = _hidden_why(node)
            report.append({"href": urljoin(page.final_url, node.attributes.get("href") or ""),
                           "text": node.text(strip=True), "visible": why is None, "why": why})  # fmt: skip
        new = SnapshotPage(**{**page.__dict__, "render_report": {"links": report}})
        self.pages[self.pages.index(page)] = new
        return new


def _hidden_why(node: Node) -> str | None:
    current: Node | None = node
    while current is not None and current.tag not in ("body", "html"):
        style = (current.attributes.get("style") or "").replace(" ", "").lower()
        if "display:none" in style:
            return "display:none"
        if "visibility:hidden" in style:
            return "visibility:hidden"
        if "yqlj-hd" in (current.attributes.get("class") or ""):
            return "offscreen"
        if current.attributes.get("id") == "gg-box":
            return "display:none"
        current = current.parent
    return None


def _records(body: bytes) -> str:
    import re

    return "".join(re.findall(r"<!\[CDATA\[(.*?)\]\]>", body.decode("utf-8", "replace"), re.S))


def _decode(response: Response) -> str:
    return _decode_bytes(response.body, response.content_type)


def _decode_bytes(body: bytes, content_type: str | None) -> str:
    from pages.decoding import decode_body

    return decode_body(body, content_type).text


def unit_config(unit_id: str, web: SandboxWeb) -> UnitConfig:
    place = next(p for p in web.places if p.id == unit_id)
    return UnitConfig.model_validate(
        {"id": place.id, "name": place.name, "full_name": place.full_name, "class": place.unit_class,
         "homepage": place.homepage, "scope": [place.homepage], "site_source": "sandbox", "cms": place.cms}
    )  # fmt: skip


def walk_unit(unit_id: str, *, seed: int = 1, as_of: dt.date = dt.date(2020, 12, 15)) -> UnitSnapshot:
    """The snapshot a correct crawl of ``unit_id``'s scope would produce."""
    return _Walker(web_for(seed, as_of), unit_id).walk()
