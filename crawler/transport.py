"""The transport seam: httpx over httpcore, connecting to addresses our resolver chose.

httpx has no public hook for a resolver, so the connection pool gets a network backend
that resolves through :class:`DnsCache`, refuses forbidden addresses (the SSRF guard),
applies the configured port map and connects to the resolved address. TLS still uses the
URL's host name for SNI and certificate checks, and the Host header is the URL's.
"""

from __future__ import annotations

import importlib.util
import ssl
import sys
import time
import typing
from collections.abc import Iterable

import httpcore
import httpx
from httpcore._backends.auto import AutoBackend
from httpcore._utils import is_socket_readable

from crawler.dnscache import DnsCache
from crawler.guard import AddressPolicy
from crawler.pool import OriginPool

# httpcore asks ``import sniffio`` on every pool operation; when sniffio is not installed each
# failed import searches sys.path again (a sixth of the crawl's time). Record the absence once.
if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
    sys.modules["sniffio"] = None  # type: ignore[assignment]


FRESH_S = 0.5


class RefusedAddress(httpcore.ConnectError):
    """Every address of the host is forbidden by the SSRF guard."""


class ResolutionFailed(httpcore.ConnectError):
    """The name did not resolve (NXDOMAIN, SERVFAIL, timeout, no address)."""


class TrackedStream(httpcore.AsyncNetworkStream):
    """A network stream that remembers where it connected and how long it took."""

    def __init__(
        self, inner: httpcore.AsyncNetworkStream, *, ip: str, family: int, connect_ms: float, dns_ms: float
    ) -> None:
        self.inner = inner
        self.ip, self.family, self.connect_ms, self.dns_ms = ip, family, connect_ms, dns_ms
        self.used = False  # False until a first response went through it
        self._socket: typing.Any = None
        self._last_io = time.monotonic()

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = await self.inner.read(max_bytes, timeout)
        self._last_io = time.monotonic()
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self.inner.write(buffer, timeout)
        self._last_io = time.monotonic()

    async def aclose(self) -> None:
        await self.inner.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        self.inner = await self.inner.start_tls(ssl_context, server_hostname, timeout)
        self._socket = None
        return self

    def get_extra_info(self, info: str) -> typing.Any:
        if info == "zwgk_stream":
            return self
        if info in ("socket", "is_readable"):  # asked before every request by the pool
            if self._socket is None:  # anyio rebuilds a dict of every attribute on each question
                self._socket = self.inner.get_extra_info("socket")
            if info == "is_readable":
                # The pool polls every idle connection before every request. A connection that
                # carried data in the last moment cannot have been closed by a keep-alive
                # timeout yet (a "Connection: close" is seen by h11 itself): skip the syscall.
                if time.monotonic() - self._last_io < FRESH_S:
                    return False
                return is_socket_readable(self._socket)
            return self._socket
        return self.inner.get_extra_info(info)


class ResolvingBackend(httpcore.AsyncNetworkBackend):
    def __init__(
        self, dns: DnsCache, *, family: int | None, policy: AddressPolicy, port_map: dict[str, int]
    ) -> None:
        self.dns, self.family, self.policy, self.port_map = dns, family, policy, port_map
        self._inner = AutoBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        started = time.perf_counter()
        resolution = await self.dns.resolve(host, self.family)
        dns_ms = (time.perf_counter() - started) * 1000
        if resolution.error:
            raise ResolutionFailed(f"{resolution.error} for {host}")
        target_port = self.port_map.get(str(port), port)
        refused: list[str] = []
        last: Exception | None = None
        for family, ip in resolution.addresses_for(self.family):
            reason = self.policy.refuse(ip)
            if reason:
                refused.append(f"{ip} is {reason}")
                continue
            began = time.perf_counter()
            try:
                stream = await self._inner.connect_tcp(
                    ip,
                    target_port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
                continue
            return TrackedStream(
                stream, ip=ip, family=family, dns_ms=dns_ms, connect_ms=(time.perf_counter() - began) * 1000
            )
        if last is not None:
            raise last
        if refused:
            raise RefusedAddress("; ".join(refused))
        raise ResolutionFailed(
            f"no IPv{self.family} address for {host}" if self.family else f"no address for {host}"
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not used")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class ResolvingTransport(httpx.AsyncHTTPTransport):
    """``httpx.AsyncHTTPTransport`` whose pool connects through :class:`ResolvingBackend`."""

    def __init__(
        self,
        backend: httpcore.AsyncNetworkBackend,
        *,
        http2: bool,
        limits: httpx.Limits,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        super().__init__(http2=http2, limits=limits, verify=verify, trust_env=False)
        ssl_context = httpx.create_ssl_context(verify=verify, trust_env=False)
        # Replace the pool httpx built with one that has our network backend (no public hook).
        self._pool = OriginPool(  # type: ignore[assignment]
            ssl_context=ssl_context,
            backend=backend,
            http2=http2,
            max_idle=limits.max_keepalive_connections or 0,
            keepalive_expiry=limits.keepalive_expiry,
        )
