"""Annual-report arithmetic over page breaks: no false failure, every real error still found,
and a table not read whole gives undecided rules with their reason (pages.annual_report_doubts,
checks.disclosure.annual_rules)."""

from __future__ import annotations

import io
from functools import cache

import pytest
from annual_report_builder import NOT_PROCESSED, SMALL_PAGES, UNABLE, WITHHELD, ReportSpec, build_pdf
from pypdf import PdfReader

from checks.disclosure.annual_rules import arithmetic_failures, undecided_rules
from pages.annual_report import AnnualReport, analyse, read_annual_report
from pages.annual_report_sources import ReportSource, pdf_lines, read_pdf

# Figures that add up, with requests in the rows that sit at the page breaks (unable.1 opens
# page 2's last group, other.2 has the longest label): 新收 30 + 结转 2 = 总计 29 + 结转下年 3.
ROWS = {
    "new": ["25", "3", "0", "0", "1", "1", "30"],
    "carried_in": ["2", "0", "0", "0", "0", "0", "2"],
    "disclosed": ["10", "1", "0", "0", "0", "0", "11"],
    "partial": ["3", "0", "0", "0", "0", "0", "3"],
    "withheld.1": ["1", "0", "0", "0", "0", "0", "1"],
    "unable.1": ["6", "1", "0", "0", "1", "0", "8"],
    "other.2": ["2", "0", "0", "0", "0", "1", "3"],
    "other.3": ["3", "0", "0", "0", "0", "0", "3"],
    "total": ["25", "2", "0", "0", "1", "1", "29"],
    "carried_out": ["2", "1", "0", "0", "0", "0", "3"],
}


def spec(**overrides: list[str]) -> ReportSpec:
    return ReportSpec(year=2024, fmt="2021", overrides=ROWS | overrides)


@cache
def pdf(total_natural: str = "25") -> bytes:
    total = ["25", "2", "0", "0", "1", "1", "29"]
    total[0] = total_natural
    return build_pdf(spec(total=total), page_css=SMALL_PAGES)


def read(body: bytes) -> AnnualReport:
    return read_annual_report(body, url="http://www.x.gov.cn/zfxxgknb/2025/report.pdf")


def test_the_table_really_runs_over_page_breaks() -> None:
    text = read_pdf(pdf()).text
    assert "— 2 —" not in text and "— 3 —" not in text  # page numbers are not table values
    assert len(PdfReader(io.BytesIO(pdf())).pages) >= 3


def test_figures_that_add_up_give_no_failure_over_page_breaks() -> None:
    report = read(pdf())
    assert arithmetic_failures(report) == []
    assert undecided_rules(report) == []
    assert report.problems == []
    rows = {row for row, _ in report.requests}
    assert {f"unable.{i}" for i in (1, 2, 3)} <= rows and "withheld.9" not in rows
    assert report.requests[("unable.1", "total")].raw == "8"  # named by its group, not the one above


def test_a_real_error_is_still_found_over_page_breaks() -> None:
    report = read(pdf(total_natural="24"))  # 自然人: 25 + 2 ≠ 24 + 2, and 25 ≠ 24 outcomes
    rules = {(f.rule, f.where) for f in arithmetic_failures(report)}
    assert ("intake_balance", "自然人列") in rules
    assert ("outcome_sum", "自然人列") in rules
    assert undecided_rules(report) == []


def test_a_row_label_the_reader_cannot_match_makes_column_sums_undecided() -> None:
    source = read_pdf(pdf())
    broken = source.table_text.replace("3.其他", "另有说明")  # the row is there, its label unreadable
    source.table_text = source.text = broken
    report = analyse(source, url="http://www.x.gov.cn/report.pdf")
    assert arithmetic_failures(report) == []
    undecided = {failure.rule: reason for failure, reason in undecided_rules(report)}
    assert "outcome_sum" in undecided
    assert "unrecognised row" in undecided["outcome_sum"]


@pytest.mark.parametrize("page_number", ["— 3 —", "- 3 -", "3", "第 3 页 共 5 页", "3/5"])
def test_a_row_label_split_by_a_page_break_is_joined_again(page_number: str) -> None:
    # pypdf's text of two pages of a WPS-made report: the label of 其他处理 item 2 breaks at the
    # foot of page 3, the page number between its halves, its values on page 4.
    page3 = (
        "临汾市测试局2024年政府信息公开工作年度报告\n本报告根据国办公开办函〔2021〕30号编制。\n"
        "三、收到和处理政府信息公开申请情况\n申请人情况\n自然人\n法人或其他组织\n总计\n"
        "商业企业\n科研机构\n社会公益组织\n法律服务机构\n其他\n"
        + "".join(f"{label} {' '.join(ROWS.get(key, ['0'] * 7))}\n" for key, label in _ROWS_BEFORE)
        + "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0\n"
        f"2.申请人逾期未按收费通知要求缴\n{page_number}"
    )
    page4 = (
        "纳费用、行政机关不再处理其政府信息公开申请 2 0 0 0 0 1 3\n"
        "3.其他 3 0 0 0 0 0 3\n（七）总计 25 2 0 0 1 1 29\n四、结转下年度继续办理 2 1 0 0 0 0 3\n"
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n"
        "1 1 0 0 2 0 0 0 0 0 1 0 0 1 2\n五、存在的主要问题及改进情况\n— 4 —"
    )
    lines = pdf_lines([page3, page4])
    assert page_number not in lines
    text = "\n".join(lines)
    report = analyse(ReportSource("pdf", titles=lines[:1], text=text, table_text=text))
    assert arithmetic_failures(report) == [], [(f.rule, f.where) for f in arithmetic_failures(report)]
    assert report.requests[("other.2", "total")].raw == "3"
    assert report.requests[("other.3", "total")].raw == "3"


_ROWS_BEFORE = [
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_in", "二、上年结转政府信息公开申请数量"),
    ("disclosed", "三、本年度办理结果 （一）予以公开"),
    ("partial", "（二）部分公开"),
    *[(f"withheld.{i}", f"{'（三）不予公开 ' if i == 1 else ''}{i}.{x}") for i, x in enumerate(WITHHELD, 1)],
    *[(f"unable.{i}", f"{'（四）无法提供 ' if i == 1 else ''}{i}.{x}") for i, x in enumerate(UNABLE, 1)],
    *[
        (f"not_processed.{i}", f"{'（五）不予处理 ' if i == 1 else ''}{i}.{x}")
        for i, x in enumerate(NOT_PROCESSED, 1)
    ],
]
