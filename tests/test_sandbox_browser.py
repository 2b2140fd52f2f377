"""A browser (system Chromium) renders the JavaScript-filled lists of the modern CMS family."""

from __future__ import annotations

from typing import Any

import pytest

ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.mark.browser
async def test_chromium_renders_js_lists(running_sandbox: Any) -> None:
    from playwright.async_api import async_playwright

    sb = running_sandbox
    modern = next(e for e in sb.manifest["units"].values() if e["cms"] == "modern" and e["columns"])
    host = modern["homepage"].split("/")[2]
    column = next(c for c in modern["columns"] if c["type"] == "news" and c["items"] > 15)
    hanweb = next(e for e in sb.manifest["units"].values() if e["cms"] == "hanweb" and e["columns"])
    hanweb_col = next(c for c in hanweb["columns"] if c["type"] == "news")
    rules = f"MAP {host} 127.0.0.1:{sb.http_port}, MAP {hanweb['homepage'].split('/')[2]} 127.0.0.1:{sb.http_port}"
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path="/usr/bin/chromium", args=[*ARGS, f"--host-resolver-rules={rules}"]
        )
        try:
            page = await browser.new_page()
            await page.goto(column["url"])
            await page.wait_for_selector('ul[data-loaded="1"] li a', timeout=10000)
            assert await page.locator("ul.js-list li a").count() == 15
            assert await page.locator('#pager a[href="?page=2"]').count() == 1
            await page.goto(hanweb_col["url"])
            await page.wait_for_selector("ul.hanweb-list li a", timeout=10000)
            assert await page.locator("ul.hanweb-list li a").count() == min(15, hanweb_col["items"])
        finally:
            await browser.close()
