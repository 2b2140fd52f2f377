"""What a list page says about itself beyond its static rows (rules.md §7).

- Hanweb JCMS writes the first page of a list as ``<record><![CDATA[<li>…</li>]]></record>``
  (inline in a ``<script type="text/xml">`` or as the ``dataproxy.jsp`` answer), total in
  ``totalRecord:N``.
- TRS pagers: ``createPageHTML(N, …)``, ``var countPage = N``, and the ``list2.trsapi``
  model's ``recordCount: '20'`` / ``prepage: 10``, whose further pages exist only through the
  JavaScript API.
- Lists written by JavaScript: link templates (``ms-attr-href``, ``v-for``, ``{{…}}``) and list
  API calls, with no static rows. Such a list is not empty: it needs rendering. A container
  waits for a script when it is empty (or holds only 加载中/暂无数据) and is named like a list,
  carries ``data-*`` attributes, or is the element a script targets (``#id``); a script
  fetches list data when a ``fetch``/``XMLHttpRequest``/``$.ajax``/``$.get``/``$.getJSON``/
  ``axios`` call names a list, page or channel (``/api/content/list?channelId=…&pageNo=…``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pages.text import clean

_RECORD = re.compile(r"<record[^>]*>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_TOTAL_RECORD = re.compile(r"""totalRecord["']?\s*[:=]\s*["']?(\d+)|<totalrecord>\s*(\d+)""", re.I)
_PER_PAGE = re.compile(r"""\b(?:perPage|prepage|pageSize|page_size)["']?\s*[:=]\s*["']?(\d+)""", re.I)
_RECORD_COUNT = re.compile(r"""\brecordCount["']?\s*[:=]\s*["']?(\d+)""", re.I)
_COUNT_PAGE = re.compile(r"""\b(?:countPage|pageCount|totalPage|totalPages)["']?\s*[:=]\s*["']?(\d+)""", re.I)
_CREATE_PAGE_HTML = re.compile(r"createPageHTML\s*\(([^)]*)\)")
_TEXT_TOTAL = re.compile(r"共\s*(\d+)\s*条")
_TEXT_PAGES = re.compile(r"共\s*(\d+)\s*页")
_LIST_APIS = (
    ("list2.trsapi", "TRS list2.trsapi"),
    ("trsapi", "TRS API"),
    ("dataproxy.jsp", "Hanweb dataproxy"),
    ("jpage", "Hanweb jpage"),
    ("$.ajax", "jQuery ajax"),
    ("$.getjson", "jQuery getJSON"),
    ("$.post", "jQuery post"),
    ("$.get(", "jQuery get"),
    ("xmlhttprequest", "XMLHttpRequest"),
    ("axios", "axios"),
    ("fetch(", "fetch"),
    ("laypage", "layui laypage"),
)
# APIs that only ever serve lists; generic ones (fetch, $.ajax) count only with an empty list.
SPECIFIC_LIST_APIS = ("TRS list2.trsapi", "TRS API", "Hanweb dataproxy", "Hanweb jpage", "layui laypage")
_HANWEB_APIS = ("Hanweb dataproxy", "Hanweb jpage")
_BLANK_MARKERS = ("暂无信息", "暂无数据", "暂无内容", "暂无记录", "暂无相关信息", "没有相关记录")
_LIST_HINTS = ("list", "lb", "news", "data", "item")
# A call that loads data, and list words in the few hundred characters after it (URL, parameters).
_DATA_CALL = re.compile(
    r"list2\.trsapi|fetch\s*\(|\$\.(?:ajax|getjson|get|post)\s*\(|axios(?:\.\w+)?\s*\(|"
    r"xmlhttprequest|\.open\s*\(\s*['\"](?:get|post)['\"]"
)
_DATA_CALL_LABELS = (
    ("list2.trsapi", "TRS list2.trsapi"),
    ("fetch", "fetch"),
    ("$.ajax", "jQuery ajax"),
    ("$.getjson", "jQuery getJSON"),
    ("$.get", "jQuery get"),
    ("$.post", "jQuery post"),
    ("axios", "axios"),
)
_LIST_DATA = re.compile(
    r"list|page|channel|chnl|column|colid|record|rows|trsapi|articles|docs|news|items|catalog", re.I
)
_DATA_WINDOW = 300
_SCRIPT_TARGET = re.compile(r"""getelementbyid\(\s*['"]([\w-]+)|['"]#([\w-]+)""", re.I)
_PLACEHOLDERS = ("加载中", "正在加载", "数据加载", "loading", "请稍候", *_BLANK_MARKERS)
_WRITES_MARKUP = ("innerhtml", ".html(", ".append(", "document.write", "insertadjacenthtml")
_TEMPLATE_ATTRIBUTE_PREFIXES = ("ms-", "v-", ":", "ng-", "x-", "th:", "data-bind")


@dataclass(frozen=True)
class Pagination:
    total_records: int | None = None
    pages: int | None = None
    per_page: int | None = None
    source: str | None = None  # trs_api | trs_static | hanweb | text | links

    def to_json(self) -> dict[str, int | None]:
        return {"total_records": self.total_records, "pages": self.pages, "per_page": self.per_page}

    @property
    def known(self) -> bool:
        return self.total_records is not None or self.pages is not None


@dataclass(frozen=True)
class ListSignals:
    pagination: Pagination | None
    hanweb_records: list[str] = field(default_factory=list)  # CDATA fragments
    js_template_links: int = 0  # <a> whose href a template fills
    list_apis: list[str] = field(default_factory=list)
    empty_list_containers: int = 0  # <ul class="…list…"></ul> waiting for a script
    script_writes_list: bool = False  # a script builds <li>/<a> markup into the page
    blank_marker: bool = False  # 暂无信息 / 暂无数据 shown where a list would be
    list_fetch: str | None = None  # the call by which a script loads list data (fetch, $.getJSON…)
    waiting_containers: int = 0  # list containers empty or showing only 加载中 / 暂无数据

    @property
    def js_list_reasons(self) -> list[str]:
        """Why the list (or some list on the page) is written by JavaScript; empty if it is not."""
        reasons = []
        if self.js_template_links:
            reasons.append(f"{self.js_template_links} link templates filled by JavaScript")
        # Hanweb's jpage writes records it already carries in the page (<script type="text/xml">)
        # and fetches the rest from dataproxy.jsp, whose pages the crawler follows as links: with
        # the records inline, the list is readable without a browser.
        readable_apis = _HANWEB_APIS if self.hanweb_records else ()
        reasons.extend(
            f"list API: {api}"
            for api in self.list_apis
            if api in SPECIFIC_LIST_APIS and api not in readable_apis
        )
        if self.empty_list_containers and (self.script_writes_list or self.list_apis):
            how = "a script writes list markup" if self.script_writes_list else f"{self.list_apis[0]} call"
            reasons.append(f"{self.empty_list_containers} empty list containers ({how})")
        elif self.waiting_containers and self.list_fetch:
            reasons.append(
                f"{self.waiting_containers} list containers waiting for list data ({self.list_fetch} call)"
            )
        return reasons

    @property
    def js_containers(self) -> int:
        """List containers a script fills (0 when no script is seen filling them)."""
        if not self.js_list:
            return 0
        return max(self.empty_list_containers, self.waiting_containers if self.list_fetch else 0)

    @property
    def js_list(self) -> bool:
        return bool(self.js_list_reasons)


def hanweb_records(html: str) -> list[str]:
    if "record" not in html:
        return []
    return [match.group(1) for match in _RECORD.finditer(html)]


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _first(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    if not match:
        return None
    return _int(next((g for g in match.groups() if g), None))


def read_pagination(scripts: str, text_lines: list[str]) -> Pagination | None:
    """Total records, pages and page size as the page's own pager states them."""
    total = _first(_TOTAL_RECORD, scripts)
    if total is not None:
        per_page = _first(_PER_PAGE, scripts)
        pages = -(-total // per_page) if per_page else None
        return Pagination(total, pages, per_page, "hanweb")
    if "trsapi" in scripts.lower() or "pgCountMode" in scripts:
        total = _first(_RECORD_COUNT, scripts)
        per_page = _first(_PER_PAGE, scripts)
        if total is not None:
            pages = -(-total // per_page) if per_page else None
            return Pagination(total, pages, per_page, "trs_api")
    call = _CREATE_PAGE_HTML.search(scripts)
    if call:
        arguments = [a.strip().strip("'\"") for a in call.group(1).split(",")]
        numbers = arguments
        # createPageHTML(countPage, currentPage, prefix, suffix) or
        # createPageHTML(divId, countPage, currentPage, prefix, suffix, recordCount)
        if numbers and numbers[0].isdigit():
            return Pagination(None, int(numbers[0]), None, "trs_static")
        if len(numbers) > 1 and numbers[1].isdigit():
            total = _int(numbers[5]) if len(numbers) > 5 else None
            return Pagination(total, int(numbers[1]), None, "trs_static")
    pages = _first(_COUNT_PAGE, scripts)
    if pages is not None:
        return Pagination(_first(_RECORD_COUNT, scripts), pages, None, "trs_static")
    for line in text_lines:
        if len(line) > 80 or "共" not in line:
            continue
        total = _first(_TEXT_TOTAL, line)
        pages = _first(_TEXT_PAGES, line)
        if total is not None or pages is not None:
            return Pagination(total, pages, None, "text")
    return None


def pager_links(tree: LexborHTMLParser) -> Pagination | None:
    """Pages named by a server-written or rendered pager: ``<div class="pager"><a>2</a>…``."""
    best = 0
    for node in tree.css("[class*=page], [id*=page], [class*=fenye], [class*=pagination]"):
        text = node.text()
        if len(text) > 300:
            continue
        texts = (clean(n.text()) for n in node.css("a, span, li"))
        numbers = [int(t) for t in texts if t.isdigit() and len(t) <= 3]
        if len(numbers) >= 2 and min(numbers) <= 2:  # a run of page numbers, not a year in a header
            best = max(best, *numbers)
    return Pagination(None, best, None, "links") if best >= 2 else None


def read_list_signals(tree: LexborHTMLParser, html: str, text_lines: list[str]) -> ListSignals:
    scripts = "\n".join(node.text() for node in tree.css("script") if not node.attributes.get("src"))
    script_srcs = " ".join(node.attributes.get("src") or "" for node in tree.css("script[src]"))
    lowered = (scripts + " " + script_srcs).lower()
    apis = [label for needle, label in _LIST_APIS if needle in lowered]
    if "trsapi" in lowered:
        apis = [a for a in apis if a != "TRS API"] if "list2.trsapi" in lowered else apis
    writes = any(w in lowered for w in _WRITES_MARKUP) and any(m in lowered for m in ("<li", "<a ", "<tr"))
    list_fetch = list_data_call(scripts)
    targets = {a or b for a, b in _SCRIPT_TARGET.findall(scripts)} if list_fetch else set()
    return ListSignals(
        pagination=read_pagination(scripts, text_lines) or pager_links(tree),
        hanweb_records=hanweb_records(html),
        js_template_links=count_template_links(tree),
        list_apis=apis,
        empty_list_containers=count_empty_list_containers(tree),
        script_writes_list=writes,
        blank_marker=any(len(line) <= 20 and any(m in line for m in _BLANK_MARKERS) for line in text_lines),
        list_fetch=list_fetch,
        waiting_containers=count_waiting_containers(tree, targets) if list_fetch else 0,
    )


def list_data_call(scripts: str) -> str | None:
    """The call (``fetch``, ``XMLHttpRequest``, ``$.getJSON``…) by which inline scripts load list
    data — its URL or parameters name a list, page or channel — or None."""
    lowered = scripts.lower()
    for match in _DATA_CALL.finditer(lowered):
        call = match.group(0)
        window = lowered[match.start() : match.end() + _DATA_WINDOW]
        if call == "list2.trsapi" or _LIST_DATA.search(window, len(call)):
            if "xmlhttprequest" in call or call.startswith(".open"):
                return "XMLHttpRequest"
            return next((label for needle, label in _DATA_CALL_LABELS if call.startswith(needle)), call)
    return None


def _is_placeholder(node: LexborNode) -> bool:
    """Nothing inside but whitespace, comments, or a short 加载中 / 暂无数据 line without links."""
    child = node.child
    while child is not None and (
        child.tag == "-comment" or (child.tag == "-text" and not (child.text_content or "").strip())
    ):
        child = child.next
    if child is None:
        return True
    text = clean(node.text())
    return (
        len(text) <= 20
        and any(marker in text.lower() for marker in _PLACEHOLDERS)
        and node.css_first("a[href]") is None
    )


def count_waiting_containers(tree: LexborHTMLParser, targets: set[str]) -> int:
    """Containers a list-loading script fills: named like a list, with ``data-*`` attributes, or
    targeted by the script (``#id``), and empty or showing only a placeholder."""
    counted: set[int] = set()
    for node in tree.css("ul, ol, tbody, table, div, section, dl"):
        if _inside(node, counted):
            continue  # <div class="list-box"><ul class="list"></ul></div> is one container
        attributes = node.attributes
        node_id = attributes.get("id") or ""
        names = f"{attributes.get('class') or ''} {node_id}".lower()
        listed = node.tag in ("ul", "ol", "tbody", "dl") or "list" in names
        named = node.tag == "tbody" or (  # an empty table body under its header row
            listed
            and (any(hint in names for hint in _LIST_HINTS) or any(k.startswith("data-") for k in attributes))
        )
        if (named or (node_id and node_id in targets)) and _is_placeholder(node):
            counted.add(node.mem_id)
    return len(counted)


def _inside(node: LexborNode, counted: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in counted:
            return True
        parent = parent.parent
    return False


def count_empty_list_containers(tree: LexborHTMLParser) -> int:
    """``<ul>``/``<tbody>``/``<div>`` named like a list (class, id or data-*) with nothing inside."""
    count = 0
    for node in tree.css("ul, ol, tbody, div[class*=list], div[id*=list]"):
        attributes = node.attributes
        names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}".lower()
        if not (any(hint in names for hint in _LIST_HINTS) or any(k.startswith("data-") for k in attributes)):
            continue
        child = node.child
        while child is not None and (
            child.tag == "-comment" or (child.tag == "-text" and not (child.text_content or "").strip())
        ):
            child = child.next
        if child is None:
            count += 1
    return count


def count_template_links(tree: LexborHTMLParser) -> int:
    """Links a script fills: templated href (``{{…}}``, ``ms-attr-href``, ``:href``) or text."""
    count = 0
    for anchor in tree.css("a"):
        attributes = anchor.attributes
        href = attributes.get("href") or ""
        text = clean(anchor.text())
        bound_href = any(
            name.startswith(_TEMPLATE_ATTRIBUTE_PREFIXES) and "href" in name for name in attributes
        )
        if "{{" in href or "${" in href or (bound_href and (not text or "{{" in text)):
            count += 1
    return count


def js_list_reasons(html: str, tree: LexborHTMLParser | None = None) -> list[str]:
    """Why this page's list (or a list on it) is written by JavaScript — empty if none is. The
    same test the reader applies, for a crawler deciding whether to render the page. ``tree``:
    the page already parsed, when the caller has it."""
    return read_list_signals(tree or LexborHTMLParser(html), html, []).js_list_reasons
