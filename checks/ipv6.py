"""``ipv6.readiness``: is the site ready for IPv6, as national monitoring measures it (rules.md §4)?

Pure over the stored IPv6 measurement (Probe rows kind ``ipv6``, DnsAnswer rows) and the
settings (``thresholds.ipv6``). The verdict is ``ready``, ``not_ready`` or ``not_verifiable``;
each reason has an English code and a Chinese sentence with the figures:

- ``no_local_ipv6_route`` (not verifiable): this machine has no IPv6 route — never "not ready".
- ``not_measured`` / ``dns_failed`` / ``forbidden_address`` (not verifiable): nothing to judge by.
- ``no_aaaa``: no AAAA for the homepage host (CNAMEs followed).
- ``unreachable``: the homepage answers over neither IPv4 nor IPv6 (the site is down: its
  IPv6 is not working either).
- ``ipv6_unreachable``, ``low_success_rate``: homepage over IPv6 fails, or succeeds too rarely
  (probes of the last ``success_window_days``, status < 400).
- ``content_differs``: homepage text over IPv6 unlike over IPv4 (similarity below the setting).
- ``second_level_rate`` / ``third_level_rate``: link support rates below the settings.
- ``nameservers_without_ipv6`` (only if ``require_nameserver_ipv6``), ``ipv6_slow`` (only if
  ``max_delay_ratio`` is set); otherwise they are reported as notes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from checks.base import Check, CheckResult, Finding, register
from checks.context import CheckContext
from checks.ipv6_measures import (
    Reason,
    addresses,
    content_similarity,
    delays,
    dns_failure,
    level_rates,
    success_rate,
)
from config.settings import Ipv6Thresholds
from storage.snapshot import SnapshotProbe, UnitSnapshot

CHECK_ID = "ipv6.readiness"


def evaluate(snapshot: UnitSnapshot, th: Ipv6Thresholds) -> dict[str, Any]:
    """The verdict, its reasons and every figure it rests on (the ``measured`` dict)."""
    probes = [p for p in snapshot.probes if p.kind == "ipv6"]
    summaries = [p for p in probes if p.details.get("role") == "summary"]
    if not summaries:
        reason = Reason("not_measured", "未做IPv6测量 no IPv6 measurement stored")
        return {"verdict": "not_verifiable", "reasons": [reason.as_dict()], "notes": []}
    summary = max(summaries, key=lambda p: p.at)
    mid = summary.details.get("measurement")
    current = [p for p in probes if p.details.get("measurement") == mid]
    homepage = [p for p in current if p.details.get("role") == "homepage"]
    details = summary.details
    host = str(details.get("host", ""))
    aaaa, chain, ttls = addresses(snapshot.dns, host, "AAAA", fallback=details.get("addresses", {}).get("6"))
    a_records, _, _ = addresses(snapshot.dns, host, "A", fallback=details.get("addresses", {}).get("4"))
    measured: dict[str, Any] = {
        "host": host,
        "measurement": mid,
        "measured_at": summary.at.isoformat(),
        "aaaa": aaaa,
        "a": a_records,
        "cname_chain": chain,
        "aaaa_ttls": ttls,
        "nameservers": details.get("nameservers"),
        "machine_ipv6": bool(details.get("machine_ipv6")),
        "routes": details.get("routes", []),
    }
    fails: list[Reason] = []
    notes: list[Reason] = []
    blocking: list[Reason] = []

    if not details.get("machine_ipv6"):
        blocking.append(
            Reason("no_local_ipv6_route", "本机无IPv6路由，无法从此处验证 this machine has no IPv6 route")
        )
    failure = dns_failure(snapshot.dns, host, chain) if not aaaa else None
    if failure and not blocking:
        blocking.append(Reason("dns_failed", f"查询 {host} 的AAAA记录失败（{failure}）AAAA query failed"))
    if not aaaa and not failure:
        fails.append(Reason("no_aaaa", f"首页域名 {host} 无AAAA记录 no AAAA record" + _via(chain)))

    v4_ok = any(p.ok for p in homepage if p.family == 4)
    v6_ok = any(p.ok for p in homepage if p.family == 6)
    window_end = max(p.at for p in current)
    window_start = window_end - dt.timedelta(days=th.success_window_days)
    history = [
        p
        for p in probes
        if p.details.get("role") == "homepage" and p.family == 6 and window_start <= p.at <= window_end
    ]
    rate = success_rate(history)
    measured["success"] = {
        "rate": rate,
        "probes": len(history),
        "ok": sum(p.ok for p in history),
        "window_days": th.success_window_days,
        "this_run": {"ipv4_ok": v4_ok, "ipv6_ok": v6_ok},
    }
    refused = [p for p in homepage if p.error == "forbidden"]
    if homepage and len(refused) == len(homepage) and not blocking:
        blocking.append(
            Reason(
                "forbidden_address", f"首页地址被本机访问策略禁止（{refused[0].details.get('error_detail')}）"
            )
        )
    if aaaa and not blocking:
        if not v4_ok and not v6_ok:
            fails.append(Reason("unreachable", "首页通过IPv4和IPv6均无法访问 homepage unreachable over both"))
        elif not v6_ok:
            fails.append(Reason("ipv6_unreachable", f"首页通过IPv6无法访问（{_errors(homepage)}）"))
        elif rate is not None and rate < th.min_success_rate:
            fails.append(
                Reason(
                    "low_success_rate",
                    f"IPv6访问成功率 {rate:.0%}（{len(history)} 次探测）低于 {th.min_success_rate:.0%}",
                )
            )
    similarity = content_similarity(homepage)
    measured["content_similarity"] = similarity
    if similarity is not None and similarity < th.min_content_similarity:
        fails.append(
            Reason(
                "content_differs",
                f"首页IPv6与IPv4内容相似度 {similarity:.0%} 低于 {th.min_content_similarity:.0%} content differs",
            )
        )
    elif similarity is None and v6_ok:
        notes.append(Reason("parity_unverifiable", "无法比较IPv4与IPv6首页内容 no text to compare"))

    rates = level_rates(details.get("levels", {}), current, snapshot.dns)
    measured["levels"] = rates
    for level, minimum, code, label in (
        (2, th.second_level_min_rate, "second_level_rate", "二级"),
        (3, th.third_level_min_rate, "third_level_rate", "三级"),
    ):
        entry = rates.get(str(level), {})
        value = entry.get("rate")
        if value is None and entry.get("links"):
            notes.append(
                Reason(
                    f"level{level}_links_dead",
                    f"{label}链接所在主机均无法访问 every level-{level} link host is dead",
                )
            )
        elif value is None:
            notes.append(Reason(f"no_level{level}_links", f"未发现{label}链接 no level-{level} links"))
        elif value < minimum:
            unsupported = ", ".join(entry.get("unsupported_hosts", [])[:5])
            fails.append(
                Reason(
                    code,
                    f"{label}链接IPv6支持率 {value:.0%}（{entry['supported']}/{entry['total']}）"
                    f"低于 {minimum:.0%}；不支持的主机 hosts: {unsupported}",
                )
            )

    ns = details.get("nameservers") or {}
    if ns.get("names") and not ns.get("with_ipv6"):
        reason = Reason("nameservers_without_ipv6", f"权威域名服务器（{ns.get('zone')}）均无IPv6地址")
        (fails if th.require_nameserver_ipv6 else notes).append(reason)
    elif not ns.get("names"):
        notes.append(Reason("nameservers_unknown", "未查到权威域名服务器 no NS answer"))

    measured["delays"] = delay = delays(homepage, snapshot.dns, host)
    worst = max(
        (r for r in (delay.get("connect_ratio"), delay.get("ttfb_ratio")) if r is not None), default=None
    )
    if worst is not None and th.max_delay_ratio is not None and worst > th.max_delay_ratio:
        fails.append(
            Reason("ipv6_slow", f"IPv6时延为IPv4的 {worst:.1f} 倍，超过 {th.max_delay_ratio:.1f} 倍")
        )

    if blocking:
        verdict, reasons = "not_verifiable", blocking
        notes = fails + notes  # what was seen all the same
    elif fails:
        verdict, reasons = "not_ready", fails
    else:
        verdict, reasons = "ready", []
    measured.update(
        verdict=verdict, reasons=[r.as_dict() for r in reasons], notes=[r.as_dict() for r in notes]
    )
    return measured


def _via(chain: list[str]) -> str:
    return f"（经 CNAME {' → '.join(chain)}）" if chain else ""


def _errors(homepage: list[SnapshotProbe]) -> str:
    errors = sorted({p.error or f"HTTP {p.status}" for p in homepage if p.family == 6 and not p.ok})
    return ", ".join(errors) or "no probe"


def run(ctx: CheckContext) -> CheckResult:
    snapshot = ctx.snapshot
    measured = evaluate(snapshot, ctx.settings.thresholds.ipv6)
    verdict = measured["verdict"]
    unit = snapshot.unit
    text = "；".join(r["message"] for r in measured["reasons"])
    evidence = [
        {"kind": "probe", "url": p.url, "family": p.family, "at": p.at.isoformat(), "ok": p.ok,
         "status": p.status, "error": p.error, "role": p.details.get("role")}
        for p in snapshot.probes
        if p.kind == "ipv6" and p.details.get("measurement") == measured.get("measurement")
        and p.details.get("role") in ("summary", "homepage")
    ]  # fmt: skip
    if verdict == "ready":
        return CheckResult(
            check_id=CHECK_ID,
            unit_id=unit.id,
            score=1.0,
            display_value="已完成IPv6改造 ready",
            measured=measured,
        )
    if verdict == "not_ready":
        finding = Finding(
            unit_id=unit.id,
            check_id=CHECK_ID,
            severity="major",
            title="未完成IPv6改造",
            message=f"{unit.display_name}网站未完成IPv6改造：{text}。",
            measured={"verdict": verdict, "reasons": measured["reasons"]},
            evidence=evidence,
        )
        return CheckResult(
            check_id=CHECK_ID,
            unit_id=unit.id,
            score=0.0,
            display_value="未完成IPv6改造 not ready",
            findings=[finding],
            measured=measured,
        )
    finding = Finding(
        unit_id=unit.id,
        check_id=CHECK_ID,
        severity="undecided",
        title="IPv6改造情况无法验证",
        message=f"{unit.display_name}网站的IPv6改造情况无法从本机验证：{text}。",
        measured={"verdict": verdict, "reasons": measured["reasons"]},
        evidence=evidence,
    )
    return CheckResult(
        check_id=CHECK_ID,
        unit_id=unit.id,
        score=None,
        display_value="无法验证 not verifiable",
        findings=[finding],
        measured=measured,
        undecided_reason=text,
    )


CHECK = register(
    Check(
        id=CHECK_ID,
        title="已完成IPv6改造",
        failure_title="未完成IPv6改造",
        topic="ipv6",
        requires=("site",),
        run=run,
    )
)
