"""What keeps the browser inside the crawler's guard, besides request interception.

Every HTTP(S) request of a rendered page is intercepted and answered through the crawler's
fetcher (see :mod:`crawler.render`). Anything that would escape interception — a WebSocket
opened past Playwright's hook, a preconnect, a worker's fetch, the browser's own update or
telemetry traffic — meets two walls instead of the network:

- the browser resolves no name itself (``--host-resolver-rules`` maps every name to
  NOTFOUND), so it cannot reach a host by name through the system resolver;
- every connection goes to :class:`EscapeWall`, a local proxy that answers each request and
  each CONNECT tunnel with 403 and records what was attempted, so the attempt is evidence
  rather than traffic.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.dnscache import DnsCache
from crawler.guard import AddressPolicy

_PLAYWRIGHT_DISABLED = [
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",  # clients2.google.com/time
    "AimEnabled",
    "PreconnectToSearch",
]
_OWN_TRAFFIC = [
    "Translate",
    "AutofillServerCommunication",
    "CertificateTransparencyComponentUpdater",
    "NetworkPrediction",
    "InterestFeedContentSuggestions",
]

# Flags that switch off the browser's own traffic. They are not trusted alone: the proxy
# and the resolver rules below stop whatever still goes out, and the tests watch the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-breakpad",
    "--metrics-recording-only",
    "--no-pings",
    "--dns-prefetch-disable",
    "--safebrowsing-disable-auto-update",
    # The last --disable-features wins, so Playwright's own list is repeated here.
    "--disable-features=" + ",".join(_PLAYWRIGHT_DISABLED + _OWN_TRAFFIC),
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
]

_HEADER_LIMIT = 16 * 1024
_REFUSAL = (
    b"HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 40\r\n"
    b"Connection: close\r\n\r\nrefused: the renderer goes only through\n"
)


def wall_args(port: int) -> list[str]:
    """Chromium flags sending every connection to the wall on ``port`` and resolving nothing."""
    return [
        f"--proxy-server=http://127.0.0.1:{port}",
        "--proxy-bypass-list=<-loopback>",  # Chromium bypasses proxies for loopback unless told
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ]


@dataclass(frozen=True)
class Escape:
    """One request that got past interception and was stopped at the wall."""

    method: str
    target: str  # "host:port" for a CONNECT tunnel, the absolute URL otherwise
    at: float  # time.monotonic()

    def as_dict(self) -> dict[str, str]:
        return {
            "url": self.target,
            "kind": "tunnel" if self.method == "CONNECT" else self.method.lower(),
            "reason": "outside interception (the page's or the browser's own) while this page rendered: "
            "stopped at the renderer's proxy, nothing sent",
        }


class EscapeWall:
    """A proxy on loopback that refuses everything the browser sends it, and remembers it."""

    def __init__(self) -> None:
        self.escapes: list[Escape] = []
        self._server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)

    def since(self, started: float) -> list[Escape]:
        return [e for e in self.escapes if e.at >= started]

    def note(self) -> str | None:
        """One line for the run's notes: every attempt stopped here, by target."""
        if not self.escapes:
            return None
        targets = sorted({urlsplit(e.target).netloc or e.target for e in self.escapes})
        return (
            f"renderer: {len(self.escapes)} connection attempt(s) outside interception stopped at its "
            f"proxy, nothing sent: {', '.join(targets)[:400]}"
        )

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, OSError):
            head = b""
        line = head[:_HEADER_LIMIT].split(b"\r\n", 1)[0].decode("latin-1", "replace").split(" ")
        if len(line) >= 2:
            self.escapes.append(Escape(line[0][:16], line[1][:500], time.monotonic()))
        with contextlib.suppress(OSError):
            writer.write(_REFUSAL)
            await writer.drain()
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()


async def guard_reason(url: str, policy: AddressPolicy, dns: DnsCache) -> str | None:
    """Why the SSRF guard refuses ``url``'s host (resolved through the crawler's resolver), or None."""
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return "no host"
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        resolution = await dns.resolve(host, None)
        if resolution.error:
            return f"{resolution.error} for {host}"
        for _family, ip in resolution.addresses_for(None):
            why = policy.refuse(ip)
            if why:
                return f"{host} resolves to {ip} ({why})"
        return None
    why = policy.refuse(str(literal))
    return f"{literal} is {why}" if why else None
