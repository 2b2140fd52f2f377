"""The statutory disclosure column checks (issue 5; ids in docs/checks.md, ``disclosure.*``).

Importing this package registers the checks. To run them all over one unit's snapshot::

    results = checks.runner.run_checks(snapshot, settings, only=["disclosure"])
"""

from __future__ import annotations

from checks.disclosure import annual_checks, catalogue, guide, presence

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
__all__ = ["CHECK_IDS", "annual_checks", "catalogue", "guide", "presence"]
