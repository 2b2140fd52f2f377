"""inspection.consultation_unanswered — 留言 unanswered for more than 3 months (rules.md §3, veto).

Consultation columns are list pages named by ``consultation_keywords`` (在线留言, 咨询, 信箱…).
Each item older than ``consultation_unanswered_days`` is opened from the snapshot: it is
answered when the page shows a reply (答复/回复 with content, or a status 已回复/已办结), and
unanswered when it shows none or says 未回复/待回复. An item whose page was not stored is
undecided.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from checks.base import Check, CheckResult, Finding, finding, judged, register
from checks.context import CheckContext, is_readable
from checks.inspection._common import as_date
from pages.pageinfo import PageInfo
from pages.text import node_lines
from storage.snapshot import SnapshotPage

CHECK_ID = "inspection.consultation_unanswered"
_UNANSWERED = re.compile(
    r"未回复|待回复|未答复|待答复|尚未答复|尚未回复|暂未回复|暂未答复|办理中|待处理|未办结"
)
_ANSWERED_STATUS = re.compile(r"已回复|已答复|已办结|已处理")
_REPLY_LABEL = re.compile(r"(?:答复|回复)(?:内容|意见|时间|日期|单位|部门)?\s*[:：]\s*(\S.*)?$")
_EMPTY_REPLY = re.compile(r"^(?:暂无|无|空|-+|—+|/)?$")


def answered(ctx: CheckContext, page: SnapshotPage) -> bool:
    """True when the page shows a reply to the question (a label's value may sit in the next
    cell, i.e. on the next line)."""
    lines = node_lines(LexborHTMLParser(ctx.html(page)).body)
    reply = False
    for number, line in enumerate(lines):
        match = _REPLY_LABEL.search(line)
        if match is None:
            continue
        value = (match.group(1) or "").strip()
        if not value and number + 1 < len(lines) and not _REPLY_LABEL.search(lines[number + 1]):
            value = lines[number + 1].strip()
        if not _EMPTY_REPLY.match(value) and not _UNANSWERED.search(value):
            reply = True
    text = "\n".join(lines)
    if _UNANSWERED.search(text) and not reply:
        return False
    return reply or bool(_ANSWERED_STATUS.search(text))


def consultation_lists(ctx: CheckContext) -> list[tuple[SnapshotPage, PageInfo]]:
    words = ctx.settings.thresholds.inspection.consultation_keywords
    out = []
    for page in ctx.readable_pages():
        info = ctx.info(page)
        if info is None or info.kind != "list":
            continue
        name = info.meta_value("ColumnName") or info.column_name or info.title or ""
        if any(word in name for word in words):
            out.append((page, info))
    return out


def run(ctx: CheckContext) -> CheckResult:
    limit = ctx.settings.thresholds.inspection.consultation_unanswered_days
    lists = consultation_lists(ctx)
    if not lists:
        return judged(ctx, CHECK_ID, [], display="未发现留言栏目", measured={"lists": 0},
                      undecided_reason="no consultation (留言) column found")  # fmt: skip
    findings: list[Finding] = []
    seen: set[str] = set()
    checked = 0
    for list_page, info in lists:
        for item in info.items:
            asked = as_date(item.date)
            if item.url is None or asked is None or item.url in seen:
                continue
            seen.add(item.url)
            days = (ctx.as_of - asked).days
            if days <= limit:
                continue
            checked += 1
            page = ctx.page(item.url)
            measured = {"asked": asked.isoformat(), "days": days, "title": item.title}
            if page is None or not is_readable(page):
                findings.append(
                    finding(
                        ctx, CHECK_ID, severity="undecided", title="留言答复情况无法核实",
                        message=f"留言“{item.title}”（{asked.isoformat()}）的页面未能打开，无法核实是否答复",
                        url=item.url, measured=measured, evidence=[list_page.evidence(item.title)], key=item.url,
                    )
                )  # fmt: skip
                continue
            if answered(ctx, page):
                continue
            findings.append(
                finding(
                    ctx, CHECK_ID, severity="veto",
                    message=f"留言“{item.title}”于 {asked.isoformat()} 提交，已 {days} 天未答复（超过 {limit} 天）",
                    url=item.url, measured=measured, evidence=[page.evidence(item.title)], key=item.url,
                )
            )  # fmt: skip
    unanswered = sum(1 for f in findings if f.severity == "veto")
    display = f"超过 {limit} 天的留言 {checked} 条，未答复 {unanswered} 条"
    return judged(
        ctx, CHECK_ID, findings, display=display,
        measured={"lists": len(lists), "old_items": checked, "unanswered": unanswered},
    )  # fmt: skip


CHECK = register(
    Check(
        id=CHECK_ID,
        title="留言及时答复",
        failure_title="留言长期未答复",
        label="互动留言长期未回复",
        topic="inspection",
        requires=("site", "homepage", "pages"),
        run=run,
    )
)
