"""The interpretation checks (docs/checks.md, issue 7), registered with ``checks.base``.

| id | topic | rubric item (Annexes 3–4) |
|---|---|---|
| interpretation.missing | interpretation_responsibility | 谁起草、谁解读: −1 a policy, cap 5 |
| interpretation.late | interpretation_timeliness | 三同步: > ``max_lag_working_days`` |
| interpretation.nontext_share | interpretation_nontext | 非纯文字解读比例 ≥ 70 %: −1 a point below, cap 6 |
| interpretation.channel_share | interpretation_channel | 发布渠道占比 ≥ 50 %: −1 a point below, cap 6 |

Every result carries the unit's figures (``UnitInterpretations.figures()``) in ``measured``.
"""

from __future__ import annotations

import math
from typing import Any

from checks.base import Check, CheckResult, Finding, finding, judged, register, undecided
from checks.context import CheckContext
from checks.interpretation.model import Interpretation


def _evidence(ctx: CheckContext, url: str, excerpt: str) -> list[dict[str, Any]]:
    page = ctx.page(url)
    if page is None:
        return [{"url": url, "excerpt": excerpt}]
    return [page.evidence(excerpt)]


def run_missing(ctx: CheckContext) -> CheckResult:
    data = ctx.interpretations
    if not data.policies:
        return undecided(
            ctx,
            "interpretation.missing",
            "未找到政策文件栏目 no policy column found",
            display="未找到政策文件栏目 no policy column found",
            measured=data.figures(),
        )
    findings = []
    for policy in data.without_interpretation:
        label = policy.doc_number or policy.title
        findings.append(
            finding(
                ctx,
                "interpretation.missing",
                severity="minor",
                title="政策性文件未解读",
                message=f"《{policy.title}》（{label}）未发布解读，也未说明不作解读的依据和理由。",
                url=policy.url,
                measured={"doc_number": policy.doc_number, "title": policy.title},
                evidence=_evidence(ctx, policy.url, policy.title),
            )
        )
    display = f"{len(data.policies)} 件政策文件，{len(findings)} 件无解读"
    return judged(ctx, "interpretation.missing", findings, display=display, measured=data.figures())


def run_late(ctx: CheckContext) -> CheckResult:
    data = ctx.interpretations
    if not data.interpretations:
        return undecided(
            ctx,
            "interpretation.late",
            "未找到政策解读 no interpretation found",
            display="未找到政策解读 no interpretation found",
            measured=data.figures(),
        )
    findings = []
    for interp in data.late:
        policy = data.policies[interp.policy_url or ""]
        findings.append(
            finding(
                ctx,
                "interpretation.late",
                severity="minor",
                title="政策解读未与文件同步发布",
                message=(
                    f"解读“{interp.title}”发布于 {interp.published}，所解读文件《{policy.title}》发布于 "
                    f"{policy.published}，相隔 {interp.lag_working_days} 个工作日，"
                    f"超过 {data.max_lag} 个工作日。"
                ),
                url=interp.url,
                measured={"policy_url": policy.url, "lag_working_days": interp.lag_working_days},
                evidence=_evidence(ctx, interp.url, interp.title) + _evidence(ctx, policy.url, policy.title),
            )
        )
    display = f"{len(data.interpretations)} 篇解读，{len(findings)} 篇滞后"
    return judged(ctx, "interpretation.late", findings, display=display, measured=data.figures())


def _share_finding(
    ctx: CheckContext,
    check_id: str,
    share: float,
    minimum: float,
    count: int,
    total: int,
    behind: list[Interpretation],
    words: tuple[str, str],
) -> Finding:
    below = math.ceil(round((minimum - share) * 100, 6))
    title, what = words
    return finding(
        ctx,
        check_id,
        severity="minor",
        title=title,
        message=(
            f"{what}占政策解读总量 {share:.1%}（{count}/{total}），低于 {minimum:.0%}，"
            f"相差 {below} 个百分点。"
        ),
        measured={
            "share": share,
            "minimum": minimum,
            "points_below": below,
            "total": total,
            "urls": [i.url for i in behind],
        },
        evidence=[e for i in behind for e in _evidence(ctx, i.url, i.title)][:50],
    )


def run_nontext_share(ctx: CheckContext) -> CheckResult:
    data = ctx.interpretations
    minimum = ctx.settings.thresholds.interpretation.nontext_min_share
    share = data.nontext_share
    if share is None:
        return undecided(
            ctx,
            "interpretation.nontext_share",
            "无可判定形式的政策解读 no interpretation",
            display="无可判定形式的政策解读 no interpretation",
            measured=data.figures(),
        )
    total = sum(1 for i in data.interpretations.values() if i.form is not None)
    findings = []
    if share < minimum:
        below = _share_finding(
            ctx,
            "interpretation.nontext_share",
            share,
            minimum,
            len(data.nontext),
            total,
            data.nontext,
            ("非纯文字解读比例不足", "非纯文字解读量"),
        )
        below.measured["nontext"] = len(data.nontext)
        findings.append(below)
    display = f"非纯文字解读 {len(data.nontext)}/{total} = {share:.0%}"
    return judged(ctx, "interpretation.nontext_share", findings, display=display, measured=data.figures())


def run_channel_share(ctx: CheckContext) -> CheckResult:
    data = ctx.interpretations
    minimum = ctx.settings.thresholds.interpretation.other_channel_min_share
    share = data.channel_share
    if share is None:
        return undecided(
            ctx,
            "interpretation.channel_share",
            "无可判定的政策解读 no interpretation",
            display="无可判定的政策解读 no interpretation",
            measured=data.figures(),
        )
    total = sum(1 for i in data.interpretations.values() if i.fetched)
    findings = []
    if share < minimum:
        below = _share_finding(
            ctx,
            "interpretation.channel_share",
            share,
            minimum,
            len(data.other_channel),
            total,
            data.other_channel,
            ("非政府网站渠道发布解读比例不足", "在非政府网站渠道发布的解读量"),
        )
        below.measured["other_channel"] = len(data.other_channel)
        findings.append(below)
    display = f"非政府网站渠道 {len(data.other_channel)}/{total} = {share:.0%}"
    return judged(ctx, "interpretation.channel_share", findings, display=display, measured=data.figures())


register(
    Check(
        id="interpretation.missing",
        title="政策性文件均有解读或说明不作解读的理由",
        failure_title="政策性文件没有解读",
        topic="interpretation_responsibility",
        requires=("pages", "rendered"),
        run=run_missing,
    )
)
register(
    Check(
        id="interpretation.late",
        title="政策解读与文件同步发布",
        failure_title="政策解读滞后于文件发布",
        topic="interpretation_timeliness",
        requires=("pages", "rendered"),
        run=run_late,
    )
)
register(
    Check(
        id="interpretation.nontext_share",
        title="非纯文字解读比例达到要求",
        failure_title="非纯文字解读比例不足",
        topic="interpretation_nontext",
        requires=("pages", "rendered"),
        run=run_nontext_share,
    )
)
register(
    Check(
        id="interpretation.channel_share",
        title="非政府网站渠道发布解读比例达到要求",
        failure_title="非政府网站渠道发布解读比例不足",
        topic="interpretation_channel",
        requires=("pages", "rendered"),
        run=run_channel_share,
    )
)
