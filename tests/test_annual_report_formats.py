"""The same report as HTML, DOCX (python-docx, merged cells) and PDF (WeasyPrint): same reading."""

from __future__ import annotations

import pytest
from annual_report_builder import ReportSpec, build_docx, build_html, build_pdf

from checks.disclosure.annual_rules import arithmetic_failures, failed_rules
from pages.annual_report import AnnualReport, read_annual_report

KINDS = ("html", "docx", "pdf")


def _read(spec: ReportSpec, kind: str) -> AnnualReport:
    if kind == "html":
        return read_annual_report(build_html(spec).encode(), content_type="text/html; charset=utf-8")
    if kind == "docx":
        return read_annual_report(build_docx(spec), url="http://x.gov.cn/report.docx")
    return read_annual_report(build_pdf(spec), url="http://x.gov.cn/report.pdf")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("year", "fmt"), [(2019, "2019"), (2021, "2021")])
def test_clean_report(kind: str, year: int, fmt: str) -> None:
    report = _read(ReportSpec(year=year, fmt=fmt), kind)
    assert report.source == kind
    assert report.year == year
    assert report.format == fmt
    assert report.sections == [1, 2, 3, 4, 5, 6]
    assert arithmetic_failures(report) == []
    assert report.blank_cells == []
    rows = 25 if fmt == "2021" else 23  # 其他处理: three items (2021) or one (2019)
    assert len(report.requests) == rows * 7 and len(report.review) == 15
    assert report.requests[("withheld.1", "total")].value == 1


@pytest.mark.parametrize("kind", KINDS)
def test_planted_errors_are_found_in_every_format(kind: str) -> None:
    spec = ReportSpec(
        overrides={"disclosed": ["8", "1", "0", "0", "0", "0", "9"]},  # +2 in 自然人 and 总计
        review=["1", "1", "0", "0", "4"] + ["0"] * 5 + ["1", "0", "0", "1", "2"],  # 复议 total +2
    )
    report = _read(spec, kind)
    assert failed_rules(report) == ["outcome_sum", "review_sum"]
    outcome_columns = sorted(f.where for f in arithmetic_failures(report) if f.rule == "outcome_sum")
    assert outcome_columns == ["总计列", "自然人列"]


@pytest.mark.parametrize("kind", ("html", "docx"))
def test_blank_cells_are_located_in_grids(kind: str) -> None:
    spec = ReportSpec(overrides={"carried_in": ["1", "0", "—", "/", "", "0", "1"]})
    report = _read(spec, kind)
    assert [c.name for c in report.blank_cells] == [
        "requests[carried_in][research]",
        "requests[carried_in][nonprofit]",
        "requests[carried_in][legal]",
    ]
    assert arithmetic_failures(report) == []


def test_blank_cells_in_pdf_text_are_counted_without_false_sums() -> None:
    # An empty cell leaves no trace in a PDF's text; "—" and "/" do. The row then has fewer
    # values than columns: its blanks are counted, its sums are not evaluated.
    spec = ReportSpec(overrides={"carried_in": ["1", "0", "—", "/", "", "0", "1"]})
    report = _read(spec, "pdf")
    assert len(report.blank_cells) == 3
    assert arithmetic_failures(report) == []


@pytest.mark.parametrize("kind", KINDS)
def test_missing_sections_are_reported(kind: str) -> None:
    report = _read(ReportSpec(sections=(1, 2, 3, 4)), kind)
    assert report.sections == [1, 2, 3, 4]
