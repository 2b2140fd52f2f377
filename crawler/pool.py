"""A connection pool for one origin, in place of httpcore's general one.

Each of the fetcher's clients talks to a single origin (others still work, just unshared), and
the politeness gates already bound how many requests run at once, so the pool's only jobs are
to reuse a live connection and to drop dead ones. httpcore's pool re-examines every connection (a ``poll`` each) and takes
AnyIO locks around every request and every response close; in a crawl of small pages that
was a third of the fetch path's time. Here a request looks at the connections until it finds
one that is free and checks only that one for a server-side close.
"""

from __future__ import annotations

import ssl
import typing
from collections.abc import AsyncIterator

import httpcore

_STALE = (httpcore.RemoteProtocolError, httpcore.ReadError, httpcore.WriteError)
_IDEMPOTENT = (b"GET", b"HEAD")


class OriginPool(httpcore.AsyncConnectionInterface):
    def __init__(
        self,
        *,
        ssl_context: ssl.SSLContext,
        backend: httpcore.AsyncNetworkBackend,
        http2: bool,
        max_idle: int,
        keepalive_expiry: float | None,
    ) -> None:
        self._ssl_context = ssl_context
        self._backend = backend
        self._http2 = http2
        self._max_idle = max_idle
        self._keepalive_expiry = keepalive_expiry
        self._connections: list[httpcore.AsyncHTTPConnection] = []
        self._served: set[int] = set()  # connections that carried a whole response already

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        passed: set[int] = set()
        retried = False
        while True:
            connection = await self._acquire(request.url.origin, passed)
            try:
                response = await connection.handle_async_request(request)
            except httpcore.ConnectionNotAvailable:
                # Free when picked, taken by another request (or closed) before this one
                # went out on it: try another.
                passed.add(id(connection))
                continue
            except _STALE as exc:
                stale = id(connection) in self._served and request.method in _IDEMPOTENT
                self._forget(connection)
                await connection.aclose()
                if stale and not retried:
                    # A kept-alive connection the server had closed without saying so
                    # ("Connection: close"): the request never reached it; once more, afresh.
                    retried = True
                    passed.add(id(connection))
                    continue
                raise exc
            except BaseException:
                if connection.is_closed():
                    self._forget(connection)
                raise
            assert isinstance(response.stream, typing.AsyncIterable)
            return httpcore.Response(
                status=response.status,
                headers=response.headers,
                content=_Releasing(response.stream, self, connection),
                extensions=response.extensions,
            )

    async def _acquire(self, origin: httpcore.Origin, passed: set[int]) -> httpcore.AsyncHTTPConnection:
        for connection in list(self._connections):
            if id(connection) in passed or not connection.can_handle_request(origin):
                continue
            if connection.is_closed():
                self._forget(connection)
            elif connection.is_available():
                if connection.has_expired():
                    self._forget(connection)
                    await connection.aclose()
                    continue
                return connection
        connection = _Connection(
            origin=origin,
            ssl_context=self._ssl_context,
            keepalive_expiry=self._keepalive_expiry,
            http1=True,
            http2=self._http2,
            network_backend=self._backend,
        )
        self._connections.append(connection)
        return connection

    async def _released(self, connection: httpcore.AsyncHTTPConnection) -> None:
        self._served.add(id(connection))
        if connection.is_closed():
            self._forget(connection)
            return
        idle = [c for c in self._connections if c.is_idle()]
        if len(idle) > self._max_idle:
            self._forget(connection)
            await connection.aclose()

    def _forget(self, connection: httpcore.AsyncHTTPConnection) -> None:
        self._served.discard(id(connection))
        if connection in self._connections:
            self._connections.remove(connection)

    async def aclose(self) -> None:
        connections, self._connections = self._connections, []
        for connection in connections:
            await connection.aclose()

    async def __aenter__(self) -> OriginPool:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # The rest of the connection interface, so httpx can hold this pool as its transport's.
    def can_handle_request(self, origin: httpcore.Origin) -> bool:
        return True

    def is_available(self) -> bool:
        return True

    def has_expired(self) -> bool:
        return False

    def is_idle(self) -> bool:
        return all(c.is_idle() for c in self._connections)

    def is_closed(self) -> bool:
        return False

    def info(self) -> str:
        return f"{len(self._connections)} connections"


class _Connection(httpcore.AsyncHTTPConnection):
    """Once connected, requests go straight to the HTTP/1.1 or HTTP/2 connection: the wrapper's
    lock only guards the first request's connect, and taking it (an AnyIO lock) on every
    request cost as much as the pool itself."""

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        connected = self._connection
        if connected is not None and request.url.origin == self._origin:
            return await connected.handle_async_request(request)
        return await super().handle_async_request(request)


class _Releasing:
    """A response body that hands its connection back to the pool when closed."""

    def __init__(
        self, stream: typing.AsyncIterable[bytes], pool: OriginPool, connection: httpcore.AsyncHTTPConnection
    ) -> None:
        self._stream, self._pool, self._connection = stream, pool, connection
        self._closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for part in self._stream:
                yield part
        except BaseException:
            await self.aclose()
            raise

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            closer = getattr(self._stream, "aclose", None)
            if closer is not None:
                await closer()
        finally:
            await self._pool._released(self._connection)
