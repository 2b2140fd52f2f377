"""A low-level HTTP probe: one GET over one address family, with a timing for each phase.

Unlike the crawler's fetcher, the probe controls the socket itself (``asyncio`` streams and
an ``ssl`` context), so it can say how long DNS, the TCP connect, the TLS handshake and the
first byte took, which address answered, and what the certificate says. It sends a minimal
HTTP/1.1 request with the real ``Host`` header and does not follow redirects: the caller
decides. Used by the IPv6 measurement and the availability probes.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import ssl
import time
import zlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from crawler.guard import AddressPolicy, is_forbidden_address
from crawler.probe_tls import TlsFacts, tls_facts
from crawler.resolver import Resolution
from pages.decoding import decode_body

MAX_BODY = 2 * 1024 * 1024
TEXT_SAMPLE_CHARS = 20_000
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Even with allow_private, these are never contacted.
_ALWAYS_FORBIDDEN = ("unspecified", "multicast", "not an IP address")
_NO_ROUTE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT}


class AddressResolver(Protocol):
    async def resolve(self, host: str, family: int | None = None) -> Resolution: ...


@dataclass(kw_only=True)
class ProbeResult:
    url: str
    host: str
    family: int | None = None
    address: str | None = None
    port: int | None = None
    dns_ms: float | None = None
    connect_ms: float | None = None
    tls_ms: float | None = None
    ttfb_ms: float | None = None  # request sent → first response byte
    total_ms: float | None = None  # start (DNS included) → body read
    status: int | None = None
    http_version: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    location: str | None = None
    body_sha256: str | None = None
    body_size: int = 0
    truncated: bool = False
    text_sample: str | None = None  # visible text of an HTML body, one text run per line
    error: str | None = None  # a code: dns_nxdomain, no_address, forbidden, no_route, connect_refused, …
    error_detail: str | None = None
    tls: TlsFacts | None = None
    body: bytes | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        """An HTTP response arrived (any status)."""
        return self.error is None and self.status is not None

    @property
    def timings(self) -> dict[str, float | None]:
        return {
            "dns_ms": self.dns_ms,
            "connect_ms": self.connect_ms,
            "tls_ms": self.tls_ms,
            "ttfb_ms": self.ttfb_ms,
            "total_ms": self.total_ms,
        }

    def to_dict(self, *, text: bool = False) -> dict[str, Any]:
        data = asdict(self)
        data.pop("body")
        if not text:
            data.pop("text_sample")
        return data


class _ProbeError(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def permitted(address: str, allow_private: bool, allow_networks: Sequence[str] = ()) -> str | None:
    """Why the probe must not contact ``address`` under these settings (the crawler's guard,
    ``allow_networks`` exempt as there), or None."""
    reason = is_forbidden_address(address)
    if reason is None or (allow_private and reason not in _ALWAYS_FORBIDDEN):
        return None
    if reason in _ALWAYS_FORBIDDEN:
        return reason
    return AddressPolicy(allow_private=False, allow_networks=list(allow_networks)).refuse(address)


def target_port(url: str, port_map: dict[str, int]) -> int:
    """The URL's port (or its scheme's default), mapped through ``port_map`` (sandbox)."""
    parts = urlsplit(url)
    port = parts.port or _DEFAULT_PORTS[parts.scheme]
    return int(port_map.get(str(port), port))


async def probe_http(
    url: str,
    *,
    family: int | None,
    resolver: AddressResolver | None,
    port_map: dict[str, int],
    allow_private: bool,
    timeout: float,
    user_agent: str,
    allow_networks: Sequence[str] = (),
    address: str | None = None,
    ssl_context: ssl.SSLContext | None = None,
    max_body: int = MAX_BODY,
) -> ProbeResult:
    """GET ``url`` once over ``family`` (4, 6, or None = first address found).

    ``address`` skips DNS (the caller has resolved already). Never raises for network
    trouble: the result's ``error`` says what failed, with the phase for timeouts.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    result = ProbeResult(url=url, host=host, family=family)
    started = time.perf_counter()
    phase = "dns"
    writer: asyncio.StreamWriter | None = None
    try:
        if parts.scheme not in _DEFAULT_PORTS or not host:
            raise _ProbeError("bad_url", url)
        async with asyncio.timeout(timeout):
            if address is None:
                if resolver is None:
                    raise _ProbeError("no_address", "no address and no resolver")
                resolution = await resolver.resolve(host, family)
                result.dns_ms = _ms(started)
                candidates = resolution.addresses_for(family)
                if not candidates:
                    rcode = resolution.rcode
                    raise _ProbeError(
                        "no_address" if rcode == "NOERROR" else f"dns_{rcode.lower()}", resolution.error or ""
                    )
                result.family, address = candidates[0]
            else:
                result.family = 6 if ":" in address else 4
            result.address = address
            result.port = target_port(url, port_map)
            refused = permitted(address, allow_private, allow_networks)
            if refused:
                raise _ProbeError("forbidden", f"{address}: {refused} (refused by configuration)")
            phase = "connect"
            t0 = time.perf_counter()
            reader, writer = await asyncio.open_connection(address, result.port)
            result.connect_ms = _ms(t0)
            if parts.scheme == "https":
                phase = "tls"
                reader, writer, result.tls, result.tls_ms = await _start_tls(
                    reader, writer, host, address, result.port, ssl_context
                )
            phase = "first_byte"
            await _send_request(writer, parts.netloc, _target(parts), user_agent)
            t0 = time.perf_counter()
            first = await reader.read(1)
            result.ttfb_ms = _ms(t0)
            if not first:
                raise _ProbeError("empty_response", "connection closed before a response")
            phase = "body"
            await _read_response(reader, first, result, max_body)
    except TimeoutError:
        result.error, result.error_detail = f"timeout_{phase}", f"no answer within {timeout}s"
    except _ProbeError as exc:
        result.error, result.error_detail = exc.code, exc.detail
    except ssl.SSLError as exc:
        result.error, result.error_detail = "tls_error", str(exc)[:300]
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
        result.error, result.error_detail = "bad_response", f"{phase}: {type(exc).__name__}: {exc}"[:300]
    except ConnectionRefusedError as exc:
        result.error, result.error_detail = "connect_refused", str(exc)[:300]
    except ConnectionResetError as exc:
        result.error, result.error_detail = "reset", f"{phase}: {exc}"[:300]
    except OSError as exc:
        code = "no_route" if exc.errno in _NO_ROUTE else f"{phase}_error"
        result.error, result.error_detail = code, str(exc)[:300]
    finally:
        if writer is not None:
            writer.close()
    result.total_ms = _ms(started)
    return result


async def _start_tls(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    host: str,
    address: str,
    port: int,
    context: ssl.SSLContext | None,
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, TlsFacts, float]:
    """Handshake with verification; if the certificate fails it, note why and go on unverified."""
    verifying = context or ssl.create_default_context()
    t0 = time.perf_counter()
    try:
        await writer.start_tls(verifying, server_hostname=host)
        return reader, writer, tls_facts(writer, host, None), _ms(t0)
    except ssl.SSLError as exc:  # asyncio may re-raise the verification failure as a plain SSLError
        if not isinstance(exc, ssl.SSLCertVerificationError) and exc.reason != "CERTIFICATE_VERIFY_FAILED":
            raise
        verify_error = getattr(exc, "verify_message", None) or _verify_message(str(exc))
    writer.close()
    # A second connection, unverified, to read the certificate and still ask for the page.
    reader, writer = await asyncio.open_connection(address, port)
    lax = ssl.create_default_context()
    lax.check_hostname = False
    lax.verify_mode = ssl.CERT_NONE
    t0 = time.perf_counter()
    try:
        await writer.start_tls(lax, server_hostname=host)
    except BaseException:
        writer.close()
        raise
    return reader, writer, tls_facts(writer, host, verify_error), _ms(t0)


def _verify_message(text: str) -> str:
    """``[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)``
    → ``self-signed certificate``."""
    detail = text.split("certificate verify failed:", 1)[-1]
    return detail.rsplit(" (_ssl.c", 1)[0].strip() or text


def _target(parts: Any) -> str:
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


async def _send_request(writer: asyncio.StreamWriter, netloc: str, target: str, user_agent: str) -> None:
    host_header = netloc.rsplit("@", 1)[-1]
    request = (
        f"GET {target} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: {user_agent}\r\n"
        "Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\nAccept-Encoding: gzip, deflate\r\n"
        "Connection: close\r\n\r\n"
    )
    writer.write(request.encode("latin-1", "replace"))
    await writer.drain()


async def _read_response(
    reader: asyncio.StreamReader, first: bytes, result: ProbeResult, max_body: int
) -> None:
    head = first + await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    fields = status_line.split(" ", 2)
    if len(fields) < 2 or not fields[0].startswith("HTTP/") or not fields[1].isdigit():
        raise _ProbeError("bad_response", status_line[:200])
    result.http_version, result.status = fields[0], int(fields[1])
    headers: dict[str, str] = {}
    for line in header_lines:
        name, sep, value = line.partition(":")
        if sep:
            headers.setdefault(name.strip().lower(), value.strip())
    result.headers = headers
    result.location = headers.get("location")
    if 100 <= result.status < 200:
        raise _ProbeError("bad_response", f"unexpected interim status {result.status}")
    raw, result.truncated = await _read_body(reader, headers, max_body)
    body = _decompress(raw, headers.get("content-encoding", ""), max_body)
    result.body, result.body_size = body, len(body)
    result.body_sha256 = hashlib.sha256(body).hexdigest()
    content_type = headers.get("content-type")
    if "html" in (content_type or "") or body[:512].lstrip()[:1] == b"<":
        result.text_sample = visible_text(body, content_type)[:TEXT_SAMPLE_CHARS]


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str], cap: int) -> tuple[bytes, bool]:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        chunks: list[bytes] = []
        size = 0
        while True:
            length = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
            if length == 0:
                return b"".join(chunks), False
            chunk = await reader.readexactly(length)
            await reader.readline()
            chunks.append(chunk)
            size += length
            if size > cap:
                return b"".join(chunks)[:cap], True
    length_header = headers.get("content-length")
    if length_header and length_header.isdigit():
        wanted = int(length_header)
        data = await reader.readexactly(min(wanted, cap))
        return data, wanted > cap
    data = await reader.read(cap + 1)
    buffer = bytearray(data)
    while data and len(buffer) <= cap:
        data = await reader.read(cap + 1 - len(buffer))
        buffer.extend(data)
    return bytes(buffer[:cap]), len(buffer) > cap


def _decompress(raw: bytes, encoding: str, cap: int) -> bytes:
    encoding = encoding.lower().strip()
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return raw
    wbits = 47 if "gzip" in encoding else 15
    try:
        return zlib.decompressobj(wbits).decompress(raw, cap)
    except zlib.error:
        try:
            return zlib.decompressobj(-15).decompress(raw, cap)  # raw deflate, as some servers send
        except zlib.error:
            return raw


def visible_text(body: bytes, content_type: str | None = None) -> str:
    """The text a reader sees, one text run per line: no scripts, styles or markup."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(decode_body(body, content_type).text)
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    title = tree.css_first("title")
    root = tree.body or tree.root
    raw = (title.text() + "\n" if title is not None else "") + (root.text(separator="\n") if root else "")
    return "\n".join(line for line in (" ".join(chunk.split()) for chunk in raw.splitlines()) if line)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
