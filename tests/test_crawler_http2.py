"""HTTP/2: the fetcher negotiates h2 over TLS (ALPN), multiplexes a host's requests on one
connection and archives the exchange, against a real h2 server (the ``h2`` library) on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import h2.config
import h2.connection
import h2.events
import pytest
from support.certs import self_signed
from support.hostile_server import Running, hostile_config, run_hostile

from crawler.fetcher import Fetcher
from crawler.warc import WarcStore, read_record

HOST = "h2.test"


@dataclass
class H2Server:
    port: int = 0
    connections: int = 0
    streams: int = 0
    peak_streams: int = 0
    open_streams: int = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False))
        answers: set[asyncio.Task[None]] = set()
        conn.initiate_connection()
        writer.write(conn.data_to_send())
        try:
            while data := await reader.read(65536):
                for event in conn.receive_data(data):
                    if isinstance(event, h2.events.RequestReceived):
                        self.streams += 1
                        self.open_streams += 1
                        self.peak_streams = max(self.peak_streams, self.open_streams)
                        task = asyncio.create_task(self._answer(conn, writer, event))
                        answers.add(task)
                        task.add_done_callback(answers.discard)
                writer.write(conn.data_to_send())
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def _answer(
        self, conn: h2.connection.H2Connection, writer: asyncio.StreamWriter, event: h2.events.RequestReceived
    ) -> None:
        headers = {k.decode() if isinstance(k, bytes) else k: v for k, v in event.headers}
        path = headers[":path"]
        path = path.decode() if isinstance(path, bytes) else path
        await asyncio.sleep(0.1)  # long enough for a second request to be in flight beside it
        body = f"<html><body><p>{path} 经由 HTTP/2</p></body></html>".encode()
        conn.send_headers(
            event.stream_id,
            [
                (":status", "200"),
                ("content-type", "text/html; charset=utf-8"),
                ("content-length", str(len(body))),
            ],
        )
        conn.send_data(event.stream_id, body, end_stream=True)
        self.open_streams -= 1
        writer.write(conn.data_to_send())
        await writer.drain()


@pytest.fixture(scope="module")
def web() -> Iterator[Running]:
    with run_hostile(zone={HOST: [("A", "127.0.0.1")]}) as running:
        yield running


@pytest.fixture
async def h2_server(tmp_path: Path) -> AsyncIterator[tuple[H2Server, Path]]:
    context, cert = self_signed(tmp_path, HOST, days=30)
    context.set_alpn_protocols(["h2"])
    server = H2Server()
    listener = await asyncio.start_server(server.handle, "127.0.0.1", 0, ssl=context)
    server.port = listener.sockets[0].getsockname()[1]
    async with listener:
        yield server, cert


def _fetcher(web: Running, tmp_path: Path, server: H2Server, cert: Path) -> Fetcher:
    config = hostile_config(
        web,
        str(tmp_path),
        network={
            "nameservers": [web.nameserver()],
            "port_map": {"443": server.port},
            "ca_file": str(cert),
            "allow_private": False,
            "allow_networks": ["127.0.0.0/8", "::1/128"],
        },
    )
    return Fetcher(config, warc=WarcStore(tmp_path))


async def test_a_page_over_http2_is_fetched_verified_and_archived(
    web: Running, tmp_path: Path, h2_server: tuple[H2Server, Path]
) -> None:
    server, cert = h2_server
    async with _fetcher(web, tmp_path, server, cert) as fetcher:
        result = await fetcher.fetch(f"https://{HOST}/xxgk/")
    assert result.outcome == "ok", result.reason
    assert result.http_version == "HTTP/2" and result.tls_error is None
    assert "/xxgk/ 经由 HTTP/2" in (result.text or "")
    assert result.warc is not None
    status, payload = read_record(tmp_path, result.warc)
    assert status == 200 and payload == result.body


async def test_a_hosts_requests_share_one_http2_connection(
    web: Running, tmp_path: Path, h2_server: tuple[H2Server, Path]
) -> None:
    server, cert = h2_server
    async with _fetcher(web, tmp_path, server, cert) as fetcher:
        results = await asyncio.gather(*(fetcher.fetch(f"https://{HOST}/p{n}.html") for n in range(6)))
    assert [r.outcome for r in results] == ["ok"] * 6
    assert server.connections == 1 and server.streams == 6
    # Two at once: the per-host limit (2) holds on one multiplexed connection too.
    assert server.peak_streams == 2
