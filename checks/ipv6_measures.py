"""The figures ``ipv6.readiness`` judges by, read from stored DNS answers and IPv6 probes."""

from __future__ import annotations

import difflib
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pages.urls import host_of
from storage.snapshot import SnapshotDns, SnapshotProbe

_MAX_HOPS = 8
_FAILED_RCODES = ("SERVFAIL", "TIMEOUT", "ERROR", "REFUSED")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Reason:
    code: str
    message: str  # Chinese first, with the figures

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def addresses(
    dns: Iterable[SnapshotDns], host: str, qtype: str, *, fallback: list[str] | None = None
) -> tuple[list[str], list[str], list[int]]:
    """(addresses, CNAME chain, TTLs) of ``host`` from the stored answers, CNAMEs followed
    across answers; ``fallback`` when no answer for the host was stored."""
    records = [a for row in dns if row.qtype == qtype for a in row.answers if "type" in a]
    asked = any(row.qname.lower().rstrip(".") == host for row in dns if row.qtype == qtype)
    current = host.lower().rstrip(".")
    chain: list[str] = []
    ttls: list[int] = []
    for _ in range(_MAX_HOPS):
        here = [r for r in records if str(r["name"]).lower().rstrip(".") == current]
        found = [r for r in here if r["type"] == qtype]
        if found:
            values = list(dict.fromkeys(str(r["value"]) for r in found))
            return values, chain, [int(r.get("ttl", 0)) for r in found]
        alias = [r for r in here if r["type"] == "CNAME"]
        if not alias:
            break
        ttls.append(int(alias[0].get("ttl", 0)))
        current = str(alias[0]["value"]).lower().rstrip(".")
        if current in chain:
            break
        chain.append(current)
    if not asked and fallback:
        return list(fallback), chain, []
    return [], chain, []


def dns_failure(dns: Iterable[SnapshotDns], host: str, chain: list[str]) -> str | None:
    """The failing rcode when the AAAA question for the host (or its CNAME target) got no
    answer at all, as opposed to an answer saying there is none."""
    names = {host, *chain}
    rcodes = [row.rcode for row in dns if row.qtype == "AAAA" and row.qname.lower().rstrip(".") in names]
    if rcodes and all(code in _FAILED_RCODES for code in rcodes):
        return rcodes[-1]
    return None


def success_rate(probes: list[SnapshotProbe]) -> float | None:
    return sum(p.ok for p in probes) / len(probes) if probes else None


def normalised_lines(text: str) -> list[str]:
    """Lines with digits blanked (dates, counters and clocks differ between two fetches)."""
    return [_DIGITS.sub("0", line) for line in text.splitlines() if line.strip()]


def text_similarity(a: str, b: str) -> float:
    """Share of matching lines (difflib ratio over the line sequences) in [0, 1]."""
    left, right = normalised_lines(a), normalised_lines(b)
    if not left and not right:
        return 1.0
    return round(difflib.SequenceMatcher(None, left, right, autojunk=False).ratio(), 4)


def content_similarity(homepage: list[SnapshotProbe]) -> float | None:
    """Homepage over IPv6 vs IPv4: identical bodies are 1, else the text similarity."""
    ok = [p for p in homepage if p.ok]
    v4 = [p for p in ok if p.family == 4]
    v6 = [p for p in ok if p.family == 6]
    if not v4 or not v6:
        return None
    hashes4 = {p.content_hash for p in v4 if p.content_hash}
    if any(p.content_hash in hashes4 for p in v6):
        return 1.0
    text4 = next((p.details["text"] for p in v4 if "text" in p.details), None)
    text6 = next((p.details["text"] for p in v6 if "text" in p.details), None)
    if text4 is None or text6 is None:
        return None if text4 is None and text6 is None else 0.0
    return text_similarity(str(text4), str(text6))


def level_rates(
    levels: dict[str, list[str]], current: list[SnapshotProbe], dns: list[SnapshotDns]
) -> dict[str, Any]:
    """Per level: links whose host answers at all (the denominator), those whose host has
    AAAA and answers over IPv6, the rate. Links to dead hosts are counted apart."""
    answered: dict[tuple[str, int | None], bool] = {}
    for p in current:
        if p.details.get("role") == "link_host":
            key = (str(p.details.get("host")), p.family)
            answered[key] = answered.get(key, False) or p.ok
    hosts: dict[str, dict[str, bool]] = {}
    out: dict[str, Any] = {}
    for level in ("2", "3"):
        links = levels.get(level, [])
        total = supported = dead = 0
        bad_hosts: list[str] = []
        for link in links:
            host = host_of(link)
            if host not in hosts:
                aaaa = bool(addresses(dns, host, "AAAA")[0])
                v6 = aaaa and answered.get((host, 6), False)
                hosts[host] = {"aaaa": aaaa, "ipv6": v6, "alive": v6 or answered.get((host, 4), False)}
            facts = hosts[host]
            if not facts["alive"]:
                dead += 1
                continue
            total += 1
            if facts["ipv6"]:
                supported += 1
            elif host not in bad_hosts:
                bad_hosts.append(host)
        out[level] = {
            "links": len(links),
            "total": total,
            "supported": supported,
            "dead": dead,
            "rate": round(supported / total, 4) if total else None,
            "unsupported_hosts": bad_hosts,
        }
    out["hosts"] = hosts
    return out


def delays(homepage: list[SnapshotProbe], dns: list[SnapshotDns], host: str) -> dict[str, Any]:
    """Median DNS, connect and first-byte delays per family, and IPv6 ÷ IPv4."""
    out: dict[str, Any] = {}
    for family, qtype in ((4, "A"), (6, "AAAA")):
        rows = [r.elapsed_ms for r in dns if r.qtype == qtype and r.qname.lower() == host and r.elapsed_ms]
        out[f"dns_ms_v{family}"] = rows[0] if rows else None
        ok = [p for p in homepage if p.family == family and p.ok]
        for phase in ("connect", "ttfb"):
            values = [float(p.timings[f"{phase}_ms"]) for p in ok if p.timings.get(f"{phase}_ms") is not None]
            out[f"{phase}_ms_v{family}"] = round(statistics.median(values), 2) if values else None
    for phase in ("dns", "connect", "ttfb"):
        v4, v6 = out.get(f"{phase}_ms_v4"), out.get(f"{phase}_ms_v6")
        out[f"{phase}_ratio"] = round(v6 / v4, 2) if v4 and v6 is not None else None
    return out
