"""inspection.hidden_link (暗链) and inspection.illegal_link (rules.md §3, security veto).

A hidden link is a link a visitor cannot see (display:none, visibility, off-screen
positioning, zero size, same-colour text, tiny fonts) pointing away from government sites —
what an attacker injects into a hacked page. Visibility comes from the browser where the page
was rendered (``render_report``, computed after scripts ran) and otherwise from the page's
inline styles and stylesheet rules; a link a script touches cannot be judged without a browser
and is reported as undecided. How it was hidden: "inline" (its style attribute or an
ancestor's), "class" (a stylesheet rule), "script" (visible in the markup, hidden once scripts
ran, or written by a script).

An illegal link is any link (visible or not) whose host is one of ``hidden_link_domains`` or
whose text or URL contains one of ``hidden_link_keywords``.
"""

from __future__ import annotations

from typing import Any

from checks.base import Check, CheckResult, Finding, finding, judged, register
from checks.context import CheckContext
from checks.inspection._common import canon
from config.settings import InspectionThresholds
from pages.urls import host_of, in_scope, join
from pages.visibility import StaticLink, script_written_hrefs, static_links, stylesheet_urls
from storage.snapshot import SnapshotPage

HIDDEN_ID = "inspection.hidden_link"
ILLEGAL_ID = "inspection.illegal_link"


def _suspicious(url: str, ctx: CheckContext, t: InspectionThresholds) -> bool:
    """A target worth reporting when hidden: not the unit's own, not a government site."""
    if ctx.unit.scope and in_scope(url, list(ctx.unit.scope)):
        return False
    host = host_of(url)
    own = {host_of(prefix) for prefix in ctx.unit.scope}
    if host in own or any(host == s.lstrip(".") or host.endswith(s) for s in t.trusted_host_suffixes):
        return illegal_match(url, "", t) is not None
    return True


def illegal_match(url: str, text: str, t: InspectionThresholds) -> str | None:
    host = host_of(url)
    for domain in t.hidden_link_domains:
        domain = domain.lower().strip(".")
        if domain and (host == domain or host.endswith("." + domain)):
            return domain
    for keyword in t.hidden_link_keywords:
        if keyword and (keyword in text or keyword in url):
            return keyword
    return None


def _external_css(page: SnapshotPage, ctx: CheckContext, html: str) -> list[str]:
    from selectolax.lexbor import LexborHTMLParser

    sheets = []
    base = page.final_url or page.url
    for href in stylesheet_urls(LexborHTMLParser(html)):
        target = join(base, href)
        stored = ctx.page(target) if target else None
        if stored is not None and stored.body:
            sheets.append(stored.body.decode("utf-8", "replace"))
    return sheets


def page_links(page: SnapshotPage, ctx: CheckContext, t: InspectionThresholds) -> list[dict[str, Any]]:
    """Each link of the page: {url, text, hidden, method, why, decided}."""
    base = page.final_url or page.url
    html = ctx.html(page, rendered=False)
    report = page.render_report if isinstance(page.render_report, dict) else None
    rendered = report is not None and isinstance(report.get("links"), list)
    by_url: dict[str, StaticLink] = {}
    if not rendered or any(e.get("visible") is False for e in report["links"]):  # type: ignore[index]
        static = static_links(
            html,
            font_max_px=t.hidden_font_max_px,
            offscreen_px=t.offscreen_min_px,
            external_css=_external_css(page, ctx, html),
        )
        for link in static:
            target = join(base, link.href)
            if target:
                by_url.setdefault(canon(target), link)
    out: list[dict[str, Any]] = []
    if rendered:
        assert report is not None
        for entry in report["links"]:
            target = join(base, str(entry.get("href") or ""))
            if not target:
                continue
            hidden = entry.get("visible") is False
            seen = by_url.get(canon(target))
            method = None
            if hidden:
                method = seen.method if seen is not None and seen.hidden and seen.method else "script"
            why = entry.get("why") or (seen.why if seen is not None else None)
            text = str(entry.get("text") or (seen.text if seen else ""))
            out.append(
                {"url": target, "text": text, "hidden": hidden, "method": method, "why": why, "decided": True}
            )
        return out
    for url, link in by_url.items():
        decided = link.method != "script"
        out.append(
            {
                "url": url,
                "text": link.text,
                "hidden": link.hidden or not decided,
                "method": link.method,
                "why": link.why,
                "decided": decided,
            }
        )
    for href in script_written_hrefs(html):
        target = join(base, href)
        if target and canon(target) not in by_url:
            out.append(
                {
                    "url": target,
                    "text": "",
                    "hidden": True,
                    "method": "script",
                    "why": "written by a script",
                    "decided": False,
                }
            )
    return out


Scan = tuple[list[Finding], list[Finding], dict[str, int]]


def scan_pages(ctx: CheckContext) -> Scan:
    """Both checks' findings (use ``ctx.hidden_link_scan``: the two checks share one scan)."""
    t = ctx.settings.thresholds.inspection
    hidden: dict[str, Finding] = {}
    illegal: dict[str, Finding] = {}
    pages = ctx.readable_pages()
    counts = {"pages": len(pages), "rendered": 0, "links": 0}
    for page in pages:
        on = page.final_url or page.url
        counts["rendered"] += 1 if page.render_report else 0
        for link in page_links(page, ctx, t):
            counts["links"] += 1
            target, text = link["url"], link["text"]
            key = canon(target)
            excerpt = f'<a href="{target}">{text}</a>' + (f"（{link['why']}）" if link["why"] else "")
            matched = illegal_match(target, text, t)
            if matched and key not in illegal:
                illegal[key] = finding(
                    ctx, ILLEGAL_ID, severity="veto", title="链接指向违规内容",
                    message=f"页面 {on} 含指向违规内容的链接 {target}（“{text}”，命中“{matched}”）",
                    url=target, measured={"on": on, "matched": matched, "text": text},
                    evidence=[page.evidence(excerpt)], key=key,
                )  # fmt: skip
            if not link["hidden"] or key in hidden or not _suspicious(target, ctx, t):
                continue
            if link["decided"]:
                hidden[key] = finding(
                    ctx, HIDDEN_ID, severity="veto", title="页面存在暗链",
                    message=f"页面 {on} 含不可见链接 {target}（“{text}”），隐藏方式：{link['why']}",
                    url=target, measured={"on": on, "method": link["method"], "why": link["why"], "text": text},
                    evidence=[page.evidence(excerpt)], key=key,
                )  # fmt: skip
            else:
                hidden[key] = finding(
                    ctx, HIDDEN_ID, severity="undecided", title="疑似暗链（需浏览器判定）",
                    message=f"页面 {on} 的链接 {target} 受脚本控制，未经浏览器渲染无法判定是否可见",
                    url=target, measured={"on": on, "method": "script", "why": link["why"], "text": text},
                    evidence=[page.evidence(excerpt)], key=key,
                )  # fmt: skip
    return list(hidden.values()), list(illegal.values()), counts


def run_hidden(ctx: CheckContext) -> CheckResult:
    hidden, _, counts = ctx.hidden_link_scan
    display = f"检查 {counts['pages']} 个页面（渲染 {counts['rendered']} 个），暗链 {len(hidden)} 个"
    return judged(ctx, HIDDEN_ID, hidden, display=display, measured=counts)


def run_illegal(ctx: CheckContext) -> CheckResult:
    _, illegal, counts = ctx.hidden_link_scan
    display = f"违规链接 {len(illegal)} 个"
    return judged(ctx, ILLEGAL_ID, illegal, display=display, measured=counts)


HIDDEN = register(
    Check(
        id=HIDDEN_ID,
        title="无暗链",
        failure_title="页面存在暗链",
        label="暗链",
        topic="inspection",
        requires=("site", "homepage", "pages"),
        run=run_hidden,
    )
)
ILLEGAL = register(
    Check(
        id=ILLEGAL_ID,
        title="无违规链接",
        failure_title="存在指向违规内容的链接",
        label="违规链接",
        topic="inspection",
        requires=("site", "homepage", "pages"),
        run=run_illegal,
    )
)
