"""Annual reports: the real Pingtan report (reference page) and its mutations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checks.disclosure.annual_rules import arithmetic_failures, failed_rules, undecided_rules
from pages.annual_report import read_annual_report, year_in_title
from zwgk.cli import app

DATA = Path(__file__).parent / "data" / "reference_pages"  # their sources: SOURCES.md there
PINGTAN = DATA / "c_annual_report_pingtan_2024.html"

# The facts ../shared/reference-pages/README.md notes for this page (cell → value).
PINGTAN_CELLS = {
    "requests[new][natural]": 217,
    "requests[new][business]": 1,
    "requests[new][total]": 218,
    "requests[carried_in][total]": 0,
    "requests[disclosed][total]": 71,
    "requests[partial][total]": 29,
    "requests[withheld.1][total]": 4,  # 国家秘密
    "requests[withheld.4][total]": 3,  # 第三方
    "requests[withheld.5][total]": 32,  # 三类内部事务
    "requests[unable.1][total]": 75,  # 本机关不掌握
    "requests[not_processed.2][total]": 1,  # 重复申请
    "requests[other.1][total]": 1,  # 逾期不补正
    "requests[other.3][total]": 2,  # 其他
    "requests[total][total]": 218,
    "requests[carried_out][total]": 0,
    "review[review][upheld]": 2,
    "review[review][corrected]": 1,
    "review[review][other]": 3,
    "review[review][pending]": 1,
    "review[review][total]": 7,
    "review[after_review_suit][upheld]": 13,
    "review[after_review_suit][corrected]": 2,
    "review[after_review_suit][other]": 4,
    "review[after_review_suit][pending]": 0,
    "review[after_review_suit][total]": 19,
}
# Accuracy gate over the reference facts: a floor that may only go up.
PINGTAN_FACTS_FLOOR = 1.0


def _pingtan_facts() -> dict[str, bool]:
    report = read_annual_report(PINGTAN.read_bytes(), content_type="text/html; charset=utf-8")
    cells = {cell.name: cell.value for cell in report.cells}
    facts = {
        "year": report.year == 2024,
        "format": report.format == "2021",
        "sections": report.sections == [1, 2, 3, 4, 5, 6],
        "no_failures": arithmetic_failures(report) == [],
        "no_blanks": report.blank_cells == [],
        "cell_count": len(report.requests) == 25 * 7 and len(report.review) == 15,
    }
    facts |= {name: cells.get(name) == value for name, value in PINGTAN_CELLS.items()}
    return facts


def test_pingtan_reference_facts_meet_the_floor() -> None:
    facts = _pingtan_facts()
    accuracy = sum(facts.values()) / len(facts)
    assert accuracy >= PINGTAN_FACTS_FLOOR, [name for name, ok in facts.items() if not ok]


def test_pingtan_page_inspect_agrees() -> None:
    from pages.reader import read_page

    info = read_page(
        PINGTAN.read_bytes(), url="https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm"
    )
    assert info.kind == "annual_report"
    assert info.publish_date is not None and info.publish_date.isoformat() == "2025-03-10"
    assert info.report_year == 2024


def _mutated(old: str, new: str, count: int = 1) -> bytes:
    html = PINGTAN.read_text(encoding="utf-8")
    assert html.count(old) >= count, old
    return html.replace(old, new, count).encode()


def test_a_changed_cell_breaks_the_rules_that_use_it() -> None:
    # 本年新收 × 自然人: 217 → 216 (the only "217" before the 总计 row)
    report = read_annual_report(_mutated(">217<", ">216<"))
    assert failed_rules(report) == ["applicant_sum", "intake_balance"]
    intake = next(f for f in arithmetic_failures(report) if f.rule == "intake_balance")
    assert intake.where == "自然人列" and (intake.left, intake.right) == (216, 217)
    assert "requests[new][natural]" in [c.name for c in intake.cells]


def test_a_dash_is_a_blank_cell_not_a_zero() -> None:
    html = PINGTAN.read_text(encoding="utf-8")
    # 科研机构 of 本年新收: the third data cell of the row
    row_start = html.index("一、本年新收政府信息公开申请数量")
    cell = html.index(">0<", row_start)
    mutated = (html[:cell] + ">—<" + html[cell + 3 :]).encode()
    report = read_annual_report(mutated)
    assert [c.name for c in report.blank_cells] == ["requests[new][research]"]
    assert arithmetic_failures(report) == []  # a sum needing the blank is no failure …
    # … and is not dropped either: each rule that needs it is undecided, with the cell named
    undecided = {(f.rule, f.where): reason for f, reason in undecided_rules(report)}
    assert set(undecided) == {("intake_balance", "科研机构列"), ("applicant_sum", "本年新收行")}
    assert all("不能按0计" in reason and "本年新收 × 科研机构" in reason for reason in undecided.values())


def test_cli_shows_rules_that_cannot_be_verified(tmp_path: Path) -> None:
    html = PINGTAN.read_text(encoding="utf-8")
    cell = html.index(">0<", html.index("一、本年新收政府信息公开申请数量"))
    path = tmp_path / "report.html"
    path.write_bytes((html[:cell] + ">—<" + html[cell + 3 :]).encode())
    data = json.loads(CliRunner().invoke(app, ["annual-report", "check", str(path), "--json"]).output)
    assert data["arithmetic_failures"] == []
    assert {r["rule"] for r in data["undecided_rules"]} == {"intake_balance", "applicant_sum"}
    assert all(r["reason"] for r in data["undecided_rules"])
    shown = CliRunner().invoke(app, ["annual-report", "check", str(path)]).output
    assert "无法判定" in shown and "intake_balance" in shown and "全部成立" not in shown


def test_a_report_without_tables_verifies_no_rule() -> None:
    report = read_annual_report(
        "<html><body><h1>某县2015年政府信息公开工作年度报告</h1><p>一、概述</p></body></html>".encode()
    )
    assert arithmetic_failures(report) == []
    reasons = {f.rule: reason for f, reason in undecided_rules(report)}
    assert set(reasons) == {"intake_balance", "outcome_sum", "applicant_sum", "review_sum"}
    assert "未读出表三" in reasons["intake_balance"] and "未读出表四" in reasons["review_sum"]


def test_review_total_off_by_two() -> None:
    report = read_annual_report(_mutated(">19<", ">21<"))
    assert failed_rules(report) == ["review_sum"]
    assert arithmetic_failures(report)[0].where == "复议后起诉"


def test_negative_value_is_non_integer() -> None:
    report = read_annual_report(_mutated(">13<", ">-1<"))
    assert failed_rules(report) == ["non_integer"]
    assert arithmetic_failures(report)[0].cells[0].name == "review[after_review_suit][upheld]"


def test_legacy_doc_is_undecided_not_missing() -> None:
    report = read_annual_report(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, url="http://x.gov.cn/a.doc"
    )
    assert report.undecided is not None and ".doc" in report.undecided
    assert report.to_json()["undecided"]


def test_broken_pdf_is_undecided() -> None:
    report = read_annual_report(b"%PDF-1.4\nnot really a pdf", url="http://x.gov.cn/a.pdf")
    assert report.source == "pdf" and report.undecided


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("临汾市民政局2019年政府信息公开工作年度报告", 2019),
        ("2020年临汾市财政局2019年度政府信息公开工作年度报告", 2019),
        ("尧都区人民政府二〇一九年政府信息公开工作年度报告", 2019),
        ("政府信息公开工作年度报告", None),
    ],
)
def test_year_in_title(title: str, year: int | None) -> None:
    assert year_in_title(title) == year


def test_cli_json_keys() -> None:
    result = CliRunner().invoke(app, ["annual-report", "check", str(PINGTAN), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["year"] == 2024 and data["format"] == "2021"
    assert data["sections"] == [1, 2, 3, 4, 5, 6]
    assert data["arithmetic_failures"] == [] and data["blank_cells"] == []


def test_cli_reports_failures_with_cells(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(_mutated(">217<", ">216<"))
    result = CliRunner().invoke(app, ["annual-report", "check", str(path), "--json"])
    data = json.loads(result.output)
    rules = {f["rule"] for f in data["arithmetic_failures"]}
    assert rules == {"intake_balance", "applicant_sum"}
    cells = {c["cell"] for f in data["arithmetic_failures"] for c in f["cells"]}
    assert "requests[new][natural]" in cells
