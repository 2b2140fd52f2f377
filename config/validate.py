"""Checks of setting values beyond their types, so a config that loads is one the crawl can run.

Pydantic checks that a timeout is a float; this module checks that it is a finite positive
one, that a CIDR is a network, that a name server is an address and a port, that a pattern
compiles, and that ``allow_networks`` exempts private networks only (``0.0.0.0/0`` would turn
the SSRF guard off without saying so; ``allow_private = true`` is the way to say it). Each
problem names the setting's path and the allowed range; the loader adds file and line.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from config.settings import Settings

Loc = tuple[str | int, ...]
Problem = tuple[Loc, str]

MAX_SECONDS = 86_400.0  # a delay or interval above a day is a typo, not a policy
MAX_TIMEOUT_S = 3_600.0
MAX_WHOLE = 2**40  # counts, budgets and byte sizes: beyond this a typo (and beyond a C long)
# Whole numbers that must be at least 1: a zero budget, concurrency or window stops the work.
_AT_LEAST_ONE = ("concurren", "budget", "max_body_bytes", "ratio", "probes_per", "probe_count", "window_days")
_FRACTIONS = ("rate", "share", "similarity")

# What the guard refuses (crawler/guard.py): an exempt network must lie inside one of these.
GUARDED_NETWORKS = [
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.2.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/128",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
        "2001:db8::/32",
    )
]


def settings_problems(settings: Settings) -> list[Problem]:
    """Every value out of its allowed range, in file order of the sections."""
    problems: list[Problem] = []
    for loc, value in _leaves(settings, ()):
        message = _check(loc, value)
        if message:
            problems.append((loc, message))
    return problems


def _leaves(model: BaseModel, prefix: Loc) -> Iterator[tuple[Loc, Any]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from _leaves(value, (*prefix, name))
        else:
            yield (*prefix, name), value


def _check(loc: Loc, value: Any) -> str | None:
    name = str(loc[-1])
    special = _SPECIAL.get(name)
    if special is not None:
        return special(value)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return _whole(name, value)
    if isinstance(value, float):
        return _real(name, value)
    if isinstance(value, dict):
        return _numbers_in(value.values(), "every value")
    if isinstance(value, list):
        return _numbers_in(value, "every element")
    return None


def _whole(name: str, value: int) -> str | None:
    if name == "year":
        return None if 2000 <= value <= 2100 else f"a year from 2000 to 2100, got {value}"
    least = 1 if any(part in name for part in _AT_LEAST_ONE) else 0
    if least <= value <= MAX_WHOLE:
        return None
    shown = value if abs(value) < 10**20 else f"a {len(str(value))}-digit number"
    return f"a whole number from {least} to {MAX_WHOLE:,}, got {shown}"


def _real(name: str, value: float) -> str | None:
    if not math.isfinite(value):
        return f"must be a finite number, got {value!r} ({_real_range(name)})"
    low, high, inclusive_low = _real_bounds(name)
    if value < low or (value == low and not inclusive_low) or value > high:
        return f"{value!r} is out of range: {_real_range(name)}"
    return None


def _real_bounds(name: str) -> tuple[float, float, bool]:
    if name.endswith("timeout_s"):
        return 0.0, MAX_TIMEOUT_S, False
    if name.endswith("_s"):
        return 0.0, MAX_SECONDS, True
    if any(part in name for part in _FRACTIONS) or name.endswith("_min"):
        return 0.0, 1.0, True
    if name.endswith("ratio"):
        return 0.0, math.inf, False
    if name.endswith("score_cap"):
        return 0.0, 100.0, True
    return 0.0, math.inf, True


def _real_range(name: str) -> str:
    low, high, inclusive = _real_bounds(name)
    start = "at least" if inclusive else "more than"
    return f"{start} {low:g}" + (f" and at most {high:g}" if math.isfinite(high) else "")


def _numbers_in(values: Any, which: str) -> str | None:
    for value in values:
        if isinstance(value, float) and not (math.isfinite(value) and 0 <= value <= 100):
            return f"{which} must be a finite number from 0 to 100, got {value!r}"
    return None


def _nameservers(value: list[str]) -> str | None:
    for spec in value:
        text = spec.strip()
        if text.startswith("["):
            host, _, rest = text[1:].partition("]")
            port = rest[1:] if rest.startswith(":") else ("53" if not rest else "x")
        elif text.count(":") == 1:
            host, port = text.split(":")
        else:
            host, port = text, "53"
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return f'{spec!r} is not a name server address: "IP", "IP:PORT" or "[IPv6]:PORT"'
        if not (port.isdigit() and 1 <= int(port) <= 65535):
            return f"{spec!r}: the port must be a number from 1 to 65535"
    return None


def _allow_networks(value: list[str]) -> str | None:
    for spec in value:
        try:
            network = ipaddress.ip_network(spec.strip(), strict=False)
        except ValueError:
            return f"{spec!r} is not a network in CIDR form (e.g. 127.0.0.0/8, fd00::/8; IPv4 prefix 0–32)"
        if not any(network.version == g.version and network.subnet_of(g) for g in GUARDED_NETWORKS):  # type: ignore[arg-type]
            return (
                f"{spec!r} reaches beyond private networks (it would open the guard to every address); "
                "list private networks only, e.g. 127.0.0.0/8, or set allow_private = true"
            )
    return None


def _port_map(value: dict[str, int]) -> str | None:
    for key, port in value.items():
        if not (key.isdigit() and 1 <= int(key) <= 65535 and 1 <= port <= 65535):
            return f"{key!r} = {port}: ports are numbers from 1 to 65535"
    return None


def _pattern(value: str) -> str | None:
    try:
        re.compile(value)
    except re.error as exc:
        return f"{value!r} is not a regular expression ({exc})"
    return None


def _clock(value: str) -> str | None:
    try:
        dt.time.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not a time of day (HH:MM, 00:00–23:59)"
    return None


def _dates(value: list[str]) -> str | None:
    for day in value:
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            return f"{day!r} is not an ISO date (YYYY-MM-DD)"
    return None


def _statuses(value: list[int]) -> str | None:
    bad = [s for s in value if not 100 <= s <= 599]
    return f"HTTP statuses are from 100 to 599, got {bad[0]}" if bad else None


def _optional_ratio(value: float | None) -> str | None:
    return None if value is None else _real("max_delay_ratio", value)


_SPECIAL: dict[str, Callable[[Any], str | None]] = {
    "nameservers": _nameservers,
    "allow_networks": _allow_networks,
    "port_map": _port_map,
    "site_id_pattern": _pattern,
    "nightly_at": _clock,
    "inspection_nights": _dates,
    "blocked_statuses": _statuses,
    "max_delay_ratio": _optional_ratio,
}
