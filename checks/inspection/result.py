"""The inspection result: one night's verdict per unit, and the quarter's (rules.md §3).

``judge_night`` turns one night's inspection check results into a ``NightResult``: the veto
items that failed, the problems with their deductions, a score out of 100 (the veto and
deduction tables of ``config/rubrics/gwb-2019-inspection.toml``, see ``tables``) and what
could not be decided. ``aggregate_quarter``
folds a quarter's nights into a ``QuarterResult``: the nights considered are the named
inspection nights (``schedule.inspection_nights``) in the quarter, or every night when none is
named; a problem (and a veto) counts when it stood on every considered night
(``quarter_rule = "all"``) or on any (``"any"``); its first and last sighting over all nights
are kept for rectification. Both are pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from checks.base import CheckResult, Finding
from checks.inspection.columns import column_vetoes
from checks.inspection.tables import InspectionTables, load_tables
from config.periods import quarter_of
from config.settings import Settings, UnitConfig


def tables(settings: Settings) -> InspectionTables:
    """The veto and deduction tables the settings name (``thresholds.inspection.tables``)."""
    return load_tables(settings.thresholds.inspection.tables)


def veto_checks(settings: Settings) -> tuple[str, ...]:
    """Checks whose undecided result leaves the pass/fail verdict open."""
    return (*tables(settings).veto_of_check, *COLUMN_CHECKS)


# The column veto items: counted by ``columns.column_vetoes``, not by a veto finding.
COLUMN_CHECKS = ("inspection.column_stale", "inspection.column_blank")
_FAILING = ("veto", "major", "minor")


@dataclass(frozen=True, kw_only=True)
class Problem:
    fingerprint: str
    check_id: str
    severity: str
    title: str
    message: str
    url: str | None
    measured: dict[str, Any] = field(default_factory=dict)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    deduction_key: str | None = None
    deduction: float = 0.0
    veto: bool = False
    first_seen: str | None = None  # ISO date
    last_seen: str | None = None
    nights: int = 1

    def to_json(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "check_id": self.check_id,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "url": self.url,
            "measured": self.measured,
            "evidence": self.evidence,
            "category": self.deduction_key,
            "deduction": self.deduction,
            "veto": self.veto,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "nights": self.nights,
        }


@dataclass(frozen=True, kw_only=True)
class NightResult:
    unit_id: str
    night: dt.date
    passed: bool | None  # None: no veto failed but a veto item could not be decided
    vetoes: list[str]
    score: float
    problems: list[Problem]
    undecided: list[dict[str, str]]  # [{check_id, reason}]
    checks: dict[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class QuarterResult:
    unit_id: str
    quarter: str
    passed: bool | None
    vetoes: list[str]
    score: float
    problems: list[Problem]
    undecided: list[dict[str, str]]
    nights: list[str]  # the nights considered (ISO dates)
    all_nights: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # veto key → what the circular calls it

    @property
    def veto_labels(self) -> list[str]:
        return [self.labels.get(v, v) for v in self.vetoes]


def deduction_key(finding: Finding | Problem) -> str | None:
    check = finding.check_id.removeprefix("inspection.")
    if check == "dead_link":
        return "dead_link_homepage" if finding.measured.get("where") == "homepage" else "dead_link_inner"
    if check == "tls":
        return "transport"
    if check in ("unreachable", "homepage_stale", "blocked_link"):
        return None
    return check


def deduction_points(settings: Settings) -> dict[str, float]:
    """Points per problem kind: the tables' (with their sources), a configured value overriding."""
    return {**tables(settings).points, **settings.thresholds.inspection.deductions}


def failed_score_cap(settings: Settings) -> float:
    configured = settings.thresholds.inspection.failed_score_cap
    return tables(settings).failed.score_cap if configured is None else configured


def deduction_of(finding: Finding | Problem, settings: Settings) -> float:
    key = deduction_key(finding)
    points = deduction_points(settings).get(key, 0.0) if key else 0.0
    if key == "meta_missing":
        return points * float(finding.measured.get("pages", 1) or 1)
    return points


def _veto_items(problems: Iterable[Problem], settings: Settings) -> list[str]:
    of_check = tables(settings).veto_of_check
    vetoes = {of_check[p.check_id] for p in problems if p.check_id in of_check and p.severity == "veto"}
    column = [p for p in problems if p.check_id in COLUMN_CHECKS]
    vetoes.update(column_vetoes(column, settings))
    return [v for v in tables(settings).veto_labels if v in vetoes]


def _score(problems: Iterable[Problem], vetoes: Sequence[str], settings: Settings) -> float:
    score = max(0.0, 100.0 - sum(p.deduction for p in problems))
    if vetoes:  # a failed site ranks below every site that passed
        score = min(score, failed_score_cap(settings))
    return round(score, 2)


def _verdict(vetoes: Sequence[str], undecided: Sequence[dict[str, str]], settings: Settings) -> bool | None:
    if vetoes:
        return False
    return None if any(u["check_id"] in veto_checks(settings) for u in undecided) else True


def judge_night(
    unit: UnitConfig,
    check_results: Iterable[CheckResult],
    settings: Settings,
    *,
    night: dt.date | None = None,
) -> NightResult:
    """One night's verdict from its inspection check results (other checks are ignored)."""
    rows: list[dict[str, Any]] = []
    checks: dict[str, float | None] = {}
    for res in check_results:
        if not res.check_id.startswith("inspection.") or res.unit_id != unit.id:
            continue
        checks[res.check_id] = res.score
        if res.score is None or res.undecided_reason:
            rows.append({"check_id": res.check_id, "severity": "undecided", "message": res.undecided_reason})
        rows += [_row(f) for f in res.findings if f.severity in _FAILING]
    return judge_rows(unit.id, night or settings.audit.as_of, rows, settings, checks=checks)


def _row(f: Finding) -> dict[str, Any]:
    return {
        "fingerprint": f.fingerprint,
        "check_id": f.check_id,
        "severity": f.severity,
        "title": f.title,
        "message": f.message,
        "url": f.url,
        "measured": dict(f.measured),
        "evidence": list(f.evidence),
    }


def judge_rows(
    unit_id: str,
    night: dt.date,
    rows: Iterable[Mapping[str, Any]],
    settings: Settings,
    *,
    checks: dict[str, float | None] | None = None,
) -> NightResult:
    """A night's verdict from stored findings (dicts or ``FindingRow``-shaped mappings with
    fingerprint, check_id, severity, title, message, url, measured, evidence); rows of
    severity "undecided" name what could not be decided."""
    problems: list[Problem] = []
    undecided: dict[str, dict[str, str]] = {}
    for row in rows:
        check_id = str(row["check_id"])
        if not check_id.startswith("inspection."):
            continue
        severity = str(row.get("severity"))
        if severity == "undecided":
            reason = str(row.get("message") or "undecided")
            undecided.setdefault(check_id, {"check_id": check_id, "reason": reason})
            continue
        if severity not in _FAILING:
            continue
        problem = Problem(
            fingerprint=str(row["fingerprint"]),
            check_id=check_id,
            severity=severity,
            title=str(row.get("title") or ""),
            message=str(row.get("message") or ""),
            url=row.get("url"),
            measured=dict(row.get("measured") or {}),
            evidence=list(row.get("evidence") or []),
            first_seen=night.isoformat(),
            last_seen=night.isoformat(),
        )
        problems.append(
            replace(problem, deduction_key=deduction_key(problem), deduction=deduction_of(problem, settings))
        )
    vetoes = _veto_items(problems, settings)
    flagged = [replace(p, veto=_is_veto_problem(p, vetoes, settings)) for p in problems]
    open_ = [undecided[k] for k in sorted(undecided)]
    return NightResult(
        unit_id=unit_id,
        night=night,
        passed=_verdict(vetoes, open_, settings),
        vetoes=vetoes,
        score=_score(flagged, vetoes, settings),
        problems=flagged,
        undecided=open_,
        checks=dict(checks or {}),
    )


def _is_veto_problem(problem: Problem, vetoes: Sequence[str], settings: Settings) -> bool:
    of_check = tables(settings).veto_of_check
    if problem.check_id in of_check:
        return of_check[problem.check_id] in vetoes and problem.severity == "veto"
    if problem.check_id == "inspection.column_stale":
        return "columns_stale" in vetoes
    return problem.check_id == "inspection.column_blank" and "columns_blank" in vetoes


def considered_nights(nights: Sequence[NightResult], quarter: str, settings: Settings) -> list[dt.date]:
    """The quarter's nights that count: the named inspection nights that have results, or all."""
    in_quarter = sorted({n.night for n in nights if quarter_of(n.night) == quarter})
    named = {dt.date.fromisoformat(d) for d in settings.schedule.inspection_nights}
    chosen = [d for d in in_quarter if d in named] if named else in_quarter
    return chosen


def aggregate_quarter(
    nights: Sequence[NightResult], settings: Settings, *, quarter: str | None = None
) -> QuarterResult:
    """A unit's quarter from its nightly results (all of one unit)."""
    if not nights:
        raise ValueError("no nightly results to aggregate")
    unit_id = nights[0].unit_id
    if any(n.unit_id != unit_id for n in nights):
        raise ValueError("nightly results of several units")
    quarter = quarter or quarter_of(max(n.night for n in nights))
    days = considered_nights(nights, quarter, settings)
    by_night = {n.night: n for n in nights}
    counted = [by_night[d] for d in days]
    rule = settings.thresholds.inspection.quarter_rule
    seen: dict[str, list[tuple[dt.date, Problem]]] = {}
    for night in sorted(nights, key=lambda n: n.night):
        for problem in night.problems:
            seen.setdefault(problem.fingerprint, []).append((night.night, problem))
    problems: list[Problem] = []
    for sightings in seen.values():
        on = {d for d, _ in sightings if d in days}
        if not on or (rule == "all" and len(on) < len(days)):
            continue
        latest = max((s for s in sightings if s[0] in on), key=lambda s: s[0])[1]
        problems.append(
            replace(
                latest,
                veto=False,
                first_seen=min(d for d, _ in sightings).isoformat(),
                last_seen=max(d for d, _ in sightings).isoformat(),
                nights=len(sightings),
            )
        )
    vetoes = _veto_items(problems, settings)
    problems = [replace(p, veto=_is_veto_problem(p, vetoes, settings)) for p in problems]
    problems.sort(key=lambda p: (not p.veto, -p.deduction, p.check_id, p.url or ""))
    undecided: dict[str, dict[str, str]] = {}
    for night in counted:
        for item in night.undecided:
            undecided[item["check_id"]] = item
    open_ = [undecided[k] for k in sorted(undecided)]
    return QuarterResult(
        unit_id=unit_id,
        quarter=quarter,
        passed=_verdict(vetoes, open_, settings) if counted else None,
        vetoes=vetoes,
        score=_score(problems, vetoes, settings),
        problems=problems,
        undecided=open_,
        nights=[d.isoformat() for d in days],
        all_nights=sorted(n.night.isoformat() for n in nights),
        labels=tables(settings).veto_labels,
    )
