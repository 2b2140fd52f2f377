"""One fetch: resolve, guard, be polite, send, read within limits, archive, classify.

``Fetcher`` is an async context manager built from an ``AuditConfig``. Every hop of a
fetch (redirects included) is resolved through the run's DNS cache, checked by the SSRF
guard, waits for its host's politeness slot and is written to WARC. A fetch never raises:
whatever happens ends as a :class:`FetchResult` with an outcome and a reason.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import httpx

from config.settings import AuditConfig
from crawler.blocked import classify_status
from crawler.body import read_body
from crawler.dnscache import DnsCache
from crawler.errors import certificate_problem, describe_error
from crawler.guard import AddressPolicy
from crawler.politeness import Politeness, parse_retry_after
from crawler.redirects import REDIRECT_STATUSES, RedirectChain, method_after
from crawler.resolver import Resolution, Resolver
from crawler.robots import RobotsCache
from crawler.transport import ResolvingBackend, ResolvingTransport, TrackedStream
from crawler.warc import Exchange, WarcLocation, WarcStore
from pages.decoding import decode_body

TEXT_TYPES = ("text/", "html", "xml", "json", "javascript")
LINK_CHECK_POOL = "link-check:*"
# A site setting dozens of cookies a page must not grow every request's Cookie header: the jar
# keeps this many (RFC 6265 §6.1 asks at least 50 per domain of a user agent; unconfirmed as
# a crawler's policy) and this many bytes of names and values.
MAX_COOKIES = 50
MAX_COOKIE_BYTES = 8192


@dataclass(kw_only=True)
class FetchResult:
    url: str
    final_url: str
    method: str = "GET"
    purpose: str = "crawl"
    outcome: str = "error"  # ok | not_modified | blocked | http_error | error | refused
    reason: str | None = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    request_headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    redirects: list[dict[str, Any]] = field(default_factory=list)  # [{url, status, location, warc}]
    redirect_out: str | None = None  # where a redirect out of scope pointed
    timings: dict[str, float] = field(default_factory=dict)  # dns_ms connect_ms ttfb_ms total_ms
    ip: str | None = None
    family: int | None = None
    http_version: str | None = None
    encoding: str | None = None
    text: str | None = None
    content_type: str | None = None
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None))
    dns: list[Resolution] = field(default_factory=list)
    warc: WarcLocation | None = None
    truncated: bool = False
    unit_id: str | None = None
    exchanges: list[Exchange] = field(default_factory=list)  # deferred WARC records, hop by hop
    tls_error: str | None = None  # the certificate failed verification; fetched without it

    def archive(self, store: WarcStore) -> None:
        """Write deferred WARC records; the last is the final response, the others redirect hops."""
        exchanges, self.exchanges = self.exchanges, []
        for index, exchange in enumerate(exchanges):
            location = store.write(exchange)
            if index < len(self.redirects):
                self.redirects[index]["warc"] = _loc(location)
            if index == len(exchanges) - 1:
                self.warc = location

    @property
    def ok(self) -> bool:
        return self.outcome in ("ok", "not_modified")

    @property
    def is_text(self) -> bool:
        ctype = (self.content_type or "").lower()
        return any(t in ctype for t in TEXT_TYPES) or (not ctype and self.body[:256].lstrip()[:1] == b"<")


class Fetcher:
    def __init__(
        self,
        config: AuditConfig,
        *,
        warc: WarcStore | None = None,
        politeness: Politeness | None = None,
        resolver: Resolver | None = None,
        verify: bool = True,
        defer_warc: bool = False,
    ) -> None:
        s = config.settings
        self.config = config
        self.crawl = s.crawl
        self.network = s.network
        self.user_agent = s.politeness.user_agent.format(contact=s.audit.contact, operator=s.audit.operator)
        self.resolver = resolver or Resolver(s.network.nameservers, timeout=s.network.dns_timeout_s)
        self.dns = DnsCache(self.resolver)
        self.politeness = politeness or Politeness(s.politeness)
        self.warc = warc
        # Deferred: the WARC records are written by whoever stores the result (the crawl's
        # storage writer, in its thread), before the Fetch row that points at them.
        self.defer_warc = defer_warc
        self.verify = verify
        self.ca_file = config.settings.network.ca_file
        self.policy = AddressPolicy(
            allow_private=s.network.allow_private, allow_networks=s.network.allow_networks
        )
        self.robots = RobotsCache(lambda u: self.fetch(u, purpose="robots"), self.user_agent)
        self.obey_robots = s.politeness.obey_robots
        # One client (so one small connection pool) per origin and address family: httpcore
        # scans every connection of a pool for each request, which made one shared pool over
        # all hosts cost more CPU than the pages themselves.
        self._clients: dict[tuple[int | None, str, bool], httpx.AsyncClient] = {}
        self._ssl: dict[bool, ssl.SSLContext] = {}
        self._unverified: dict[str, str] = {}  # origin → why its certificate failed verification
        self.timeout = httpx.Timeout(
            connect=s.crawl.connect_timeout_s,
            read=s.crawl.read_timeout_s,
            write=s.crawl.read_timeout_s,
            pool=None,
        )

    def _ssl_context(self, verified: bool) -> ssl.SSLContext:
        """Built once per run: system CAs plus the configured extra CA (e.g. the sandbox's), or
        no verification at all for the fallback."""
        context = self._ssl.get(verified)
        if context is None:
            context = httpx.create_ssl_context(verify=verified and self.verify, trust_env=False)
            if verified and self.verify and self.ca_file:
                context.load_verify_locations(cafile=self.ca_file)
            self._ssl[verified] = context
        return context

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        clients, self._clients = self._clients, {}
        for client in clients.values():
            await client.aclose()

    def _client(self, family: int | None, origin: str, verified: bool = True) -> httpx.AsyncClient:
        key = (family, origin, verified)
        client = self._clients.get(key)
        if client is None:
            backend = ResolvingBackend(
                self.dns, family=family, policy=self.policy, port_map=dict(self.network.port_map)
            )
            # Link checks go to thousands of hosts once each: one client for all of them that
            # keeps no idle connection, so each holds a descriptor only while in flight.
            idle = 0 if origin == LINK_CHECK_POOL else 32
            limits = httpx.Limits(max_connections=None, max_keepalive_connections=idle, keepalive_expiry=30)
            transport = ResolvingTransport(
                backend, http2=self.crawl.http2, limits=limits, verify=self._ssl_context(verified)
            )
            client = httpx.AsyncClient(
                transport=transport, timeout=self.timeout, follow_redirects=False, trust_env=False
            )
            self._clients[key] = client
        return client

    async def allowed_by_robots(self, url: str) -> bool:
        return not self.obey_robots or await self.robots.allowed(url)

    async def fetch(
        self,
        url: str,
        *,
        method: str = "GET",
        family: int | None = None,
        purpose: str = "crawl",
        conditional: dict[str, str | None] | None = None,
        unit_id: str | None = None,
        scope: Callable[[str], bool] | None = None,
        headers: dict[str, str] | None = None,
        data: bytes | None = None,
    ) -> FetchResult:
        result = FetchResult(url=url, final_url=url, method=method, purpose=purpose, unit_id=unit_id)
        began = time.perf_counter()
        chain = RedirectChain(self.crawl.max_redirects, scope)
        chain.start(url)
        current, current_method = url, method
        budget = self.crawl.fetch_timeout_s
        try:
            while True:
                hop_started = time.perf_counter()
                status, location = await self._hop(
                    result,
                    current,
                    current_method,
                    family,
                    conditional,
                    headers,
                    budget,
                    data if current_method == method else None,
                )
                budget -= time.perf_counter() - hop_started
                if status is None or status not in REDIRECT_STATUSES or result.outcome != "pending":
                    break
                target, stop = chain.next_hop(current, status, location)
                result.redirects.append({**chain.hops[-1], "warc": _loc(result.warc)})
                if target is None:
                    assert stop is not None
                    if stop.startswith("redirect leaves the scope"):
                        result.outcome, result.reason = "ok", stop
                        result.redirect_out = stop.split(": ", 1)[1]
                    else:
                        result.outcome, result.reason = "error", stop
                    break
                current_method = method_after(status, current_method)
                current, conditional = target, None
                result.final_url = target
                if budget <= 0:
                    result.outcome, result.reason = (
                        "error",
                        f"timeout: whole fetch over {self.crawl.fetch_timeout_s:g} s",
                    )
                    break
        except Exception as exc:  # never raise: an unexpected failure is an outcome too
            result.outcome, result.reason = "error", f"unexpected {type(exc).__name__}: {exc}"[:500]
        if result.outcome == "pending":
            assert result.status is not None
            result.outcome, result.reason = classify_status(result.status, result.body)
        if (
            result.outcome in ("ok", "not_modified", "http_error")
            and result.reason is None
            and result.truncated
        ):
            result.reason = "truncated"
        if result.tls_error:
            note = f"TLS certificate not verified ({result.tls_error}); fetched without verification"
            result.reason = f"{result.reason}; {note}" if result.reason else note
        result.timings["total_ms"] = round((time.perf_counter() - began) * 1000, 2)
        self._after(result)
        return result

    async def _hop(
        self,
        result: FetchResult,
        url: str,
        method: str,
        family: int | None,
        conditional: dict[str, str | None] | None,
        extra: dict[str, str] | None,
        budget: float,
        data: bytes | None = None,
    ) -> tuple[int | None, str | None]:
        """One request; fills ``result``; (status, Location) when a response came back."""
        result.outcome = "pending"
        result.status, result.body, result.headers, result.truncated = None, b"", {}, False
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        t0 = time.perf_counter()
        resolution = await self.dns.resolve(host, family)
        result.timings["dns_ms"] = round((time.perf_counter() - t0) * 1000, 2)
        result.dns.append(resolution)
        if resolution.error:
            result.outcome, result.reason = "error", f"{resolution.error} for {host}"
            return None, None
        candidates = resolution.addresses_for(family)
        if not candidates:
            result.outcome, result.reason = "error", f"no IPv{family} address for {host}"
            return None, None
        for _fam, ip in candidates:
            why = self.policy.refuse(ip)
            if why:
                result.outcome, result.reason, result.ip = "refused", f"{host} resolves to {ip} ({why})", ip
                return None, None
        result.family, result.ip = candidates[0]
        request_headers = {
            "User-Agent": self.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": "zh-CN,zh;q=0.9",
        }
        if conditional:
            if conditional.get("etag"):
                request_headers["If-None-Match"] = str(conditional["etag"])
            if conditional.get("last_modified"):
                request_headers["If-Modified-Since"] = str(conditional["last_modified"])
        request_headers.update(extra or {})
        result.request_headers = request_headers
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        pool = LINK_CHECK_POOL if result.purpose == "link-check" else origin
        self._client(family, pool, origin not in self._unverified)  # set up outside the host's slot
        async with self.politeness.slot(host, result.ip):
            verified = origin not in self._unverified
            while True:
                client = self._client(family, pool, verified)
                exchange_headers, raw, failure = await self._exchange(
                    result, client, method, url, request_headers, data, budget
                )
                problem = certificate_problem(failure) if failure is not None else None
                if problem and verified and self.network.tls_unverified_fallback:
                    self._unverified[origin] = problem
                    verified = False
                    result.outcome, result.reason = "pending", None
                    continue
                break
            if not verified:
                result.tls_error = self._unverified[origin]
            location = result.headers.get("location")
        if result.status is not None:
            self._archive(result, url, method, exchange_headers, raw)
            if result.status in (429, 503):
                self.politeness.penalise(host, parse_retry_after(result.headers.get("retry-after")))
            elif result.status < 400:
                self.politeness.relax(host)
        return result.status, location

    async def _exchange(
        self,
        result: FetchResult,
        client: httpx.AsyncClient,
        method: str,
        url: str,
        request_headers: dict[str, str],
        data: bytes | None,
        budget: float,
    ) -> tuple[list[tuple[str, str]], bytes, BaseException | None]:
        """Send one request and read its response into ``result``: (raw headers, raw body, the
        transport error when there was one)."""
        started = time.perf_counter()
        exchange_headers: list[tuple[str, str]] = []
        raw = b""
        try:
            async with asyncio.timeout(max(0.001, budget)):
                request = client.build_request(method, url, headers=request_headers, content=data)
                response = await client.send(request, stream=True)
                bound_cookies(client.cookies)
                try:
                    result.timings["ttfb_ms"] = round((time.perf_counter() - started) * 1000, 2)
                    result.status = response.status_code
                    result.http_version = response.http_version
                    exchange_headers = [
                        (k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw
                    ]
                    result.headers = {k.lower(): v for k, v in response.headers.multi_items()}
                    result.content_type = response.headers.get("content-type")
                    self._note_stream(result, response)
                    read = await read_body(
                        response.aiter_raw(),
                        content_encoding=response.headers.get("content-encoding"),
                        max_bytes=self.crawl.max_body_bytes,
                        max_ratio=self.crawl.max_decompressed_ratio,
                    )
                    raw, result.body = read.raw, read.body
                    if read.truncated:
                        result.truncated = True
                        result.outcome, result.reason = "error", read.problem
                    elif read.problem:
                        result.reason = read.problem
                finally:
                    await response.aclose()
        except TimeoutError as exc:
            result.outcome = "error"
            result.reason = f"timeout: whole fetch over {self.crawl.fetch_timeout_s:g} s"
            result.truncated = result.status is not None
            return exchange_headers, raw, exc
        except (httpx.HTTPError, OSError) as exc:
            result.outcome, result.reason = describe_error(exc)
            result.truncated = result.status is not None
            return exchange_headers, raw, exc
        return exchange_headers, raw, None

    def _note_stream(self, result: FetchResult, response: httpx.Response) -> None:
        stream = response.extensions.get("network_stream")
        tracked = stream.get_extra_info("zwgk_stream") if stream is not None else None
        if isinstance(tracked, TrackedStream):
            result.ip, result.family = tracked.ip, tracked.family
            if not tracked.used:
                result.timings["connect_ms"] = round(tracked.connect_ms, 2)
                tracked.used = True
            else:
                result.timings["connect_ms"] = 0.0  # a reused connection

    def _archive(
        self, result: FetchResult, url: str, method: str, headers: list[tuple[str, str]], raw: bytes
    ) -> None:
        if self.warc is None or result.status is None:
            return
        exchange = Exchange(
            url=url,
            method=method,
            request_headers=list(result.request_headers.items()),
            status=result.status,
            reason=httpx.codes.get_reason_phrase(result.status),
            http_version=result.http_version or "HTTP/1.1",
            response_headers=headers,
            payload=raw,
            ip=result.ip,
            truncated="length" if result.truncated else None,
            fetched_at=result.started_at,
        )
        if self.defer_warc:
            result.exchanges.append(exchange)
        else:
            result.warc = self.warc.write(exchange)

    def _after(self, result: FetchResult) -> None:
        if result.body and result.is_text and result.outcome != "error":
            decoded = decode_body(result.body, result.content_type)
            result.text, result.encoding = decoded.text, decoded.encoding
            if "\x00" in decoded.text[:2048]:
                note = "binary content served as text"
                result.text = None
            elif decoded.why:
                said = f"charset mislabelled as {decoded.declared}" if decoded.mislabelled else "charset"
                note = f"{said}; read as {decoded.encoding} ({decoded.why})"
            else:
                return
            result.reason = f"{result.reason}; {note}" if result.reason else note


def bound_cookies(cookies: httpx.Cookies) -> None:
    """Drop the cookies past ``MAX_COOKIES`` or ``MAX_COOKIE_BYTES`` (in the jar's order)."""
    jar = cookies.jar
    if len(jar) <= MAX_COOKIES // 2:
        return
    size = 0
    for index, cookie in enumerate(list(jar)):
        size += len(cookie.name) + len(cookie.value or "")
        if index >= MAX_COOKIES or size > MAX_COOKIE_BYTES:
            jar.clear(cookie.domain, cookie.path, cookie.name)


def _loc(location: WarcLocation | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {"file": location.file, "offset": location.offset, "length": location.length}
