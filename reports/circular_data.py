"""What a quarterly circular says, assembled from storage (it computes nothing new)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from checks.base import label_of
from config.periods import previous_quarter, quarter_label, quarter_of
from config.settings import AuditConfig
from reports.wording import plain_chinese
from scoring.model import PROVISIONAL_MARK
from storage.evidence import latest_findings, screenshot_paths
from storage.models import AuditRun, Circular, FindingRow, InspectionResult, Link, Page

OTHER_CATEGORY = "其他问题"  # a check without a registered label never shows its id


def category_label(check_id: str, default: str | None = None) -> str:
    """What the circular calls a problem of this check: the check's registered label."""
    return label_of(check_id, default)


# What the circular calls each rectification status (docs/scoring.md: rectification).
STATUS_LABELS = {
    "new": "新发现",
    "still": "未整改",
    "worse": "未整改（加重）",
    "fixed": "已整改",
    "unchecked": "未复查",
}


@dataclass(frozen=True, kw_only=True)
class Problem:
    unit_id: str
    unit_name: str
    check_id: str
    category: str
    title: str
    message: str
    url: str | None
    first_seen: str | None
    last_seen: str | None
    screenshot: str | None
    fingerprint: str
    veto: bool
    status: str  # new | still (stood in the previous circular too) | worse | fixed | unchecked

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    finding_id: int | None = None  # what ``zwgk evidence`` takes
    evidence_ids: tuple[int, ...] = ()

    @property
    def description(self) -> str:
        """The message in plain Chinese, without the URL that has a column of its own."""
        return plain_chinese(self.message, drop_url=self.url)


@dataclass(frozen=True, kw_only=True)
class UnitInspection:
    unit_id: str
    name: str
    unit_class: str
    site: str | None
    passed: bool | None
    score: float
    rank: int
    vetoes: list[str]
    problems: list[Problem]
    undecided: list[str]
    provisional: str = ""  # why the score/verdict is 待核实 (checks undecided); "" when final

    @property
    def score_text(self) -> str:
        return f"{self.score:g}" + (f" {PROVISIONAL_MARK}" if self.provisional else "")

    @property
    def result_text(self) -> str:
        return "合格" if self.passed else ("不合格" if self.passed is False else "未判定")


@dataclass(frozen=True, kw_only=True)
class NotInspected:
    """A unit of the scheme with no inspection result this quarter, and why: 待核实."""

    unit_id: str
    name: str
    unit_class: str
    reason: str


@dataclass(kw_only=True)
class CircularData:
    quarter: str
    issuer: str
    doc_number: str
    addressees: str
    cc: list[str]
    printer: str
    issued_on: dt.date
    deadline: dt.date
    nights: list[str]
    units: list[UnitInspection]
    fixed: list[Problem]
    previous_quarter: str
    previous_circular: bool  # storage holds a circular for the previous quarter
    previous_inspected: bool  # storage holds inspection results for the previous quarter
    trend: list[tuple[str, float, float]]  # (quarter, pass rate %, mean score)
    charts: dict[str, Path] = field(default_factory=dict)
    not_inspected: list[NotInspected] = field(default_factory=list)
    ledger_anchor: str | None = None  # the score log's sealed head when issued (scoring.ledger_seal)

    @property
    def provisional(self) -> list[UnitInspection]:
        return [u for u in self.units if u.provisional]

    @property
    def title(self) -> str:
        return f"关于{quarter_label(self.quarter)}全市政府网站检查情况的通报"

    @property
    def passed(self) -> list[UnitInspection]:
        return [u for u in self.units if u.passed]

    @property
    def failed(self) -> list[UnitInspection]:
        return [u for u in self.units if u.passed is False]

    @property
    def problems(self) -> list[Problem]:
        return [p for u in self.units for p in u.problems]

    def problems_by_category(self) -> Counter[str]:
        return Counter(p.category for p in self.problems)

    def still_open(self) -> list[Problem]:
        """Last quarter's problems not rectified: standing still (or worse), or worse in kind."""
        return [p for p in self.problems if p.status in ("still", "worse")] + [
            p for p in self.fixed if p.status == "worse"
        ]

    @property
    def rectified(self) -> list[Problem]:
        return [p for p in self.fixed if p.status == "fixed"]

    @property
    def unchecked(self) -> list[Problem]:
        return [p for p in self.fixed if p.status == "unchecked"]

    def problems_by_unit(self) -> list[tuple[UnitInspection, Counter[str]]]:
        """Units with problems, most problems first, each with its count per category."""
        counted = [(u, Counter(p.category for p in u.problems)) for u in self.units if u.problems]
        return sorted(counted, key=lambda pair: -len(pair[0].problems))

    def top_scorers(self) -> tuple[float, list[UnitInspection]]:
        """The best score and every unit that has it (a tie is reported as a tie)."""
        if not self.units:
            return 0.0, []
        best = max(u.score for u in self.units)
        return best, [u for u in self.units if u.score == best]


def load_circular_data(
    session: Session, config: AuditConfig, quarter: str, *, issued_on: dt.date, deadline: dt.date
) -> CircularData:
    names = {u.id: u for u in config.units}
    rows = list(session.scalars(select(InspectionResult).where(InspectionResult.quarter == quarter)))
    if not rows:
        raise LookupError(f"no inspection results stored for {quarter}: run an audit first")
    previous = previous_quarter(quarter)
    circulars = set(session.scalars(select(Circular.quarter).where(Circular.quarter == previous)))
    before = {
        r.unit_id: {str(p.get("fingerprint")): p for p in r.problems or []}
        for r in session.scalars(select(InspectionResult).where(InspectionResult.quarter == previous))
    }
    latest = latest_findings(
        session,
        [str(p.get("fingerprint")) for r in rows for p in r.problems or []]
        + [fp for problems in before.values() for fp in problems],
    )
    shots = screenshot_paths(session, latest.values(), config.settings.crawl.data_dir)
    ranked = sorted(rows, key=lambda r: (-(r.score or 0.0), r.unit_id))
    ranks = _competition_ranks([round(r.score or 0.0, 2) for r in ranked])
    units: list[UnitInspection] = []
    fixed: list[Problem] = []
    nights: set[str] = set()
    for rank, row in zip(ranks, ranked, strict=True):
        unit = names.get(row.unit_id)
        name = unit.display_name if unit else row.unit_id
        prior = before.get(row.unit_id, {})
        current = [
            _problem(p, row.unit_id, name, prior, latest=latest, shots=shots) for p in row.problems or []
        ]
        judged = judge_rectification(prior, row, _targets(session, row.unit_id, quarter))
        current = [replace(p, status="worse") if p.fingerprint in judged.worse else p for p in current]
        fixed += [
            _problem(p, row.unit_id, name, {}, status=judged.status[fp], latest=latest, shots=shots)
            for fp, p in prior.items()
            if fp in judged.status
        ]
        nights.update(str(n) for n in row.nights or [])
        units.append(
            UnitInspection(
                unit_id=row.unit_id,
                name=name,
                unit_class=unit.unit_class if unit else "?",
                site=unit.homepage if unit else None,
                passed=row.passed,
                score=round(row.score or 0.0, 2),
                rank=rank,
                vetoes=[str(v) for v in row.vetoes or []],
                problems=current,
                undecided=[_undecided_text(u) for u in row.undecided or []],
                provisional=_provisional(row.undecided or []),
            )
        )
    inspected = {row.unit_id for row in rows}
    not_inspected = [
        NotInspected(
            unit_id=u.id,
            name=u.display_name,
            unit_class=u.unit_class,
            reason="未配置网站，未检查" if not u.has_site else "本季度未检查",
        )
        for u in config.units
        if u.id not in inspected
    ]
    layout = config.settings.circular
    serial = layout.serials.get(quarter)
    return CircularData(
        quarter=quarter,
        issuer=layout.issuer,
        doc_number=layout.doc_number.format(year=issued_on.year, serial=serial if serial else "\u3000\u3000"),
        addressees=layout.addressees,
        cc=list(layout.cc),
        printer=layout.printer,
        issued_on=issued_on,
        deadline=deadline,
        nights=sorted(nights),
        units=units,
        fixed=fixed,
        previous_quarter=previous,
        previous_circular=bool(circulars),
        previous_inspected=bool(before),
        trend=_trend(session, quarter),
        not_inspected=not_inspected,
    )


@dataclass(frozen=True)
class Rectification:
    status: dict[
        str, str
    ]  # last quarter's problems not standing now: fingerprint → fixed | worse | unchecked
    worse: set[str]  # last quarter's problems standing now, and more of their kind (dead link → three)


def judge_rectification(prior: dict[str, Any], row: InspectionResult, targets: set[str]) -> Rectification:
    """已整改 only when the same check ran this quarter on the same target and found it no more;
    worse (expiring → expired, one dead link → three) is 未整改（加重）; otherwise 未复查.

    The check ran: it is not among the quarter's undecided checks. The same target: a problem
    without a URL (or on the homepage) is the unit's; one with a URL needs that URL fetched or
    linked to by one of the quarter's audit runs."""
    now = [p for p in row.problems or [] if isinstance(p, dict)]
    undecided = {str(u.get("check_id")) for u in row.undecided or [] if isinstance(u, dict)}
    standing = {str(p.get("fingerprint")) for p in now}
    per_check_now = Counter(str(p.get("check_id")) for p in now)
    per_check_before = Counter(str(p.get("check_id")) for p in prior.values())
    status: dict[str, str] = {}
    worse: set[str] = set()
    for fingerprint, problem in prior.items():
        check, url = str(problem.get("check_id")), problem.get("url")
        if fingerprint in standing:
            if per_check_now[check] > per_check_before[check]:
                worse.add(fingerprint)
            continue
        if any(str(p.get("check_id")) == check and p.get("url") == url for p in now):
            status[fingerprint] = "worse"  # the same target, still failing, otherwise (expiring → expired)
        elif check in undecided or (url and url not in targets and check != "inspection.unreachable"):
            status[fingerprint] = "unchecked"
        else:
            status[fingerprint] = "fixed"
    return Rectification(status=status, worse=worse)


def _targets(session: Session, unit_id: str, quarter: str) -> set[str]:
    """What the quarter's audit runs fetched or found linked for the unit (the targets re-checked)."""
    runs = [
        r.id
        for r in session.scalars(
            select(AuditRun).where(AuditRun.kind == "audit", AuditRun.status != "failed")
        )
        if quarter_of(r.as_of) == quarter
    ]
    if not runs:
        return set()
    pages = session.scalars(select(Page.url).where(Page.run_id.in_(runs), Page.unit_id == unit_id))
    links = session.scalars(select(Link.to_url).where(Link.run_id.in_(runs), Link.unit_id == unit_id))
    return {*pages, *links}


def _competition_ranks(scores: list[float]) -> list[int]:
    ranks, last, last_rank = [], None, 0
    for position, score in enumerate(scores, start=1):
        if score != last:
            last, last_rank = score, position
        ranks.append(last_rank)
    return ranks


def _problem(
    raw: dict[str, Any],
    unit_id: str,
    unit_name: str,
    prior: dict[str, Any],
    status: str | None = None,
    latest: dict[str, FindingRow] | None = None,
    shots: dict[int, str] | None = None,
) -> Problem:
    check_id = str(raw.get("check_id", ""))
    evidence = raw.get("evidence") or []
    screenshot = next(
        (e.get("screenshot") for e in evidence if isinstance(e, dict) and e.get("screenshot")), None
    )
    fingerprint = str(raw.get("fingerprint", ""))
    stored = (latest or {}).get(fingerprint)
    return Problem(
        unit_id=unit_id,
        unit_name=unit_name,
        check_id=check_id,
        category=category_label(check_id, OTHER_CATEGORY),
        title=str(raw.get("title", "")),
        message=str(raw.get("message", "")),
        url=raw.get("url"),
        first_seen=_day(raw.get("first_seen")),
        last_seen=_day(raw.get("last_seen")),
        screenshot=screenshot or raw.get("screenshot") or (shots or {}).get(stored.id if stored else -1),
        fingerprint=fingerprint,
        veto=bool(raw.get("veto")),
        status=status or ("still" if fingerprint in prior else "new"),
        finding_id=stored.id if stored is not None else None,
        evidence_ids=tuple(int(i) for i in stored.evidence_ids or ()) if stored is not None else (),
    )


def _provisional(undecided: list[Any]) -> str:
    """The score and verdict rest on every check: one undecided leaves them 待核实."""
    labels = [
        category_label(str(u.get("check_id")), "其他检查") if isinstance(u, dict) else "其他检查"
        for u in undecided
    ]
    if not labels:
        return ""
    return f"{len(labels)}项检查未能判定（{'、'.join(dict.fromkeys(labels))}）"


def _undecided_text(raw: Any) -> str:
    if isinstance(raw, dict):
        return f"{raw.get('check_id', '')}: {raw.get('reason', '')}".strip(": ")
    return str(raw)


def _day(value: Any) -> str | None:
    return str(value)[:10] if value else None


def _trend(session: Session, quarter: str) -> list[tuple[str, float, float]]:
    rows = session.execute(select(InspectionResult.quarter, InspectionResult.passed, InspectionResult.score))
    by_quarter: dict[str, list[tuple[bool | None, float]]] = {}
    for q, passed, score in rows:
        if q <= quarter:
            by_quarter.setdefault(q, []).append((passed, score or 0.0))
    trend = []
    for q in sorted(by_quarter)[-4:]:
        items = by_quarter[q]
        rate = 100.0 * sum(1 for p, _ in items if p) / len(items)
        trend.append((q, round(rate, 1), round(sum(s for _, s in items) / len(items), 1)))
    return trend
