"""inspection.homepage_stale — the homepage's newest dated item (rules.md §3, veto).

Undated items do not count as updates. A navigation-only homepage (no dated item at all) is
judged by its second-level pages: the newest dated item on the pages it links to. Veto when
the newest item is more than ``homepage_stale_days`` old.
"""

from __future__ import annotations

import datetime as dt

from checks.base import Check, CheckResult, finding, judged, register
from checks.context import CheckContext, is_readable
from checks.inspection._common import canon, item_dates
from storage.snapshot import SnapshotPage

CHECK_ID = "inspection.homepage_stale"


def second_level(ctx: CheckContext, home: SnapshotPage) -> list[SnapshotPage]:
    """Stored pages the homepage links to (in scope, fetched)."""
    sources = {canon(home.url), canon(home.final_url)}
    targets = {
        canon(link.to_url) for link in ctx.snapshot.links if canon(link.from_url) in sources and link.in_scope
    }
    return [
        p
        for p in ctx.readable_pages()
        if p is not home and (canon(p.url) in targets or canon(p.final_url) in targets)
    ]


def newest_dates(ctx: CheckContext, home: SnapshotPage) -> tuple[list[dt.date], str]:
    dates = item_dates(ctx.info(home), ctx.as_of)
    if dates:
        return dates, "homepage"
    found: list[dt.date] = []
    for page in second_level(ctx, home):
        info = ctx.info(page)
        found += item_dates(info, ctx.as_of)
        if info is not None and info.publish_date is not None and info.publish_date <= ctx.as_of:
            found.append(info.publish_date)
    return found, "second_level"


def run(ctx: CheckContext) -> CheckResult:
    home = ctx.homepage
    assert home is not None
    if not is_readable(home):
        return judged(ctx, CHECK_ID, [], display="首页未能打开", undecided_reason=f"homepage {home.outcome}")
    dates, source = newest_dates(ctx, home)
    limit = ctx.settings.thresholds.inspection.homepage_stale_days
    url = ctx.unit.homepage or home.url
    if not dates:
        info = ctx.info(home)
        if info is not None and not info.items_complete:
            return judged(
                ctx,
                CHECK_ID,
                [],
                display="首页内容无法读取",
                undecided_reason="homepage list not readable",
            )
        newest = None
        days = None
    else:
        newest = max(dates)
        days = (ctx.as_of - newest).days
    measured = {"newest": newest.isoformat() if newest else None, "days": days, "source": source}
    where = "首页" if source == "homepage" else "首页（仅导航，按二级页面判断）"
    findings = []
    if days is None or days > limit:
        what = (
            f"最新信息发布于 {newest.isoformat()}，已 {days} 天未更新" if newest else "没有任何带日期的信息"
        )
        findings.append(
            finding(
                ctx,
                CHECK_ID,
                severity="veto",
                title="首页长期未更新",
                message=f"{where}{what}（超过 {limit} 天即单项否决）",
                url=url,
                measured=measured,
                evidence=[home.evidence(what)],
                key="homepage_stale",
            )
        )
    display = f"首页最新信息 {measured['newest'] or '无'}（{days} 天前）" if newest else "首页无带日期信息"
    return judged(ctx, CHECK_ID, findings, display=display, measured=measured)


CHECK = register(
    Check(
        id=CHECK_ID,
        title="首页及时更新",
        failure_title="首页长期未更新",
        topic="inspection",
        requires=("site", "homepage"),
        run=run,
    )
)
