"""Second- and third-level links for the IPv6 support rates.

Level 2 = in-scope links on the homepage; level 3 = in-scope links on level-2 pages that are
not already level 1 or 2. Each level is capped (``max_links_per_level``) by an even sample over
page order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from pages.decoding import decode_body
from pages.links import extract_links as page_links
from pages.urls import canonicalize, host_of, in_scope

_NOT_PAGES = (
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".zip", ".rar", ".7z",
    ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".svg", ".mp3", ".mp4", ".avi", ".flv", ".txt",
)  # fmt: skip

PageFetcher = Callable[[str], Awaitable[tuple[str, bytes, str | None] | None]]  # → (final url, body, type)


def extract_links(body: bytes, content_type: str | None, base_url: str) -> list[str]:
    """Absolute http(s) URLs of the page's ``<a href>``/``<area href>``, in order, deduplicated."""
    seen: set[str] = set()
    out: list[str] = []
    for link in page_links(decode_body(body, content_type).text, base_url):
        if link.tag not in ("a", "area"):
            continue
        key = canonicalize(link.url)
        if key not in seen:
            seen.add(key)
            out.append(link.url)
    return out


def site_domain(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") and host.count(".") >= 2 else host


def own_domains(scope: list[str]) -> list[str]:
    """Domains a unit owns: those of scope prefixes that are a whole host (``http://h/``). A unit
    that is a column of another site (``http://portal/bm/x/``) owns no domain, only its column."""
    return [site_domain(host_of(p)) for p in scope if urlsplit(p).path in ("", "/")]


def link_in_scope(url: str, scope: list[str], domains: list[str]) -> bool:
    if in_scope(url, scope):
        return True
    host = host_of(url)
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def spread_sample(items: list[str], limit: int) -> list[str]:
    """At most ``limit`` items evenly spread over the list (page order kept), so that a cap
    does not keep the header and drop the footer, where service sub-sites are often linked."""
    if len(items) <= limit:
        return items
    if limit <= 0:
        return []
    return [items[(i * len(items)) // limit] for i in range(limit)]


def looks_like_page(url: str) -> bool:
    return not urlsplit(url).path.lower().endswith(_NOT_PAGES)


async def discover_levels(
    homepage: str,
    homepage_page: tuple[str, bytes, str | None] | None,
    fetch: PageFetcher,
    *,
    scope: list[str],
    max_links: int,
    include_subdomains: bool,
    concurrency: int = 8,
    known_links: dict[str, list[str]] | None = None,
) -> dict[int, list[str]]:
    """{2: [...], 3: [...]} from the homepage (already fetched: final url, body, content type).

    ``known_links`` (canonical page URL → its links, e.g. from the crawl's stored Link rows)
    spares fetching a level-2 page again; pages not in it are fetched through ``fetch``."""
    known = known_links or {}
    levels: dict[int, list[str]] = {2: [], 3: []}
    if homepage_page is None:
        return levels
    domains = own_domains(scope) if include_subdomains else []
    final_url, body, content_type = homepage_page
    seen = {canonicalize(homepage), canonicalize(final_url)}

    def take(candidates: list[str], level: int) -> None:
        fresh: list[str] = []
        for url in candidates:
            key = canonicalize(url)
            if key in seen or not link_in_scope(url, scope, domains):
                continue
            seen.add(key)
            fresh.append(url)
        levels[level] = spread_sample(fresh, max_links)

    take(extract_links(body, content_type, final_url), 2)
    gate = asyncio.Semaphore(max(1, concurrency))

    async def links_of(url: str) -> list[str]:
        if canonicalize(url) in known:
            return known[canonicalize(url)]
        if not looks_like_page(url):
            return []
        async with gate:
            page = await fetch(url)
        if page is None:
            return []
        page_url, page_body, page_type = page
        if "html" not in (page_type or "") and page_body[:512].lstrip()[:1] != b"<":
            return []
        return extract_links(page_body, page_type, page_url)

    found = await asyncio.gather(*(links_of(url) for url in levels[2]))
    take([link for links in found for link in links], 3)
    return levels
