"""Run the simulated web: HTTP on 127.0.0.1:P and [::1]:P (same P), HTTPS on Q, DNS on D.

with run_sandbox(seed=1) as sb:
    sb.http_port, sb.https_port, sb.dns_port, sb.nameserver, sb.manifest, sb.config, sb.config_path
    sb.stats.peak_inflight("www.yaodu.gov.cn")
"""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import ssl
import struct
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from config.settings import AuditConfig
from sandbox.dns import DnsService
from sandbox.flaky import FlakyLink
from sandbox.http import Request
from sandbox.manifest import build_manifest
from sandbox.sbconfig import sandbox_config, write_config
from sandbox.web import BENCH_HOST, SandboxWeb


@dataclass(frozen=True)
class Scale:
    units: int = 0  # total units (51 real + synthetic ones); 0 = the 51
    bench_pages: int = 0  # pages of the benchmark host bench.linfen.gov.cn; 0 = none


@dataclass
class RequestStats:
    """Server-side counters: requests and peak in-flight requests per host."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    inflight: dict[str, int] = field(default_factory=dict)
    peak: dict[str, int] = field(default_factory=dict)
    log: list[dict[str, Any]] = field(default_factory=list)

    def enter(self, host: str) -> None:
        with self.lock:
            self.inflight[host] = self.inflight.get(host, 0) + 1
            self.peak[host] = max(self.peak.get(host, 0), self.inflight[host])

    def leave(self, host: str, entry: dict[str, Any]) -> None:
        with self.lock:
            self.inflight[host] -= 1
            self.log.append(entry)

    def peak_inflight(self, host: str) -> int:
        with self.lock:
            return self.peak.get(host, 0)

    def requests(self, host: str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            return [e for e in self.log if host is None or e["host"] == host]

    def reset(self) -> None:
        with self.lock:
            self.peak.clear()
            self.log.clear()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    # As nginx does on keep-alive connections (tcp_nodelay): without it the body, written
    # after the headers, waits for the client's delayed ACK — 40 ms on every reused connection.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _serve(self, method: str) -> None:
        server: _Server = self.server  # type: ignore[assignment]
        raw = (self.headers.get("Host") or "").lower()
        host = raw[1 : raw.find("]")] if raw.startswith("[") else raw.split(":")[0]
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        conditional = {name: self.headers[name] for name in ("if-none-match", "if-modified-since")
                       if self.headers.get(name) is not None}  # fmt: skip
        req = Request(host, parts.path or "/", parts.query, "GET" if method == "HEAD" else method, body,
                      family=server.family, scheme=server.scheme, headers=conditional)  # fmt: skip
        server.stats.enter(host)
        started = time.monotonic()
        status = 0
        try:
            response = server.flaky.answer(req) or server.web.handle(req)
            if response.delay_s:
                time.sleep(response.delay_s)
            if response.reset:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                status = -1
                return
            status = response.status
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            if response.status != 304:  # a 304 has no body; its length would be the 200's
                self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if method != "HEAD" and response.status != 304:
                self.wfile.write(response.body)
        finally:
            server.stats.leave(host, {"host": host, "path": self.path, "method": method, "family": server.family,
                                      "status": status, "started": started, "ended": time.monotonic()})  # fmt: skip

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_HEAD(self) -> None:
        self._serve("HEAD")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], family: int, web: SandboxWeb, stats: RequestStats, scheme: str,
                 context: ssl.SSLContext | None = None) -> None:  # fmt: skip
        self.address_family = socket.AF_INET6 if family == 6 else socket.AF_INET
        self.family, self.web, self.stats, self.scheme, self.context = family, web, stats, scheme, context
        self.flaky = FlakyLink()  # shared by the two families of one port (see _dual_stack)
        super().__init__(address, _Handler)

    def get_request(self) -> tuple[Any, Any]:
        sock, addr = self.socket.accept()
        if self.context is not None:
            sock = self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, addr

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


def _dual_stack(
    web: SandboxWeb, stats: RequestStats, scheme: str, context: ssl.SSLContext | None
) -> list[_Server]:
    for _ in range(50):
        v4 = _Server(("127.0.0.1", 0), 4, web, stats, scheme, context)
        port = v4.server_address[1]
        try:
            v6 = _Server(("::1", port), 6, web, stats, scheme, context)
        except OSError:
            v4.server_close()
            continue
        v6.flaky = v4.flaky
        return [v4, v6]
    raise RuntimeError("no port free on both 127.0.0.1 and ::1")


@dataclass
class RunningSandbox:
    web: SandboxWeb
    http_port: int
    https_port: int | None
    dns_port: int
    manifest: dict[str, Any]
    config: AuditConfig
    config_path: Path
    data_dir: Path
    stats: RequestStats
    ca_path: Path | None = None

    @property
    def nameserver(self) -> str:
        return f"127.0.0.1:{self.dns_port}"

    @property
    def request_log(self) -> RequestStats:
        return self.stats

    @property
    def bench_url(self) -> str | None:
        return f"http://{BENCH_HOST}/" if self.web.bench_pages else None

    @property
    def night(self) -> dt.date:
        return self.web.night

    def set_night(self, night: dt.date) -> None:
        """Serve the web as the timeline has it on ``night`` (``sandbox.timeline``)."""
        self.web.set_night(night)

    def manifest_for(self, night: dt.date) -> dict[str, Any]:
        """The ground truth of ``night``: its planted defects and the changes up to it."""
        return build_manifest(self.web.seed, self.web.as_of, night)


@contextlib.contextmanager
def run_sandbox(
    seed: int = 1,
    as_of: dt.date = dt.date(2020, 12, 15),
    scale: Scale | int | None = None,
    data_dir: Path | str | None = None,
    https: bool = True,
) -> Iterator[RunningSandbox]:
    """Start HTTP (v4+v6, one port), HTTPS and DNS in background threads; stop them on exit."""
    if isinstance(scale, int):
        scale = Scale(units=scale)
    scale = scale or Scale()
    web = SandboxWeb(seed=seed, as_of=as_of, units=scale.units, bench_pages=scale.bench_pages)
    stats = RequestStats()
    tmp = None
    if data_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="zwgk-sandbox-")
        data_dir = tmp.name
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    servers = _dual_stack(web, stats, "http", None)
    context, ca_path = None, None
    if https:
        from sandbox.tls import server_context

        context, ca_path = server_context(web, folder, as_of)
        servers += _dual_stack(web, stats, "https", context)
    dns = DnsService(web)
    threads = [
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True) for s in servers
    ]
    for thread in threads:
        thread.start()
    dns.start()
    try:
        http_port = servers[0].server_address[1]
        https_port = servers[2].server_address[1] if https else None
        config = sandbox_config(seed, as_of, dns.port, http_port, https_port, web, folder, ca_path)
        config_path = write_config(config, folder / "sandbox.toml")
        config = config.model_copy(update={"path": str(config_path)})
        yield RunningSandbox(
            web=web, http_port=http_port, https_port=https_port, dns_port=dns.port,
            manifest=build_manifest(seed, as_of), config=config, config_path=config_path, data_dir=folder,
            stats=stats, ca_path=ca_path,
        )  # fmt: skip
    finally:
        dns.stop()
        for server in servers:
            server.shutdown()
            server.server_close()
        if tmp is not None:
            tmp.cleanup()
