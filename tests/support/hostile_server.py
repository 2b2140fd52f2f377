"""A hostile web on loopback for crawler tests: a DNS server and an HTTP server that misbehaves.

``HostileWeb`` starts a dnslib name server (A/AAAA/CNAME, NXDOMAIN, SERVFAIL) and a threaded
HTTP server on 127.0.0.1 and ::1 (same port). Every request is counted per Host header, with
the peak number in flight, so tests can assert politeness from the server's side.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from dnslib import AAAA, CNAME, QTYPE, RCODE, RR, A, DNSRecord
from dnslib.server import BaseResolver, DNSLogger, DNSServer

Zone = dict[str, list[tuple[str, str]]]  # name -> [(type, value)]


class ZoneResolver(BaseResolver):  # type: ignore[misc]
    """Follows CNAMEs inside the zone; unknown names NXDOMAIN; names in ``servfail`` SERVFAIL."""

    def __init__(self, zone: Zone, servfail: set[str], slow: set[str] | None = None) -> None:
        self.zone = {k.rstrip(".").lower(): v for k, v in zone.items()}
        self.servfail = servfail
        self.slow = slow or set()

    def resolve(self, request: DNSRecord, handler: Any) -> DNSRecord:
        reply = request.reply()
        qname = str(request.q.qname).rstrip(".").lower()
        qtype = QTYPE[request.q.qtype]
        if qname in self.slow:
            time.sleep(5)
        if qname in self.servfail:
            reply.header.rcode = RCODE.SERVFAIL
            return reply
        name = qname
        for _ in range(8):
            records = self.zone.get(name)
            if records is None:
                if name == qname:
                    reply.header.rcode = RCODE.NXDOMAIN
                return reply
            cname = [v for t, v in records if t == "CNAME"]
            if cname and qtype != "CNAME":
                reply.add_answer(RR(name, QTYPE.CNAME, rdata=CNAME(cname[0]), ttl=60))
                name = cname[0].rstrip(".").lower()
                continue
            for rtype, value in records:
                if rtype == qtype == "A":
                    reply.add_answer(RR(name, QTYPE.A, rdata=A(value), ttl=60))
                elif rtype == qtype == "AAAA":
                    reply.add_answer(RR(name, QTYPE.AAAA, rdata=AAAA(value), ttl=60))
            return reply
        return reply


@dataclass
class Counters:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    paths: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    in_flight: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    peak: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    user_agents: set[str] = field(default_factory=set)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    conditional: int = 0


Route = Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    web: HostileWeb

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    @property
    def host(self) -> str:
        return (self.headers.get("Host") or "").split(":")[0].lower()

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        counters = self.web.counters
        host = self.host
        with counters.lock:
            counters.requests[host] += 1
            counters.paths[f"{host}{self.path}"] += 1
            counters.in_flight[host] += 1
            counters.peak[host] = max(counters.peak[host], counters.in_flight[host])
            counters.user_agents.add(self.headers.get("User-Agent", ""))
            counters.times[host].append(time.monotonic())
            if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):
                counters.conditional += 1
        try:
            path = urlsplit(self.path).path
            route = self.web.route_for(host, path)
            route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with counters.lock:
                counters.in_flight[host] -= 1

    # helpers for routes
    def send(
        self,
        status: int,
        body: bytes,
        ctype: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.path).query)


def html(title: str, links: list[str] = (), extra: str = "") -> bytes:  # type: ignore[assignment]
    items = "".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{title}</h1><ul>{items}</ul>{extra}</body></html>"
    ).encode()


JS_LIST_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>文件列表</title>
<style>.gone{display:none}</style></head><body style="background:#fff">
<a href="/a.html">看得见</a>
<a href="http://casino.test/1" style="position:absolute;left:-9999px">博彩</a>
<div class="gone"><a href="http://casino.test/2">娱乐城</a></div>
<a href="http://casino.test/3" style="color:#fff">白字</a>
<a href="http://casino.test/4" style="font-size:1px">小字</a>
<ul id="list" ms-repeat="list"></ul>
<script>
var xhr = new XMLHttpRequest(); xhr.open("GET", "/api/list.json");
xhr.onload = function () { JSON.parse(xhr.responseText).forEach(function (d) {
  var li = document.createElement("li"); li.innerHTML = '<a href="' + d.url + '">' + d.title + '</a>';
  document.getElementById("list").appendChild(li); }); };
xhr.send();
</script><script src="http://cdn.elsewhere.test/track.js"></script></body></html>""".encode()

GBK_TEXT = "政府信息公开指南：本机关办公地址为临汾市尧都区，电话0357-1234567。" * 20


def _make_bomb() -> bytes:
    """200 MB of zeros in ~200 KB of gzip (made once per process)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * (1 << 20)
    return b"".join(packer.compress(zeros) for _ in range(200)) + packer.flush()


_BOMB = _make_bomb()


class HostileWeb:
    def __init__(self, zone: Zone | None = None, servfail: set[str] | None = None) -> None:
        self.counters = Counters()
        self.routes: dict[str, Route] = {}
        self.host_routes: dict[str, dict[str, Route]] = defaultdict(dict)
        self.zone: Zone = zone or {}
        self.servfail = servfail or {"servfail.test"}
        self.hang = threading.Event()
        self._bomb = _BOMB
        self.big_pages = 300
        self.big_delay_s = 0.0
        self._install_defaults()

    # --- routes --------------------------------------------------------------------------
    def route(self, path: str, host: str | None = None) -> Callable[[Route], Route]:
        def register(fn: Route) -> Route:
            if host:
                self.host_routes[host][path] = fn
            else:
                self.routes[path] = fn
            return fn

        return register

    def route_for(self, host: str, path: str) -> Route:
        specific = self.host_routes.get(host, {})
        for table in (specific, self.routes):
            if path in table:
                return table[path]
            for prefix, fn in table.items():
                if prefix.endswith("*") and path.startswith(prefix[:-1]):
                    return fn
        return lambda h: h.send(404, html("404 Not Found"))

    def _install_defaults(self) -> None:
        r = self.route
        r("/")(lambda h: h.send(200, html("home", ["/a.html", "/b.html", "/slow", "/500"])))
        r("/robots.txt")(lambda h: h.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain"))
        r("/a.html")(lambda h: h.send(200, html("a", ["/b.html", "/"])))
        r("/b.html")(lambda h: h.send(200, html("b", ["/a.html"])))
        r("/private/*")(lambda h: h.send(200, html("private")))
        r("/500")(lambda h: h.send(500, html("Internal Server Error")))
        r("/403")(lambda h: h.send(403, html("Forbidden")))
        r("/429")(lambda h: h.send(429, html("Too Many Requests"), headers={"Retry-After": "1"}))
        r("/waf")(lambda h: h.send(200, b"<html><script>document.cookie='__jsl_clearance=1'</script></html>"))
        r("/big/*")(self._big)
        r("/jslist")(lambda h: h.send(200, JS_LIST_PAGE))
        r("/api/list.json")(
            lambda h: h.send(
                200, b'[{"url": "/from-script.html", "title": "\\u653f\\u7b56"}]', "application/json"
            )
        )
        r("/from-script.html")(lambda h: h.send(200, html("only reachable through the script")))
        r("/trap/*")(lambda h: h.send(200, html("trap", [f"{h.path.rstrip('/')}/x/", "/calendar?day=1"])))
        r("/links")(
            lambda h: h.send(
                200,
                html(
                    "links",
                    [
                        "/private/secret.html",
                        "/calendar?day=0",
                        "/trap/x/",
                        "/loop/a",
                        "/403",
                        "/etag",
                        "http://other.test/a.html",
                        "http://nx.test/page",
                        "http://other.test/500",
                        "http://private.test/",
                        "/gbk-mislabelled",
                        "/binary",
                        "mailto:x@y.z",
                    ],
                    extra='<img src="/missing.png" alt="logo"><script src="/app.js"></script>',
                ),
            )
        )
        r("/hang")(self._hang)
        r("/trickle")(self._trickle)
        r("/reset")(self._reset)
        r("/loop/a")(lambda h: h.send(302, b"", headers={"Location": "/loop/b"}))
        r("/loop/b")(lambda h: h.send(302, b"", headers={"Location": "/loop/a"}))
        r("/redirect-private")(lambda h: h.send(302, b"", headers={"Location": "http://private.test/"}))
        r("/calendar")(self._calendar)
        r("/huge")(self._huge)
        r("/bomb")(self._gzip_bomb)
        r("/gbk-mislabelled")(
            lambda h: h.send(
                200, f"<html><body>{GBK_TEXT}</body></html>".encode("gbk"), "text/html; charset=utf-8"
            )
        )
        r("/gb2312")(
            lambda h: h.send(
                200,
                ("<html><head><meta charset='gb2312'></head><body>囍镕堃</body></html>").encode("gb18030"),
                "text/html",
            )
        )
        r("/binary")(lambda h: h.send(200, bytes(range(256)) * 64, "text/html"))
        r("/etag")(self._etag)
        r("/gzip")(
            lambda h: h.send(
                200, gzip.compress(html("gzipped", ["/a.html"])), "text/html", {"Content-Encoding": "gzip"}
            )
        )

    def _big(self, h: Handler) -> None:
        """A tree of ``big_pages`` pages: page i links to pages 10i+1 … 10i+10."""
        if self.big_delay_s:
            time.sleep(self.big_delay_s)
        name = h.path.rsplit("/", 1)[-1].removesuffix(".html") or "0"
        index = int(name) if name.isdigit() else 0
        children = [f"/big/{c}.html" for c in range(10 * index + 1, 10 * index + 11) if c < self.big_pages]
        tag = f'"big{index}"'
        if h.headers.get("If-None-Match") == tag:
            h.send_response(304)
            h.send_header("ETag", tag)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        h.send(200, html(f"big {index}", children), headers={"ETag": tag})

    def _slow(self, h: Handler) -> None:
        time.sleep(float(h.query().get("s", ["0.5"])[0]))
        h.send(200, html("slow"))

    def _hang(self, h: Handler) -> None:
        self.hang.wait(30)

    def _trickle(self, h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        for _ in range(100000):
            if self.hang.is_set():
                return
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.2)

    def _reset(self, h: Handler) -> None:
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.connection.close()
        h.close_connection = True

    def _calendar(self, h: Handler) -> None:
        day = int(h.query().get("day", ["0"])[0])
        h.send(200, html(f"calendar {day}", [f"/calendar?day={day + 1}", f"/calendar?day={day - 1}"]))

    def _huge(self, h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(100 * 1024 * 1024))
        h.end_headers()
        chunk = b"<p>" + b"x" * 65533
        try:
            for _ in range(1600):
                h.wfile.write(chunk)
        except OSError:
            pass

    def _gzip_bomb(self, h: Handler) -> None:
        h.send(200, self._bomb, "text/html", {"Content-Encoding": "gzip"})

    def _etag(self, h: Handler) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            h.send_response(304)
            h.send_header("ETag", '"v1"')
            h.end_headers()
            return
        h.send(
            200,
            html("etag", ["/a.html"]),
            headers={"ETag": '"v1"', "Last-Modified": "Tue, 01 Dec 2020 00:00:00 GMT"},
        )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # resets and hang-ups are the point of this server


@dataclass
class Running:
    web: HostileWeb
    http_port: int
    dns_port: int

    def nameserver(self) -> str:
        return f"127.0.0.1:{self.dns_port}"


@contextmanager
def run_hostile(web: HostileWeb | None = None, *, zone: Zone | None = None) -> Iterator[Running]:
    web = web or HostileWeb()
    default_zone: Zone = {
        "hostile.test": [("A", "127.0.0.1"), ("AAAA", "::1")],
        "other.test": [("A", "127.0.0.1")],
        "v6only.test": [("AAAA", "::1")],
        "alias.test": [("CNAME", "cdn.hostile.test")],
        "cdn.hostile.test": [("A", "127.0.0.1"), ("AAAA", "::1")],
        "private.test": [("A", "10.0.0.1")],
        "linklocal.test": [("A", "169.254.169.254")],
        "cgnat.test": [("A", "100.64.1.1")],
        "v6private.test": [("AAAA", "fd12::1")],
    }
    default_zone.update(zone or {})
    default_zone.update(web.zone)
    web.zone = default_zone
    handler = type("BoundHandler", (Handler,), {"web": web})
    server4 = _Server(("127.0.0.1", 0), handler)
    port = server4.server_address[1]
    servers: list[ThreadingHTTPServer] = [server4]
    try:

        class _Server6(_Server):
            address_family = socket.AF_INET6

        servers.append(_Server6(("::1", port), handler))
    except OSError:
        pass
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    quiet = DNSLogger(log="-request,-reply,-truncated,-error,-recv,-send,-data", prefix=False)
    dns = DNSServer(ZoneResolver(web.zone, web.servfail), port=0, address="127.0.0.1", logger=quiet)
    dns.start_thread()
    dns_port = dns.server.server_address[1]
    try:
        yield Running(web=web, http_port=port, dns_port=dns_port)
    finally:
        web.hang.set()
        dns.stop()
        for server in servers:
            server.shutdown()
            server.server_close()


def hostile_config(
    running: Running,
    data_dir: str,
    *,
    units: list[Any] | None = None,
    guard: bool = True,
    **sections: dict[str, Any],
) -> Any:
    """An AuditConfig pointed at the hostile web: its DNS, its port, short timeouts.

    With ``guard`` the private-address guard stays on and only loopback is exempt, so tests
    can show that private, link-local and CGNAT targets are refused.
    """
    from config.loader import with_overrides
    from config.settings import AuditConfig, Settings, UnitConfig

    if units is None:
        units = [
            UnitConfig.model_validate(
                {
                    "id": "hostile",
                    "name": "敌意站",
                    "class": "A",
                    "homepage": "http://hostile.test/",
                    "scope": ["http://hostile.test/"],
                }
            )
        ]
    config = AuditConfig(path="<hostile>", settings=Settings(), units=units)
    network: dict[str, Any] = {
        "nameservers": [running.nameserver()],
        "port_map": {"80": running.http_port},
        "dns_timeout_s": 1.0,
    }
    if guard:
        network.update(allow_private=False, allow_networks=["127.0.0.0/8", "::1/128"])
    else:
        network.update(allow_private=True)
    base: dict[str, dict[str, Any]] = {
        "network": network,
        "crawl": {
            "fetch_timeout_s": 3.0,
            "read_timeout_s": 1.0,
            "connect_timeout_s": 1.0,
            "max_body_bytes": 2_000_000,
            "data_dir": data_dir,
            "render_js": False,
        },
        "politeness": {"min_delay_s": 0.0, "backoff_initial_s": 0.2, "backoff_max_s": 2.0},
        # A test's crawl confirms a failing link a moment later, not an hour (crawler.confirm).
        "thresholds": {"inspection": {"dead_link_confirm_after_s": 0.2}},
    }
    for name, values in sections.items():
        if name == "thresholds":
            for group, changed in values.items():
                base["thresholds"].setdefault(group, {}).update(changed)
            continue
        base.setdefault(name, {}).update(values)
    thresholds = base.pop("thresholds")
    config = with_overrides(config, **base)
    if thresholds:
        settings = config.settings.model_copy(
            update={
                "thresholds": config.settings.thresholds.model_copy(
                    update={
                        k: getattr(config.settings.thresholds, k).model_copy(update=v)
                        for k, v in thresholds.items()
                    }
                )
            }
        )
        config = config.model_copy(update={"settings": settings})
    return config


UTF8_TEXT = "政府信息公开：临汾市人民政府办公室，政府信息公开指南与目录。" * 10


def install_charset_routes(web: HostileWeb) -> None:
    """UTF-8 under a gbk header; invalid UTF-8 labelled utf-8; GBK under a utf-8 meta."""
    page = f"<html><body>{UTF8_TEXT}</body></html>".encode()
    damaged = page[:200] + b"\xff\xfe" + page[200:]
    web.route("/utf8-as-gbk")(lambda h: h.send(200, page, "text/html; charset=gbk"))
    web.route("/damaged-utf8")(lambda h: h.send(200, damaged, "text/html; charset=utf-8"))
    gbk = f"<html><head><meta charset='utf-8'></head><body>{UTF8_TEXT}</body></html>".encode("gbk")
    web.route("/gbk-as-utf8-meta")(lambda h: h.send(200, gbk, "text/html"))
