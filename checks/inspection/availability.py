"""inspection.unreachable — homepage availability over the window (rules.md §3, veto).

The probes (``crawler.availability``: the nightly audit's, and the rounds ``zwgk schedule``
takes through the day) are stored as Probe rows of kind "availability"; a probe failed when
the homepage was not open within the probe timeout. The national method (19号文 站点无法访问)
monitors a week, probing at intervals at least 20 times a day: a verdict needs
``availability_window_days`` days each with ``availability_probes_per_day`` probes spread at
least ``availability_probe_spacing_s`` apart. With fewer the check is undecided with the count
(never a veto, never a pass); with enough, veto when at least
``availability_veto_failure_rate`` of the window's probes failed.
"""

from __future__ import annotations

import datetime as dt

from checks.base import Check, CheckResult, finding, judged, register, undecided
from checks.context import CheckContext
from storage.snapshot import SnapshotProbe

CHECK_ID = "inspection.unreachable"
# Probe errors that observed nothing: the site kept the prober out, or the guard refused it.
NOT_OBSERVED = frozenset({"blocked", "forbidden"})
PROBE_KIND = "availability"


def window_probes(ctx: CheckContext) -> list[SnapshotProbe]:
    """Availability probes taken in the ``availability_window_days`` days ending on as_of, and
    those the snapshot's own run took (an audit run as of an earlier date probes on its behalf)."""
    days = ctx.settings.thresholds.inspection.availability_window_days
    end = dt.datetime.combine(ctx.as_of + dt.timedelta(days=1), dt.time())
    start = end - dt.timedelta(days=days)
    return [
        p
        for p in ctx.snapshot.probes
        if p.kind == PROBE_KIND
        and ((p.run_id is not None and p.run_id == ctx.snapshot.run_id) or start <= _naive(p.at) < end)
    ]


def run(ctx: CheckContext) -> CheckResult:
    if not ctx.unit.homepage:
        return undecided(ctx, CHECK_ID, "unit has no site configured", display="未配置网站")
    probes = window_probes(ctx)
    if not probes:
        return _from_crawl(ctx)
    # A probe the site kept out (403/429/503, a challenge) or our guard refused saw nothing of
    # whether the homepage is open: it is no failure and no success.
    kept_out = [p for p in probes if p.error in NOT_OBSERVED]
    probes = [p for p in probes if p.error not in NOT_OBSERVED]
    if not probes:
        why = sorted({p.error or "" for p in kept_out})
        return undecided(
            ctx,
            CHECK_ID,
            f"every probe was kept out ({', '.join(why)}): blocked by the site or refused by configuration",
            display="探测均被网站拦截或按配置未探测",
        )
    failed = [p for p in probes if not p.ok]
    rate = len(failed) / len(probes)
    limit = ctx.settings.thresholds.inspection.availability_veto_failure_rate
    days = spread_per_day(probes, ctx.settings.thresholds.inspection.availability_probe_spacing_s)
    measured = {
        "probes": len(probes),
        "failed": len(failed),
        "failure_rate": round(rate, 4),
        "kept_out": len(kept_out),
        "probes_per_day": days,
    }
    short = too_few(days, ctx)
    if short:
        return undecided(ctx, CHECK_ID, short, display=f"探测次数不足（{len(probes)} 次）", measured=measured)
    display = f"{len(probes)} 次探测，失败 {len(failed)} 次（{rate:.1%}）"
    findings = []
    if rate >= limit:
        errors = sorted({p.error or f"HTTP {p.status}" for p in failed})
        first, last = min(p.at for p in failed), max(p.at for p in failed)
        findings.append(
            finding(
                ctx,
                CHECK_ID,
                severity="veto",
                title="网站无法访问",
                message=(
                    f"首页在 {len(probes)} 次探测中失败 {len(failed)} 次，失败率 {rate:.1%}"
                    f"（≥ {limit:.0%} 即单项否决）；失败原因：{'、'.join(errors[:5])}"
                ),
                url=ctx.unit.homepage,
                measured={**measured, "errors": errors, "first_failure": first, "last_failure": last},
                evidence=[
                    {"url": p.url, "fetched_at": p.at.isoformat(), "status": p.status, "excerpt": p.error}
                    for p in failed[:20]
                ],
                key="unreachable",
            )
        )
    return judged(ctx, CHECK_ID, findings, display=display, measured=measured)


def spread_per_day(probes: list[SnapshotProbe], spacing_s: float) -> dict[str, int]:
    """Per day (UTC date of the probe, as the window is counted), the probes taken at least
    ``spacing_s`` apart: ten probes in one minute are one look at the site, not ten."""
    times: dict[str, list[dt.datetime]] = {}
    for p in probes:
        at = _naive(p.at)
        times.setdefault(at.date().isoformat(), []).append(at)
    out: dict[str, int] = {}
    for day, moments in sorted(times.items()):
        count, last = 0, None
        for at in sorted(moments):
            if last is None or (at - last).total_seconds() >= spacing_s:
                count, last = count + 1, at
        out[day] = count
    return out


def too_few(days: dict[str, int], ctx: CheckContext) -> str:
    """Why the probes cannot carry a verdict by the national method ("" when they can)."""
    t = ctx.settings.thresholds.inspection
    full = [d for d, n in days.items() if n >= t.availability_probes_per_day]
    if len(full) >= t.availability_window_days:
        return ""
    counts = "、".join(f"{d} {n} 次" for d, n in days.items())
    return (
        f"按国家监测方法须连续监测 {t.availability_window_days} 天、每天间隔性探测不少于 "
        f"{t.availability_probes_per_day} 次，现仅 {len(full)} 天达到（{counts}），不足以判定"
    )


def _from_crawl(ctx: CheckContext) -> CheckResult:
    """Without probes, the crawl's own homepage fetches are all there is: not the national
    method's probes, so never a verdict; what they showed goes into the reason."""
    home = ctx.unit.homepage or ""
    attempts = [p for p in ctx.snapshot.pages if p.url == home and p.purpose != "link-check"]
    failed = [p for p in attempts if p.outcome in ("error", "http_error")]
    kept_out = sorted({p.outcome for p in attempts if p.outcome in ("blocked", "refused")})
    if kept_out:
        return undecided(
            ctx,
            CHECK_ID,
            f"窗口期内无可用性探测记录；抓取时首页被拦截或按配置未访问（{'、'.join(kept_out)}）",
            display="无探测记录；抓取时首页被拦截或按配置未访问",
        )
    if attempts and len(failed) == len(attempts):
        errors = sorted({p.reason or f"HTTP {p.status}" for p in failed})
        reason = (
            f"窗口期内无可用性探测记录；抓取时首页 {len(attempts)} 次访问均失败（{'、'.join(errors[:5])}），"
            "但抓取不是按国家监测方法的探测，不据此否决"
        )
        measured = {"probes": 0, "attempts": len(attempts), "failed": len(failed), "errors": errors}
        return undecided(ctx, CHECK_ID, reason, display="无探测记录；抓取时首页无法访问", measured=measured)
    reason = "窗口期内无可用性探测记录" + ("；抓取时首页可以打开" if attempts else "")
    return undecided(ctx, CHECK_ID, reason, display="无探测记录")


def _naive(at: dt.datetime) -> dt.datetime:
    return at.astimezone(dt.UTC).replace(tzinfo=None) if at.tzinfo else at


CHECK = register(
    Check(
        id=CHECK_ID,
        title="网站可正常访问",
        failure_title="网站无法访问",
        label="站点无法访问",  # the veto item, as the quarter's result names it
        topic="inspection",
        requires=("site",),
        run=run,
    )
)
