"""inspection.dead_link and inspection.blocked_link (rules.md §3).

A link is dead when every stored attempt to open its target failed (HTTP error, network
error, redirect loop) and two of those failures lie at least ``dead_link_confirm_after_s``
apart (the crawler's confirming attempt, ``crawler.confirm``): a target that failed once and
then opened is not dead, and one whose failures came close together is undecided. A target
answering 403/429/503 or a challenge page (outcome "blocked") is blocked, not dead, and is
reported apart. The sentence names the two attempts it rests on, with their times.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from checks.base import Check, CheckResult, Finding, finding, judged, register
from checks.context import CheckContext
from checks.inspection._common import canon
from storage.snapshot import SnapshotPage

DEAD_ID = "inspection.dead_link"
BLOCKED_ID = "inspection.blocked_link"
_FAILED = ("http_error", "error")
_BEIJING = dt.timezone(dt.timedelta(hours=8))
_EPOCH = dt.datetime(1970, 1, 1)


def _attempts(ctx: CheckContext) -> dict[str, list[SnapshotPage]]:
    by_url: dict[str, list[SnapshotPage]] = defaultdict(list)
    for page in ctx.snapshot.pages:
        by_url[canon(page.url)].append(page)
    return by_url


def _referrers(ctx: CheckContext) -> dict[str, list[str]]:
    refs: dict[str, list[str]] = defaultdict(list)
    for link in ctx.snapshot.links:
        target = canon(link.to_url)
        if link.from_url not in refs[target]:
            refs[target].append(link.from_url)
    return refs


def classify(ctx: CheckContext) -> dict[str, tuple[str, list[SnapshotPage]]]:
    """Each linked target's verdict: "dead", "blocked", "unconfirmed" or "ok"."""
    blocked_statuses = set(ctx.settings.thresholds.inspection.blocked_statuses)
    verdicts: dict[str, tuple[str, list[SnapshotPage]]] = {}
    for url, attempts in _attempts(ctx).items():
        if any(p.outcome == "blocked" or p.status in blocked_statuses for p in attempts):
            verdict = "blocked"
        elif any(p.outcome not in _FAILED for p in attempts):
            verdict = "ok"
        else:
            separation = ctx.settings.thresholds.inspection.dead_link_confirm_after_s
            verdict = "dead" if confirming_pair(attempts, separation) else "unconfirmed"
        verdicts[url] = (verdict, attempts)
    return verdicts


def confirming_pair(
    attempts: list[SnapshotPage], separation_s: float
) -> tuple[SnapshotPage, SnapshotPage] | None:
    """The first failure and the first later one at least ``separation_s`` after it, if any."""
    timed = sorted((p for p in attempts if p.fetched_at is not None), key=lambda p: p.fetched_at or _EPOCH)
    if not timed:
        return None
    first = timed[0]
    assert first.fetched_at is not None
    for later in timed[1:]:
        assert later.fetched_at is not None
        if (later.fetched_at - first.fetched_at).total_seconds() >= separation_s:
            return first, later
    return None


def beijing(at: dt.datetime, *, with_date: bool = True) -> str:
    """A stored time (naive UTC) as the documents print it: Beijing time, to the second."""
    aware = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at
    local = aware.astimezone(_BEIJING)
    return local.strftime("%Y-%m-%d %H:%M:%S" if with_date else "%m-%d %H:%M:%S")


def seen_twice(first: SnapshotPage, second: SnapshotPage) -> str:
    """ "2020-12-14 02:10:05 与 12-14 03:12:40 两次请求均返回 404" from the two stored attempts."""
    assert first.fetched_at is not None and second.fetched_at is not None
    when = f"{beijing(first.fetched_at)} 与 {beijing(second.fetched_at, with_date=False)} 两次请求"
    statuses = {p.status for p in (first, second)}
    if (
        all(p.outcome == "http_error" for p in (first, second))
        and len(statuses) == 1
        and None not in statuses
    ):
        return f"{when}均返回 {first.status}"
    if _what(first) == _what(second):
        return f"{when}均失败（{_what(first)}）"
    return f"{when}均失败（{_what(first)}；{_what(second)}）"


def _what(page: SnapshotPage) -> str:
    if page.status is not None and page.outcome == "http_error":
        return f"HTTP {page.status}"
    return page.reason or page.outcome


LinkScan = tuple[list[Finding], list[Finding], dict[str, int]]


def scan_links(ctx: CheckContext) -> LinkScan:
    """Dead and blocked findings (use ``ctx.link_scan``: the two checks share one scan)."""
    home = ctx.homepage
    home_urls = {canon(home.url), canon(home.final_url)} if home else set()
    refs = _referrers(ctx)
    dead: list[Finding] = []
    blocked: list[Finding] = []
    counts = {"dead": 0, "blocked": 0, "unconfirmed": 0, "checked": 0}
    for url, (verdict, attempts) in sorted(classify(ctx).items()):
        on = refs.get(url, [])
        if url in home_urls or not on:
            continue  # the homepage itself is judged by availability; unlinked pages are seeds
        counts["checked"] += 1
        if verdict == "ok":
            continue
        counts[verdict] += 1
        where = "homepage" if any(canon(r) in home_urls for r in on) else "inner"
        first_on = next((r for r in on if canon(r) in home_urls), on[0])
        last = attempts[-1]
        target = attempts[0].url
        evidence = [p.evidence(f"{p.purpose}: {_what(p)}") for p in attempts]
        if verdict == "blocked":
            status = next((p.status for p in attempts if p.status), None)
            blocked.append(
                finding(
                    ctx,
                    BLOCKED_ID,
                    severity="info",
                    title="链接访问被拦截",
                    message=f"页面 {first_on} 上的链接 {target} 访问被拦截（{_what(last)}），不计为死链",
                    url=target,
                    measured={"on": first_on, "status": status, "attempts": len(attempts)},
                    evidence=evidence,
                    key=url,
                )
            )
            continue
        measured: dict[str, object] = {"on": first_on, "where": where, "attempts": len(attempts)}
        if last.outcome == "http_error" and last.status is not None:
            measured["status"] = last.status
        else:
            measured["error"] = last.reason or last.outcome
        place = "首页" if where == "homepage" else "页面"
        if verdict == "unconfirmed":
            dead.append(
                finding(
                    ctx,
                    DEAD_ID,
                    severity="undecided",
                    title="链接可能不可用（未复核）",
                    message=(
                        f"{place} {first_on} 上的链接 {target} 打开失败（{_what(last)}），"
                        f"未能在相隔 {separation_text(ctx)} 以上再次请求复核"
                    ),
                    url=target,
                    measured=measured,
                    evidence=evidence,
                    key=url,
                )
            )
            continue
        pair = confirming_pair(attempts, ctx.settings.thresholds.inspection.dead_link_confirm_after_s)
        assert pair is not None  # "dead" means a confirming pair exists
        measured["attempts"] = sum(1 for p in attempts if p.outcome in _FAILED)
        measured["confirmed_by"] = [_at(p) for p in pair]
        dead.append(
            finding(
                ctx,
                DEAD_ID,
                severity="major" if where == "homepage" else "minor",
                title="首页链接不可用" if where == "homepage" else "链接不可用（死链）",
                message=f"{place} {first_on} 上的链接 {target} 于 {seen_twice(*pair)}",
                url=target,
                measured=measured,
                evidence=evidence,
                key=url,
            )
        )
    return dead, blocked, counts


def separation_text(ctx: CheckContext) -> str:
    seconds = ctx.settings.thresholds.inspection.dead_link_confirm_after_s
    if seconds >= 3600 and seconds % 3600 == 0:
        return f"{seconds / 3600:g} 小时"
    if seconds >= 60 and seconds % 60 == 0:
        return f"{seconds / 60:g} 分钟"
    return f"{seconds:g} 秒"


def _at(page: SnapshotPage) -> str:
    return page.fetched_at.isoformat() if page.fetched_at else ""


def run_dead(ctx: CheckContext) -> CheckResult:
    dead, _, counts = ctx.link_scan
    display = f"检查 {counts['checked']} 个链接，死链 {counts['dead']} 个"
    return judged(ctx, DEAD_ID, dead, display=display, measured=counts)


def run_blocked(ctx: CheckContext) -> CheckResult:
    _, blocked, counts = ctx.link_scan
    display = f"{counts['blocked']} 个链接访问被拦截"
    reason = (
        f"{counts['blocked']} linked targets blocked the check (403/429/503/challenge)" if blocked else None
    )
    return judged(ctx, BLOCKED_ID, blocked, display=display, measured=counts, undecided_reason=reason)


DEAD = register(
    Check(
        id=DEAD_ID,
        title="链接均可正常打开",
        failure_title="存在不可用链接（死链）",
        label="链接不可用（死链）",
        topic="inspection",
        requires=("site", "homepage", "links"),
        run=run_dead,
    )
)
BLOCKED = register(
    Check(
        id=BLOCKED_ID,
        title="链接检查未被拦截",
        failure_title="部分链接访问被拦截",
        label="链接被拦截",
        topic="inspection",
        requires=("site", "homepage", "links"),
        run=run_blocked,
    )
)
