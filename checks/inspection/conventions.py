"""inspection.meta_missing and inspection.site_id_invalid — page conventions (rules.md §6).

Article pages must carry the mandatory meta tags (``article_meta_required``: ArticleTitle,
PubDate, ContentSource), matched case-insensitively; one unit-level finding counts the pages
and the tags. The homepage must carry a valid 网站标识码 (``<meta name="SiteIDCode">``
matching ``site_id_pattern``).
"""

from __future__ import annotations

import re
from collections import Counter

from selectolax.lexbor import LexborHTMLParser

from checks.base import Check, CheckResult, finding, judged, register
from checks.context import CheckContext, is_readable
from pages.meta import meta_value, read_meta
from storage.snapshot import SnapshotPage

META_ID = "inspection.meta_missing"
SITE_ID = "inspection.site_id_invalid"
ARTICLE_KINDS = frozenset({"article", "interpretation", "guide", "annual_report"})


def page_meta(ctx: CheckContext, page: SnapshotPage) -> dict[str, str]:
    info = ctx.info(page)
    if info is not None:
        return dict(info.meta)
    return read_meta(LexborHTMLParser(ctx.html(page, rendered=False)))


def article_pages(ctx: CheckContext) -> list[SnapshotPage]:
    home = ctx.homepage
    out = []
    for page in ctx.readable_pages():
        info = ctx.info(page)
        if page is home or info is None or info.kind not in ARTICLE_KINDS:
            continue
        meta = page_meta(ctx, page)
        if meta_value(meta, "ColumnType") and not meta_value(meta, "ArticleTitle"):
            continue  # the page declares itself a column page
        out.append(page)
    return out


def run_meta(ctx: CheckContext) -> CheckResult:
    required = ctx.settings.thresholds.inspection.article_meta_required
    articles = article_pages(ctx)
    if not articles:
        return judged(ctx, META_ID, [], display="未发现文章页", measured={"articles": 0})
    missing: Counter[str] = Counter()
    lacking: list[tuple[SnapshotPage, list[str]]] = []
    for page in articles:
        meta = page_meta(ctx, page)
        absent = [tag for tag in required if not meta_value(meta, tag)]
        if absent:
            missing.update(absent)
            lacking.append((page, absent))
    measured = {"articles": len(articles), "pages": len(lacking), "missing": dict(missing)}
    display = f"{len(articles)} 个文章页中 {len(lacking)} 个缺少必备元数据"
    findings = []
    if lacking:
        tags = "、".join(f"{tag}（{n} 页）" for tag, n in missing.most_common())
        findings.append(
            finding(
                ctx,
                META_ID,
                severity="minor",
                title="文章页缺少必备元数据",
                message=f"{len(articles)} 个文章页中有 {len(lacking)} 个缺少必备元数据标签：{tags}",
                url=None,
                measured={"pages": len(lacking), "missing": dict(missing), "articles": len(articles)},
                evidence=[p.evidence("缺少 " + "、".join(absent)) for p, absent in lacking[:10]],
                key="meta_missing",
            )
        )
    return judged(ctx, META_ID, findings, display=display, measured=measured)


def run_site_id(ctx: CheckContext) -> CheckResult:
    home = ctx.homepage
    assert home is not None
    if not is_readable(home):
        return judged(ctx, SITE_ID, [], display="首页未能打开", undecided_reason=f"homepage {home.outcome}")
    found = meta_value(page_meta(ctx, home), "SiteIDCode")
    pattern = ctx.settings.thresholds.inspection.site_id_pattern
    valid = found is not None and re.fullmatch(pattern, found.strip()) is not None
    findings = []
    if not valid:
        url = ctx.unit.homepage or home.url
        what = f"网站标识码“{found}”格式错误" if found else "首页缺少网站标识码（SiteIDCode）"
        findings.append(
            finding(
                ctx,
                SITE_ID,
                severity="minor",
                title="网站标识码缺失或错误",
                message=f"{what}，应为 10 位数字或 bm 加 8 位数字",
                url=url,
                measured={"found": found},
                evidence=[home.evidence(f"SiteIDCode={found}")],
                key="site_id",
            )
        )
    return judged(ctx, SITE_ID, findings, display=found or "缺失", measured={"found": found, "valid": valid})


META = register(
    Check(
        id=META_ID,
        title="文章页元数据完整",
        failure_title="文章页缺少必备元数据",
        label="页面元数据缺失",
        topic="inspection",
        requires=("site", "homepage", "pages"),
        run=run_meta,
    )
)
SITE = register(
    Check(
        id=SITE_ID,
        title="网站标识码正确",
        failure_title="网站标识码缺失或错误",
        topic="inspection",
        requires=("site", "homepage"),
        run=run_site_id,
    )
)
