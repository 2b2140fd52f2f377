"""The quarterly site inspection (国办秘函〔2019〕19号 indicators; rules.md §3 and §6), issue 8.

One module per indicator, each registering its checks (ids ``inspection.*``, topic
"inspection"); ``result`` turns a night's check results into a ``NightResult`` and a quarter's
nights into a ``QuarterResult``.

How the audit pipeline uses it, per unit and night::

    results = run_checks(snapshot, settings, only=["inspection"])  # checks.runner
    store_findings(session, run_id, night_findings(results))  # undecided results kept too
    night = judge_night(unit, results, settings, night=snapshot.as_of)

and per quarter (``zwgk inspect`` does this from storage)::

    quarter = aggregate_quarter(nights_of_the_unit, settings, quarter="2020Q4")
    store_quarter(session, quarter)                           # checks.inspection.stored
"""

from __future__ import annotations

from checks.base import CheckResult, Finding
from checks.inspection import (
    availability,
    columns,
    consultation,
    conventions,
    dead_links,
    hidden_links,
    homepage_freshness,
    transport,
    wording,
)
from checks.inspection.result import NightResult, QuarterResult, aggregate_quarter, judge_night

CHECKS = (
    availability.CHECK,
    homepage_freshness.CHECK,
    columns.STALE,
    columns.BLANK,
    dead_links.DEAD,
    dead_links.BLOCKED,
    hidden_links.HIDDEN,
    hidden_links.ILLEGAL,
    wording.CHECK,
    consultation.CHECK,
    conventions.META,
    conventions.SITE,
    transport.CHECK,
)
CHECK_IDS = tuple(check.id for check in CHECKS)


def night_findings(results: list[CheckResult]) -> list[Finding]:
    """The findings to store for a night: each result's findings, and for an undecided result
    without findings one ``undecided`` finding carrying the reason (so re-aggregation from
    storage knows what could not be decided)."""
    out: list[Finding] = []
    for res in results:
        out.extend(res.findings)
        if res.score is None and not any(f.severity == "undecided" for f in res.findings):
            out.append(
                Finding(
                    unit_id=res.unit_id,
                    check_id=res.check_id,
                    severity="undecided",
                    title="无法判定",
                    message=res.undecided_reason or res.display_value or "undecided",
                    measured={"reason": res.undecided_reason},
                    key="undecided",
                )
            )
    return out


__all__ = [
    "CHECKS",
    "CHECK_IDS",
    "NightResult",
    "QuarterResult",
    "aggregate_quarter",
    "judge_night",
    "night_findings",
]
