"""inspection.wording_error — severe wording errors (rules.md §3, security/severe content veto).

A configurable dictionary (``wording_errors``: wrong form → right form) of wrong forms of
official names and terms, e.g. a leader's name or title written wrongly. Every page's visible
text is searched; each match is shown in context. A wrong form inside an occurrence of its
right form (when one contains the other) is not an error.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from checks.base import Check, CheckResult, Finding, finding, judged, register
from checks.context import CheckContext
from pages.text import node_lines

CHECK_ID = "inspection.wording_error"


def visible_text(html: str) -> str:
    tree = LexborHTMLParser(html)
    title = tree.css_first("title")
    lines = ([title.text().strip()] if title is not None else []) + node_lines(tree.body)
    return "\n".join(lines)


def _covered(text: str, start: int, wrong: str, right: str) -> bool:
    """True when the match at ``start`` lies inside an occurrence of the right form."""
    if wrong not in right:
        return False
    offset = right.find(wrong)
    while offset >= 0:
        begin = start - offset
        if begin >= 0 and text.startswith(right, begin):
            return True
        offset = right.find(wrong, offset + 1)
    return False


def matches(text: str, dictionary: dict[str, str], context: int) -> list[tuple[str, str, str]]:
    """(wrong, right, context) for every match, first occurrence of each wrong form."""
    found = []
    for wrong, right in dictionary.items():
        if not wrong:
            continue
        start = text.find(wrong)
        while start >= 0 and _covered(text, start, wrong, right):
            start = text.find(wrong, start + 1)
        if start >= 0:
            snippet = text[max(0, start - context) : start + len(wrong) + context].replace("\n", " ")
            found.append((wrong, right, snippet))
    return found


def run(ctx: CheckContext) -> CheckResult:
    inspection = ctx.settings.thresholds.inspection
    dictionary = dict(inspection.wording_errors)
    if not dictionary:
        return judged(ctx, CHECK_ID, [], display="未配置表述错误词典", measured={"dictionary": 0})
    findings: list[Finding] = []
    pages = ctx.readable_pages()
    for page in pages:
        text = visible_text(ctx.html(page))
        for wrong, right, context in matches(text, dictionary, inspection.wording_context_chars):
            url = page.final_url or page.url
            findings.append(
                finding(
                    ctx,
                    CHECK_ID,
                    severity="veto",
                    title="严重表述错误",
                    message=f"页面 {url} 将“{right}”误写为“{wrong}”：…{context}…",
                    url=url,
                    measured={"wrong": wrong, "right": right, "context": context},
                    evidence=[page.evidence(context)],
                    key=f"{url}|{wrong}",
                )
            )
    display = f"检查 {len(pages)} 个页面，发现 {len(findings)} 处严重表述错误"
    return judged(
        ctx, CHECK_ID, findings, display=display, measured={"pages": len(pages), "errors": len(findings)}
    )


CHECK = register(
    Check(
        id=CHECK_ID,
        title="无严重表述错误",
        failure_title="存在严重表述错误",
        label="严重表述错误",
        topic="inspection",
        requires=("site", "homepage", "pages"),
        run=run,
    )
)
