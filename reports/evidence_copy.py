"""Evidence as files a reader opens: the stored page as standalone HTML, a TLS chain, DNS JSON.

The page copy is the archived response with the crawled scripts, event handlers and frames
removed (it must not run the site's code or fetch anything), under a banner that states the
URL, the time it was fetched and the digest of the stored record, so that what is shown can
be checked against the archive.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser
from sqlalchemy.orm import Session

from pages.decoding import decode_body
from storage import evidence as ev
from storage.atomic import write_bytes_atomic
from storage.models import EvidenceRecord

_STRIPPED = ("script", "noscript", "iframe", "frame", "frameset", "object", "embed", "base")
_BANNER = (
    '<div style="all:initial;display:block;position:relative;z-index:2147483647;'
    "background:#fff3cd;border-bottom:3px solid #b58105;padding:8px 12px;"
    'font:14px/1.6 sans-serif;color:#222">'
    "<b>网页存档副本（已去除网页脚本）</b><br>"
    "网址：{url}<br>抓取时间：{at}<br>存档记录：{warc}（偏移 {offset}）<br>SHA-256：{digest}"
    "</div>"
)


def response_of(record_bytes: bytes) -> tuple[int | None, str | None, bytes]:
    """(HTTP status, content type, payload with content-encoding undone) of one WARC record."""
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(io.BytesIO(record_bytes)):
        headers = record.http_headers
        status = int(headers.get_statuscode()) if headers and headers.get_statuscode() else None
        ctype = headers.get_header("Content-Type") if headers else None
        return status, ctype, record.content_stream().read()
    raise LookupError("no WARC record in the stored bytes")


def local_time(value: dt.datetime | None) -> str:
    """A stored (naive UTC) time as Beijing time, the way the documents print it."""
    if value is None:
        return "时间不详"
    aware = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
    return aware.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M:%S")


def standalone_html(record: EvidenceRecord, record_bytes: bytes) -> str:
    """The stored page without its scripts, under the banner."""
    _status, ctype, payload = response_of(record_bytes)
    text = decode_body(payload, ctype).text if payload else ""
    tree = LexborHTMLParser(text or "<html><body></body></html>")
    for tag in _STRIPPED:
        for node in tree.css(tag):
            node.decompose()
    for node in tree.css("*"):
        for name in list(node.attributes):
            value = node.attributes.get(name) or ""
            if name.lower().startswith("on") or value.strip().lower().startswith("javascript:"):
                del node.attrs[name]
    banner = _BANNER.format(
        url=html.escape(record.subject),
        at=local_time(record.seen_at),
        warc=html.escape(record.warc_file or ""),
        offset=record.warc_offset,
        digest=record.sha256,
    )
    body = tree.body
    banner_node = LexborHTMLParser(banner).css_first("div")
    if body is None or banner_node is None:
        return banner + (tree.html or "")
    if body.child is not None:
        body.child.insert_before(banner_node)
    else:
        body.insert_child(banner_node)
    page = tree.html or ""
    if "<meta charset" not in page.lower():
        page = page.replace("<head>", '<head><meta charset="utf-8">', 1)
    return page


def write_record_files(
    session: Session, data_dir: str | Path, record: EvidenceRecord, out: Path
) -> list[Path]:
    """The files for one record in ``out``: a page copy, a screenshot, a chain, the JSON."""
    data = ev.stored_bytes(session, data_dir, record)
    if data is None:
        return []
    out.mkdir(parents=True, exist_ok=True)
    name = ev.label(record.id)
    written: list[Path] = []
    if record.kind == "page":
        written.append(_write(out / f"{name}.html", standalone_html(record, data).encode("utf-8")))
        written.append(_write(out / f"{name}.warc.gz", data))
    elif record.kind == "screenshot":
        written.append(_write(out / f"{name}.png", data))
    else:
        written.append(_write(out / f"{name}.json", data))
        if record.kind == "tls":
            chain = json.loads(data).get("extra", {}).get("chain_pem") or []
            if chain:
                written.append(_write(out / f"{name}-chain.pem", "".join(chain).encode("ascii")))
    return written


def _write(path: Path, data: bytes) -> Path:
    return write_bytes_atomic(path, data)
