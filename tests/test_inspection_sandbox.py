"""Over the whole sandbox: every planted inspection defect is found, and nothing else.

Recall and precision 1.0 per ``inspection.*`` check id against the manifest (docs/checks.md),
and each unit's expected pass/fail and veto items. The in-process walk stores no availability
probes, so a week of nightly probes is taken here the way ``crawler.availability`` takes them,
against the same in-process web (a probe fails when the homepage does not answer below 400).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any
from urllib.parse import urlsplit

import pytest

from checks.base import CheckResult, Finding
from checks.inspection import CHECK_IDS
from checks.inspection.result import judge_night
from checks.inspection.tables import load_tables
from checks.runner import run_checks
from config.settings import Settings
from storage.snapshot import SnapshotProbe, UnitSnapshot

pytestmark = pytest.mark.slow
SETTINGS = Settings()


def _week_of_probes(snapshot: UnitSnapshot) -> list[SnapshotProbe]:
    from sandbox.http import Request
    from sandbox.snapshots import web_for

    web = web_for(1, snapshot.as_of)
    home = snapshot.unit.homepage or ""
    parts = urlsplit(home)
    t = SETTINGS.thresholds.inspection
    day_start = dt.datetime.combine(snapshot.as_of, dt.time())
    spacing = dt.timedelta(days=1) / t.availability_probes_per_day  # the national method's spread
    probes = []
    for night in range(t.availability_window_days):
        for n in range(t.availability_probes_per_day):
            at = day_start - dt.timedelta(days=night) + spacing * n
            response = web.handle(Request(parts.hostname or "", parts.path or "/"))
            ok = not response.reset and response.status < 400
            probes.append(
                SnapshotProbe(kind="availability", url=home, family=4, at=at, ok=ok,
                              status=None if response.reset else response.status,
                              error=None if ok else ("reset" if response.reset else f"http_{response.status}"),
                              timings={}, content_hash=None, details={})
            )  # fmt: skip
    return probes


@pytest.fixture(scope="module")
def inspection_results(
    sandbox_snapshots: Any, sandbox_manifest: dict[str, Any]
) -> dict[str, tuple[UnitSnapshot, list[CheckResult]]]:
    out = {}
    for uid in sandbox_manifest["units"]:
        walked = sandbox_snapshots[uid]
        snapshot = dataclasses.replace(walked, probes=[*walked.probes, *_week_of_probes(walked)])
        out[uid] = (snapshot, run_checks(snapshot, SETTINGS, only=["inspection"]))
    return out


def _findings(results: dict[str, tuple[UnitSnapshot, list[CheckResult]]]) -> list[Finding]:
    return [f for _, unit in results.values() for res in unit for f in res.findings]


@pytest.mark.parametrize("check_id", CHECK_IDS)
def test_recall_and_precision(
    check_id: str,
    inspection_results: dict[str, tuple[UnitSnapshot, list[CheckResult]]],
    sandbox_manifest: dict[str, Any],
) -> None:
    from checks.groundtruth import match_findings

    card = match_findings(_findings(inspection_results), sandbox_manifest, check_id, units=inspection_results)
    score = card.checks.get(check_id)
    if score is None:
        return  # nothing planted and nothing claimed
    assert score.recall == 1.0 and score.precision == 1.0, card.summary()


def test_no_check_crashed(inspection_results: dict[str, tuple[UnitSnapshot, list[CheckResult]]]) -> None:
    crashed = [
        (r.unit_id, r.check_id, r.undecided_reason)
        for _, unit in inspection_results.values()
        for r in unit
        if r.display_value == "检查程序出错"
    ]
    assert crashed == []


def test_expected_verdicts(
    inspection_results: dict[str, tuple[UnitSnapshot, list[CheckResult]]], sandbox_manifest: dict[str, Any]
) -> None:
    wrong = []
    for uid, (snapshot, results) in inspection_results.items():
        expected = sandbox_manifest["units"][uid]["inspection"]
        night = judge_night(snapshot.unit, results, SETTINGS, night=snapshot.as_of)
        if night.passed != expected["passed"] or sorted(night.vetoes) != sorted(expected["vetoes"]):
            wrong.append((uid, night.passed, night.vetoes, expected, night.undecided))
    assert wrong == []


def test_veto_ids_are_the_manifest_s() -> None:
    assert set(load_tables().veto_labels) == {
        "unreachable", "homepage_stale", "columns_stale", "columns_blank", "consultation_unanswered",
        "wording_error", "illegal_link",
    }  # fmt: skip
