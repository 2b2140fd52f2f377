"""Per-host and per-IP limits: concurrency, minimum delay, adaptive backoff on 429/503.

Many units share one host or one hosting platform, so both are limited. Waiting happens in
the task that wants the slot: a slow or hanging host only ever holds its own slots.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from config.settings import PolitenessSettings


@dataclass
class HostState:
    semaphore: asyncio.Semaphore
    delay_s: float
    next_start: float = 0.0
    backoff_until: float = 0.0
    backoff_s: float = 0.0
    in_flight: int = 0
    peak_in_flight: int = 0
    requests: int = 0
    crawl_delay_s: float | None = None
    asked_until: float = 0.0  # what the host's Retry-After asked for, uncapped
    waits: list[float] = field(default_factory=list)


class Politeness:
    def __init__(self, settings: PolitenessSettings) -> None:
        self.settings = settings
        self.hosts: dict[str, HostState] = {}
        self.ips: dict[str, asyncio.Semaphore] = {}

    def host(self, host: str) -> HostState:
        state = self.hosts.get(host)
        if state is None:
            state = HostState(
                semaphore=asyncio.Semaphore(max(1, self.settings.per_host_concurrency)),
                delay_s=self.settings.min_delay_s,
            )
            self.hosts[host] = state
        return state

    def _ip(self, ip: str | None) -> asyncio.Semaphore | None:
        if ip is None:
            return None
        sem = self.ips.get(ip)
        if sem is None:
            sem = self.ips[ip] = asyncio.Semaphore(max(1, self.settings.per_ip_concurrency))
        return sem

    @asynccontextmanager
    async def slot(self, host: str, ip: str | None) -> AsyncIterator[None]:
        """Hold one of the host's (and its IP's) slots for one request, after its turn came."""
        state = self.host(host)
        ip_sem = self._ip(ip)
        async with state.semaphore:
            if ip_sem is not None:
                await ip_sem.acquire()
            try:
                await self._wait_turn(state)
                state.in_flight += 1
                state.requests += 1
                state.peak_in_flight = max(state.peak_in_flight, state.in_flight)
                try:
                    yield
                finally:
                    state.in_flight -= 1
            finally:
                if ip_sem is not None:
                    ip_sem.release()

    async def _wait_turn(self, state: HostState) -> None:
        while True:
            now = time.monotonic()
            start = max(now, state.next_start, state.backoff_until)
            if start <= now:
                state.next_start = now + state.delay_s
                return
            # Sleep, then look again: a backoff may have been set while we slept.
            await asyncio.sleep(start - now)

    def set_crawl_delay(self, host: str, seconds: float | None) -> None:
        if seconds is None:
            return
        state = self.host(host)
        state.crawl_delay_s = seconds
        state.delay_s = max(self.settings.min_delay_s, min(seconds, self.settings.backoff_max_s))

    def penalise(self, host: str, retry_after: float | None) -> float:
        """A 429/503 came back: hold the host back; returns the pause chosen (seconds)."""
        state = self.host(host)
        doubled = state.backoff_s * 2 if state.backoff_s else self.settings.backoff_initial_s
        pause = retry_after if retry_after is not None else doubled
        if retry_after is not None:
            state.asked_until = max(state.asked_until, time.monotonic() + retry_after)
        pause = max(0.0, min(pause, self.settings.backoff_max_s))
        state.backoff_s = min(max(doubled, pause), self.settings.backoff_max_s)
        state.backoff_until = max(state.backoff_until, time.monotonic() + pause)
        return pause

    def wait_s(self, host: str) -> float:
        """How long the host asked us (Retry-After) or our backoff holds us back from now."""
        state = self.hosts.get(host)
        if state is None:
            return 0.0
        return max(0.0, max(state.asked_until, state.backoff_until) - time.monotonic())

    def relax(self, host: str) -> None:
        state = self.hosts.get(host)
        if state is not None and state.backoff_s:
            state.backoff_s = (
                state.backoff_s / 2 if state.backoff_s > self.settings.backoff_initial_s else 0.0
            )


def parse_retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())
