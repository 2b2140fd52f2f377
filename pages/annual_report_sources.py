"""An annual report's raw material, whatever it came in: HTML, PDF, DOCX (legacy .doc is not read).

Each reader returns a ``ReportSource``: candidate titles, the running text (for the year and the
section headings), and the tables — as grids with row and column spans expanded (HTML, DOCX) or,
for PDF, only as the text stream (``grids`` empty; ``pages.annual_report`` walks the tokens).
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pages.decoding import decode_body
from pages.file_limits import LIMITS, zip_problem

SourceKind = Literal["html", "pdf", "docx", "doc", "unknown"]
Grid = list[list[str]]

_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_MAX_SPAN = 200  # a rowspan/colspan beyond this is a typo, not a table


@dataclass
class ReportSource:
    kind: SourceKind
    titles: list[str] = field(default_factory=list)  # best first
    text: str = ""  # running text outside the tables, lines kept
    grids: list[Grid] = field(default_factory=list)
    table_text: str = ""  # PDF: the whole text, tables included (no grid structure)
    publish_date: str | None = None  # meta PubDate when the source has one
    problem: str | None = None  # why it could not be read


def sniff_kind(body: bytes, content_type: str | None = None, url: str | None = None) -> SourceKind:
    head = body[:8]
    lowered_url = (url or "").lower().split("?")[0]
    ctype = (content_type or "").lower()
    if head.startswith(b"%PDF") or "pdf" in ctype or lowered_url.endswith(".pdf"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2 compound file: Word 97-2003
        return "doc"
    if head.startswith(b"PK"):
        return "docx"
    if lowered_url.endswith(".docx") or "officedocument.wordprocessingml" in ctype:
        return "docx"
    if lowered_url.endswith(".doc") or "msword" in ctype:
        return "doc"
    return "html"


def clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


# --- HTML -------------------------------------------------------------------------------------


def read_html(html: str) -> ReportSource:
    tree = LexborHTMLParser(html)
    titles: list[str] = []
    publish_date = None
    for meta in tree.css("meta"):
        name = (meta.attributes.get("name") or "").lower()
        content = clean(meta.attributes.get("content") or "")
        if name == "articletitle" and content:
            titles.insert(0, content)
        elif name == "pubdate" and content:
            publish_date = content
    for selector in ("h1", "h2", "title"):
        for node in tree.css(selector):
            text = clean(node.text())
            if text:
                titles.append(text)
    for node in tree.css("script, style, noscript"):
        node.decompose()
    tables = tree.css("table")
    grids = [_html_grid(table) for table in tables if len(table.css("table")) == 1]  # innermost only
    for table in tables:
        table.replace_with("\n[表格]\n")
    body = tree.body or tree.root
    text = (
        "\n".join(line for line in (clean(x) for x in body.text(separator="\n").split("\n")) if line)
        if body
        else ""
    )
    return ReportSource("html", titles=titles, text=text, grids=grids, publish_date=publish_date)


def _html_grid(table: LexborNode) -> Grid:
    grid: Grid = []
    pending: dict[tuple[int, int], str] = {}  # (row, col) taken by a rowspan from above
    for r, tr in enumerate(table.css("tr")):
        row: list[str] = []
        col = 0
        for cell in tr.iter():
            if cell.tag not in ("td", "th"):
                continue
            while (r, col) in pending:
                row.append(pending.pop((r, col)))
                col += 1
            text = clean(cell.text(separator=""))
            rowspan = _span(cell.attributes.get("rowspan"))
            colspan = _span(cell.attributes.get("colspan"))
            for c in range(colspan):
                row.append(text)
                for k in range(1, rowspan):
                    pending[(r + k, col + c)] = text
            col += colspan
        while (r, col) in pending:
            row.append(pending.pop((r, col)))
            col += 1
        grid.append(row)
    return grid


def _span(value: str | None) -> int:
    try:
        return max(1, min(int((value or "1").strip()), _MAX_SPAN))
    except ValueError:
        return 1


# --- DOCX -------------------------------------------------------------------------------------


def read_docx(body: bytes) -> ReportSource:
    import docx

    refused = zip_problem(body)
    if refused:
        return ReportSource("docx", problem=f"DOCX not read: {refused}")
    try:
        document = docx.Document(io.BytesIO(body))
        lines = [clean(p.text) for p in document.paragraphs]
        tables = [
            [[clean(cell.text) for cell in row.cells] for row in table.rows] for table in document.tables
        ]
        core_title = clean(document.core_properties.title or "")
    except Exception as exc:  # a broken zip, not a Word document, or a damaged document part
        return ReportSource("docx", problem=f"DOCX not readable: {type(exc).__name__}: {exc}")
    lines = [line for line in lines if line]
    titles = [line for line in lines[:5] if "报告" in line] or lines[:1]
    if core_title:
        titles.append(core_title)
    return ReportSource("docx", titles=titles, text="\n".join(lines), grids=tables)


# --- PDF --------------------------------------------------------------------------------------


# Page furniture a table runs through: "— 3 —", "- 3 -", "3", "第3页", "第 3 页 共 9 页", "3/9".
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－‒\s]*\d{1,4}[-—–－‒\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$"
)
_FURNITURE_LINES = 2  # page numbers sit in the first or last lines of a page


def _page_lines(text: str) -> list[str]:
    """A page's lines without the page number at its head or foot, so that a table row (or a
    row label) broken by the page break joins up again."""
    lines = [clean(line) for line in text.split("\n")]
    lines = [line for line in lines if line]
    edges = set(range(min(_FURNITURE_LINES, len(lines)))) | set(
        range(max(0, len(lines) - _FURNITURE_LINES), len(lines))
    )
    return [line for i, line in enumerate(lines) if not (i in edges and _PAGE_NUMBER.match(line))]


def pdf_lines(pages: list[str]) -> list[str]:
    """The lines of a PDF's pages as one stream, page numbers taken out at the breaks."""
    return [line for page in pages for line in _page_lines(page)]


def read_pdf(body: bytes) -> ReportSource:
    from pypdf import PdfReader

    limits = LIMITS
    if len(body) > limits.max_file_bytes:
        return ReportSource(
            "pdf",
            problem=f"PDF not read: {len(body):,} bytes exceed {limits.max_file_bytes:,} (files.max_file_bytes)",
        )
    try:
        reader = PdfReader(io.BytesIO(body))
        if len(reader.pages) > limits.max_pdf_pages:
            return ReportSource(
                "pdf",
                problem=f"PDF not read: {len(reader.pages):,} pages exceed {limits.max_pdf_pages} (files.max_pdf_pages)",
            )
        texts = _pdf_text(reader, limits.max_pdf_seconds)
    except Exception as exc:  # pypdf raises many kinds on broken files
        return ReportSource("pdf", problem=f"PDF not readable: {type(exc).__name__}: {exc}")
    if texts is None:
        return ReportSource(
            "pdf",
            problem=f"PDF not read: text extraction took over {limits.max_pdf_seconds:g} s (files.max_pdf_seconds)",
        )
    lines = pdf_lines(texts)
    if not lines:
        return ReportSource("pdf", problem="PDF has no text layer (scanned?)")
    titles = [line for line in lines[:8] if "报告" in line] or lines[:1]
    metadata = reader.metadata
    meta_title = clean(str(metadata.get("/Title") or "")) if metadata else ""
    if meta_title:
        titles.append(meta_title)
    return ReportSource("pdf", titles=titles, text="\n".join(lines), table_text="\n".join(lines))


def _pdf_text(reader: Any, budget_s: float) -> list[str] | None:
    """Each page's text, or None when extraction outlasts ``budget_s`` (checked between pages)."""
    started = time.monotonic()
    texts: list[str] = []
    for page in reader.pages:
        if time.monotonic() - started >= budget_s:
            return None
        texts.append(page.extract_text() or "")
    return texts


def read_source(body: bytes, content_type: str | None = None, url: str | None = None) -> ReportSource:
    kind = sniff_kind(body, content_type, url)
    if kind == "pdf":
        return read_pdf(body)
    if kind == "docx":
        return read_docx(body)
    if kind == "doc":
        return ReportSource("doc", problem="undecided: .doc (Word 97-2003) not readable")
    return read_html(decode_body(body, content_type).text)
