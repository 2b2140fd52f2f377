"""The demo's closing line: the run's findings against the simulated web's planted defects."""

from __future__ import annotations

from checks.base import Finding
from checks.groundtruth import match_findings
from sandbox.cli_demo import _card_line

MANIFEST = {
    "units": {
        "yaodu": {"defects": [{"check": "inspection.dead_link", "url": "http://www.yaodu.gov.cn/a.html"}]},
        "rsj": {"defects": [{"check": "disclosure.guide_missing"}]},
    }
}


def _finding(unit: str, check: str, url: str | None = None) -> Finding:
    return Finding(unit_id=unit, check_id=check, severity="minor", title="t", message="m", url=url)


def test_every_planted_defect_found_reads_as_all_check_ids_exact() -> None:
    card = match_findings(
        [
            _finding("yaodu", "inspection.dead_link", "http://www.yaodu.gov.cn/a.html"),
            _finding("rsj", "disclosure.guide_missing"),
        ],
        MANIFEST,
        "",
    )
    line = _card_line(card)
    assert "2 个缺陷" in line and "2/2 check ids" in line and "recall 0" not in line


def test_a_missed_defect_and_a_false_alarm_are_named() -> None:
    card = match_findings(
        [_finding("yaodu", "inspection.dead_link", "http://www.yaodu.gov.cn/b.html")], MANIFEST, ""
    )
    line = _card_line(card)
    assert "0/2 check ids" in line
    assert "inspection.dead_link[/]: recall 0.00 precision 0.00" in line
    assert "disclosure.guide_missing[/]: recall 0.00 precision 1.00" in line
