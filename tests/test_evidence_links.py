"""A finding on a page answered 304 opens both fetches: tonight's 304 and the earlier answer
whose body it was read through."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from checks.base import Finding
from config.settings import Settings, UnitConfig
from storage.bodies import put_body
from storage.db import Database
from storage.findings import store_findings
from storage.models import AuditRun, EvidenceRecord, Fetch, FindingRow
from storage.snapshot import load_snapshot
from zwgk.evidence_links import link_run_evidence

BASE = "http://www.x.gov.cn/"


def test_a_finding_on_a_304_rests_on_both_fetches(sqlite_url: str, tmp_path: Path) -> None:
    unit = UnitConfig(id="x", name="某县", unit_class="A", homepage=BASE, scope=[BASE])  # type: ignore[call-arg]
    db = Database.open(sqlite_url)
    with db.session() as session:
        digest = put_body(session, b"<html><body>x</body></html>")
        first, second = AuditRun(as_of=dt.date(2020, 12, 14)), AuditRun(as_of=dt.date(2020, 12, 15))
        session.add_all([first, second])
        session.flush()
        common = {"unit_id": "x", "url": BASE, "final_url": BASE, "content_hash": digest}
        full = Fetch(run_id=first.id, outcome="ok", status=200, **common)
        session.add(full)
        session.flush()
        revalidated = Fetch(run_id=second.id, outcome="not_modified", status=304, **common)
        session.add(revalidated)
        session.commit()
        [page] = load_snapshot(session, second.id, unit).pages
        finding = Finding(unit_id="x", check_id="inspection.wording_error", severity="major", title="t",
                          message="m", url=BASE, evidence=[page.evidence("x")])  # fmt: skip
        store_findings(session, second.id, [finding], topic_of={"inspection.wording_error": "inspection"})
        link_run_evidence(session, second.id, Settings(), tmp_path)
        session.commit()
        row = session.scalars(select(FindingRow)).one()
        records = session.scalars(select(EvidenceRecord).where(EvidenceRecord.id.in_(row.evidence_ids))).all()
        assert len(records) == 2
        assert {r.seen_at for r in records} == {full.started_at, revalidated.started_at}
    db.dispose()
