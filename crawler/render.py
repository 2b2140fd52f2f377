"""Rendering pages in Chromium (Playwright) when their lists are written by JavaScript.

The browser never touches the network itself. Every HTTP(S) request it makes — subresources,
XHR/fetch, iframes, navigations, popups — is intercepted on the context and answered through
the crawler's :class:`Fetcher` (same DNS, SSRF guard, scope, politeness and WARC), or refused
with its reason; WebSockets are refused. What would escape interception meets
:mod:`crawler.render_guard` (no name resolution in the browser, a refusing proxy). The page's
own document is answered from the fetch already made. What is kept: the rendered DOM, a
full-page PNG screenshot, each link's visibility as computed in the page after its scripts
ran (hidden-link evidence), and every refused request with why.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from config.settings import AuditConfig
from crawler.fetcher import Fetcher, FetchResult
from crawler.render_guard import CHROMIUM_ARGS, EscapeWall, guard_reason, wall_args
from pages.urls import canonicalize, host_of

__all__ = ["CHROMIUM_ARGS", "Rendered", "Renderer"]
_LOCAL_SCHEMES = ("data:", "blob:", "about:")
_REPORT_LIMIT = 100

VISIBILITY_JS = """
() => {
  const doc = document.documentElement;
  const width = Math.max(doc.scrollWidth, window.innerWidth), height = Math.max(doc.scrollHeight, window.innerHeight);
  const clear = c => !c || c === 'transparent' || c === 'rgba(0, 0, 0, 0)';
  const background = el => { for (; el && el.nodeType === 1; el = el.parentElement) {
      const c = getComputedStyle(el).backgroundColor; if (!clear(c)) return c; } return 'rgb(255, 255, 255)'; };
  const box = el => { let r = el.getBoundingClientRect(); if (r.width > 0 && r.height > 0) return r;
      for (const child of el.querySelectorAll('*')) { const c = child.getBoundingClientRect();
        if (c.width > 0 && c.height > 0) return c; } return r; };
  const out = [];
  for (const a of document.querySelectorAll('a[href]')) {
    let why = null;
    for (let el = a; el && el.nodeType === 1 && !why; el = el.parentElement) {
      const s = getComputedStyle(el);
      if (s.display === 'none') why = 'display:none' + (el === a ? '' : ' (ancestor)');
      else if (s.visibility === 'hidden' || s.visibility === 'collapse') why = 'visibility:hidden';
      else if (parseFloat(s.opacity) === 0) why = 'opacity:0' + (el === a ? '' : ' (ancestor)');
      else if (el !== a && s.overflow === 'hidden') { const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) why = 'inside a zero-size box'; }
    }
    const text = (a.textContent || '').trim();
    if (!why) {
      const s = getComputedStyle(a), r = box(a);
      const left = r.left + window.scrollX, top = r.top + window.scrollY;
      if (r.width === 0 || r.height === 0) why = 'zero-size box';
      else if (left + r.width <= 0 || top + r.height <= 0 || left >= width || top >= height) why = 'off-screen';
      else if (text && parseFloat(s.fontSize) < 2) why = 'font-size below 2px';
      else if (text && s.color === background(a)) why = 'text colour equals background';
    }
    out.push({href: a.href, text: text.slice(0, 200), visible: !why, why});
  }
  return out;
}
"""


@dataclass
class Rendered:
    dom: str  # empty when the render failed part-way (the report says why)
    screenshot: str | None  # path under the data folder
    report: dict[str, Any]
    subresources: list[FetchResult] = field(default_factory=list)


@dataclass
class _Session:
    """What one render saw: the fetches it made and the requests it refused, with why."""

    result: FetchResult
    unit_id: str
    scope: Callable[[str], bool]
    started: float = field(default_factory=time.monotonic)
    subresources: list[FetchResult] = field(default_factory=list)
    refused: list[dict[str, str]] = field(default_factory=list)
    served_page: bool = False

    def refuse(self, url: str, kind: str, reason: str) -> None:
        if len(self.refused) < _REPORT_LIMIT:
            self.refused.append({"url": url[:500], "kind": kind, "reason": reason[:300]})


class Renderer:
    def __init__(
        self,
        config: AuditConfig,
        fetcher: Fetcher,
        data_dir: Path,
        playwright: Any,
        browser: Any,
        wall: EscapeWall,
    ) -> None:
        self.config = config
        self.fetcher = fetcher
        self.data_dir = data_dir
        self._playwright = playwright
        self.browser = browser
        self.wall = wall
        self.timeout_s = config.settings.crawl.render_timeout_s
        self.idle_timeout_ms = int(config.settings.crawl.render_idle_timeout_s * 1000)
        self._gate = asyncio.Semaphore(max(1, config.settings.crawl.render_concurrency))

    @classmethod
    async def start(
        cls, config: AuditConfig, fetcher: Fetcher, data_dir: Path
    ) -> tuple[Renderer | None, str]:
        """A running renderer, or None and why (no Playwright, no Chromium, launch failed)."""
        executable = config.settings.crawl.browser_executable
        if not Path(executable).exists():
            return None, f"{executable} not found"
        try:
            from playwright.async_api import async_playwright

            playwright = await async_playwright().start()
        except Exception as exc:
            return None, f"playwright unavailable: {type(exc).__name__}: {exc}"[:300]
        wall = EscapeWall()
        try:
            await wall.start()
            browser = await playwright.chromium.launch(
                executable_path=executable, args=[*CHROMIUM_ARGS, *wall_args(wall.port)]
            )
        except Exception as exc:
            await wall.close()
            await playwright.stop()
            return None, f"Chromium did not start: {str(exc).splitlines()[0][:200]}"
        return cls(config, fetcher, data_dir, playwright, browser, wall), ""

    async def close(self) -> None:
        try:
            await self.browser.close()
        finally:
            await self.wall.close()
            await self._playwright.stop()

    async def render(
        self, result: FetchResult, *, unit_id: str, scope: Callable[[str], bool], why: str
    ) -> Rendered | None:
        """The rendered page; a partial one (no DOM) with the refusals when the render failed;
        None when nothing was seen at all."""
        session = _Session(result, unit_id, scope)
        async with self._gate:
            try:
                return await asyncio.wait_for(self._render(session, why), self.timeout_s + 10)
            except Exception as exc:
                if not (session.refused or session.subresources):
                    return None
                report = self._report(session, why, [])
                report["error"] = f"render failed: {type(exc).__name__}: {exc}"[:300]
                return Rendered(dom="", screenshot=None, report=report, subresources=session.subresources)

    async def _render(self, session: _Session, why: str) -> Rendered:
        page_url = session.result.final_url
        context = await self.browser.new_context(
            user_agent=self.fetcher.user_agent,
            viewport={"width": 1280, "height": 900},
            service_workers="block",
            locale="zh-CN",
        )
        try:
            await context.route("**/*", lambda route: self._handle(route, session))
            await context.route_web_socket(re.compile(".*"), lambda ws: self._refuse_socket(ws, session))
            page = await context.new_page()
            await page.goto(page_url, wait_until="domcontentloaded", timeout=self.timeout_s * 1000)
            with contextlib.suppress(Exception):  # a page whose load never ends is read as it is
                await page.wait_for_load_state("load", timeout=self.timeout_s * 1000)
            with contextlib.suppress(Exception):  # a page that keeps polling: render what is there
                await page.wait_for_load_state("networkidle", timeout=self.idle_timeout_ms)
            links = await page.evaluate(VISIBILITY_JS)
            dom = await page.content()
            folder = self.data_dir / "screenshots" / session.unit_id
            folder.mkdir(parents=True, exist_ok=True)
            name = hashlib.sha1(page_url.encode()).hexdigest()[:16] + ".png"
            # The homepage is evidence as a whole; a list page's first screen shows its rows.
            await page.screenshot(path=str(folder / name), full_page=why == "homepage")
        finally:
            await context.close()
        return Rendered(
            dom=dom,
            screenshot=f"screenshots/{session.unit_id}/{name}",
            report=self._report(session, why, links),
            subresources=session.subresources,
        )

    def _report(self, session: _Session, why: str, links: list[Any]) -> dict[str, Any]:
        refused = session.refused + [e.as_dict() for e in self.wall.since(session.started)]
        return {
            "links": links,
            "why": why,
            "aborted": [r["url"] for r in refused][:_REPORT_LIMIT],
            "refused": refused[:_REPORT_LIMIT],
            "requests": len(session.subresources),
        }

    async def _handle(self, route: Any, session: _Session) -> None:
        request = route.request
        url: str = request.url
        kind: str = request.resource_type
        if url.startswith(_LOCAL_SCHEMES):
            await route.continue_()  # answered inside the browser, no network
            return
        if not url.startswith(("http://", "https://")):
            session.refuse(url, kind, "scheme not fetched by the renderer")
            await route.abort("blockedbyclient")
            return
        result = session.result
        if not session.served_page and canonicalize(url) == canonicalize(result.final_url):
            session.served_page = True
            await route.fulfill(
                status=result.status or 200,
                body=result.body,
                headers={"content-type": result.content_type or "text/html"},
            )
            return
        leaves = _is_main_navigation(request)
        if not (session.scope(url) or host_of(url) == host_of(result.final_url)):
            reason = await guard_reason(url, self.fetcher.policy, self.fetcher.dns)
            why = f"SSRF guard: {reason}" if reason else "out of the unit's scope: not fetched"
            await self._refuse(route, session, url, kind, why, leaves)
            return
        fetched = await self.fetcher.fetch(
            url,
            method=request.method,
            purpose="render",
            unit_id=session.unit_id,
            data=request.post_data_buffer,
            headers=_forward(request.headers),
        )
        session.subresources.append(fetched)
        if fetched.status is None:
            await self._refuse(route, session, url, kind, f"{fetched.outcome}: {fetched.reason}", leaves)
            return
        headers = {"content-type": fetched.content_type or "application/octet-stream"}
        await route.fulfill(status=fetched.status, body=fetched.body, headers=headers)

    @staticmethod
    async def _refuse(route: Any, session: _Session, url: str, kind: str, why: str, leaves: bool) -> None:
        session.refuse(url, kind, why)
        if leaves:
            # A 204 cancels the navigation and the page stays, so its DOM is still read.
            await route.fulfill(status=204, body=b"")
        else:
            await route.abort("blockedbyclient")

    async def _refuse_socket(self, ws: Any, session: _Session) -> None:
        url: str = ws.url
        reason = await guard_reason(url, self.fetcher.policy, self.fetcher.dns)
        why = "WebSocket not opened: the renderer opens none" + (f"; SSRF guard: {reason}" if reason else "")
        session.refuse(url, "websocket", why)
        with contextlib.suppress(Exception):
            await ws.close(code=1008, reason="refused")


def _is_main_navigation(request: Any) -> bool:
    try:
        return bool(request.is_navigation_request() and request.frame.parent_frame is None)
    except Exception:  # a worker's request has no frame
        return False


def _forward(headers: dict[str, str]) -> dict[str, str]:
    keep = ("content-type", "x-requested-with", "accept")
    return {k: v for k, v in headers.items() if k.lower() in keep}
