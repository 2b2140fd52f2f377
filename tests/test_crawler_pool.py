"""The per-origin connection pool against a real keep-alive server that counts connections."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpcore
import httpx
import pytest

from crawler.transport import ResolvingTransport


@dataclass
class CountingServer:
    """HTTP/1.1 with keep-alive; ``/close`` answers with ``Connection: close``, ``/slow`` waits."""

    port: int = 0
    connections: int = 0
    requests: int = 0
    open_now: int = 0
    writers: list[asyncio.StreamWriter] = field(default_factory=list)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.open_now += 1
        self.writers.append(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                self.requests += 1
                if path == "/slow":
                    await asyncio.sleep(0.2)
                body = f"{path} on connection {self.connections}".encode()
                close = path == "/close"
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                    + f"Content-Length: {len(body)}\r\n".encode()
                    + (b"Connection: close\r\n" if close else b"")
                    + b"\r\n"
                    + body
                )
                await writer.drain()
                if close:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self.open_now -= 1
            writer.close()

    async def drop_idle(self) -> None:
        """What a server's keep-alive timeout does: close every connection it holds."""
        for writer in self.writers:
            writer.close()
        self.writers.clear()
        await asyncio.sleep(0.05)


@pytest.fixture
async def server() -> AsyncIterator[CountingServer]:
    counting = CountingServer()
    listener = await asyncio.start_server(counting.handle, "127.0.0.1", 0)
    counting.port = listener.sockets[0].getsockname()[1]
    async with listener:
        yield counting


def client(max_idle: int = 8) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=max_idle, keepalive_expiry=30)
    transport = ResolvingTransport(httpcore.AnyIOBackend(), http2=False, limits=limits)
    return httpx.AsyncClient(transport=transport, trust_env=False)


async def test_sequential_requests_share_one_connection(server: CountingServer) -> None:
    async with client() as http:
        for n in range(5):
            response = await http.get(f"http://127.0.0.1:{server.port}/page{n}")
            assert response.text == f"/page{n} on connection 1"
    assert (server.connections, server.requests) == (1, 5)


async def test_concurrent_requests_get_their_own_connections_then_reuse_them(server: CountingServer) -> None:
    base = f"http://127.0.0.1:{server.port}"
    async with client() as http:
        await asyncio.gather(*(http.get(f"{base}/slow") for _ in range(3)))
        assert server.connections == 3
        for _ in range(2):
            await asyncio.gather(*(http.get(f"{base}/slow") for _ in range(3)))
    assert (server.connections, server.requests) == (3, 9)


async def test_a_connection_the_server_closed_is_replaced_without_an_error(server: CountingServer) -> None:
    base = f"http://127.0.0.1:{server.port}"
    async with client() as http:
        assert (await http.get(f"{base}/close")).status_code == 200
        assert (await http.get(f"{base}/after-close")).text == "/after-close on connection 2"
        await server.drop_idle()
        assert (await http.get(f"{base}/after-timeout")).text == "/after-timeout on connection 3"
    assert server.requests == 3


async def test_surplus_idle_connections_are_closed(server: CountingServer) -> None:
    async with client(max_idle=1) as http:
        await asyncio.gather(*(http.get(f"http://127.0.0.1:{server.port}/slow") for _ in range(3)))
        await asyncio.sleep(0.05)
        assert server.open_now == 1
    await asyncio.sleep(0.05)
    assert server.open_now == 0


async def test_a_failed_connection_is_not_kept(server: CountingServer) -> None:
    async with client() as http:
        with pytest.raises(httpx.ConnectError):
            await http.get("http://127.0.0.1:1/")
        pool = http._transport._pool  # type: ignore[attr-defined]
        assert pool.info() == "0 connections"
        assert (await http.get(f"http://127.0.0.1:{server.port}/ok")).status_code == 200
