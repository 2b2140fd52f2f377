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

from checks.base import Check, CheckResult, Finding, register
from checks.interpretation.analysis import analyse
from checks.interpretation.model import Interpretation, UnitInterpretations
from config.settings import Settings
from storage.snapshot import UnitSnapshot


def _evidence(snapshot: UnitSnapshot, url: str, excerpt: str) -> list[dict[str, Any]]:
    page = snapshot.page(url)
    if page is None:
        return [{"url": url, "excerpt": excerpt}]
    return [page.evidence(excerpt)]


def _result(
    check_id: str, snapshot: UnitSnapshot, data: UnitInterpretations, findings: list[Finding], display: str
) -> CheckResult:
    return CheckResult(
        check_id=check_id,
        unit_id=snapshot.unit.id,
        score=0.0 if findings else 1.0,
        display_value=display,
        findings=findings,
        measured=data.figures(),
    )


def _undecided(check_id: str, snapshot: UnitSnapshot, data: UnitInterpretations, reason: str) -> CheckResult:
    return CheckResult(
        check_id=check_id,
        unit_id=snapshot.unit.id,
        score=None,
        display_value=reason,
        measured=data.figures(),
        undecided_reason=reason,
    )


def run_missing(snapshot: UnitSnapshot, settings: Settings) -> CheckResult:
    data = analyse(snapshot, settings)
    if not data.policies:
        return _undecided(
            "interpretation.missing", snapshot, data, "未找到政策文件栏目 no policy column found"
        )
    findings = []
    for policy in data.without_interpretation:
        label = policy.doc_number or policy.title
        findings.append(
            Finding(
                unit_id=snapshot.unit.id,
                check_id="interpretation.missing",
                severity="minor",
                title="政策性文件未解读",
                message=f"《{policy.title}》（{label}）未发布解读，也未说明不作解读的依据和理由。",
                url=policy.url,
                measured={"doc_number": policy.doc_number, "title": policy.title},
                evidence=_evidence(snapshot, policy.url, policy.title),
            )
        )
    display = f"{len(data.policies)} 件政策文件，{len(findings)} 件无解读"
    return _result("interpretation.missing", snapshot, data, findings, display)


def run_late(snapshot: UnitSnapshot, settings: Settings) -> CheckResult:
    data = analyse(snapshot, settings)
    if not data.interpretations:
        return _undecided("interpretation.late", snapshot, data, "未找到政策解读 no interpretation found")
    findings = []
    for interp in data.late:
        policy = data.policies[interp.policy_url or ""]
        findings.append(
            Finding(
                unit_id=snapshot.unit.id,
                check_id="interpretation.late",
                severity="minor",
                title="政策解读未与文件同步发布",
                message=(
                    f"解读“{interp.title}”发布于 {interp.published}，所解读文件《{policy.title}》发布于 "
                    f"{policy.published}，相隔 {interp.lag_working_days} 个工作日，"
                    f"超过 {data.max_lag} 个工作日。"
                ),
                url=interp.url,
                measured={"policy_url": policy.url, "lag_working_days": interp.lag_working_days},
                evidence=_evidence(snapshot, interp.url, interp.title)
                + _evidence(snapshot, policy.url, policy.title),
            )
        )
    display = f"{len(data.interpretations)} 篇解读，{len(findings)} 篇滞后"
    return _result("interpretation.late", snapshot, data, findings, display)


def _share_finding(
    snapshot: UnitSnapshot,
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
    return Finding(
        unit_id=snapshot.unit.id,
        check_id=check_id,
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
        evidence=[e for i in behind for e in _evidence(snapshot, i.url, i.title)][:50],
    )


def run_nontext_share(snapshot: UnitSnapshot, settings: Settings) -> CheckResult:
    data = analyse(snapshot, settings)
    minimum = settings.thresholds.interpretation.nontext_min_share
    share = data.nontext_share
    if share is None:
        return _undecided(
            "interpretation.nontext_share", snapshot, data, "无可判定形式的政策解读 no interpretation"
        )
    total = sum(1 for i in data.interpretations.values() if i.form is not None)
    findings = []
    if share < minimum:
        finding = _share_finding(
            snapshot,
            "interpretation.nontext_share",
            share,
            minimum,
            len(data.nontext),
            total,
            data.nontext,
            ("非纯文字解读比例不足", "非纯文字解读量"),
        )
        finding.measured["nontext"] = len(data.nontext)
        findings.append(finding)
    display = f"非纯文字解读 {len(data.nontext)}/{total} = {share:.0%}"
    return _result("interpretation.nontext_share", snapshot, data, findings, display)


def run_channel_share(snapshot: UnitSnapshot, settings: Settings) -> CheckResult:
    data = analyse(snapshot, settings)
    minimum = settings.thresholds.interpretation.other_channel_min_share
    share = data.channel_share
    if share is None:
        return _undecided(
            "interpretation.channel_share", snapshot, data, "无可判定的政策解读 no interpretation"
        )
    total = sum(1 for i in data.interpretations.values() if i.fetched)
    findings = []
    if share < minimum:
        finding = _share_finding(
            snapshot,
            "interpretation.channel_share",
            share,
            minimum,
            len(data.other_channel),
            total,
            data.other_channel,
            ("非政府网站渠道发布解读比例不足", "在非政府网站渠道发布的解读量"),
        )
        finding.measured["other_channel"] = len(data.other_channel)
        findings.append(finding)
    display = f"非政府网站渠道 {len(data.other_channel)}/{total} = {share:.0%}"
    return _result("interpretation.channel_share", snapshot, data, findings, display)


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
        title="非纯文字解读比例不低于 70%",
        failure_title="非纯文字解读比例不足",
        topic="interpretation_nontext",
        requires=("pages", "rendered", "media"),
        run=run_nontext_share,
    )
)
register(
    Check(
        id="interpretation.channel_share",
        title="非政府网站渠道发布解读比例不低于 50%",
        failure_title="非政府网站渠道发布解读比例不足",
        topic="interpretation_channel",
        requires=("pages", "rendered"),
        run=run_channel_share,
    )
)
