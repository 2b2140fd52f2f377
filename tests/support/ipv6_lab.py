"""A small IPv6 lab on loopback: a dnslib name server and one HTTP server on 127.0.0.1 and ::1.

Pages may write ``__PORT__`` for the lab's HTTP port (absolute links to other hosts).
Each site is a host name with a behaviour per family: ``v4``/``v6`` are "ok" (serve the
pages), "differ" (other content), "drop" (close without answering), "503", or None (no
address published). The DNS zone is built from the sites (A → 127.0.0.1, AAAA → ::1) plus
any extra records (CNAMEs, NS). ``stop_at_cname`` names make the server answer with the CNAME
only, so the client must follow the chain itself.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from dnslib import AAAA, CNAME, NS, QTYPE, RCODE, RR, A, DNSRecord
from dnslib.server import BaseResolver, DNSLogger, DNSServer

V4, V6 = "127.0.0.1", "::1"


@dataclass
class Site:
    host: str
    v4: str | None = "ok"
    v6: str | None = "ok"
    pages: dict[str, str] = field(default_factory=dict)  # path -> HTML
    publish_aaaa: bool | None = None  # default: v6 is not None
    addresses_in_dns: bool = True  # False: the zone gives the name by CNAME (``extra``) only


@dataclass
class Lab:
    dns_port: int
    http_port: int
    sites: dict[str, Site]
    requests: list[tuple[str, str, str]] = field(default_factory=list)  # (family, host, path)

    @property
    def nameserver(self) -> str:
        return f"{V4}:{self.dns_port}"

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.http_port}{path}"


class _Zone(BaseResolver):
    def __init__(self, records: dict[str, list[tuple[str, str]]], stop_at_cname: set[str]) -> None:
        self.records = records
        self.stop = stop_at_cname

    def resolve(self, request: DNSRecord, handler: Any) -> DNSRecord:
        reply = request.reply()
        qname = str(request.q.qname).rstrip(".").lower()
        qtype = QTYPE[request.q.qtype]
        name = qname
        for _ in range(8):
            entries = self.records.get(name)
            if entries is None:
                if name == qname and not any(n.endswith("." + qname) for n in self.records):
                    reply.header.rcode = RCODE.NXDOMAIN
                return reply
            alias = [v for t, v in entries if t == "CNAME"]
            if alias and qtype != "CNAME":
                reply.add_answer(RR(name, QTYPE.CNAME, rdata=CNAME(alias[0]), ttl=300))
                if name in self.stop:
                    return reply
                name = alias[0]
                continue
            for rtype, value in entries:
                if rtype != qtype:
                    continue
                rdata = {"A": A, "AAAA": AAAA, "NS": NS}[rtype](value)
                reply.add_answer(RR(name, getattr(QTYPE, rtype), rdata=rdata, ttl=600))
            return reply
        return reply


def _zone(
    sites: dict[str, Site], extra: dict[str, list[tuple[str, str]]]
) -> dict[str, list[tuple[str, str]]]:
    records: dict[str, list[tuple[str, str]]] = {}
    for site in sites.values():
        entries = records.setdefault(site.host, [])
        if not site.addresses_in_dns:
            continue
        if site.v4 is not None:
            entries.append(("A", V4))
        if site.publish_aaaa if site.publish_aaaa is not None else site.v6 is not None:
            entries.append(("AAAA", V6))
    for name, entries in extra.items():
        records.setdefault(name, []).extend(entries)
    return records


def _handler(lab: Lab) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            family = "v6" if ":" in self.connection.getsockname()[0] else "v4"
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
            lab.requests.append((family, host, self.path))
            site = lab.sites.get(host)
            mode = getattr(site, family) if site else None
            if site is None or mode is None:
                return self._send(404, "<html><body>no such site</body></html>")
            if mode == "drop":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return None
            if mode == "503":
                return self._send(503, "<html><body>Service Unavailable</body></html>")
            if mode == "differ":
                return self._send(
                    200, "<html><body><h1>IPv6 测试页</h1><p>网站建设中 under construction</p></body></html>"
                )
            page = site.pages.get(self.path)
            page = page.replace("__PORT__", str(lab.http_port)) if page is not None else None
            if page is None:
                return self._send(404, "<html><body>404 页面不存在</body></html>")
            if page.startswith("REDIRECT "):
                return self._send(302, "", location=page.split(" ", 1)[1])
            return self._send(200, page)

        def _send(self, status: int, body: str, location: str | None = None) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            if location:
                self.send_header("Location", location)
            self.end_headers()
            self.wfile.write(data)

    return Handler


class _V6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6
    daemon_threads = True


class _V4Server(ThreadingHTTPServer):
    daemon_threads = True


def _servers(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, ThreadingHTTPServer]:
    """Two servers on the same port number, on 127.0.0.1 and ::1."""
    for _ in range(50):
        v4 = _V4Server((V4, 0), handler)
        try:
            v6 = _V6Server((V6, v4.server_address[1]), handler)
        except OSError:
            v4.server_close()
            continue
        return v4, v6
    raise RuntimeError("no port free on both 127.0.0.1 and ::1")


@contextmanager
def run_lab(sites: list[Site], extra: dict[str, list[tuple[str, str]]] | None = None,
            stop_at_cname: set[str] | None = None) -> Iterator[Lab]:  # fmt: skip
    by_host = {s.host: s for s in sites}
    dns = DNSServer(_Zone(_zone(by_host, extra or {}), stop_at_cname or set()), port=0, address=V4,
                    logger=DNSLogger("-request,-reply,-truncated,-error,-recv,-send,-data"))  # fmt: skip
    dns.start_thread()
    lab = Lab(dns_port=dns.server.server_address[1], http_port=0, sites=by_host)
    v4, v6 = _servers(_handler(lab))
    lab.http_port = v4.server_address[1]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (v4, v6)]
    for thread in threads:
        thread.start()
    try:
        yield lab
    finally:
        for server in (v4, v6):
            server.shutdown()
            server.server_close()
        dns.stop()


def page(title: str, links: list[str] = (), body: str = "") -> str:  # type: ignore[assignment]
    anchors = "".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
    return (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
        f"<p>{body or '本站发布政务信息。'}</p><ul>{anchors}</ul></body></html>"
    )
