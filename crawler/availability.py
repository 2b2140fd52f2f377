"""The availability probes of each unit's homepage (rules.md §3).

Each night's audit probes every unit's homepage ``probes_per_night`` times,
``probe_interval_s`` apart, and ``zwgk schedule`` takes a round of one probe per unit
``schedule.probe_rounds_per_day`` times a day between the audits (``run_round``), so that the
verdict can rest on the national method's spread probes; a probe fails when no answer below HTTP 400 arrives within ``probe_timeout_s``.
Each probe is stored as a ``Probe`` row of kind "availability" (with the TLS certificate
facts of an https homepage), to be judged by ``checks.inspection.availability`` and
``checks.inspection.transport``. Units are probed in parallel; nothing here judges.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import ssl
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from sqlalchemy.orm import Session

from config.settings import Settings, UnitConfig
from crawler.blocked import classify_status
from crawler.probe import AddressResolver, ProbeResult, probe_http
from storage.models import Probe, utcnow

KIND = "availability"

Prober = Callable[..., Awaitable[ProbeResult]]
Sleeper = Callable[[float], Awaitable[None]]


def is_up(result: ProbeResult) -> bool:
    """The homepage opened: an HTTP answer below 400 (a redirect counts: the server answered)."""
    return result.ok and result.status is not None and result.status < 400


def probe_row(unit_id: str, result: ProbeResult, at: dt.datetime, run_id: int | None = None) -> Probe:
    details: dict[str, Any] = {
        "address": result.address,
        "port": result.port,
        "http_version": result.http_version,
        "location": result.location,
        "body_size": result.body_size,
        "error_detail": result.error_detail,
        "tls": dataclasses.asdict(result.tls) if result.tls is not None else None,
    }
    if result.ok and not is_up(result):
        details["error_detail"] = details["error_detail"] or f"HTTP {result.status}"
    error = result.error or (None if is_up(result) else f"http_{result.status}")
    if result.ok and result.status is not None:
        # 403/429/503 or a challenge page: the site keeps the prober out, which says nothing
        # about whether the homepage is open to the public (judged undecided, not a failure).
        outcome, reason = classify_status(result.status, result.body or b"")
        if outcome == "blocked":
            error, details["blocked"] = "blocked", reason
    return Probe(
        run_id=run_id,
        unit_id=unit_id,
        kind=KIND,
        url=result.url,
        family=result.family,
        at=at,
        ok=is_up(result),
        status=result.status,
        error=error,
        timings=dict(result.timings),
        content_hash=result.body_sha256,
        details=details,
    )


async def probe_unit(
    unit: UnitConfig,
    settings: Settings,
    *,
    resolver: AddressResolver | None,
    run_id: int | None = None,
    prober: Prober = probe_http,
    sleep: Sleeper = asyncio.sleep,
    now: Callable[[], dt.datetime] = utcnow,
    count: int | None = None,
) -> list[Probe]:
    """This night's probes of one unit's homepage (none for a unit without a site); ``count``
    probes instead of ``probes_per_night`` (a round through the day takes one)."""
    if not unit.homepage:
        return []
    inspection = settings.thresholds.inspection
    rows: list[Probe] = []
    context = ssl_context(settings)
    extra: dict[str, Any] = {"ssl_context": context} if context is not None else {}
    for number in range(inspection.probes_per_night if count is None else count):
        if number:
            await sleep(inspection.probe_interval_s)
        at = now()
        result = await prober(
            unit.homepage,
            family=None,
            resolver=resolver,
            port_map=dict(settings.network.port_map),
            allow_private=settings.network.allow_private,
            allow_networks=settings.network.allow_networks,
            timeout=inspection.probe_timeout_s,
            user_agent=settings.politeness.user_agent.format(contact=settings.audit.contact),
            **extra,
        )
        rows.append(probe_row(unit.id, result, at, run_id))
    return rows


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    """The verifying context of the probes: the system CAs plus ``network.ca_file`` (None = default)."""
    if not settings.network.ca_file:
        return None
    context = ssl.create_default_context()
    context.load_verify_locations(cafile=settings.network.ca_file)
    return context


async def probe_units(
    units: Iterable[UnitConfig],
    settings: Settings,
    *,
    resolver: AddressResolver | None,
    run_id: int | None = None,
    prober: Prober = probe_http,
    sleep: Sleeper = asyncio.sleep,
    concurrency: int = 64,
    count: int | None = None,
    now: Callable[[], dt.datetime] = utcnow,
) -> list[Probe]:
    """All units' probes for one night, units in parallel (at most ``concurrency`` at once:
    a unit's probes mostly wait out the interval between them, so many can share the loop)."""
    gate = asyncio.Semaphore(concurrency)

    async def one(unit: UnitConfig) -> list[Probe]:
        async with gate:
            return await probe_unit(
                unit,
                settings,
                resolver=resolver,
                run_id=run_id,
                prober=prober,
                sleep=sleep,
                now=now,
                count=count,
            )

    batches = await asyncio.gather(*(one(u) for u in units))
    return [row for batch in batches for row in batch]


def store_probes(session: Session, rows: Iterable[Probe]) -> int:
    count = 0
    for row in rows:
        session.add(row)
        count += 1
    session.flush()
    return count


def default_resolver(settings: Settings) -> AddressResolver:
    from crawler.resolver import Resolver

    return Resolver(list(settings.network.nameservers), timeout=settings.network.dns_timeout_s)


async def run_night(
    session: Session,
    units: Iterable[UnitConfig],
    settings: Settings,
    *,
    run_id: int | None = None,
    resolver: AddressResolver | None = None,
) -> list[Probe]:
    """Probe every unit's homepage for tonight and store the rows (the caller commits)."""
    rows = await probe_units(units, settings, resolver=resolver or default_resolver(settings), run_id=run_id)
    store_probes(session, rows)
    return rows


async def run_round(
    session: Session,
    units: Iterable[UnitConfig],
    settings: Settings,
    *,
    resolver: AddressResolver | None = None,
    now: Callable[[], dt.datetime] = utcnow,
) -> list[Probe]:
    """One probe of every unit's homepage, now, stored without a run (a round of
    ``zwgk schedule`` between the nightly audits; the caller commits)."""
    sites = [u for u in units if u.homepage]
    rows = await probe_units(
        sites, settings, resolver=resolver or default_resolver(settings), count=1, now=now
    )
    store_probes(session, rows)
    return rows
