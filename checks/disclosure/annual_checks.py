"""The four annual-report checks: missing, late, arithmetic, blank cells (docs/checks.md)."""

from __future__ import annotations

from typing import Any

from checks.base import Check, CheckResult, failed, finding, passed, register, undecided
from checks.context import CheckContext
from checks.disclosure.annual import ReportFile, read_tables
from checks.disclosure.annual_rules import arithmetic_failures, undecided_rules
from checks.disclosure.common import TOPIC_COLUMN


def _missing(ctx: CheckContext) -> CheckResult:
    check_id = "disclosure.annual_report_missing"
    reports = ctx.annual_reports
    year = reports.due_year
    if reports.reason:
        return undecided(ctx, check_id, reports.reason)
    if year in reports.by_year:
        report = reports.by_year[year]
        return passed(ctx, check_id, f"{year}年年报 {report.document.url}", {"year": year})
    if reports.problems and not reports.by_year:
        return undecided(ctx, check_id, "; ".join(reports.problems))
    where = (
        "网站没有政府信息公开年报栏目"
        if reports.missing_section
        else f"年报栏目 {reports.list_page.url if reports.list_page else ''} 中没有该报告"
    )
    listed = sorted(reports.by_year)
    evidence = [reports.list_page.evidence(f"已列年报：{listed}")] if reports.list_page else []
    return failed(
        ctx,
        check_id,
        f"未发布{year}年度报告",
        [
            finding(
                ctx,
                check_id,
                title=f"未按时发布{year}年政府信息公开工作年度报告",
                message=f"截至{ctx.as_of.isoformat()}（期限{reports.deadline.isoformat()}），{where}；已列年报年份：{listed or '无'}。",
                measured={"year": year, "deadline": reports.deadline.isoformat(), "listed_years": listed},
                evidence=evidence,
            )
        ],
        {"year": year},
    )


def _late(ctx: CheckContext) -> CheckResult:
    check_id = "disclosure.annual_report_late"
    reports = ctx.annual_reports
    report = reports.by_year.get(reports.due_year)
    if reports.reason or report is None:
        return undecided(ctx, check_id, reports.reason or f"没有{reports.due_year}年年报可判定")
    if report.published is None:
        return undecided(ctx, check_id, f"{report.document.url} 没有发布日期")
    measured = {
        "year": report.year,
        "published": report.published.isoformat(),
        "deadline": reports.deadline.isoformat(),
    }
    if report.published <= reports.deadline:
        return passed(ctx, check_id, f"{report.published.isoformat()} 按时", measured)
    page = report.document.page
    days = (report.published - reports.deadline).days
    return failed(
        ctx,
        check_id,
        f"年报逾期{days}天发布",
        [
            finding(
                ctx,
                check_id,
                title=f"{report.year}年政府信息公开工作年度报告逾期发布",
                message=f"{report.document.url} 发布于{report.published.isoformat()}，晚于期限{reports.deadline.isoformat()} {days}天。",
                url=report.document.url,
                measured=measured,
                evidence=[page.evidence(f"发布日期 {report.published.isoformat()}")] if page else [],
            )
        ],
        measured,
    )


def _checked_reports(ctx: CheckContext) -> tuple[list[ReportFile], str | None]:
    limits = ctx.settings.thresholds.disclosure
    reports = ctx.annual_reports
    if reports.reason:
        return [], reports.reason
    years = range(reports.due_year - limits.annual_report_years_back, reports.due_year + 1)
    chosen = [reports.by_year[y] for y in years if y in reports.by_year]
    if not chosen:
        return [], f"没有{reports.due_year}年年报可读"
    read = [read_tables(ctx, report) for report in chosen]
    unread = [f"{r.url}: {r.problem}" for r in read if r.reading is None or r.reading.undecided]
    usable = [r for r in read if r.reading is not None and not r.reading.undecided]
    return usable, ("; ".join(unread) if unread and not usable else None)


def _arithmetic(ctx: CheckContext) -> CheckResult:
    check_id = "disclosure.annual_report_arithmetic"
    reports, reason = _checked_reports(ctx)
    if not reports:
        return undecided(
            ctx,
            check_id,
            reason or "",
            title="年报表格无法读取" if reason and "undecided" in reason else None,
        )
    findings = []
    unverified: dict[int, list[dict[str, Any]]] = {}  # year → rules that could not be verified
    for report in reports:
        reading = report.reading
        assert reading is not None and report.page is not None
        if not reading.requests and not reading.review:
            continue
        unsure = undecided_rules(reading)
        if unsure:
            unverified[report.year] = [f.to_json() | {"reason": reason} for f, reason in unsure]
        failures = arithmetic_failures(reading)
        if not failures:
            continue
        rules = sorted({f.rule for f in failures})
        first = failures[0]
        detail = "；".join(
            f"{f.rule}（{f.where}：{f.left}≠{f.right}）"
            if f.left is not None
            else f"{f.rule}（{f.where}：{f.cells[0].raw!r}）"
            for f in failures[:6]
        )
        findings.append(
            finding(
                ctx,
                check_id,
                title=f"{report.year}年年报表格数据不符合勾稽关系",
                message=f"{report.url}：{detail}。",
                url=report.url,
                measured={
                    "year": report.year,
                    "rules": rules,
                    "failures": [f.to_json() for f in failures],
                    "undecided_rules": unverified.get(report.year, []),
                },
                evidence=[report.page.evidence(", ".join(f"{c.label}={c.raw}" for c in first.cells[:8]))],
            )
        )
    years = [r.year for r in reports]
    if not findings and unverified:
        # no rule broke, but some could not be verified: granting the point would be unlooked-at
        why = "；".join(
            f"{year}年 {rule['rule']}（{rule['where']}）：{rule['reason']}"
            for year, rules in unverified.items()
            for rule in rules[:3]
        )
        return undecided(
            ctx,
            check_id,
            f"部分勾稽关系无法核对：{why}",
            measured={"years": years, "undecided_rules": unverified},
        )
    if not findings:
        return passed(ctx, check_id, "勾稽关系正确", {"years": years})
    return failed(ctx, check_id, f"{len(findings)}份年报数据不符", findings)


def _blank_cells(ctx: CheckContext) -> CheckResult:
    check_id = "disclosure.annual_report_blank_cells"
    reports, reason = _checked_reports(ctx)
    if not reports:
        return undecided(ctx, check_id, reason or "")
    findings = []
    for report in reports:
        reading = report.reading
        assert reading is not None and report.page is not None
        blanks = reading.blank_cells
        if not blanks:
            continue
        findings.append(
            finding(
                ctx,
                check_id,
                title=f"{report.year}年年报表格存在空白单元格",
                message=f"{report.url}：{len(blanks)}个单元格为空或填“—”“/”："
                + "、".join(c.label for c in blanks[:10])
                + "。",
                url=report.url,
                measured={"year": report.year, "cells": len(blanks), "blank": [c.ref() for c in blanks]},
                evidence=[report.page.evidence("、".join(f"{c.label}={c.raw!r}" for c in blanks[:10]))],
            )
        )
    if not findings:
        return passed(ctx, check_id, "无空白单元格", {"years": [r.year for r in reports]})
    return failed(ctx, check_id, f"{len(findings)}份年报有空白单元格", findings)


for _id, _title, _failure, _run in (
    ("disclosure.annual_report_missing", "按时发布上一年度年报", "未发布上一年度年报", _missing),
    ("disclosure.annual_report_late", "年报在期限内发布", "年报逾期发布", _late),
    ("disclosure.annual_report_arithmetic", "年报表格勾稽关系正确", "年报表格数据不符", _arithmetic),
    ("disclosure.annual_report_blank_cells", "年报表格填写完整", "年报表格有空白单元格", _blank_cells),
):
    register(
        Check(id=_id, title=_title, failure_title=_failure, topic=TOPIC_COLUMN, requires=("pages",), run=_run)
    )
