"""IPv6 facts that need no HTTP: the domain's name servers, and the machine's own IPv6 route.

Name servers: the zone cut is found by asking NS for the host, then each parent, until an
answer names name servers; each is then resolved (A and AAAA). The resolver
(``crawler.resolver``) keeps every question and answer, TTLs included, for the evidence store.

Routes are decided without sending a packet: ``connect()`` on a UDP socket only consults the
routing table. A global destination counts as routable only when the source address the
kernel picks is global too (a ULA or link-local source cannot reach the IPv6 internet).
Loopback ``::1`` counts when it can be bound.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass, field
from typing import Any

from crawler.resolver import DnsQuery, Resolver

_MAX_ZONE_WALK = 6


@dataclass(kw_only=True)
class NameserverFacts:
    zone: str | None = None  # where the NS answer was found
    names: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # ns -> {"a": […], "aaaa": […]}
    queries: list[DnsQuery] = field(default_factory=list)

    @property
    def with_ipv6(self) -> list[str]:
        return [name for name, addrs in self.names.items() if addrs["aaaa"]]

    def to_dict(self) -> dict[str, Any]:
        return {"zone": self.zone, "names": self.names, "with_ipv6": self.with_ipv6}


@dataclass(frozen=True, kw_only=True)
class RouteFact:
    address: str
    routable: bool
    source: str | None = None  # the local address the kernel would use
    why: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"address": self.address, "routable": self.routable, "source": self.source, "why": self.why}


async def nameserver_facts(resolver: Resolver, host: str) -> NameserverFacts:
    facts = NameserverFacts()
    labels = host.rstrip(".").lower().split(".")
    for start in range(min(len(labels) - 1, _MAX_ZONE_WALK)):
        zone = ".".join(labels[start:])
        query = await resolver.query(zone, "NS")
        facts.queries.append(query)
        names = [r["value"].lower() for r in query.records if r.get("type") == "NS"]
        if names:
            facts.zone = zone
            resolutions = await asyncio.gather(*(resolver.resolve(name) for name in names))
            for name, resolution in zip(names, resolutions, strict=True):
                facts.names[name] = {
                    "a": resolution.addresses.get(4, []),
                    "aaaa": resolution.addresses.get(6, []),
                }
                facts.queries.extend(resolution.queries)
            break
        if query.rcode not in ("NOERROR", "NXDOMAIN"):
            break  # the server is failing: walking further up tells nothing
    return facts


def ipv6_route(address: str) -> RouteFact:
    """Whether this machine could send to ``address`` over IPv6 (no traffic is sent)."""
    try:
        target = ipaddress.IPv6Address(address)
    except ValueError:
        return RouteFact(address=address, routable=False, why="not an IPv6 address")
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as sock:
            if target.is_loopback:
                sock.bind((address, 0))
                return RouteFact(address=address, routable=True, source=address)
            sock.connect((address, 9))
            source = str(sock.getsockname()[0]).split("%")[0]
    except OSError as exc:
        return RouteFact(address=address, routable=False, why=f"{exc.strerror or exc}")
    if target.is_global and not ipaddress.IPv6Address(source).is_global:
        return RouteFact(address=address, routable=False, source=source, why="no global IPv6 source address")
    return RouteFact(address=address, routable=True, source=source)


def machine_ipv6(
    targets: list[str], reference: list[str], *, allow_private: bool
) -> tuple[bool, list[RouteFact]]:
    """Has this machine IPv6 for the measurement? Yes when it has a route to one of the site's
    own IPv6 addresses, or to a reference address on the IPv6 internet, or — when private
    targets are allowed (sandbox, lab) and the site has no global IPv6 address — a usable ::1."""
    checked = [ipv6_route(address) for address in targets]
    if any(f.routable for f in checked):
        return True, checked
    checked += [ipv6_route(address) for address in reference]
    if any(f.routable for f in checked):
        return True, checked
    if allow_private and not any(ipaddress.IPv6Address(a).is_global for a in targets if ":" in a):
        checked.append(ipv6_route("::1"))
    return any(f.routable for f in checked), checked
