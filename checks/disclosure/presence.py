"""Is the 政府信息公开 column there, and each of its statutory sub-sections (rules.md §1)?

One check per contract id (docs/checks.md). When the column itself is missing, each of its
sub-sections is missing too (the scheme deducts per missing item); when the column cannot be
judged (homepage blocked), neither can they.
"""

from __future__ import annotations

from collections.abc import Callable

from checks.base import Check, CheckResult, failed, finding, passed, register, undecided
from checks.context import CheckContext
from checks.disclosure.column import SUBSECTION_NAMES
from checks.disclosure.common import TOPIC_CATALOGUE, TOPIC_COLUMN


def _column_missing(ctx: CheckContext) -> CheckResult:
    check_id = "disclosure.column_missing"
    column = ctx.disclosure_column
    if column.status == "undecided":
        return undecided(ctx, check_id, column.reason or "", title="政府信息公开专栏无法判定")
    if column.status == "present":
        return passed(ctx, check_id, f"专栏 {column.url}", {"column_url": column.url})
    home = column.page
    evidence = [home.evidence("首页未见“政府信息公开”链接")] if home else []
    return failed(
        ctx,
        check_id,
        "未设置政府信息公开专栏",
        [
            finding(
                ctx,
                check_id,
                title="未设置“政府信息公开”专栏",
                message=f"从首页 {home.url if home else ''} 找不到“政府信息公开”专栏（链接文字或 /zfxxgk/、/xxgk/ 等路径）。",
                evidence=evidence,
            )
        ],
    )


def _subsection_check(key: str, check_id: str) -> Callable[[CheckContext], CheckResult]:
    name = SUBSECTION_NAMES[key]

    def run(ctx: CheckContext) -> CheckResult:
        column = ctx.disclosure_column
        if column.status == "undecided":
            return undecided(ctx, check_id, f"专栏无法判定：{column.reason}")
        if column.status == "missing":  # no column: none of its statutory sub-sections either
            home = column.page
            return failed(
                ctx,
                check_id,
                f"缺少{name}",
                [
                    finding(
                        ctx,
                        check_id,
                        title=f"未设置“{name}”",
                        message=f"网站没有“政府信息公开”专栏，也就没有“{name}”。",
                        measured={"column_url": None},
                        evidence=[home.evidence(f"首页未见“政府信息公开”专栏及“{name}”")] if home else [],
                    )
                ],
            )
        sub = column.sub(key)
        if sub.status == "present":
            return passed(
                ctx,
                check_id,
                f"{name} {sub.url}",
                {"url": sub.url, "link_text": sub.link.label if sub.link else None},
            )
        if sub.status == "undecided":
            return undecided(ctx, check_id, sub.reason or "", title=f"{name}无法判定", url=sub.url)
        evidence = sub.evidence() or (
            [column.page.evidence(f"专栏页未见“{name}”链接")] if column.page else []
        )
        message = (
            f"政府信息公开专栏 {column.url} 中没有“{name}”子栏目。"
            if sub.link is None
            else f"“{name}”链接 {sub.url} 打不开（{sub.reason}）。"
        )
        return failed(
            ctx,
            check_id,
            f"缺少{name}",
            [
                finding(
                    ctx,
                    check_id,
                    title=f"政府信息公开专栏缺少“{name}”",
                    message=message,
                    measured={"column_url": column.url, "link_url": sub.url},
                    evidence=evidence,
                )
            ],
        )

    return run


register(
    Check(
        id="disclosure.column_missing",
        title="设置了“政府信息公开”专栏",
        failure_title="未设置“政府信息公开”专栏",
        topic=TOPIC_COLUMN,
        requires=("pages",),
        run=_column_missing,
    )
)
for _key, _check_id, _topic in (
    ("guide", "disclosure.guide_missing", TOPIC_COLUMN),
    ("rules", "disclosure.rules_missing", TOPIC_COLUMN),
    ("statutory", "disclosure.statutory_missing", TOPIC_COLUMN),
    ("catalogue", "disclosure.catalogue_missing", TOPIC_CATALOGUE),
    ("request", "disclosure.request_channel_missing", TOPIC_COLUMN),
):
    register(
        Check(
            id=_check_id,
            title=f"专栏设有{SUBSECTION_NAMES[_key]}",
            failure_title=f"专栏缺少{SUBSECTION_NAMES[_key]}",
            topic=_topic,
            requires=("pages",),
            run=_subsection_check(_key, _check_id),
        )
    )
