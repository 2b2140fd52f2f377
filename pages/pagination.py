"""List pagination the crawler cannot see as plain links, and lists only JavaScript fills.

- TRS (拓尔思) static lists: ``createPageHTML(N, cur, "index", "shtml")`` (N may be
  ``countPage`` from ``var countPage = N``) → ``index_1.shtml`` … ``index_{N-1}.shtml``
  beside the list page.
- Hanweb (大汉) jpage lists: ``/module/web/jpage/dataproxy.jsp`` with ``columnid``, ``webid``,
  ``unitid`` and ``totalRecord:N`` (``perpage:M``) → the record pages of the data proxy.
- JavaScript-only lists (e.g. TRS ``list2.trsapi``, avalon ``ms-repeat``, Vue ``v-for``):
  the list container is empty in the HTML; a browser must render it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urljoin

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser

_TRS_CALL = re.compile(
    r"createPageHTML\(\s*['\"]?(\w+)['\"]?\s*,\s*['\"]?(\w+)['\"]?\s*,\s*['\"]([^'\"]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
_VAR = r"(?:var|let|const)?\s*{name}\s*=\s*['\"]?(\d+)"
_HANWEB_PROXY = re.compile(r"(/module/web/jpage/dataproxy\.jsp[^'\"<>\s]*)")
_HANWEB_PARAM = re.compile(
    r"\b(columnid|webid|unitid|appid|webname|path|permissiontype|col)\b\s*[:=]\s*['\"]?([^'\"&,}\s]+)"
)
_TOTAL_RECORD = re.compile(r"totalRecord\s*[:=]\s*['\"]?(\d+)")
_PER_PAGE = re.compile(r"\bperpage\s*[:=]\s*['\"]?(\d+)", re.I)
MAX_GENERATED_PAGES = 500


@dataclass(frozen=True)
class Pagination:
    kind: str  # trs | hanweb | none
    pages: list[str] = field(default_factory=list)  # absolute URLs of the other list pages
    total_pages: int | None = None
    total_records: int | None = None


@dataclass(frozen=True)
class RenderNeed:
    needed: bool
    why: str | None = None


def discover_pagination(html: str, url: str) -> Pagination:
    trs = _trs(html, url)
    if trs is not None:
        return trs
    hanweb = _hanweb(html, url)
    if hanweb is not None:
        return hanweb
    return Pagination("none")


def _trs(html: str, url: str) -> Pagination | None:
    match = _TRS_CALL.search(html)
    if match is None:
        return None
    count = _number(html, match.group(1))
    if count is None or count < 1:
        return None
    name, ext = match.group(3), match.group(4)
    count = min(count, MAX_GENERATED_PAGES)
    pages = [urljoin(url, f"{name}_{n}.{ext}") for n in range(1, count)]
    return Pagination("trs", pages, total_pages=count)


def _number(html: str, token: str) -> int | None:
    if token.isdigit():
        return int(token)
    found = re.search(_VAR.format(name=re.escape(token)), html)
    return int(found.group(1)) if found else None


def _hanweb(html: str, url: str) -> Pagination | None:
    proxy = _HANWEB_PROXY.search(html)
    total = _TOTAL_RECORD.search(html)
    if proxy is None or total is None:
        return None
    records = int(total.group(1))
    per_page_match = _PER_PAGE.search(html)
    per_page = int(per_page_match.group(1)) if per_page_match else 15
    base_path, _, query = proxy.group(1).partition("?")
    params = dict(parse_qsl(query.replace("&amp;", "&")))
    for key, value in _HANWEB_PARAM.findall(html):
        params.setdefault(key, value)
    for key in ("startrecord", "endrecord", "perpage"):
        params.pop(key, None)
    pages_total = max(1, math.ceil(records / max(1, per_page)))
    pages = []
    for page in range(min(pages_total, MAX_GENERATED_PAGES)):
        start = page * per_page + 1
        end = min(records, (page + 1) * per_page)
        pages.append(
            urljoin(url, base_path)
            + "?"
            + urlencode({"startrecord": start, "endrecord": end, "perpage": per_page, **params})
        )
    return Pagination("hanweb", pages, total_pages=pages_total, total_records=records)


def needs_rendering(
    html: str, static_links: int | None = None, *, tree: LexborHTMLParser | None = None
) -> RenderNeed:
    """Does this page build its list in JavaScript (so that only a browser sees it)? The same
    test the page reader applies, so the crawler renders exactly the lists the reader cannot read."""
    from pages.listing import js_list_reasons

    reasons = js_list_reasons(html, tree)
    return RenderNeed(bool(reasons), "; ".join(reasons) or None)
