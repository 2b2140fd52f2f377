"""Name resolution through dnspython, against configurable name servers.

Queries go straight to the configured (recursive) servers, so the answer's rcode, CNAME
chain and records are exactly what the server said; they are kept for the evidence store.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from dataclasses import dataclass, field
from typing import Any

import dns.asyncquery
import dns.exception
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype
import dns.resolver

_QTYPES = {4: "A", 6: "AAAA"}
_MAX_CNAME_HOPS = 8


@dataclass(frozen=True, kw_only=True)
class DnsQuery:
    """One question and what the server answered."""

    qname: str
    qtype: str
    rcode: str  # NOERROR | NXDOMAIN | SERVFAIL | REFUSED | TIMEOUT | ERROR
    records: list[dict[str, Any]] = field(default_factory=list)  # {name,type,ttl,value}
    nameserver: str | None = None
    elapsed_ms: float = 0.0


@dataclass(frozen=True, kw_only=True)
class Resolution:
    host: str
    addresses: dict[int, list[str]]  # family (4|6) -> addresses, in server order
    cname_chain: list[str]
    records: list[dict[str, Any]]
    rcode: str  # NOERROR when an address was found, else the most telling failure
    elapsed_ms: float
    queries: list[DnsQuery] = field(default_factory=list)
    literal: bool = False  # the host was an IP literal: nothing was asked

    def addresses_for(self, family: int | None) -> list[tuple[int, str]]:
        """(family, address) pairs to try: IPv4 first unless a family is forced."""
        families = (family,) if family else (4, 6)
        return [(f, a) for f in families for a in self.addresses.get(f, [])]

    @property
    def error(self) -> str | None:
        if any(self.addresses.values()):
            return None
        return f"DNS {self.rcode}" if self.rcode != "NOERROR" else "DNS: no address (NODATA)"


def parse_nameserver(spec: str) -> tuple[str, int]:
    """``"IP"``, ``"IP:PORT"``, ``"[v6]:PORT"`` or a bare IPv6 address → (ip, port)."""
    spec = spec.strip()
    if spec.startswith("["):
        host, _, rest = spec[1:].partition("]")
        return host, int(rest.lstrip(":") or 53)
    if spec.count(":") == 1:
        host, port = spec.split(":")
        return host, int(port)
    return spec, 53


class Resolver:
    """Asks A/AAAA (following CNAMEs) of the configured name servers; empty list = system's."""

    def __init__(self, nameservers: list[str], *, timeout: float = 3.0) -> None:
        if nameservers:
            self.nameservers = [parse_nameserver(n) for n in nameservers]
        else:
            system = dns.resolver.Resolver(configure=True)
            self.nameservers = [(str(n), 53) for n in system.nameservers]
        self.timeout = timeout

    async def resolve(self, host: str, family: int | None = None) -> Resolution:
        started = time.perf_counter()
        host = host.strip("[]").rstrip(".").lower()
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None:
            return Resolution(
                host=host,
                addresses={literal.version: [str(literal)]},
                cname_chain=[],
                records=[],
                rcode="NOERROR",
                elapsed_ms=0.0,
                literal=True,
            )
        families = (family,) if family else (4, 6)
        results = await asyncio.gather(*(self._lookup(host, _QTYPES[f]) for f in families))
        addresses: dict[int, list[str]] = {}
        chain: list[str] = []
        records: list[dict[str, Any]] = []
        queries: list[DnsQuery] = []
        for fam, (found, cnames, qs) in zip(families, results, strict=True):
            addresses[fam] = found
            for name in cnames:
                if name not in chain:
                    chain.append(name)
            queries.extend(qs)
            records.extend(r for q in qs for r in q.records)
        rcode = "NOERROR" if any(addresses.values()) else _worst([q.rcode for q in queries])
        return Resolution(
            host=host,
            addresses=addresses,
            cname_chain=chain,
            records=records,
            rcode=rcode,
            elapsed_ms=(time.perf_counter() - started) * 1000,
            queries=queries,
        )

    async def _lookup(self, host: str, qtype: str) -> tuple[list[str], list[str], list[DnsQuery]]:
        """Addresses of one type, following a CNAME chain the server did not follow itself."""
        name = host
        chain: list[str] = []
        queries: list[DnsQuery] = []
        for _ in range(_MAX_CNAME_HOPS):
            query = await self.query(name, qtype)
            queries.append(query)
            if query.rcode != "NOERROR":
                return [], chain, queries
            target, found = _follow(name, qtype, query.records)
            for hop in _chain(name, query.records):
                if hop not in chain:
                    chain.append(hop)
            if found or target == name:
                return found, chain, queries
            name = target  # the server stopped at a CNAME: ask for its target
        return [], chain, queries

    async def query(self, qname: str, qtype: str) -> DnsQuery:
        """One question to the first name server that answers (UDP, TCP on truncation)."""
        message = dns.message.make_query(qname, qtype)
        last: DnsQuery | None = None
        for ip, port in self.nameservers:
            started = time.perf_counter()
            server = f"{ip}:{port}"
            try:
                response, _ = await dns.asyncquery.udp_with_fallback(
                    message, ip, timeout=self.timeout, port=port
                )
            except dns.exception.Timeout:
                last = DnsQuery(
                    qname=qname, qtype=qtype, rcode="TIMEOUT", nameserver=server, elapsed_ms=_ms(started)
                )
                continue
            except (OSError, dns.exception.DNSException) as exc:
                last = DnsQuery(
                    qname=qname,
                    qtype=qtype,
                    rcode="ERROR",
                    nameserver=server,
                    elapsed_ms=_ms(started),
                    records=[{"error": str(exc)[:200]}],
                )
                continue
            rcode = dns.rcode.to_text(response.rcode())
            records = [
                {
                    "name": rrset.name.to_text().rstrip("."),
                    "type": dns.rdatatype.to_text(rrset.rdtype),
                    "ttl": rrset.ttl,
                    "value": rdata.to_text().rstrip("."),
                }
                for rrset in response.answer
                for rdata in rrset
            ]
            last = DnsQuery(
                qname=qname,
                qtype=qtype,
                rcode=rcode,
                records=records,
                nameserver=server,
                elapsed_ms=_ms(started),
            )
            if rcode in ("SERVFAIL", "REFUSED"):
                continue  # another server may know better
            return last
        assert last is not None or not self.nameservers
        return last or DnsQuery(
            qname=qname, qtype=qtype, rcode="ERROR", records=[{"error": "no name server"}]
        )


def _follow(name: str, qtype: str, records: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """Walk CNAMEs from ``name`` inside one answer; the last name and its addresses."""
    current = name.lower()
    for _ in range(_MAX_CNAME_HOPS):
        found = [r["value"] for r in records if r["name"].lower() == current and r["type"] == qtype]
        if found:
            return current, found
        alias = [r["value"] for r in records if r["name"].lower() == current and r["type"] == "CNAME"]
        if not alias:
            break
        current = alias[0].lower()
    return current, []


def _chain(name: str, records: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    current = name.lower()
    for _ in range(_MAX_CNAME_HOPS):
        alias = [r["value"] for r in records if r["name"].lower() == current and r["type"] == "CNAME"]
        if not alias:
            break
        current = alias[0].lower()
        out.append(current)
    return out


def _worst(rcodes: list[str]) -> str:
    for code in ("NXDOMAIN", "SERVFAIL", "REFUSED", "TIMEOUT", "ERROR"):
        if code in rcodes:
            return code
    return rcodes[0] if rcodes else "ERROR"


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def family_of(address: str) -> int:
    return 6 if ":" in address else 4


SOCKET_FAMILY = {4: socket.AF_INET, 6: socket.AF_INET6}
