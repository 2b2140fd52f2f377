"""The benchmarks' web: a process serving generated sites on loopback, with its own DNS.

``python -m benchmarks._web bench 5000`` serves the sandbox generator's benchmark site
(``bench.linfen.gov.cn``: page i links to pages 10i+1 … 10i+10); ``python -m
benchmarks._web hosts 50`` serves 50 small sites ``hNN.bench.test`` of different latencies,
the last of which hangs. It prints ``HTTP_PORT DNS_PORT`` and serves until killed.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from dnslib import QTYPE, RR, A, DNSRecord
from dnslib.server import BaseResolver, DNSLogger, DNSServer

BENCH_HOST = "bench.linfen.gov.cn"


def bench_page(n: int, total: int) -> bytes | None:
    """The sandbox's benchmark page when the sandbox is importable, else the same shape."""
    try:
        from sandbox.http import Request
        from sandbox.web import SandboxWeb

        web = _SANDBOX.get(total)
        if web is None:
            web = _SANDBOX[total] = SandboxWeb(bench_pages=total)
        response = web.handle(Request(host=BENCH_HOST, path="/" if n == 0 else f"/p/{n}.shtml"))
        return response.body if response.status == 200 else None
    except ImportError:
        if n >= total:
            return None
        kids = "".join(
            f'<li><a href="/p/{k}.shtml">第{k}页 测试信息</a><span>2020-12-01</span></li>'
            for k in range(10 * n + 1, 10 * n + 11)
            if k < total
        )
        return (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>基准测试页 {n}</title></head>'
            f'<body><ul class="list">{kids}</ul><p>基准测试站点第{n}页。</p></body></html>'
        ).encode()


_SANDBOX: dict[int, Any] = {}


class _Zone(BaseResolver):  # type: ignore[misc]
    def resolve(self, request: DNSRecord, handler: Any) -> DNSRecord:
        reply = request.reply()
        if QTYPE[request.q.qtype] == "A":
            reply.add_answer(RR(request.q.qname, QTYPE.A, rdata=A("127.0.0.1"), ttl=300))
        return reply


def serve(mode: str, count: int) -> None:
    hosts_pages = {f"h{i:02d}.bench.test": 6 + (i % 5) * 3 for i in range(count)}
    latency = {f"h{i:02d}.bench.test": (i % 10) * 0.02 for i in range(count)}
    hang = f"h{count - 1:02d}.bench.test"
    cache: dict[int, bytes | None] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def setup(self) -> None:
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").split(":")[0]
            path = self.path.split("?")[0]
            if mode == "bench":
                n = (
                    0
                    if path == "/"
                    else int(path.removeprefix("/p/").removesuffix(".shtml") or 0)
                    if path.startswith("/p/")
                    else total_pages
                )
                if n not in cache:
                    cache[n] = bench_page(n, total_pages)
                body = cache[n]
            else:
                if host == hang:
                    time.sleep(600)
                    return
                time.sleep(latency.get(host, 0))
                pages = hosts_pages.get(host, 0)
                n = (
                    int(path.strip("/").removesuffix(".html") or 0)
                    if path.strip("/").removesuffix(".html").isdigit()
                    else (0 if path == "/" else pages)
                )
                body = (
                    None
                    if n >= pages
                    else (
                        f"<html><head><title>{host} {n}</title></head><body>"
                        + "".join(f'<a href="/{k}.html">{k}</a>' for k in range(pages))
                        + "</body></html>"
                    ).encode()
                )
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    total_pages = count

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 256

    server = Server(("127.0.0.1", 0), Handler)
    dns = DNSServer(
        _Zone(),
        port=0,
        address="127.0.0.1",
        logger=DNSLogger(log="-request,-reply,-truncated,-error,-recv,-send,-data", prefix=False),
    )
    dns.start_thread()
    print(server.server_address[1], dns.server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]))
