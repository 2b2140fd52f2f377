"""inspection.unreachable — homepage availability over the window (rules.md §3, veto).

The nightly probes (``crawler.availability``) are stored as Probe rows of kind
"availability"; a probe failed when the homepage was not open within the probe timeout.
Veto when at least ``availability_veto_failure_rate`` of the window's probes failed.
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
    measured = {
        "probes": len(probes),
        "failed": len(failed),
        "failure_rate": round(rate, 4),
        "kept_out": len(kept_out),
    }
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


def _from_crawl(ctx: CheckContext) -> CheckResult:
    """Without probes, the crawl's own homepage fetches are the only observations: all failed
    is a finding (with that caveat); an open homepage cannot show a week's failure rate."""
    home = ctx.unit.homepage or ""
    attempts = [p for p in ctx.snapshot.pages if p.url == home and p.purpose != "link-check"]
    failed = [p for p in attempts if p.outcome in ("error", "http_error")]
    kept_out = sorted({p.outcome for p in attempts if p.outcome in ("blocked", "refused")})
    if kept_out:
        return undecided(
            ctx,
            CHECK_ID,
            f"no availability probes in the window; the homepage was {' and '.join(kept_out)} during the crawl",
            display="无探测记录；抓取时首页被拦截或按配置未访问",
        )
    if not attempts or len(failed) < len(attempts):
        reason = "no availability probes in the window" + (
            "; the homepage opened during the crawl" if attempts else ""
        )
        return undecided(ctx, CHECK_ID, reason, display="无探测记录")
    errors = sorted({p.reason or f"HTTP {p.status}" for p in failed})
    measured = {"probes": None, "attempts": len(attempts), "failed": len(failed), "failure_rate": 1.0,
                "source": "crawl", "errors": errors}  # fmt: skip
    limit = ctx.settings.thresholds.inspection.availability_veto_failure_rate
    message = (
        f"无夜间探测记录；抓取时首页 {len(attempts)} 次访问均失败（{'、'.join(errors[:5])}），"
        f"失败率 100%（≥ {limit:.0%} 即单项否决）"
    )
    found = finding(ctx, CHECK_ID, severity="veto", title="网站无法访问", message=message, url=home,
                    measured=measured, evidence=[p.evidence(p.reason) for p in failed], key="unreachable")  # fmt: skip
    return judged(ctx, CHECK_ID, [found], display="抓取时首页无法访问", measured=measured)


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
