"""Fetch URLs from the simulated web in-process, as ``zwgk doclist check`` fetches the listed
links a run did not store (there through the crawler's Fetcher)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urljoin, urlsplit

from sandbox.http import Request
from sandbox.snapshots import web_for
from storage.snapshot import SnapshotPage


def fetch_in_process(
    urls: list[str], seed: int = 1, as_of: dt.date = dt.date(2020, 12, 15)
) -> list[SnapshotPage]:
    web = web_for(seed, as_of)
    pages = []
    for url in urls:
        current, response = url, None
        for _ in range(10):
            parts = urlsplit(current)
            response = web.handle(Request(parts.hostname or "", parts.path or "/", parts.query))
            if response.status in (301, 302, 303, 307, 308) and "Location" in response.headers:
                current = urljoin(current, response.headers["Location"])
                continue
            break
        if response is None or response.reset:
            pages.append(
                SnapshotPage(url=url, final_url=current, status=None, outcome="error", purpose="doclist")
            )
            continue
        outcome = "ok" if response.status < 400 else "http_error"
        pages.append(
            SnapshotPage(
                url=url,
                final_url=current,
                status=response.status,
                outcome=outcome,
                content_type=response.content_type,
                body=response.body,
                purpose="doclist",
            )
        )
    return pages
