"""inspection.tls — HTTPS: certificate validity, expiry, mixed content (rules.md §3).

Certificate facts come from the availability probes of an https homepage (the newest probe
that completed a handshake). A site served over plain http has no certificate to judge: that
is shown, not counted. Mixed content: an https page loading http:// scripts, styles, images
or frames.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from checks.base import Check, CheckResult, Finding, finding, judged, register
from checks.context import CheckContext
from checks.inspection.availability import PROBE_KIND
from pages.urls import join
from storage.snapshot import SnapshotPage, SnapshotProbe

CHECK_ID = "inspection.tls"
_SUBRESOURCES = (
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("link", "href"),
    ("video", "src"),
    ("audio", "src"),
    ("source", "src"),
    ("embed", "src"),
)
_TITLES = {
    "expired": "HTTPS证书已过期",
    "expiring": "HTTPS证书即将过期",
    "invalid": "HTTPS证书无效",
    "mixed_content": "HTTPS页面加载不安全内容",
}


def _latest_tls(ctx: CheckContext, homepage: str) -> SnapshotProbe | None:
    host = urlsplit(homepage).hostname
    probes = [
        p
        for p in ctx.snapshot.probes
        if p.kind == PROBE_KIND and (p.details or {}).get("tls") and urlsplit(p.url).hostname == host
    ]
    return max(probes, key=lambda p: p.at) if probes else None


def mixed_content(ctx: CheckContext, page: SnapshotPage) -> list[str]:
    """http:// subresources of an https page (links to http pages are not mixed content)."""
    base = page.final_url or page.url
    if not base.startswith("https://"):
        return []
    tree = LexborHTMLParser(ctx.html(page))
    found: list[str] = []
    for tag, attribute in _SUBRESOURCES:
        for node in tree.css(f"{tag}[{attribute}]"):
            if tag == "link" and "stylesheet" not in (node.attributes.get("rel") or "").lower():
                continue
            target = join(base, node.attributes.get(attribute) or "")
            if target and target.startswith("http://") and target not in found:
                found.append(target)
    return found


def _certificate_problem(tls: dict[str, object], as_of: dt.date, warn_days: int) -> tuple[str, str] | None:
    not_after = _parse(tls.get("not_after"))
    if not_after is not None and not_after.date() < as_of:
        return "expired", f"证书已于 {not_after.date().isoformat()} 过期"
    error = tls.get("verify_error")
    not_before = _parse(tls.get("not_before"))
    # The probe's clock said expired or not yet valid; the audit judges the dates as of
    # ``as_of`` (a re-run of an earlier day must reach that day's verdict).
    on_audit_day = not_after is not None and (not_before is None or not_before.date() <= as_of)
    if error and _only_about_time(str(error)) and on_audit_day:
        error = None
    if error or tls.get("hostname_match") is False:
        why = str(error) if error else "证书与域名不符"
        return "invalid", f"证书校验失败：{why}"
    if not_after is not None and (not_after.date() - as_of).days <= warn_days:
        days = (not_after.date() - as_of).days
        return (
            "expiring",
            f"证书将于 {not_after.date().isoformat()} 过期（剩 {days} 天，预警 {warn_days} 天）",
        )
    return None


def _only_about_time(error: str) -> bool:
    text = error.lower()
    return "expired" in text or "not yet valid" in text


def run(ctx: CheckContext) -> CheckResult:
    home = ctx.homepage
    assert home is not None
    url = ctx.unit.homepage or home.url
    https = (home.final_url or home.url).startswith("https://") or url.startswith("https://")
    if not https:
        return judged(ctx, CHECK_ID, [], display="未启用HTTPS", measured={"https": False})
    findings: list[Finding] = []
    measured: dict[str, object] = {"https": True}
    probe = _latest_tls(ctx, url)
    undecided_reason = None
    if probe is None:
        undecided_reason = "no certificate facts: no availability probe of the https homepage"
    else:
        tls = dict(probe.details["tls"])
        measured["certificate"] = {
            k: tls.get(k) for k in ("not_after", "issuer", "verify_error", "hostname_match")
        }
        warn = ctx.settings.thresholds.inspection.cert_expiry_warning_days
        problem = _certificate_problem(tls, ctx.as_of, warn)
        if problem is not None:
            kind, text = problem
            findings.append(
                finding(
                    ctx,
                    CHECK_ID,
                    severity="minor" if kind == "expiring" else "major",
                    title=_TITLES[kind],
                    message=f"网站 {url} {text}",
                    url=url,
                    measured={"problem": kind, **measured["certificate"]},  # type: ignore[dict-item]
                    evidence=[{"url": probe.url, "fetched_at": probe.at.isoformat(), "excerpt": text}],
                    key=f"tls:{kind}",
                )
            )
    insecure = mixed_content(ctx, home)
    measured["mixed_content"] = len(insecure)
    if insecure:
        excerpt = "、".join(insecure[:5])
        findings.append(
            finding(
                ctx,
                CHECK_ID,
                severity="minor",
                title=_TITLES["mixed_content"],
                message=f"HTTPS首页加载了 {len(insecure)} 个 http:// 资源：{excerpt}",
                url=url,
                measured={"problem": "mixed_content", "resources": insecure},
                evidence=[home.evidence(excerpt)],
                key="tls:mixed_content",
            )
        )
    display = "、".join(str(f.measured["problem"]) for f in findings) or "HTTPS正常"
    return judged(
        ctx, CHECK_ID, findings, display=display, measured=measured, undecided_reason=undecided_reason
    )


def _parse(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


CHECK = register(
    Check(
        id=CHECK_ID,
        title="HTTPS配置正确",
        failure_title="HTTPS证书或内容存在问题",
        label="HTTPS证书问题",
        topic="inspection",
        requires=("site", "homepage"),
        run=run,
    )
)
