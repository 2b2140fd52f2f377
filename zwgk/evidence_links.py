"""Giving each finding of a run its evidence records (after the checks, before the reports).

What a finding rests on is read from what it names (the fetches and probes in its
``evidence``) and from its kind: a page finding gets the WARC response record of each fetch
(and, failing that, the fetch's own record with the DNS answer of its host); an availability
finding every probe of the window its verdict rests on; a certificate finding the handshake
and the peer's chain; an IPv6 finding its probes with the AAAA and NS answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from config.settings import Settings
from storage import evidence as ev
from storage.models import AuditRun, DnsAnswer, EvidenceRecord, Fetch, FindingRow, Probe


@dataclass
class EvidenceStats:
    findings: int = 0
    records: int = 0
    without: list[int] = field(default_factory=list)  # finding ids with no evidence


class _Linker:
    def __init__(self, session: Session, run: AuditRun, settings: Settings, data_dir: Path) -> None:
        self.session = session
        self.run = run
        self.settings = settings
        self.data_dir = data_dir
        self.made: dict[tuple[Any, ...], int | None] = {}
        self.records = 0

    def _once(self, key: tuple[Any, ...], make: Any) -> list[int]:
        if key not in self.made:
            record = make()
            self.made[key] = record.id if record is not None else None
            self.records += record is not None
        found = self.made[key]
        return [found] if found is not None else []

    # --- pages and fetches ------------------------------------------------------------
    def fetch(self, unit_id: str, fetch_id: int) -> list[int]:
        row = self.session.get(Fetch, fetch_id)
        if row is None:
            return []
        summary = _fetch_summary(row)
        ids = self._once(
            ("page", fetch_id),
            lambda: ev.record_warc(self.session, self.data_dir, row, unit_id=unit_id, summary=summary),
        )
        if ids:
            return ids
        ids = self._once(("attempt", fetch_id), lambda: self._attempt(unit_id, row, summary))
        if row.outcome in ("error", "refused"):
            ids += self.dns(unit_id, urlsplit(row.url).hostname or "")
        return ids

    def _attempt(self, unit_id: str, row: Fetch, summary: str) -> EvidenceRecord:
        return ev.record_rows(
            self.session, run_id=self.run.id, unit_id=unit_id, kind="attempt", subject=row.url,
            seen_at=row.started_at, summary=summary, sources={"fetches": [row.id]},
        )  # fmt: skip

    def dns(self, unit_id: str, host: str, qtypes: Iterable[str] | None = None) -> list[int]:
        query = select(DnsAnswer).where(
            DnsAnswer.run_id == self.run.id, DnsAnswer.unit_id == unit_id, DnsAnswer.qname == host.lower()
        )
        rows = [
            r for r in self.session.scalars(query.order_by(DnsAnswer.id)) if not qtypes or r.qtype in qtypes
        ]
        if not rows:
            return []
        summary = "、".join(f"{r.qtype} {r.rcode}" for r in rows)
        key = ("dns", unit_id, tuple(r.id for r in rows))
        return self._once(key, lambda: ev.record_rows(
            self.session, run_id=self.run.id, unit_id=unit_id, kind="dns", subject=host,
            seen_at=rows[0].at, summary=summary, sources={"dns": [r.id for r in rows]},
        ))  # fmt: skip

    # --- probes ---------------------------------------------------------------------------
    def probes(self, unit_id: str, rows: list[Probe], kind: str = "probes") -> list[int]:
        if not rows:
            return []
        failed = sum(not r.ok for r in rows)
        summary = f"{len(rows)} 次探测，失败 {failed} 次"
        key = (kind, unit_id, tuple(r.id for r in rows))
        return self._once(key, lambda: ev.record_rows(
            self.session, run_id=self.run.id, unit_id=unit_id, kind=kind, subject=rows[0].url,
            seen_at=rows[-1].at, summary=summary, sources={"probes": [r.id for r in rows]},
        ))  # fmt: skip

    def tls(self, unit_id: str, probe: Probe) -> list[int]:
        facts = dict((probe.details or {}).get("tls") or {})
        checked = "未通过" if facts.get("verify_error") else "通过"
        summary = f"证书有效期 {facts.get('not_before')} 至 {facts.get('not_after')}，校验{checked}"
        chain = list(facts.get("chain_pem") or [])
        return self._once(("tls", probe.id), lambda: ev.record_rows(
            self.session, run_id=self.run.id, unit_id=unit_id, kind="tls", subject=probe.url,
            seen_at=probe.at, summary=str(summary), sources={"probes": [probe.id]},
            extra={"handshake": {k: v for k, v in facts.items() if k != "chain_pem"}, "chain_pem": chain},
        ))  # fmt: skip

    def unit_probes(self, unit_id: str, kind: str) -> list[Probe]:
        query = select(Probe).where(Probe.unit_id == unit_id, Probe.kind == kind).order_by(Probe.at, Probe.id)
        return list(self.session.scalars(query))

    def window(self, unit_id: str) -> list[Probe]:
        """The availability probes the verdict rests on (``checks.inspection.availability``'s window)."""
        days = self.settings.thresholds.inspection.availability_window_days
        end = dt.datetime.combine(self.run.as_of + dt.timedelta(days=1), dt.time())
        start = end - dt.timedelta(days=days)
        return [
            p
            for p in self.unit_probes(unit_id, "availability")
            if p.run_id == self.run.id or start <= p.at < end
        ]

    # --- one finding ----------------------------------------------------------------------
    def link(self, row: FindingRow) -> list[int]:
        ids: list[int] = []
        unit = row.unit_id
        for entry in row.evidence or []:
            if isinstance(entry, dict) and entry.get("fetch_id"):
                ids += self.fetch(unit, int(entry["fetch_id"]))
            # A 304 names the earlier fetch whose body it was read through: both are evidence.
            body = entry.get("body_fetch") if isinstance(entry, dict) else None
            if isinstance(body, dict) and body.get("fetch_id"):
                ids += self.fetch(unit, int(body["fetch_id"]))
        if row.check_id == "inspection.unreachable":
            ids += self.probes(unit, self.window(unit))
        elif row.check_id == "inspection.tls" and (row.measured or {}).get("problem") != "mixed_content":
            ids += self._tls_of(row)
        elif row.check_id.startswith("ipv6"):
            ids += self._ipv6_of(row)
        if not ids and row.url:
            latest = self.session.scalars(
                select(Fetch.id)
                .where(Fetch.run_id == self.run.id, Fetch.unit_id == unit, Fetch.url == row.url)
                .order_by(Fetch.id.desc())
            ).first()
            if latest is not None:
                ids += self.fetch(unit, latest)
        return list(dict.fromkeys(ids))

    def _tls_of(self, row: FindingRow) -> list[int]:
        times = {str(e.get("fetched_at")) for e in row.evidence or [] if isinstance(e, dict)}
        probes = [p for p in self.unit_probes(row.unit_id, "availability") if p.at.isoformat() in times]
        return [i for p in probes if (p.details or {}).get("tls") for i in self.tls(row.unit_id, p)]

    def _ipv6_of(self, row: FindingRow) -> list[int]:
        wanted = {
            (e.get("url"), e.get("family"), e.get("at"))
            for e in row.evidence or []
            if isinstance(e, dict) and e.get("kind") == "probe"
        }
        probes = [
            p for p in self.unit_probes(row.unit_id, "ipv6") if (p.url, p.family, p.at.isoformat()) in wanted
        ]
        ids = self.probes(row.unit_id, probes, kind="ipv6")
        hosts = {urlsplit(p.url).hostname or "" for p in probes}
        for host in sorted(h for h in hosts if h):
            ids += self.dns(row.unit_id, host, qtypes=("A", "AAAA", "NS", "CNAME"))
        return ids


def link_run_evidence(
    session: Session, run_id: int, settings: Settings, data_dir: str | Path
) -> EvidenceStats:
    """Record the evidence of every finding of the run (again: a rerun replaces the records)."""
    run = session.get(AuditRun, run_id)
    if run is None:
        raise LookupError(f"no audit run {run_id}")
    session.execute(delete(EvidenceRecord).where(EvidenceRecord.run_id == run_id))
    linker = _Linker(session, run, settings, Path(data_dir))
    stats = EvidenceStats()
    for row in session.scalars(select(FindingRow).where(FindingRow.run_id == run_id).order_by(FindingRow.id)):
        ids = linker.link(row)
        session.execute(update(FindingRow).where(FindingRow.id == row.id).values(evidence_ids=ids))
        stats.findings += 1
        if not ids:
            stats.without.append(row.id)
    stats.records = linker.records
    return stats


def _fetch_summary(row: Fetch) -> str:
    if row.status is not None:
        return f"HTTP {row.status}"
    return row.reason or row.outcome


def unproven_problems(session: Session, data_dir: str | Path, quarter: str) -> tuple[int, list[str]]:
    """(problems of the quarter's inspection results, those without evidence that verifies)."""
    from storage.models import InspectionResult

    rows = session.scalars(select(InspectionResult).where(InspectionResult.quarter == quarter)).all()
    problems = [(r.unit_id, str(p.get("fingerprint"))) for r in rows for p in r.problems or []]
    latest = ev.latest_findings(session, [fp for _, fp in problems])
    unproven: list[str] = []
    for unit_id, fingerprint in problems:
        finding = latest.get(fingerprint)
        records = ev.records_of(session, [int(i) for i in finding.evidence_ids or []]) if finding else []
        if not records or not all(ev.verify(session, data_dir, r).ok for r in records):
            unproven.append(f"{unit_id} {finding.id if finding else fingerprint}")
    return len(problems), unproven
