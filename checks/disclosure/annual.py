"""Annual reports (政府信息公开工作年度报告): there, on time, and adding up (rules.md §1–2).

The report due as of the audit date is the one on year Y−1 once Y's deadline has passed (class
A governments: ``annual_report_deadline_government``; class B departments:
``annual_report_deadline_department``), else the one on Y−2. Its tables are read from the
report page or, when the page only links it, from its PDF/DOCX attachment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from checks.context import CheckContext, unreadable_reason
from checks.disclosure.documents import Document, documents
from config.settings import DisclosureThresholds
from pages.annual_report import AnnualReport, read_annual_report, year_in_title
from storage.snapshot import SnapshotPage

ATTACHMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".wps")


def due_report(as_of: dt.date, unit_class: str, limits: DisclosureThresholds) -> tuple[int, dt.date]:
    """(year reported on, its deadline) of the newest report that should be out on ``as_of``."""
    mmdd = (
        limits.annual_report_deadline_government
        if unit_class == "A"
        else limits.annual_report_deadline_department
    )
    month, day = (int(x) for x in mmdd.split("-"))
    deadline = dt.date(as_of.year, month, day)
    if as_of > deadline:
        return as_of.year - 1, deadline
    return as_of.year - 2, dt.date(as_of.year - 1, month, day)


@dataclass
class ReportFile:
    """One report as read: the listed document and where its tables came from."""

    document: Document
    year: int
    published: dt.date | None
    page: SnapshotPage | None = None  # the page or file the tables were read from
    reading: AnnualReport | None = None
    problem: str | None = None

    @property
    def url(self) -> str:
        return (self.page.final_url or self.page.url) if self.page else self.document.url


@dataclass
class Reports:
    due_year: int
    deadline: dt.date
    reason: str | None = None  # no verdict possible (column/section undecided, list unreadable)
    missing_section: bool = False  # no 年报 sub-section (or no column at all)
    by_year: dict[int, ReportFile] = field(default_factory=dict)
    list_page: SnapshotPage | None = None  # the 年报 list; else the column page or homepage
    problems: list[str] = field(default_factory=list)


def _is_report(title: str) -> bool:
    return ("报告" in title or "年报" in title) and year_in_title(title) is not None


def find_reports(ctx: CheckContext) -> Reports:
    """The reports (use ``ctx.annual_reports``: computed once per unit)."""
    year, deadline = due_report(ctx.as_of, ctx.unit.unit_class, ctx.settings.thresholds.disclosure)
    reports = Reports(year, deadline)
    column = ctx.disclosure_column
    reports.list_page = column.page  # until the 年报 list is found: where its absence shows
    if column.status == "missing":
        reports.missing_section = True
        return reports
    if column.status != "present":
        reports.reason = f"专栏无法判定：{column.reason}"
        return reports
    sub = column.sub("annual_report")
    if sub.status == "missing":
        reports.missing_section = True
        return reports
    if sub.status == "undecided" or sub.page is None:
        reports.reason = f"年报子栏目无法读取：{sub.reason or sub.url}"
        return reports
    reports.list_page = sub.page
    found, reports.problems = documents(ctx, sub.page, _is_report)
    for document in found:
        report_year = year_in_title(document.title)
        if report_year is None or report_year in reports.by_year:
            continue
        published = document.info.publish_date if document.info else None
        if published is None and document.listed_date:
            published = dt.date.fromisoformat(document.listed_date)
        reports.by_year[report_year] = ReportFile(document, report_year, published)
    return reports


def read_tables(ctx: CheckContext, report: ReportFile) -> ReportFile:
    """Fill ``report.reading``: from the page if it holds the tables, else from its attachment."""
    document = report.document
    if document.page is None or document.problem:
        report.problem = document.problem or "not stored"
        return report
    page = document.page
    if not page.is_html:
        return _read_file(ctx, report, page)
    reading = _analyse(ctx, page)
    if reading.requests:
        report.page, report.reading = page, reading
        return report
    page_view = ctx.view(page)
    attachments = [
        link
        for link in (page_view.links if page_view else [])
        if link.url.lower().split("?")[0].endswith(ATTACHMENT_SUFFIXES)
    ]
    for link in attachments:
        target = ctx.page(link.url)
        if target is None:
            report.problem = f"附件未抓取 {link.url}"
            continue
        return _read_file(ctx, report, target)
    report.page, report.reading = page, reading
    return report


def _read_file(ctx: CheckContext, report: ReportFile, page: SnapshotPage) -> ReportFile:
    problem = unreadable_reason(page)
    report.page = page
    if problem:
        report.problem = problem
        return report
    report.reading = _analyse(ctx, page)
    if report.reading.undecided:
        report.problem = report.reading.undecided
    return report


def _analyse(ctx: CheckContext, page: SnapshotPage) -> AnnualReport:
    """The report's tables read from a page or file, once per unit and page."""
    return ctx.derived(
        f"annual_report_tables:{id(page)}",
        lambda _: read_annual_report(
            page.body or b"", content_type=page.content_type, url=page.final_url or page.url
        ),
    )
