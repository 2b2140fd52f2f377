"""The disclosure checks over a snapshot made of real Pingtan pages (copies of
../shared/reference-pages in tests/data/reference_pages, sources in SOURCES.md there)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from checks.base import CheckResult
from checks.context import CheckContext
from checks.disclosure import CHECK_IDS
from checks.disclosure.guide import read_guide
from checks.runner import run_checks
from config.settings import Settings, UnitConfig
from pages.guide import read_guide_content
from storage.snapshot import SnapshotPage, UnitSnapshot

DATA = Path(__file__).parent / "data" / "reference_pages"  # their sources: SOURCES.md there
BASE = "https://www.pingtan.gov.cn/"
NB = BASE + "zwgk/zfxxgk/zfxxgknb/"
HOME = (
    '<html><head><meta charset="utf-8"><title>平潭综合实验区</title></head><body>'
    '<a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a></body></html>'
).encode()


def _page(url: str, body: bytes, fetch_id: int, **extra: object) -> SnapshotPage:
    fields: dict[str, object] = {"outcome": "ok", "status": 200, "content_type": "text/html; charset=utf-8"}
    fields |= extra
    return SnapshotPage(url=url, final_url=url, body=body, fetch_id=fetch_id, **fields)  # type: ignore[arg-type]


def _snapshot(as_of: dt.date, *replace: SnapshotPage) -> UnitSnapshot:
    unit = UnitConfig(id="pingtan", name="平潭", unit_class="A", homepage=BASE, scope=[BASE])  # type: ignore[call-arg]
    pages = [
        _page(BASE, HOME, 1),
        _page(BASE + "zwgk/", (DATA / "a_zwgk_index_pingtan.html").read_bytes(), 2),
        _page(BASE + "zwgk/zfxxgk/zfxxgkzn/", (DATA / "b_guide_pingtan.html").read_bytes(), 3),
        _page(NB, (DATA / "c_annual_report_list_jspager_pingtan.html").read_bytes(), 4),
        _page(
            NB + "202503/t20250310_97791.htm", (DATA / "c_annual_report_pingtan_2024.html").read_bytes(), 5
        ),
    ]
    by_url = {p.url: p for p in replace}
    pages = [by_url.get(p.url, p) for p in pages]
    return UnitSnapshot.from_pages(unit, as_of, pages)


def _results(snapshot: UnitSnapshot) -> dict[str, CheckResult]:
    return {r.check_id: r for r in run_checks(snapshot, Settings(), only=["disclosure"])}


def test_column_and_subsections_of_pingtan() -> None:
    column = CheckContext(_snapshot(dt.date(2025, 12, 15)), Settings()).disclosure_column
    assert column.status == "present" and column.url == BASE + "zwgk/"
    present = {k for k, s in column.subsections.items() if s.status == "present"}
    # README: six sub-sections linked (指南 制度 管委会文件 法定主动公开内容 年报 申请), no 目录 link.
    assert present == {"guide", "rules", "statutory", "annual_report", "request"}
    assert column.sub("catalogue").status == "missing"


def test_pingtan_results() -> None:
    results = _results(_snapshot(dt.date(2025, 12, 15)))
    assert set(results) == set(CHECK_IDS)
    failing = {cid for cid, r in results.items() if r.score == 0.0}
    # no 目录 link (README), and the guide gives no fax number
    assert failing == {"disclosure.catalogue_missing", "disclosure.guide_incomplete"}
    measured = results["disclosure.guide_incomplete"].findings[0].measured
    assert measured["missing"] == ["fax"]
    proofs = {p["key"]: p for p in measured["article_12"]}  # Article 12, each with its sentence
    assert proofs["fax"]["found"] is False and proofs["phone"]["sentence"] == "咨询电话：0591-23165385"
    finding = results["disclosure.catalogue_missing"].findings[0]
    assert finding.evidence and finding.evidence[0]["fetch_id"] == 2
    # the 2024 report (due 2025-03-31 for a government) was published 2025-03-10 and adds up
    assert results["disclosure.annual_report_missing"].score == 1.0
    assert results["disclosure.annual_report_late"].measured["published"] == "2025-03-10"
    assert results["disclosure.annual_report_arithmetic"].score == 1.0
    assert results["disclosure.annual_report_blank_cells"].score == 1.0


def test_guide_of_pingtan() -> None:
    reading = read_guide(CheckContext(_snapshot(dt.date(2025, 12, 15)), Settings()))
    assert reading.document is not None and reading.document.info is not None
    assert reading.document.info.publish_date == dt.date(2024, 3, 23)
    assert "0591-23165385" in reading.text
    assert read_guide_content(reading.text).missing == ("fax",)


def test_report_due_later_is_missing_when_not_listed() -> None:
    # As of 2027-04-01 the report on 2026 is due (deadline 2027-03-31) and the list stops at 2025.
    results = _results(_snapshot(dt.date(2027, 4, 1)))
    missing = results["disclosure.annual_report_missing"]
    assert missing.score == 0.0 and missing.findings[0].measured["year"] == 2026


def test_department_deadline_makes_the_report_late() -> None:
    snapshot = _snapshot(dt.date(2025, 12, 15))
    snapshot.unit = snapshot.unit.model_copy(update={"unit_class": "B"})
    late = _results(snapshot)["disclosure.annual_report_late"]
    assert late.score == 0.0
    assert late.findings[0].url == NB + "202503/t20250310_97791.htm"
    assert late.findings[0].measured == {"year": 2024, "published": "2025-03-10", "deadline": "2025-01-31"}


def test_blocked_pages_make_checks_undecided_never_missing() -> None:
    blocked_home = _page(BASE, b"", 1, outcome="blocked", status=403, reason="waf challenge")
    results = _results(_snapshot(dt.date(2025, 12, 15), blocked_home))
    assert all(r.score is None for r in results.values()), {k: r.score for k, r in results.items()}
    assert not [f for r in results.values() for f in r.findings if f.severity != "undecided"]

    blocked_list = _page(NB, b"", 4, outcome="error", status=None, reason="timeout")
    results = _results(_snapshot(dt.date(2025, 12, 15), blocked_list))
    assert results["disclosure.annual_report_missing"].score is None
    assert results["disclosure.guide_missing"].score == 1.0


def test_a_gone_subsection_is_missing() -> None:
    gone = dataclasses.replace(_page(NB, b"not found", 4), outcome="http_error", status=404)
    results = _results(_snapshot(dt.date(2025, 12, 15), gone))
    assert results["disclosure.annual_report_missing"].score == 0.0


def test_arithmetic_that_cannot_be_verified_is_undecided_not_passed() -> None:
    # A "—" where the real report has 0 (本年新收 × 科研机构): no rule broke, but two rules need
    # that cell, so the point is neither granted nor deducted; the reason names the cell.
    html = (DATA / "c_annual_report_pingtan_2024.html").read_text(encoding="utf-8")
    cell = html.index(">0<", html.index("一、本年新收政府信息公开申请数量"))
    report = _page(NB + "202503/t20250310_97791.htm", (html[:cell] + ">—<" + html[cell + 3 :]).encode(), 5)
    result = _results(_snapshot(dt.date(2025, 12, 15), report))["disclosure.annual_report_arithmetic"]
    assert result.score is None and not result.findings
    assert "本年新收 × 科研机构" in (result.undecided_reason or "")
    rules = result.measured["undecided_rules"][2024]
    assert {r["rule"] for r in rules} == {"intake_balance", "applicant_sum"}
