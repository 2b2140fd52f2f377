"""Nightly verdicts, the quarter's aggregation and its storage (first/last seen across quarters)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from checks.base import CheckResult, Finding
from checks.inspection import night_findings
from checks.inspection.result import aggregate_quarter, deduction_points, failed_score_cap, judge_night
from checks.inspection.stored import nights_from_findings, store_quarter
from config.settings import Settings, UnitConfig
from storage.db import Database
from storage.findings import store_findings
from storage.inspections import load_inspections
from storage.models import AuditRun

UNIT = UnitConfig(
    id="xx", name="某县", unit_class="A", homepage="http://www.xx.gov.cn/", scope=["http://www.xx.gov.cn/"]
)
SETTINGS = Settings()


def _finding(check: str, url: str | None, severity: str = "major", **measured: Any) -> Finding:
    return Finding(unit_id="xx", check_id=check, severity=severity, title=check, message=check, url=url,  # type: ignore[arg-type]
                   measured=measured, key=url)  # fmt: skip


def _result(check: str, *findings: Finding, undecided: str | None = None) -> CheckResult:
    failing = any(f.severity in ("veto", "major", "minor") for f in findings)
    score = None if undecided else (0.0 if failing else 1.0)
    return CheckResult(
        check_id=check, unit_id="xx", score=score, findings=list(findings), undecided_reason=undecided
    )


def _clean_night() -> list[CheckResult]:
    ids = ["unreachable", "homepage_stale", "column_stale", "column_blank", "consultation_unanswered",
           "wording_error", "illegal_link", "hidden_link"]  # fmt: skip
    return [_result(f"inspection.{i}") for i in ids]


def test_clean_night_passes_with_full_score() -> None:
    night = judge_night(UNIT, _clean_night(), SETTINGS, night=dt.date(2020, 12, 1))
    assert night.passed is True and night.vetoes == [] and night.score == 100.0 and night.problems == []


def test_deductions_from_the_table() -> None:
    results = [
        *_clean_night(),
        _result("inspection.dead_link", _finding("inspection.dead_link", "http://a/", where="homepage"),
                _finding("inspection.dead_link", "http://b/", "minor", where="inner")),
        _result("inspection.meta_missing", _finding("inspection.meta_missing", None, "minor", pages=10)),
        _result("inspection.tls", _finding("inspection.tls", "http://www.xx.gov.cn/", problem="expiring")),
        _result("inspection.blocked_link", _finding("inspection.blocked_link", "http://c/", "info"),
                undecided="blocked"),
    ]  # fmt: skip
    night = judge_night(UNIT, results, SETTINGS, night=dt.date(2020, 12, 1))
    deductions = deduction_points(SETTINGS)
    expected = 100 - deductions["dead_link_homepage"] - deductions["dead_link_inner"] - 10 * deductions[
        "meta_missing"] - deductions["transport"]  # fmt: skip
    assert night.score == pytest.approx(expected)
    assert night.passed is True  # blocked links are undecided but no veto item
    assert [u["check_id"] for u in night.undecided] == ["inspection.blocked_link"]
    assert {p.check_id for p in night.problems} == {
        "inspection.dead_link",
        "inspection.meta_missing",
        "inspection.tls",
    }


def test_vetoes() -> None:
    stale = [
        _finding("inspection.column_stale", f"http://www.xx.gov.cn/c{n}/", type="news") for n in range(5)
    ]
    blank = [
        _finding("inspection.column_blank", f"http://www.xx.gov.cn/b{n}/", type="basic") for n in range(4)
    ]
    results = [
        *_clean_night()[2:],
        _result(
            "inspection.unreachable", _finding("inspection.unreachable", "http://www.xx.gov.cn/", "veto")
        ),
        _result("inspection.homepage_stale", undecided="homepage not readable"),
        _result("inspection.column_stale", *stale),
        _result("inspection.column_blank", *blank),
    ]
    night = judge_night(UNIT, results, SETTINGS, night=dt.date(2020, 12, 1))
    assert night.passed is False
    assert night.vetoes == ["unreachable", "columns_stale"]  # four blank columns are not enough
    assert all(p.veto for p in night.problems if p.check_id != "inspection.column_blank")
    assert not any(p.veto for p in night.problems if p.check_id == "inspection.column_blank")


def test_undecided_veto_item_leaves_the_verdict_open() -> None:
    results = [*_clean_night()[1:], _result("inspection.unreachable", undecided="no probes")]
    night = judge_night(UNIT, results, SETTINGS, night=dt.date(2020, 12, 1))
    assert night.passed is None and night.vetoes == []


def _nights(days: list[int], present: set[int]) -> list[Any]:
    out = []
    for day in days:
        dead = _finding("inspection.dead_link", "http://gone/", where="homepage")
        extra = [dead] if day in present else []
        results = [*_clean_night(), _result("inspection.dead_link", *extra)]
        out.append(judge_night(UNIT, results, SETTINGS, night=dt.date(2020, 12, day)))
    return out


def test_quarter_counts_problems_standing_on_the_inspection_nights() -> None:
    nights = _nights([1, 2, 3, 4], present={2, 3, 4})
    quarter = aggregate_quarter(nights, SETTINGS, quarter="2020Q4")
    assert quarter.nights == ["2020-12-01", "2020-12-02", "2020-12-03", "2020-12-04"]
    assert quarter.problems == []  # rule "all": not there on the 1st
    named = SETTINGS.model_copy(update={"schedule": SETTINGS.schedule.model_copy(
        update={"inspection_nights": ["2020-12-03", "2020-12-04"]})})  # fmt: skip
    quarter = aggregate_quarter(nights, named, quarter="2020Q4")
    assert quarter.nights == ["2020-12-03", "2020-12-04"]
    [problem] = quarter.problems
    assert (problem.first_seen, problem.last_seen, problem.nights) == ("2020-12-02", "2020-12-04", 3)
    assert quarter.passed is True and quarter.score == 100 - deduction_points(SETTINGS)[
        "dead_link_homepage"]  # fmt: skip


def test_quarter_rule_any_and_other_quarters_ignored() -> None:
    nights = _nights([1, 2], present={2})
    settings = Settings.model_validate({"thresholds": {"inspection": {"quarter_rule": "any"}}})
    quarter = aggregate_quarter(nights, settings, quarter="2020Q4")
    assert len(quarter.problems) == 1
    assert aggregate_quarter(nights, settings, quarter="2020Q3").nights == []


def test_store_and_reaggregate_from_findings(tmp_path: Any) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'z.sqlite3'}")
    with db.session() as session:
        for day, quarter_days in ((dt.date(2020, 9, 20), True), (dt.date(2020, 12, 1), True)):
            run = AuditRun(as_of=day, status="finished", unit_ids=["xx"])
            session.add(run)
            session.flush()
            dead = _finding("inspection.dead_link", "http://gone/", where="homepage")
            results = [*_clean_night(), _result("inspection.dead_link", dead),
                       _result("inspection.unreachable", undecided="no probes")]  # fmt: skip
            store_findings(session, run.id, night_findings(results),
                           seen_at=dt.datetime.combine(day, dt.time(2)))  # fmt: skip
            del quarter_days
        session.commit()
        for quarter in ("2020Q3", "2020Q4"):
            nights = nights_from_findings(session, UNIT, quarter, SETTINGS)
            assert len(nights) == 1
            assert nights[0].undecided == [{"check_id": "inspection.unreachable", "reason": "no probes"}]
            store_quarter(session, aggregate_quarter(nights, SETTINGS, quarter=quarter))
        session.commit()
        [q4] = load_inspections(session, "2020Q4")
        assert q4.passed is None and q4.unit_id == "xx"
        [problem] = q4.problems
        assert problem["first_seen"] == "2020-09-20" and problem["last_seen"] == "2020-12-01"
        assert problem["check_id"] == "inspection.dead_link" and problem["fingerprint"]
        # storing again replaces the row
        store_quarter(session, aggregate_quarter(nights_from_findings(session, UNIT, "2020Q4", SETTINGS),
                                                 SETTINGS, quarter="2020Q4"))  # fmt: skip
        session.commit()
        assert len(load_inspections(session, "2020Q4")) == 1
    db.dispose()


def test_cli_inspect_json(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from typer.testing import CliRunner

    from zwgk.cli import app

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("ZWGK_DATABASE_URL", url)
    db = Database.open(url)
    with db.session() as session:
        run = AuditRun(as_of=dt.date(2020, 12, 15), status="finished", unit_ids=["yaodu"])
        session.add(run)
        session.flush()
        dead = Finding(unit_id="yaodu", check_id="inspection.dead_link", severity="major", title="死链",
                       message="死链", url="http://gone/", measured={"where": "homepage"}, key="http://gone/")  # fmt: skip
        stale = Finding(unit_id="yaodu", check_id="inspection.homepage_stale", severity="veto", title="首页",
                        message="首页", url="http://www.yaodu.gov.cn/", key="homepage_stale")  # fmt: skip
        store_findings(session, run.id, [dead, stale])
        session.commit()
    db.dispose()
    out = CliRunner().invoke(app, ["inspect", "yaodu", "--quarter", "2020Q4", "--json"])
    assert out.exit_code == 0, out.output
    [row] = json.loads(out.output)
    assert row["unit"] == "yaodu" and row["passed"] is False and row["vetoes"] == ["homepage_stale"]
    # 100 − 5 for the dead homepage link, then capped: a vetoed site ranks below every passing one.
    assert row["score"] == min(
        100 - deduction_points(SETTINGS)["dead_link_homepage"], failed_score_cap(SETTINGS)
    )
    table = CliRunner().invoke(app, ["inspect", "yaodu", "--quarter", "2020Q4"])
    assert table.exit_code == 0 and "首页长期未更新" in table.output  # the check's label
