"""Rendering pages in Chromium (Playwright) when their lists are written by JavaScript.

The browser never touches the network itself: every request it makes is intercepted with
``page.route`` and answered through the crawler's :class:`Fetcher` (same DNS, SSRF guard,
scope, politeness and WARC). The page's own document is answered from the fetch already
made. What is kept: the rendered DOM, a full-page PNG screenshot, and each link's
visibility as computed in the page after its scripts ran (hidden-link evidence).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from config.settings import AuditConfig
from crawler.fetcher import Fetcher, FetchResult
from pages.urls import canonicalize, host_of

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

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
    dom: str
    screenshot: str | None  # path under the data folder
    report: dict[str, Any]
    subresources: list[FetchResult] = field(default_factory=list)


class Renderer:
    def __init__(
        self, config: AuditConfig, fetcher: Fetcher, data_dir: Path, playwright: Any, browser: Any
    ) -> None:
        self.config = config
        self.fetcher = fetcher
        self.data_dir = data_dir
        self._playwright = playwright
        self.browser = browser
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
        try:
            browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as exc:
            await playwright.stop()
            return None, f"Chromium did not start: {str(exc).splitlines()[0][:200]}"
        return cls(config, fetcher, data_dir, playwright, browser), ""

    async def close(self) -> None:
        try:
            await self.browser.close()
        finally:
            await self._playwright.stop()

    async def render(
        self, result: FetchResult, *, unit_id: str, scope: Callable[[str], bool], why: str
    ) -> Rendered | None:
        async with self._gate:
            try:
                return await asyncio.wait_for(self._render(result, unit_id, scope, why), self.timeout_s + 10)
            except Exception:
                return None

    async def _render(
        self, result: FetchResult, unit_id: str, scope: Callable[[str], bool], why: str
    ) -> Rendered:
        from playwright.async_api import Route

        page_url = result.final_url
        page_key = canonicalize(page_url)
        page_host = host_of(page_url)
        subresources: list[FetchResult] = []
        aborted: list[str] = []

        async def handle(route: Route) -> None:
            request = route.request
            url = request.url
            if not url.startswith(("http://", "https://")):
                await route.continue_()
                return
            if canonicalize(url) == page_key and request.method == "GET":
                await route.fulfill(
                    status=result.status or 200,
                    body=result.body,
                    headers={"content-type": result.content_type or "text/html"},
                )
                return
            if not (scope(url) or host_of(url) == page_host):
                aborted.append(url)
                await route.abort("blockedbyclient")
                return
            data = request.post_data_buffer
            fetched = await self.fetcher.fetch(
                url,
                method=request.method,
                purpose="render",
                unit_id=unit_id,
                data=data,
                headers=_forward(request.headers),
            )
            subresources.append(fetched)
            if fetched.status is None:
                await route.abort("failed")
                return
            headers = {"content-type": fetched.content_type or "application/octet-stream"}
            await route.fulfill(status=fetched.status, body=fetched.body, headers=headers)

        context = await self.browser.new_context(
            user_agent=self.fetcher.user_agent,
            viewport={"width": 1280, "height": 900},
            service_workers="block",
            locale="zh-CN",
        )
        try:
            page = await context.new_page()
            await page.route("**/*", handle)
            await page.goto(page_url, wait_until="load", timeout=self.timeout_s * 1000)
            with contextlib.suppress(Exception):  # a page that keeps polling: render what is there
                await page.wait_for_load_state("networkidle", timeout=self.idle_timeout_ms)
            links = await page.evaluate(VISIBILITY_JS)
            dom = await page.content()
            folder = self.data_dir / "screenshots" / unit_id
            folder.mkdir(parents=True, exist_ok=True)
            name = hashlib.sha1(page_url.encode()).hexdigest()[:16] + ".png"
            # The homepage is evidence as a whole; a list page's first screen shows its rows.
            await page.screenshot(path=str(folder / name), full_page=why == "homepage")
        finally:
            await context.close()
        report = {"links": links, "why": why, "aborted": aborted[:100], "requests": len(subresources)}
        return Rendered(
            dom=dom, screenshot=f"screenshots/{unit_id}/{name}", report=report, subresources=subresources
        )


def _forward(headers: dict[str, str]) -> dict[str, str]:
    keep = ("content-type", "x-requested-with", "accept")
    return {k: v for k, v in headers.items() if k.lower() in keep}
