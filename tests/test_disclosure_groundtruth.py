"""The shared matcher of findings against planted defects (checks.groundtruth)."""

from __future__ import annotations

from checks.base import Finding
from checks.groundtruth import match_findings

MANIFEST = {
    "units": {
        "a": {"defects": [
            {"check": "disclosure.guide_missing", "url": None, "value": {}},
            {"check": "disclosure.annual_report_late", "url": "HTTP://A.gov.cn:80/nb/1.html#top", "value": {}},
            {"check": "ipv6.readiness", "url": None, "value": {}},
        ]},
        "b": {"defects": [{"check": "disclosure.catalogue_stale", "url": "http://b.gov.cn/ml/", "value": {}}]},
        "c": {"defects": []},
    }
}  # fmt: skip


def _f(unit: str, check: str, url: str | None = None, severity: str = "major") -> Finding:
    return Finding(unit_id=unit, check_id=check, severity=severity, title="t", message="m", url=url)  # type: ignore[arg-type]


def test_matching_by_unit_check_and_canonical_url() -> None:
    findings = [
        _f("a", "disclosure.guide_missing", "http://a.gov.cn/anything"),  # url-less defect: any url
        _f("a", "disclosure.annual_report_late", "http://a.gov.cn/nb/1.html"),  # canonical equal
        _f("b", "disclosure.catalogue_stale", "http://b.gov.cn/other/"),  # wrong url: fp, and fn
        _f("c", "disclosure.rules_missing"),  # nothing planted: fp
        _f("c", "disclosure.rules_missing", severity="undecided"),  # claims nothing
        _f("a", "ipv6.readiness"),  # other prefix: ignored
    ]
    card = match_findings(findings, MANIFEST, "disclosure.")
    assert set(card.checks) == {
        "disclosure.guide_missing",
        "disclosure.annual_report_late",
        "disclosure.catalogue_stale",
        "disclosure.rules_missing",
    }
    assert card.checks["disclosure.guide_missing"].recall == 1.0
    assert card.checks["disclosure.annual_report_late"].tp == [("a", "http://a.gov.cn/nb/1.html")]
    stale = card.checks["disclosure.catalogue_stale"]
    assert (stale.recall, stale.precision) == (0.0, 0.0)
    rules = card.checks["disclosure.rules_missing"]
    assert rules.precision == 0.0 and len(rules.undecided) == 1
    assert not card.perfect
    assert "fp c None" in card.summary()


def test_duplicate_findings_are_false_positives_and_units_limit_the_scope() -> None:
    findings = [_f("a", "disclosure.guide_missing"), _f("a", "disclosure.guide_missing")]
    card = match_findings(findings, MANIFEST, "disclosure.guide", units=["a"])
    score = card.checks["disclosure.guide_missing"]
    assert (len(score.tp), len(score.fp), score.precision) == (1, 1, 0.5)
    assert "disclosure.catalogue_stale" not in card.checks  # unit b not compared
