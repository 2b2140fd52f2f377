"""Interpretation figures over every sandbox unit, against the manifest; recall and precision of
every ``interpretation.*`` check."""

from __future__ import annotations

from typing import Any

import pytest

from checks.context import CheckContext
from checks.groundtruth import match_findings
from checks.runner import run_checks
from config.settings import Settings
from pages.urls import canonicalize

pytest.importorskip("sandbox.snapshots")
pytestmark = pytest.mark.slow


def _canon(mapping: dict[str, Any]) -> dict[str, Any]:
    return {
        canonicalize(k): (canonicalize(v) if isinstance(v, str) and "://" in v else v)
        for k, v in mapping.items()
    }


def test_per_unit_figures_match_the_manifest(
    sandbox_snapshots: Any, sandbox_manifest: dict[str, Any]
) -> None:
    settings = Settings()
    problems: list[str] = []
    for unit_id, entry in sorted(sandbox_manifest["units"].items()):
        expected = entry.get("interpretation")
        if expected is None:  # the unreachable unit
            continue
        got = CheckContext(sandbox_snapshots[unit_id], settings).interpretations.figures()
        for key in ("policies", "interpretations", "nontext", "other_channel"):
            if got[key] != expected[key]:
                problems.append(f"{unit_id} {key}: got {got[key]}, manifest {expected[key]}")
        for key in ("nontext_share", "channel_share"):
            if expected[key] is not None and (got[key] is None or abs(got[key] - expected[key]) > 1e-3):
                problems.append(f"{unit_id} {key}: got {got[key]}, manifest {expected[key]}")
        for key in ("forms", "links", "lags"):
            want, have = _canon(expected[key]), _canon(got[key])
            for url in sorted(set(want) | set(have)):
                if want.get(url) != have.get(url):
                    problems.append(f"{unit_id} {key} {url}: got {have.get(url)}, manifest {want.get(url)}")
        want_missing = sorted(canonicalize(u) for u in expected["without_interpretation"])
        have_missing = sorted(canonicalize(u) for u in got["without_interpretation"])
        if want_missing != have_missing:
            problems.append(f"{unit_id} without_interpretation: got {have_missing}, manifest {want_missing}")
    assert not problems, "\n".join(problems[:60])


def test_interpretation_checks_recall_and_precision(
    sandbox_snapshots: Any, sandbox_manifest: dict[str, Any]
) -> None:
    settings = Settings()
    findings = []
    units = sorted(sandbox_manifest["units"])
    for unit_id in units:
        snapshot = sandbox_snapshots[unit_id]
        for result in run_checks(snapshot, settings, only=["interpretation"]):
            findings.extend(result.findings)
    card = match_findings(findings, sandbox_manifest, "interpretation.", units=units)
    assert card.perfect, card.summary()
    for check_id in ("interpretation.missing", "interpretation.late", "interpretation.nontext_share"):
        assert card.checks[check_id].tp, f"no planted {check_id} found"
