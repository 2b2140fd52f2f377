"""The unit's document list against what its site shows (Annex 5 item 5): ``doclist.*`` findings.

Pure: the imported rows, the unit's snapshot (the command adds the listed links it fetched)
and the settings. Per row: the proactive-disclosure link opens and shows the named document;
each interpretation link opens and is an interpretation of that document; the "pure text"
claim agrees with the form the page shows. Over the list: site documents missing from it,
listed proactive documents missing from the site, gaps in 文号 sequences, and the share of
依申请公开 / 不予公开 attributes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from checks.base import Finding
from checks.context import CheckContext, is_readable
from checks.doclist.importer import DocList, DocListRow
from checks.interpretation.model import UnitInterpretations, doc_key
from checks.interpretation.similarity import similarity
from config.settings import Settings
from pages.docnumbers import parse_doc_number
from pages.forms import classify_form
from pages.pageinfo import PageInfo
from pages.urls import canonicalize
from storage.snapshot import SnapshotPage

_FORM_NAMES = {
    "text": "纯文字",
    "graphic": "图解",
    "video": "视频",
    "audio": "音频",
    "animation": "动漫",
    "h5": "H5",
    "interview": "访谈",
    "qa": "问答",
    "press_conference": "新闻发布会",
}


@dataclass
class DocListResult:
    unit_id: str
    findings: list[Finding] = field(default_factory=list)
    measured: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Opened:
    page: SnapshotPage | None
    info: PageInfo | None
    status: int | None

    @property
    def ok(self) -> bool:
        return self.info is not None


def crosscheck(doclist: DocList, ctx: CheckContext) -> DocListResult:
    data = ctx.interpretations
    result = DocListResult(unit_id=ctx.unit.id)
    rows = doclist.rows
    for row in rows:
        _check_row(row, doclist, ctx, data, result)
    _missing_from_list(rows, ctx, data, result)
    _missing_from_site(rows, doclist, ctx, data, result)
    _docnumber_gaps(rows, data, doclist, ctx.settings, result)
    _attribute_overuse(rows, doclist, ctx.settings, result)
    result.measured.update(
        {
            "rows": len(rows),
            "proactive": sum(1 for r in rows if r.publicity == "主动公开"),
            "on_request": sum(1 for r in rows if r.publicity == "依申请公开"),
            "withheld": sum(1 for r in rows if r.publicity == "不予公开"),
            "no_attribute": [r.row for r in rows if r.publicity is None],
            "site_policies": len(data.policies),
            "site_interpretations": len(data.interpretations),
        }
    )
    return result


def _finding(unit_id: str, check_id: str, title: str, message: str, **kw: Any) -> Finding:
    return Finding(unit_id=unit_id, check_id=check_id, severity="minor", title=title, message=message, **kw)


def _row_evidence(doclist: DocList, row: DocListRow) -> dict[str, Any]:
    excerpt = "；".join(f"{k}: {v}" for k, v in row.raw.items())
    return {"file": doclist.path, "sheet": row.sheet, "row": row.row, "excerpt": excerpt}


def _open(ctx: CheckContext, url: str) -> _Opened:
    page = ctx.page(url)
    if page is None:
        return _Opened(None, None, None)
    return _Opened(page, ctx.info(page) if is_readable(page) else None, page.body_status)


def _shows(info: PageInfo, row: DocListRow, minimum: float, strict: float) -> bool:
    """Whether a page is the named document: same 文号, else a similar title."""
    listed, shown = doc_key(row.doc_number), doc_key(info.doc_number)
    if listed and shown:
        return listed == shown
    return similarity(info.title or "", row.title) >= max(minimum, strict)


def _broken(
    ctx: CheckContext, doclist: DocList, row: DocListRow, url: str, opened: _Opened, what: str, why: str
) -> Finding:
    """A listed link that does not open (or shows something else). A link nobody fetched is
    reported as undecided: the command fetches the listed links the crawl did not store."""
    evidence = [_row_evidence(doclist, row)]
    if opened.page is not None:
        evidence.append(opened.page.evidence(why))
    return Finding(
        unit_id=ctx.unit.id,
        check_id="doclist.link_broken",
        severity="minor" if opened.page is not None else "undecided",
        title="公文列表链接无效",
        message=f"列表第 {row.row} 行《{row.title}》的{what}链接 {url} {why}。",
        url=url,
        measured={"status": opened.status, "row": row.row, "reason": why},
        evidence=evidence,
    )


def _why(opened: _Opened) -> str:
    if opened.page is None:
        return "未抓取，无法判断是否可以打开"
    if opened.status is None:
        return f"无法打开（{opened.page.reason or opened.page.outcome}）"
    return f"打开失败（HTTP {opened.status}）"


def _check_row(
    row: DocListRow,
    doclist: DocList,
    ctx: CheckContext,
    data: UnitInterpretations,
    result: DocListResult,
) -> None:
    minimum = ctx.settings.thresholds.interpretation.title_similarity_min
    strict = ctx.settings.thresholds.interpretation.doclist_title_similarity_min
    if row.policy_url:
        opened = _open(ctx, row.policy_url)
        if not opened.ok:
            result.findings.append(_broken(ctx, doclist, row, row.policy_url, opened, "公文", _why(opened)))
        elif opened.info is not None and not _shows(opened.info, row, minimum, strict):
            shown = opened.info.doc_number or opened.info.title
            why = f"打开的是另一文件（{shown}）"
            result.findings.append(_broken(ctx, doclist, row, row.policy_url, opened, "公文", why))
    for url in row.interpretation_urls:
        opened = _open(ctx, url)
        if not opened.ok or opened.info is None:
            result.findings.append(_broken(ctx, doclist, row, url, opened, "解读", _why(opened)))
            continue
        interp = data.interpretations.get(canonicalize(opened.page.final_url or url if opened.page else url))
        interp = interp or data.interpretations.get(canonicalize(url))
        explains = _explains(interp.policy_url if interp else None, opened.info, row, data, minimum, strict)
        if not explains:
            why = "不是该文件的解读"
            result.findings.append(_broken(ctx, doclist, row, url, opened, "解读", why))
            continue
        if row.pure_text is None:
            continue
        detected = interp.form if interp and interp.form else None
        signals = interp.form_signals if interp else []
        if detected is None and opened.page is not None and opened.page.body is not None:
            form = classify_form(opened.page.body.decode("utf-8", "replace"), opened.info.title, url)
            detected, signals = form.form, form.signals
        if detected is None or (detected == "text") == row.pure_text:
            continue
        claimed = "纯文字" if row.pure_text else _FORM_NAMES.get(row.claimed_form or "", "非纯文字")
        assert opened.page is not None
        result.findings.append(
            _finding(
                ctx.unit.id,
                "doclist.false_text_claim",
                "公文列表所报解读形式与实际不符",
                f"列表第 {row.row} 行称《{row.title}》的解读为“{claimed}”，"
                f"页面实际为{_FORM_NAMES.get(detected, detected)}解读（{'；'.join(signals[:3])}）。",
                url=url,
                measured={"claimed": claimed, "detected": detected, "row": row.row, "signals": signals},
                evidence=[_row_evidence(doclist, row), opened.page.evidence("；".join(signals[:3]))],
            )
        )


def _explains(
    linked_policy: str | None,
    info: PageInfo,
    row: DocListRow,
    data: UnitInterpretations,
    minimum: float,
    strict: float,
) -> bool:
    """Whether an interpretation page explains the listed document."""
    if linked_policy is not None:
        policy = data.policies.get(linked_policy)
        if row.policy_url and canonicalize(row.policy_url) == linked_policy:
            return True
        if policy is not None and policy.doc_key and doc_key(row.doc_number):
            return policy.doc_key == doc_key(row.doc_number)
        if policy is not None:
            return similarity(policy.title, row.title) >= max(minimum, strict)
    listed = doc_key(row.doc_number)
    if listed and listed in {doc_key(n.text) for n in info.cited_doc_numbers} | {doc_key(info.doc_number)}:
        return True
    return similarity(info.title or "", row.title) >= minimum


def _listed_keys(rows: list[DocListRow]) -> tuple[set[str], set[str]]:
    keys = {k for k in (doc_key(r.doc_number) for r in rows) if k}
    urls = {canonicalize(r.policy_url) for r in rows if r.policy_url}
    return keys, urls


def _missing_from_list(
    rows: list[DocListRow],
    ctx: CheckContext,
    data: UnitInterpretations,
    result: DocListResult,
) -> None:
    keys, urls = _listed_keys(rows)
    titles = [r.title for r in rows]
    year = ctx.settings.audit.year
    for url, policy in data.policies.items():
        parsed = parse_doc_number(policy.doc_number)
        in_year = (
            (parsed.year == year)
            if parsed
            else (policy.published is not None and policy.published.year == year)
        )
        if not in_year or url in urls or (policy.doc_key and policy.doc_key in keys):
            continue
        if not policy.doc_key and any(
            similarity(policy.title, t)
            >= ctx.settings.thresholds.interpretation.doclist_same_title_similarity
            for t in titles
        ):
            continue
        page = ctx.page(url)
        result.findings.append(
            _finding(
                ctx.unit.id,
                "doclist.missing_from_list",
                "网站公开的文件未列入公文列表",
                f"网站公开的《{policy.title}》（{policy.doc_number or '无文号'}）不在单位报送的公文列表中。",
                url=url,
                measured={"doc_number": policy.doc_number, "title": policy.title},
                evidence=[page.evidence(policy.title)] if page else [{"url": url, "excerpt": policy.title}],
            )
        )


def _missing_from_site(
    rows: list[DocListRow],
    doclist: DocList,
    ctx: CheckContext,
    data: UnitInterpretations,
    result: DocListResult,
) -> None:
    site_keys = {p.doc_key for p in data.policies.values() if p.doc_key}
    site_urls = set(data.policies)
    broken = {f.url for f in result.findings if f.check_id == "doclist.link_broken"}
    for row in rows:
        if row.publicity != "主动公开":
            continue
        key = doc_key(row.doc_number)
        if key and key in site_keys:
            continue
        if row.policy_url and canonicalize(row.policy_url) in site_urls:
            continue
        if row.policy_url and row.policy_url not in broken and _open(ctx, row.policy_url).ok:
            continue  # the link opens the document, outside the policy columns
        result.findings.append(
            _finding(
                ctx.unit.id,
                "doclist.missing_from_site",
                "列表中主动公开的文件未在网站公开",
                f"列表第 {row.row} 行《{row.title}》（{row.doc_number or '无文号'}）属性为主动公开，网站上未找到。",
                measured={"doc_number": row.doc_number, "title": row.title, "row": row.row},
                evidence=[_row_evidence(doclist, row)],
                key=f"missing_from_site:{key or row.title}",
            )
        )


def _docnumber_gaps(
    rows: list[DocListRow],
    data: UnitInterpretations,
    doclist: DocList,
    settings: Settings,
    result: DocListResult,
) -> None:
    serials: dict[tuple[str, int], set[int]] = defaultdict(set)
    for text in [r.doc_number for r in rows] + [p.doc_number for p in data.policies.values()]:
        key = doc_key(text)
        parsed = parse_doc_number(key)
        if parsed is not None and parsed.year == settings.audit.year:
            serials[(parsed.issuer, parsed.year)].add(parsed.serial)
    limit = settings.thresholds.interpretation.docnumber_gap_max_listed
    for (issuer, year), numbers in sorted(serials.items()):
        missing = [n for n in range(1, max(numbers) + 1) if n not in numbers]
        if not missing:
            continue
        shown = "、".join(str(n) for n in missing[:limit]) + ("…" if len(missing) > limit else "")
        result.findings.append(
            _finding(
                result.unit_id,
                "doclist.docnumber_gap",
                "文号不连续，可能存在未认定公开属性的公文",
                f"{issuer}〔{year}〕号文件中，第 {shown} 号既不在公文列表中，也未在网站公开。",
                measured={"issuer": issuer, "year": year, "missing": missing},
                evidence=[{"file": doclist.path, "excerpt": f"{issuer}〔{year}〕: {sorted(numbers)}"}],
                key=f"docnumber_gap:{issuer}:{year}",
            )
        )


def _attribute_overuse(
    rows: list[DocListRow], doclist: DocList, settings: Settings, result: DocListResult
) -> None:
    attributed = [r for r in rows if r.publicity]
    if not attributed:
        return
    restricted = [r for r in attributed if r.publicity in ("依申请公开", "不予公开")]
    share = round(len(restricted) / len(attributed), 4)
    maximum = settings.thresholds.interpretation.attribute_overuse_max_share
    result.measured["restricted_share"] = share
    if share <= maximum:
        return
    result.findings.append(
        _finding(
            result.unit_id,
            "doclist.attribute_overuse",
            "依申请公开、不予公开属性认定比例过高",
            f"公文列表 {len(attributed)} 件中 {len(restricted)} 件认定为依申请公开或不予公开，"
            f"占 {share:.0%}，超过 {maximum:.0%}。",
            measured={
                "share": share,
                "restricted": len(restricted),
                "total": len(attributed),
                "maximum": maximum,
            },
            evidence=[_row_evidence(doclist, r) for r in restricted][:50],
        )
    )
