"""The sandbox's DNS server (dnslib): A, AAAA, CNAME chains, NS, SOA; NXDOMAIN for unknown
names and NOERROR/no-data for known names without the asked type. CNAMEs are followed here
(dnslib's zone resolver does not)."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from typing import Any

from dnslib import AAAA, CNAME, NS, QTYPE, RCODE, RR, SOA, A, DNSRecord
from dnslib.server import BaseResolver, DNSServer

from sandbox.web import SandboxWeb

TTL = 300
NS_HOSTS = ("ns1.linfen.gov.cn", "ns2.linfen.gov.cn")


@dataclass
class Zone:
    records: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # name -> [(type, value)]

    def add(self, name: str, rtype: str, value: str) -> None:
        entry = self.records.setdefault(name.lower().rstrip("."), [])
        if (rtype, value) not in entry:
            entry.append((rtype, value))

    def known(self, name: str) -> bool:
        return name in self.records


def _apex(host: str) -> str:
    labels = host.split(".")
    if host.endswith(".gov.cn"):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def build_zone(web: SandboxWeb) -> Zone:
    zone = Zone()
    for name in NS_HOSTS:
        zone.add(name, "A", "127.0.0.1")
        zone.add(name, "AAAA", "::1")
    v4_only_apexes: set[str] = set()
    for host, info in web.hosts.items():
        scenario = info.ipv6
        if scenario == "cname_chain":
            label = host.split(".")[1] if host.startswith("www.") else host.split(".")[0]
            zone.add(host, "CNAME", f"{label}.cdn-sim.cn")
            zone.add(f"{label}.cdn-sim.cn", "CNAME", "edge.cdn-sim.cn")
            zone.add("edge.cdn-sim.cn", "A", "127.0.0.1")
            zone.add("edge.cdn-sim.cn", "AAAA", "::1")
            zone.add("cdn-sim.cn", "NS", NS_HOSTS[0])
        else:
            zone.add(host, "A", "127.0.0.1")
            if scenario != "ipv4_only":
                zone.add(host, "AAAA", "::1")
        apex = _apex(host)
        if scenario == "ipv4_only" and info.kind == "unit" and apex != "linfen.gov.cn":
            v4_only_apexes.add(apex)
        else:
            for ns in NS_HOSTS:
                zone.add(apex, "NS", ns)
    for apex in v4_only_apexes:
        zone.records.pop(apex, None)
        zone.add(apex, "NS", f"dns.{apex}")
        zone.add(f"dns.{apex}", "A", "127.0.0.1")
    for name in list(zone.records):
        if any(t == "NS" for t, _ in zone.records[name]):
            zone.add(name, "SOA", f"{NS_HOSTS[0]} hostmaster.{name}")
    return zone


class SandboxResolver(BaseResolver):  # type: ignore[misc]  # dnslib ships no type hints
    def __init__(self, zone: Zone) -> None:
        self.zone = zone

    def resolve(self, request: DNSRecord, handler: Any) -> DNSRecord:
        reply = request.reply()
        qname = str(request.q.qname).lower().rstrip(".")
        qtype = QTYPE[request.q.qtype]
        name = qname
        for _ in range(8):
            records = self.zone.records.get(name)
            if records is None:
                if name == qname:
                    reply.header.rcode = RCODE.NXDOMAIN
                    self._soa(reply, name)
                return reply
            cname = next((v for t, v in records if t == "CNAME"), None)
            if cname and qtype != "CNAME":
                reply.add_answer(RR(name, QTYPE.CNAME, rdata=CNAME(cname), ttl=TTL))
                name = cname
                continue
            matches = [(t, v) for t, v in records if t == qtype or qtype == "ANY"]
            for rtype, value in matches:
                reply.add_answer(RR(name, getattr(QTYPE, rtype), rdata=_rdata(rtype, value), ttl=TTL))
            if not matches and name == qname:
                self._soa(reply, name)
            return reply
        return reply

    def _soa(self, reply: DNSRecord, name: str) -> None:
        apex = _apex(name) if name.count(".") >= 1 else name
        reply.add_auth(RR(apex, QTYPE.SOA, rdata=_rdata("SOA", f"{NS_HOSTS[0]} hostmaster.{apex}"), ttl=TTL))


def _rdata(rtype: str, value: str) -> Any:
    if rtype == "A":
        return A(value)
    if rtype == "AAAA":
        return AAAA(value)
    if rtype == "CNAME":
        return CNAME(value)
    if rtype == "NS":
        return NS(value)
    mname, rname = value.split()
    return SOA(mname, rname, (2020121501, 3600, 600, 86400, 300))


class QuietLogger:
    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


class DnsService:
    """UDP and TCP on one free port of 127.0.0.1."""

    def __init__(self, web: SandboxWeb, port: int = 0) -> None:
        self.resolver = SandboxResolver(build_zone(web))
        self.port = port or _free_udp_tcp_port()
        logger = QuietLogger()
        self.udp = DNSServer(self.resolver, port=self.port, address="127.0.0.1", logger=logger)
        self.tcp = DNSServer(self.resolver, port=self.port, address="127.0.0.1", tcp=True, logger=logger)
        self._lock = threading.Lock()

    def start(self) -> None:
        self.udp.start_thread()
        self.tcp.start_thread()

    def stop(self) -> None:
        for server in (self.udp, self.tcp):
            server.server.shutdown()
            server.server.server_close()


def _free_udp_tcp_port() -> int:
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = int(udp.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
            return port
    raise RuntimeError("no free port for DNS")
