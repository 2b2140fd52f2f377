"""IPv6 readiness, measured the way national monitoring does (rules.md §4), and stored.

``measure_ipv6`` asks DNS for the site's A/AAAA (following CNAMEs) and its name servers,
decides whether this machine has IPv6 at all, probes the homepage over IPv4 and IPv6
``probe_count`` times, collects the second- and third-level links and probes each link host
once over IPv6. It judges nothing: ``store_measurement`` writes Probe rows (kind ``ipv6``,
roles ``homepage`` / ``link_host`` / ``summary``) and DnsAnswer rows, and the check
``ipv6.readiness`` reads them back from the snapshot.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from sqlalchemy.orm import Session

from config.settings import AuditConfig, Settings, UnitConfig
from crawler.ipv6_dns import NameserverFacts, RouteFact, machine_ipv6, nameserver_facts
from crawler.ipv6_links import discover_levels
from crawler.probe import ProbeResult, probe_http
from crawler.resolver import Resolution, Resolver
from pages.urls import canonicalize, host_of
from storage.models import DnsAnswer, Probe, utcnow
from storage.snapshot import SnapshotDns, SnapshotProbe

MAX_REDIRECTS = 5
RouteCheck = Callable[[list[str], list[str]], tuple[bool, list[RouteFact]]]
_Getter = Callable[[str, int | None, bool], Awaitable[list[ProbeResult]]]


@dataclass(kw_only=True)
class HomepageProbe:
    round: int
    family: int
    at: dt.datetime
    hops: list[ProbeResult]  # the request and each redirect followed

    @property
    def final(self) -> ProbeResult:
        return self.hops[-1]

    @property
    def ok(self) -> bool:
        return self.final.ok and (self.final.status or 0) < 400


@dataclass(kw_only=True)
class LinkHost:
    host: str
    url: str  # the link that was probed, once per family with an address
    levels: list[int]
    probes: dict[int, ProbeResult] = field(default_factory=dict)  # family -> result

    def answered(self, family: int) -> bool:
        probe = self.probes.get(family)
        return probe is not None and probe.ok and (probe.status or 0) < 500


@dataclass(kw_only=True)
class Ipv6Measurement:
    measurement_id: str
    unit_id: str | None
    url: str
    host: str
    scope: list[str]
    at: dt.datetime
    resolution: Resolution
    nameservers: NameserverFacts
    machine_ipv6: bool
    routes: list[RouteFact]
    homepage: list[HomepageProbe] = field(default_factory=list)
    levels: dict[int, list[str]] = field(default_factory=dict)
    link_hosts: dict[str, LinkHost] = field(default_factory=dict)
    resolutions: dict[str, Resolution] = field(default_factory=dict)  # every host asked, for evidence
    probe_count: int = 0
    notes: list[str] = field(default_factory=list)

    def probe_rows(self) -> list[dict[str, Any]]:
        """The Probe rows (as column dicts) this measurement stores."""
        return _probe_rows(self)

    def dns_rows(self) -> list[dict[str, Any]]:
        rows, seen = [], set()
        for query in [*self.nameservers.queries, *(q for r in self.resolutions.values() for q in r.queries)]:
            key = (query.qname, query.qtype, query.nameserver)
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                {
                    "qname": query.qname,
                    "qtype": query.qtype,
                    "rcode": query.rcode,
                    "answers": [r for r in query.records if "type" in r],
                    "nameserver": query.nameserver,
                    "elapsed_ms": query.elapsed_ms,
                }
            )
        return rows

    def snapshot_probes(self) -> list[SnapshotProbe]:
        return [SnapshotProbe(**row) for row in self.probe_rows()]

    def snapshot_dns(self) -> list[SnapshotDns]:
        return [
            SnapshotDns(
                qname=r["qname"],
                qtype=r["qtype"],
                rcode=r["rcode"],
                answers=tuple(r["answers"]),
                elapsed_ms=r["elapsed_ms"],
            )
            for r in self.dns_rows()
        ]


class _Hosts:
    """One resolution (A and AAAA) per host and measurement; a resolver for ``probe_http``."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.done: dict[str, Resolution] = {}
        self._pending: dict[str, asyncio.Task[Resolution]] = {}

    async def resolve(self, host: str, family: int | None = None) -> Resolution:
        host = host.strip("[]").rstrip(".").lower()
        if host in self.done:
            return self.done[host]
        if host not in self._pending:
            self._pending[host] = asyncio.create_task(self.resolver.resolve(host))
        resolution = await self._pending[host]
        self.done[host] = resolution
        return resolution


def _settings(config: AuditConfig | Settings) -> Settings:
    return config.settings if isinstance(config, AuditConfig) else config


async def measure_ipv6(
    target: UnitConfig | str,
    *,
    config: AuditConfig | Settings,
    resolver: Resolver | None = None,
    ssl_context: ssl.SSLContext | None = None,
    route_check: RouteCheck | None = None,
    known_links: dict[str, list[str]] | None = None,
) -> Ipv6Measurement:
    """Measure one unit (its homepage and scope) or one URL (scope: its origin).

    ``known_links`` (canonical page URL → links on it, from a crawl of this run) spares
    re-fetching level-2 pages to find the level-3 links; the homepage is always probed."""
    settings = _settings(config)
    net, th = settings.network, settings.thresholds.ipv6
    if isinstance(target, UnitConfig):
        if not target.homepage:
            raise ValueError(f"unit {target.id} has no homepage")
        url, unit_id, scope = target.homepage, target.id, list(target.scope or [target.homepage])
    else:
        parts = urlsplit(target)
        url, unit_id, scope = target, None, [f"{parts.scheme}://{parts.netloc}/"]
    host = host_of(url)
    hosts = _Hosts(resolver or Resolver(net.nameservers, timeout=net.dns_timeout_s))
    at = utcnow()
    resolution, nameservers = await asyncio.gather(
        hosts.resolve(host), nameserver_facts(hosts.resolver, host)
    )
    check = route_check or (lambda t, r: machine_ipv6(t, r, allow_private=net.allow_private))
    has_ipv6, routes = check(resolution.addresses.get(6, []), list(th.route_reference_addresses))
    m = Ipv6Measurement(
        measurement_id=uuid.uuid4().hex,
        unit_id=unit_id,
        url=url,
        host=host,
        scope=scope,
        at=at,
        resolution=resolution,
        nameservers=nameservers,
        machine_ipv6=has_ipv6,
        routes=routes,
        resolutions=hosts.done,
        probe_count=th.probe_count,
    )
    agent = settings.politeness.user_agent.format(contact=settings.audit.contact)

    async def get(link: str, family: int | None, follow: bool = True) -> list[ProbeResult]:
        hops: list[ProbeResult] = []
        for _ in range(MAX_REDIRECTS + 1 if follow else 1):
            hop = await probe_http(
                link,
                family=family,
                resolver=hosts,
                port_map=net.port_map,
                allow_private=net.allow_private,
                allow_networks=net.allow_networks,
                timeout=th.probe_timeout_s,
                user_agent=agent,
                ssl_context=ssl_context,
            )
            hops.append(hop)
            if not (hop.ok and hop.status in (301, 302, 303, 307, 308) and hop.location):
                break
            link = urljoin(link, hop.location)
        return hops

    families = (4, 6) if has_ipv6 else (4,)
    if not has_ipv6:
        m.notes.append("no_local_ipv6_route: IPv6 probes skipped")
    for number in range(max(1, th.probe_count)):
        if number:
            await asyncio.sleep(th.probe_interval_s)
        when = utcnow()
        rounds = await asyncio.gather(*(get(url, f) for f in families))
        m.homepage += [
            HomepageProbe(round=number, family=f, at=when, hops=h)
            for f, h in zip(families, rounds, strict=True)
        ]

    async def fetch_page(link: str) -> tuple[str, bytes, str | None] | None:
        final = (await get(link, None))[-1]
        return (final.url, final.body, final.headers.get("content-type")) if final.body is not None else None

    page = next(
        (p.final for f in (4, 6) for p in m.homepage if p.family == f and p.ok and p.final.body), None
    )
    m.levels = await discover_levels(
        url,
        (page.url, page.body or b"", page.headers.get("content-type")) if page else None,
        fetch_page,
        scope=scope,
        max_links=th.max_links_per_level,
        include_subdomains=th.links_include_subdomains,
        concurrency=th.link_concurrency,
        known_links=known_links,
    )
    await _probe_link_hosts(m, hosts, get, th.link_concurrency)
    m.resolutions = dict(hosts.done)
    return m


async def _probe_link_hosts(m: Ipv6Measurement, hosts: _Hosts, get: _Getter, concurrency: int) -> None:
    """Each link host once over IPv4 and once over IPv6 (where it has the address): a host
    that answers neither is dead, not an IPv6 failure, and leaves the rates' denominator."""
    first: dict[str, LinkHost] = {}
    for level in (2, 3):
        for link in m.levels.get(level, []):
            name = host_of(link)
            entry = first.setdefault(name, LinkHost(host=name, url=link, levels=[]))
            if level not in entry.levels:
                entry.levels.append(level)
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(entry: LinkHost, family: int) -> None:
        resolution = await hosts.resolve(entry.host)
        if resolution.addresses.get(family) and (family == 4 or m.machine_ipv6):
            async with gate:
                entry.probes[family] = (await get(entry.url, family, False))[0]

    await asyncio.gather(*(one(e, f) for e in first.values() for f in (4, 6)))
    m.link_hosts = first


async def measure_units(
    units: list[UnitConfig],
    *,
    config: AuditConfig | Settings,
    concurrency: int = 4,
    links_by_unit: dict[str, dict[str, list[str]]] | None = None,
    **options: Any,
) -> dict[str, Ipv6Measurement]:
    """Every unit with a site, ``concurrency`` at a time (the pipeline's entry point).
    ``links_by_unit``: unit id → ``known_links`` (see ``known_links_from``)."""
    gate = asyncio.Semaphore(max(1, concurrency))
    links_by_unit = links_by_unit or {}

    async def one(unit: UnitConfig) -> tuple[str, Ipv6Measurement]:
        async with gate:
            known = links_by_unit.get(unit.id)
            return unit.id, await measure_ipv6(unit, config=config, known_links=known, **options)

    return dict(await asyncio.gather(*(one(u) for u in units if u.homepage)))


def known_links_from(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """(from_url, to_url) pairs of ``<a>`` links stored by a crawl → ``known_links``."""
    out: dict[str, list[str]] = {}
    for source, target in pairs:
        out.setdefault(canonicalize(source), []).append(target)
    return out


def store_measurement(session: Session, run_id: int | None, unit_id: str | None, m: Ipv6Measurement) -> int:
    """Add the Probe and DnsAnswer rows (the caller commits); returns the number of rows."""
    rows: list[Probe | DnsAnswer] = [Probe(run_id=run_id, unit_id=unit_id, **row) for row in m.probe_rows()]
    rows += [DnsAnswer(run_id=run_id, unit_id=unit_id, at=m.at, **row) for row in m.dns_rows()]
    session.add_all(rows)
    return len(rows)


def _probe_rows(m: Ipv6Measurement) -> list[dict[str, Any]]:
    base = {"measurement": m.measurement_id}
    rows: list[dict[str, Any]] = [
        {
            "kind": "ipv6",
            "url": m.url,
            "family": None,
            "at": m.at,
            "ok": m.machine_ipv6,
            "status": None,
            "error": None if m.machine_ipv6 else "no_local_ipv6_route",
            "timings": {},
            "content_hash": None,
            "details": base
            | {
                "role": "summary",
                "host": m.host,
                "scope": m.scope,
                "machine_ipv6": m.machine_ipv6,
                "routes": [r.to_dict() for r in m.routes],
                "cname_chain": m.resolution.cname_chain,
                "addresses": {str(f): a for f, a in m.resolution.addresses.items()},
                "nameservers": m.nameservers.to_dict(),
                "levels": {str(level): links for level, links in m.levels.items()},
                "probe_count": m.probe_count,
                "notes": m.notes,
            },
        }
    ]
    texted: set[int] = set()
    for probe in m.homepage:
        final, first = probe.final, probe.hops[0]
        details = base | {
            "role": "homepage",
            "round": probe.round,
            "address": first.address,
            "port": first.port,
            "final_url": final.url,
            "redirects": [
                {"url": h.url, "status": h.status, "location": h.location} for h in probe.hops[:-1]
            ],
            "error_detail": final.error_detail,
            "http_version": final.http_version,
            "body_size": final.body_size,
            "tls": final.to_dict()["tls"],
        }
        if probe.ok and final.text_sample is not None and probe.family not in texted:
            texted.add(probe.family)
            details["text"] = final.text_sample
        timings: dict[str, Any] = dict(first.timings)
        timings["total_ms"] = round(sum(h.total_ms or 0 for h in probe.hops), 2)
        rows.append(
            {
                "kind": "ipv6", "url": m.url, "family": probe.family, "at": probe.at, "ok": probe.ok,
                "status": final.status, "error": final.error, "timings": timings,
                "content_hash": final.body_sha256, "details": details,
            }
        )  # fmt: skip
    for entry in m.link_hosts.values():
        for family, p in sorted(entry.probes.items()):
            details = base | {"role": "link_host", "host": entry.host, "levels": entry.levels}
            details |= {"address": p.address, "error_detail": p.error_detail}
            rows.append(
                {
                    "kind": "ipv6", "url": entry.url, "family": family, "at": m.at,
                    "ok": entry.answered(family), "status": p.status, "error": p.error,
                    "timings": p.timings, "content_hash": p.body_sha256, "details": details,
                }
            )  # fmt: skip
    return rows
