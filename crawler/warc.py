"""WARC files (warcio): every request and response, so a finding can point at the bytes seen.

One writer per process; files rotate at ``max_file_bytes``. Each record is its own gzip
member, so ``(file, offset, length)`` re-opens exactly one record.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import os
import threading
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path

from warcio.warcwriter import WARCWriter

_HOP_BY_HOP = {"transfer-encoding", "connection", "keep-alive"}


@dataclass(frozen=True)
class WarcLocation:
    file: str  # path relative to the data folder
    offset: int
    length: int


@dataclass(frozen=True, kw_only=True)
class Exchange:
    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    http_version: str
    response_headers: list[tuple[str, str]]
    payload: bytes  # as received (content-encoding kept, transfer-encoding removed)
    ip: str | None = None
    truncated: str | None = None  # "length" / "time" when the body was cut short
    fetched_at: dt.datetime | None = None


class WarcStore:
    def __init__(self, data_dir: str | Path, *, prefix: str = "zwgk", max_file_bytes: int = 1 << 30) -> None:
        self.data_dir = Path(data_dir)
        self.folder = self.data_dir / "warc"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.max_file_bytes = max_file_bytes
        self._lock = threading.Lock()
        self._file: io.BufferedWriter | None = None
        self._name = ""
        self._writer: WARCWriter | None = None

    def _open(self) -> tuple[io.BufferedWriter, WARCWriter]:
        if self._file is None or self._file.tell() >= self.max_file_bytes:
            self.close()
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
            self._name = f"{self.prefix}-{stamp}-{os.getpid()}-{uuid.uuid4().hex[:8]}.warc.gz"
            self._file = open(self.folder / self._name, "ab")  # noqa: SIM115 - kept open across writes
            self._writer = WARCWriter(self._file, gzip=True)
        assert self._writer is not None
        return self._file, self._writer

    def write(self, exchange: Exchange) -> WarcLocation:
        """A request and a response record; the location of the response record.

        Written by hand (the format is small) rather than through warcio's writer, which
        costs about a millisecond a page; warcio reads these files back (``read_record``).
        """
        when = (exchange.fetched_at or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
        target = _path_of(exchange.url)
        request_block = _http_block(f"{exchange.method} {target} HTTP/1.1", exchange.request_headers, b"")
        request_id = f"<urn:uuid:{uuid.uuid4()}>"
        request = _record(
            "request", exchange.url, when, request_id, "application/http; msgtype=request", request_block, {}
        )
        headers = [(k, v) for k, v in exchange.response_headers if k.lower() not in _HOP_BY_HOP]
        status_line = f"HTTP/1.1 {exchange.status} {exchange.reason or 'Unknown'}"
        response_block = _http_block(status_line, headers, exchange.payload)
        extra = {
            "WARC-Concurrent-To": request_id,
            "WARC-Protocol": exchange.http_version.lower(),
            "WARC-Payload-Digest": "sha1:" + _b32(hashlib.sha1(exchange.payload).digest()),
        }
        if exchange.ip:
            extra["WARC-IP-Address"] = exchange.ip
        if exchange.truncated:
            extra["WARC-Truncated"] = exchange.truncated
        response = _record(
            "response",
            exchange.url,
            when,
            f"<urn:uuid:{uuid.uuid4()}>",
            "application/http; msgtype=response",
            response_block,
            extra,
        )
        with self._lock:
            file = self._open_file()
            file.write(request)
            offset = file.tell()
            file.write(response)
            length = file.tell() - offset
            file.flush()
            return WarcLocation(file=f"warc/{self._name}", offset=offset, length=length)

    def _open_file(self) -> io.BufferedWriter:
        file, _writer = self._open()
        return file

    def write_resource(self, url: str, content_type: str, data: bytes) -> WarcLocation:
        """A resource record (the rendered DOM, a screenshot)."""
        with self._lock:
            file, writer = self._open()
            record = writer.create_warc_record(
                url,
                "resource",
                payload=io.BytesIO(data),
                length=len(data),
                warc_content_type=content_type,
            )
            offset = file.tell()
            writer.write_record(record)
            length = file.tell() - offset
            file.flush()
            return WarcLocation(file=f"warc/{self._name}", offset=offset, length=length)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
            self._writer = None


def read_record(data_dir: str | Path, location: WarcLocation) -> tuple[int | None, bytes]:
    """Re-open one response record: (HTTP status, payload with content-encoding undone)."""
    from warcio.archiveiterator import ArchiveIterator

    with open(Path(data_dir) / location.file, "rb") as handle:
        handle.seek(location.offset)
        chunk = io.BytesIO(handle.read(location.length))
    for record in ArchiveIterator(chunk):
        status = int(record.http_headers.get_statuscode()) if record.http_headers else None
        return status, record.content_stream().read()
    raise LookupError("no record at that offset")


def _http_block(first_line: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    head = first_line + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("latin-1", "replace") + body


def _record(
    kind: str, url: str, when: str, record_id: str, content_type: str, block: bytes, extra: dict[str, str]
) -> bytes:
    """One WARC/1.0 record as its own gzip member."""
    fields = {
        "WARC-Type": kind,
        "WARC-Record-ID": record_id,
        "WARC-Target-URI": url,
        "WARC-Date": when,
        **extra,
        "WARC-Block-Digest": "sha1:" + _b32(hashlib.sha1(block).digest()),
        "Content-Type": content_type,
        "Content-Length": str(len(block)),
    }
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n"
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)
    return (
        packer.compress(head.encode("utf-8"))
        + packer.compress(block)
        + packer.compress(b"\r\n\r\n")
        + packer.flush()
    )


def _b32(digest: bytes) -> str:
    return base64.b32encode(digest).decode("ascii")


def _path_of(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
