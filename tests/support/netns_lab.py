"""A private network namespace with canaries on private addresses, for the browser's guard.

``run_in_netns`` starts a Python module in a new network namespace (``unshare --net``; with a
user namespace too when not root). Inside it, :func:`isolate` brings loopback up, puts the
canary addresses on it and checks that nothing leads out (no interface but ``lo``, no default
route) before anything else runs. :class:`Canaries` listen on those addresses (TCP and UDP) and
record every contact; :class:`Capture` records the destination of every packet on ``lo``, so a
connection attempt is seen at the network even when no canary listens on its port.
"""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CANARY_ADDRESSES = ["10.0.0.1", "169.254.169.254", "fd12::1"]
CANARY_TCP_PORTS = [80, 443, 8080]
CANARY_UDP_PORTS = [53, 3478]
LOOPBACK = {"127.0.0.1", "::1"}


def netns_unavailable() -> str | None:
    """Why a private network namespace cannot be made here, or None."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "unshare or ip not installed"
    probe = subprocess.run([*_unshare(), "true"], capture_output=True, timeout=20)
    return None if probe.returncode == 0 else f"unshare failed: {probe.stderr.decode()[:200]}"


def _unshare() -> list[str]:
    return ["unshare", "--net"] if os.geteuid() == 0 else ["unshare", "--user", "--map-root-user", "--net"]


def run_in_netns(module: str, *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"), str(ROOT)])}
    return subprocess.run(
        [*_unshare(), sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def isolate() -> None:
    """Loopback up with the canary addresses; refuse to go on if anything leads out."""
    _ip("link", "set", "lo", "up")
    for address in CANARY_ADDRESSES:
        family = "-6" if ipaddress.ip_address(address).version == 6 else "-4"
        prefix = "/128" if family == "-6" else "/32"
        extra = ["nodad"] if family == "-6" else []
        _ip(family, "addr", "add", address + prefix, "dev", "lo", *extra)
    links = json.loads(_ip("-j", "link", "show"))
    names = [link["ifname"] for link in links]
    if names != ["lo"]:
        raise SystemExit(f"not isolated: interfaces {names}")
    for family in ("-4", "-6"):
        routes = json.loads(_ip("-j", family, "route", "show", "table", "all") or "[]")
        outside = [r for r in routes if r.get("dev", "lo") != "lo" or r.get("dst") == "default"]
        if outside:
            raise SystemExit(f"not isolated: routes {outside}")


def _ip(*args: str) -> str:
    return subprocess.run(["ip", *args], check=True, capture_output=True, text=True).stdout


class Canaries:
    """Listeners on the canary addresses; ``hits`` lists every contact (address, port, proto)."""

    def __init__(self) -> None:
        self.hits: list[dict[str, Any]] = []
        self._sockets: list[socket.socket] = []
        for address in CANARY_ADDRESSES:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            for port in CANARY_TCP_PORTS:
                tcp = socket.socket(family, socket.SOCK_STREAM)
                tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                tcp.bind((address, port))
                tcp.listen(16)
                self._start(tcp, address, port, "tcp")
            for port in CANARY_UDP_PORTS:
                udp = socket.socket(family, socket.SOCK_DGRAM)
                udp.bind((address, port))
                self._start(udp, address, port, "udp")

    def _start(self, sock: socket.socket, address: str, port: int, proto: str) -> None:
        self._sockets.append(sock)

        def serve() -> None:
            while True:
                try:
                    if proto == "tcp":
                        conn, peer = sock.accept()
                        conn.close()
                    else:
                        _data, peer = sock.recvfrom(2048)
                except OSError:
                    return
                self.hits.append({"address": address, "port": port, "proto": proto, "peer": str(peer)})

        threading.Thread(target=serve, daemon=True).start()

    def close(self) -> None:
        for sock in self._sockets:
            sock.close()


class Capture:
    """Every packet's destination on ``lo`` (all there is in the namespace)."""

    def __init__(self) -> None:
        self.destinations: set[tuple[str, int, int]] = set()  # (address, IP protocol, port)
        self._stop = threading.Event()
        self._sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        self._sock.bind(("lo", 0))
        self._sock.settimeout(0.2)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                frame = self._sock.recv(65535)
            except TimeoutError:
                continue
            except OSError:
                return
            parsed = _destination(frame)
            if parsed is not None:
                self.destinations.add(parsed)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self._sock.close()

    def off_loopback(self) -> list[tuple[str, int, int]]:
        return sorted(d for d in self.destinations if d[0] not in LOOPBACK)


def _destination(frame: bytes) -> tuple[str, int, int] | None:
    ethertype = int.from_bytes(frame[12:14], "big")
    packet = frame[14:]
    if ethertype == 0x0800 and len(packet) >= 20:
        header = (packet[0] & 0x0F) * 4
        proto, dst = packet[9], str(ipaddress.IPv4Address(packet[16:20]))
        return dst, proto, _port(packet[header:], proto)
    if ethertype == 0x86DD and len(packet) >= 40:
        proto, dst = packet[6], str(ipaddress.IPv6Address(packet[24:40]))
        return dst, proto, _port(packet[40:], proto)
    return None


def _port(segment: bytes, proto: int) -> int:
    return int.from_bytes(segment[2:4], "big") if proto in (6, 17) and len(segment) >= 4 else 0
