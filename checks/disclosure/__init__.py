"""The statutory disclosure column checks (issue 5; ids in docs/checks.md, ``disclosure.*``).

Importing this package registers the checks. To run them all over one unit's snapshot::

    from checks.disclosure import run_disclosure_checks
    results = run_disclosure_checks(snapshot, settings)  # list[CheckResult], one per check id

(``checks.runner.run_checks(snapshot, settings, only=["disclosure"])`` does the same through
the registry.)
"""

from __future__ import annotations

from checks.base import REGISTRY, CheckResult, Finding
from checks.disclosure import annual_checks, catalogue, guide, presence
from config.settings import Settings
from storage.snapshot import UnitSnapshot

CHECK_IDS: tuple[str, ...] = (
    "disclosure.column_missing",
    "disclosure.guide_missing",
    "disclosure.guide_stale",
    "disclosure.guide_incomplete",
    "disclosure.rules_missing",
    "disclosure.statutory_missing",
    "disclosure.annual_report_missing",
    "disclosure.annual_report_late",
    "disclosure.annual_report_arithmetic",
    "disclosure.annual_report_blank_cells",
    "disclosure.catalogue_missing",
    "disclosure.catalogue_stale",
    "disclosure.catalogue_unclassified",
    "disclosure.request_channel_missing",
)
__all__ = ["CHECK_IDS", "annual_checks", "catalogue", "guide", "presence", "run_disclosure_checks"]


def run_disclosure_checks(snapshot: UnitSnapshot, settings: Settings) -> list[CheckResult]:
    """Every disclosure check's result on one snapshot, in ``CHECK_IDS`` order (pure, no I/O)."""
    return [REGISTRY[check_id].run(snapshot, settings) for check_id in CHECK_IDS]


def disclosure_findings(snapshot: UnitSnapshot, settings: Settings) -> list[Finding]:
    return [f for result in run_disclosure_checks(snapshot, settings) for f in result.findings]
