"""A per-run cache in front of the resolver: one question per host and family at a time."""

from __future__ import annotations

import asyncio
import time

from crawler.resolver import Resolution, Resolver

_MIN_TTL_S = 30.0
_MAX_TTL_S = 600.0
_NEGATIVE_TTL_S = 30.0


class DnsCache:
    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self._entries: dict[tuple[str, int | None], tuple[float, Resolution]] = {}
        self._pending: dict[tuple[str, int | None], asyncio.Future[Resolution]] = {}

    async def resolve(self, host: str, family: int | None = None) -> Resolution:
        key = (host.strip("[]").rstrip(".").lower(), family)
        entry = self._entries.get(key)
        if entry is not None and entry[0] > time.monotonic():
            return entry[1]
        pending = self._pending.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Resolution] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            resolution = await self.resolver.resolve(key[0], family)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved
            raise
        finally:
            self._pending.pop(key, None)
        future.set_result(resolution)
        self._entries[key] = (time.monotonic() + _ttl(resolution), resolution)
        return resolution


def _ttl(resolution: Resolution) -> float:
    if resolution.error:
        return _NEGATIVE_TTL_S
    ttls = [float(r["ttl"]) for r in resolution.records if "ttl" in r]
    return max(_MIN_TTL_S, min(min(ttls, default=_MAX_TTL_S), _MAX_TTL_S))
