"""``crawler.probe.probe_http`` against real servers on 127.0.0.1 and ::1."""

from __future__ import annotations

import asyncio
import gzip
import ssl
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from cryptography import x509
from support.certs import self_signed
from support.ipv6_lab import Lab, Site, page, run_lab

from crawler.probe import ProbeResult, probe_http, visible_text
from crawler.probe_tls import hostname_matches
from crawler.resolver import Resolver

UA = "zwgk-audit-test"


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    sites = [
        Site("www.both.gov.cn", pages={"/": page("双栈 首页", ["/x"]), "/old": "REDIRECT /"}),
        Site("www.four.gov.cn", v6=None, pages={"/": page("four")}),
    ]
    with run_lab(sites) as running:
        yield running


async def _probe(url: str, lab: Lab | None = None, **kw: object) -> ProbeResult:
    options: dict[str, object] = {
        "family": None,
        "resolver": Resolver([lab.nameserver], timeout=2) if lab else None,
        "port_map": {},
        "allow_private": True,
        "timeout": 3.0,
        "user_agent": UA,
    }
    return await probe_http(url, **(options | kw))  # type: ignore[arg-type]


@pytest.mark.parametrize(("family", "address"), [(4, "127.0.0.1"), (6, "::1")])
async def test_probe_each_family_with_real_host_header_and_timings(
    lab: Lab, family: int, address: str
) -> None:
    before = len(lab.requests)
    result = await _probe(lab.url("www.both.gov.cn"), lab, family=family)
    assert result.ok and result.status == 200 and result.family == family and result.address == address
    assert lab.requests[before:] == [(f"v{family}", "www.both.gov.cn", "/")]
    for phase in ("dns_ms", "connect_ms", "ttfb_ms", "total_ms"):
        assert getattr(result, phase) is not None and getattr(result, phase) >= 0
    assert result.tls_ms is None and result.tls is None
    assert result.body_sha256 and result.body_size > 0
    assert result.text_sample and "双栈 首页" in result.text_sample


async def test_port_map_and_explicit_address(lab: Lab) -> None:
    mapped = await _probe("http://www.both.gov.cn/", lab, port_map={"80": lab.http_port}, family=6)
    assert mapped.ok and mapped.port == lab.http_port and mapped.address == "::1"
    direct = await _probe(lab.url("www.both.gov.cn"), None, address="::1")
    assert direct.ok and direct.family == 6 and direct.dns_ms is None


async def test_redirect_is_reported_not_followed(lab: Lab) -> None:
    result = await _probe(lab.url("www.both.gov.cn", "/old"), lab)
    assert result.status == 302 and result.location == "/"


async def test_missing_family_and_unknown_host(lab: Lab) -> None:
    no_v6 = await _probe(lab.url("www.four.gov.cn"), lab, family=6)
    assert no_v6.error == "no_address" and no_v6.address is None
    unknown = await _probe(lab.url("www.nowhere.gov.cn"), lab)
    assert unknown.error == "dns_nxdomain"


async def test_private_targets_are_refused_unless_allowed(lab: Lab) -> None:
    before = len(lab.requests)
    for family in (4, 6):
        result = await _probe(lab.url("www.both.gov.cn"), lab, family=family, allow_private=False)
        assert result.error == "forbidden" and "loopback" in (result.error_detail or "")
    assert len(lab.requests) == before  # nothing was sent
    multicast = await _probe("http://[ff02::1]:80/", None, address="ff02::1")
    assert multicast.error == "forbidden"


async def _serve(handler: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]],
                 host: str = "127.0.0.1", ssl_ctx: ssl.SSLContext | None = None) -> asyncio.Server:  # fmt: skip
    return await asyncio.start_server(handler, host, 0, ssl=ssl_ctx)


def _port(server: asyncio.Server) -> int:
    return int(server.sockets[0].getsockname()[1])


async def test_connect_refused_and_first_byte_timeout() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(5)

    server = await _serve(silent, "::1")
    port = _port(server)
    result = await _probe(f"http://www.x.gov.cn:{port}/", None, address="::1", timeout=0.3)
    assert result.error == "timeout_first_byte" and result.connect_ms is not None
    server.close()
    await server.wait_closed()
    refused = await _probe(f"http://www.x.gov.cn:{port}/", None, address="::1")
    assert refused.error == "connect_refused"


async def test_chunked_gzip_body() -> None:
    html = (
        "<html><head><title>分块</title><script>var x=1</script></head><body><p>正文 内容</p></body></html>"
    )
    packed = gzip.compress(html.encode("utf-8"))

    async def chunked(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        for start in range(0, len(packed), 20):
            chunk = packed[start : start + 20]
            writer.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        writer.write(b"0\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await _serve(chunked)
    result = await _probe(f"http://www.x.gov.cn:{_port(server)}/", None, address="127.0.0.1")
    server.close()
    assert result.ok and result.body == html.encode("utf-8")
    assert result.text_sample == "分块\n正文 内容"


async def test_tls_facts_unverified_then_verified(tmp_path: Path) -> None:
    server_ctx, cert_path = self_signed(tmp_path, "www.tls.gov.cn", days=20)

    async def hello(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            return
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()
        writer.close()

    server = await _serve(hello, "::1", server_ctx)
    url = f"https://www.tls.gov.cn:{_port(server)}/"
    untrusted = await _probe(url, None, address="::1")
    assert untrusted.ok and untrusted.status == 200 and untrusted.tls is not None
    assert untrusted.tls.verify_error and not untrusted.tls.verified
    assert untrusted.tls.hostname_match is True and "www.tls.gov.cn" in untrusted.tls.san
    assert untrusted.tls.not_after and untrusted.tls_ms is not None
    # The chain the server sent is kept as evidence: here the one self-signed certificate.
    sent = x509.load_pem_x509_certificate(cert_path.read_bytes())
    chain = [x509.load_pem_x509_certificate(p.encode()) for p in untrusted.tls.chain_pem]
    assert chain == [sent]
    trusting = ssl.create_default_context(cafile=str(cert_path))
    verified = await _probe(url, None, address="::1", ssl_context=trusting)
    assert (
        verified.ok
        and verified.tls is not None
        and verified.tls.verified
        and verified.tls.verify_error is None
    )
    other = await _probe(
        f"https://www.other.gov.cn:{_port(server)}/", None, address="::1", ssl_context=trusting
    )
    assert other.ok and other.tls is not None and other.tls.hostname_match is False and other.tls.verify_error
    server.close()


def test_hostname_matching_and_visible_text() -> None:
    assert hostname_matches("www.a.gov.cn", ["*.a.gov.cn"])
    assert not hostname_matches("x.www.a.gov.cn", ["*.a.gov.cn"])
    assert not hostname_matches("a.gov.cn", ["*.a.gov.cn"])
    assert hostname_matches("::1", ["www.x", "::1"])
    assert visible_text(b"<html><body><style>p{}</style><p>a  b</p><div>c</div></body></html>") == "a b\nc"


async def test_truncated_and_garbled_answers_are_errors_not_exceptions() -> None:
    async def truncated(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort")
        await writer.drain()
        writer.close()

    async def garbled(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"SSH-2.0-OpenSSH\r\n\r\n")
        await writer.drain()
        writer.close()

    for handler in (truncated, garbled):
        server = await _serve(handler)
        result = await _probe(f"http://www.x.gov.cn:{_port(server)}/", None, address="127.0.0.1")
        server.close()
        assert result.error == "bad_response" and not result.ok
