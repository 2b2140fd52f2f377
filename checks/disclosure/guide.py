"""The guide (政府信息公开指南): up to date with the 2019 Regulations, and complete (rules.md §1).

- ``disclosure.guide_stale``: the guide cites the 2008 Regulations (国务院令第492号), its content
  still carries 2008 traits (15-day replies, the "三需要" condition, cost fees —
  ``pages.guide``, each shown with its sentence), or it was last dated before the 2019
  Regulations came into force (setting ``regulations_in_force``);
- ``disclosure.guide_incomplete``: Article 12 elements (``guide_required_elements``) the guide
  does not give, looked for in the part of its layout where each belongs (``pages.guide``:
  the office's particulars in the part on the office or on requests …); undecided when its
  numbered parts cannot be read or an element is said only in an unrelated part.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checks.base import Check, CheckResult, failed, finding, passed, register, undecided
from checks.context import CheckContext
from checks.disclosure.common import TOPIC_COLUMN
from checks.disclosure.documents import Document, documents
from pages.guide import read_guide_content


@dataclass
class GuideReading:
    document: Document | None
    reason: str | None = None  # when there is no document to judge

    @property
    def text(self) -> str:
        info = self.document.info if self.document else None
        return (info.body_text or "") if info else ""


def _is_guide(title: str) -> bool:
    return "指南" in title


def read_guide(ctx: CheckContext) -> GuideReading:
    column = ctx.disclosure_column
    if column.status != "present":
        return GuideReading(None, f"专栏{column.status}：{column.reason}")
    sub = column.sub("guide")
    if sub.status != "present":
        return GuideReading(None, f"指南子栏目{sub.status}：{sub.reason}")
    if sub.page is None:
        return GuideReading(None, f"指南页面未抓取 {sub.url}")
    found, problems = documents(ctx, sub.page, _is_guide)
    readable = [d for d in found if d.info is not None]
    if not readable:
        why = "; ".join([d.problem or "" for d in found] + problems) or "指南栏目中没有指南正文"
        return GuideReading(None, why)
    newest = max(
        readable, key=lambda d: d.info.publish_date.isoformat() if d.info and d.info.publish_date else ""
    )
    return GuideReading(newest)


def _stale(ctx: CheckContext) -> CheckResult:
    check_id = "disclosure.guide_stale"
    limits = ctx.settings.thresholds.disclosure
    reading = read_guide(ctx)
    document = reading.document
    if document is None or document.info is None or document.page is None:
        return undecided(ctx, check_id, reading.reason or "")
    date = document.info.publish_date
    cited = next((c for c in limits.guide_obsolete_citations if c in reading.text), None)
    content = read_guide_content(reading.text)
    measured: dict[str, Any] = {
        "date": date.isoformat() if date else None,
        "cites": cited,
        "content": content.to_json(),
    }
    if cited:
        reason, why = "cites_2008_regulations", f"仍引用2008年《条例》（{cited}）"
        excerpt = _excerpt(reading.text, cited)
    elif content.era == "2008":
        reason, why = "2008_content", content.era_reason
        excerpt = content.traits_2008[0].sentence or ""
    elif date is not None and date < limits.regulations_in_force:
        reason, why = (
            "dated_before_2019",
            f"最后更新于{date.isoformat()}，早于新《条例》施行日{limits.regulations_in_force}",
        )
        excerpt = f"发布日期 {date.isoformat()}"
    elif date is None:
        return undecided(ctx, check_id, f"指南 {document.url} 没有可读的发布日期")
    else:
        return passed(ctx, check_id, f"指南 {date.isoformat()}", measured)
    return failed(
        ctx,
        check_id,
        "指南未按新《条例》更新",
        [
            finding(
                ctx,
                check_id,
                title="政府信息公开指南未按2019年修订的《条例》更新",
                message=f"指南 {document.url} {why}。",
                url=document.url,
                measured={
                    "reason": reason,
                    "date": measured["date"],
                    "cites": cited,
                    "content": content.to_json(),
                },
                evidence=[document.page.evidence(excerpt)],
            )
        ],
        measured,
    )


def _incomplete(ctx: CheckContext) -> CheckResult:
    check_id = "disclosure.guide_incomplete"
    required = set(ctx.settings.thresholds.disclosure.guide_required_elements)
    reading = read_guide(ctx)
    document = reading.document
    if document is None or document.page is None or not reading.text:
        return undecided(ctx, check_id, reading.reason or "指南正文为空")
    content = read_guide_content(reading.text)
    proofs = [proof for proof in content.elements if proof.key in required]
    missing = [p for p in proofs if p.status == "missing"]
    unsure = [p for p in proofs if p.status == "undecided"]
    measured = {
        "missing": [p.key for p in missing],
        "undecided": [p.key for p in unsure],
        "structure": content.to_json()["structure"],
        "article_12": [p.to_json() for p in proofs],
    }
    if missing:
        names = "、".join(p.name for p in missing)
        return failed(
            ctx,
            check_id,
            f"指南缺少{names}",
            [
                finding(
                    ctx,
                    check_id,
                    title="政府信息公开指南要素不全",
                    message=f"指南 {document.url} 未写明：{names}（{missing[0].section}）。",
                    url=document.url,
                    measured=measured,
                    evidence=[document.page.evidence("；".join(content.structure or ())[:300])],
                )
            ],
            measured,
        )
    if unsure:
        why = "；".join(f"{p.name}：{p.section}" for p in unsure)
        return undecided(
            ctx, check_id, f"指南 {document.url} 以下要素无法判定：{why}", url=document.url, measured=measured
        )
    return passed(ctx, check_id, "要素齐全", measured)


def _excerpt(text: str, needle: str, width: int = 40) -> str:
    at = text.find(needle)
    return text[max(0, at - width) : at + len(needle) + width].replace("\n", " ")


register(
    Check(
        id="disclosure.guide_stale",
        title="指南已按2019年《条例》更新",
        failure_title="指南未按2019年《条例》更新",
        topic=TOPIC_COLUMN,
        requires=("pages",),
        run=_stale,
    )
)
register(
    Check(
        id="disclosure.guide_incomplete",
        title="指南要素齐全",
        failure_title="指南要素不全",
        topic=TOPIC_COLUMN,
        requires=("pages",),
        run=_incomplete,
    )
)
