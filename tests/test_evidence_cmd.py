"""Every problem of a circular opens its stored evidence: ``zwgk evidence`` over a real audit.

One audit (crawl with Chromium → … → reports) of three sandbox units whose problems have no
page of their own: 市发展改革委 (fgw, homepage unreachable), 浮山县 (fushan, certificate expired)
and 市体育局 (tyj, a homepage link to a host that does not resolve). Each problem of the
circular must name evidence of its kind whose bytes verify; changed bytes must not verify.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from config.loader import with_overrides
from config.settings import AuditConfig
from reports.warc_export import export_warc
from sandbox import flaky
from storage import evidence as ev
from storage.db import Database
from storage.models import EvidenceRecord, Fetch, FindingRow, InspectionResult
from zwgk.commands.evidence_cmd import show_evidence
from zwgk.pipeline import AuditOptions, AuditOutcome, run_audit

pytestmark = [pytest.mark.slow, pytest.mark.browser]

UNITS = ["fgw", "fushan", "tyj"]
QUARTER = "2020Q4"


@dataclass(frozen=True)
class Audited:
    config: AuditConfig
    db: Database
    outcome: AuditOutcome
    out: Path
    base: Path


@pytest.fixture(scope="module")
def own_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A sandbox of this module's own: its flaky link's one outage falls in this audit."""
    from sandbox.server import run_sandbox

    with run_sandbox(seed=1, as_of=dt.date(2020, 12, 15), data_dir=tmp_path_factory.mktemp("sb")) as sb:
        yield sb


@pytest.fixture(scope="module")
def audited(own_sandbox: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Audited]:
    base = tmp_path_factory.mktemp("evidence")
    config = with_overrides(
        own_sandbox.config,
        crawl={"data_dir": str(base / "data")},
        storage={"database_url": f"sqlite:///{base / 'zwgk.sqlite3'}"},
    )
    db = Database.open(f"sqlite:///{base / 'zwgk.sqlite3'}")
    options = AuditOptions(
        unit_ids=UNITS, year=2020, quarter=QUARTER, out_dir=base / "out", issued_on=dt.date(2020, 12, 15),
        pdf=False,
    )  # fmt: skip
    outcome = run_audit(config, db, options)
    try:
        yield Audited(config=config, db=db, outcome=outcome, out=base / "out", base=base)
    finally:
        db.dispose()


def _problems(a: Audited) -> list[tuple[str, dict[str, Any]]]:
    with a.db.session() as session:
        rows = session.scalars(select(InspectionResult).where(InspectionResult.quarter == QUARTER)).all()
    return [(r.unit_id, p) for r in rows for p in r.problems or []]


def _finding(a: Audited, unit_id: str, fingerprint: str) -> FindingRow:
    with a.db.session() as session:
        row = session.scalars(
            select(FindingRow).where(
                FindingRow.run_id == a.outcome.run_id,
                FindingRow.unit_id == unit_id,
                FindingRow.fingerprint == fingerprint,
            )
        ).one()
    return row


def _records(a: Audited, row: FindingRow) -> list[EvidenceRecord]:
    with a.db.session() as session:
        return ev.records_of(session, [int(i) for i in row.evidence_ids])


def test_every_problem_of_the_circular_has_evidence_that_verifies(audited: Audited) -> None:
    problems = _problems(audited)
    checks = {p["check_id"] for _, p in problems}
    assert {"inspection.unreachable", "inspection.tls", "inspection.dead_link"} <= checks, checks
    for unit_id, problem in problems:
        row = _finding(audited, unit_id, problem["fingerprint"])
        assert row.evidence_ids, f"{unit_id} {problem['check_id']}: no evidence"
        assert show_evidence(audited.config, str(row.id), verify=True) == 0
    stats = audited.outcome.stats["evidence"]
    assert stats["records"] > 0


def test_evidence_is_of_the_findings_kind(audited: Audited) -> None:
    kinds: dict[str, set[str]] = {}
    for unit_id, problem in _problems(audited):
        row = _finding(audited, unit_id, problem["fingerprint"])
        records = _records(audited, row)
        kinds.setdefault(problem["check_id"], set()).update(r.kind for r in records)
        with audited.db.session() as session:
            payloads = [
                json.loads(ev.stored_bytes(session, audited.base / "data", r) or b"{}")
                for r in records
                if r.media_type == ev.JSON_TYPE
            ]
        if problem["check_id"] == "inspection.unreachable":
            probes = [p for r in payloads for p in r.get("probes", [])]
            assert probes and all(not p["ok"] and p["at"] for p in probes)
            assert len(probes) == row.measured["probes"]  # every probe the verdict rests on
        if problem["check_id"] == "inspection.tls":
            tls = next(r for r in payloads if "extra" in r)["extra"]
            chain = [x509.load_pem_x509_certificate(p.encode()) for p in tls["chain_pem"]]
            leaf = chain[0].not_valid_after_utc.isoformat()
            assert leaf == tls["handshake"]["not_after"] == row.measured["not_after"]
        if problem["check_id"] == "inspection.dead_link" and "error" in row.measured:
            answers = [d for r in payloads for d in r.get("dns", [])]
            assert answers and {d["rcode"] for d in answers} == {"NXDOMAIN"}
            assert all(d["resolver"] and d["at"] for d in answers)
    assert "probes" in kinds["inspection.unreachable"]
    assert "tls" in kinds["inspection.tls"]
    assert "dns" in kinds["inspection.dead_link"]


def test_out_writes_files_a_reader_opens(audited: Audited, tmp_path: Path) -> None:
    with audited.db.session() as session:
        page = session.scalars(select(EvidenceRecord).where(EvidenceRecord.kind == "page")).first()
        tls = session.scalars(select(EvidenceRecord).where(EvidenceRecord.kind == "tls")).first()
    assert page is not None and tls is not None
    assert show_evidence(audited.config, ev.label(page.id), out=tmp_path) == 0
    copy = (tmp_path / f"{ev.label(page.id)}.html").read_text(encoding="utf-8")
    assert page.subject in copy and page.sha256 in copy and "<script" not in copy.lower()
    assert show_evidence(audited.config, ev.label(tls.id), out=tmp_path) == 0
    pem = (tmp_path / f"{ev.label(tls.id)}-chain.pem").read_bytes()
    assert x509.load_pem_x509_certificates(pem)


def test_changed_bytes_do_not_verify(audited: Audited, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(audited.base / "data", data)
    config = with_overrides(audited.config, crawl={"data_dir": str(data)})
    with audited.db.session() as session:
        page = session.scalars(select(EvidenceRecord).where(EvidenceRecord.kind == "page")).first()
    assert page is not None and page.warc_file and page.warc_offset is not None
    assert show_evidence(config, ev.label(page.id), verify=True) == 0
    warc = data / page.warc_file
    raw = bytearray(warc.read_bytes())
    raw[page.warc_offset + 20] ^= 0xFF
    warc.write_bytes(bytes(raw))
    assert show_evidence(config, ev.label(page.id), verify=True) == 1


# ── dead links: two stored failures apart, and the sentence says exactly those ──────────────


def _attempts(a: Audited, unit_id: str, url: str) -> list[Fetch]:
    with a.db.session() as session:
        return list(
            session.scalars(
                select(Fetch)
                .where(Fetch.run_id == a.outcome.run_id, Fetch.unit_id == unit_id, Fetch.url == url)
                .order_by(Fetch.started_at)
            )
        )


def _dead_links(a: Audited) -> list[FindingRow]:
    with a.db.session() as session:
        query = select(FindingRow).where(
            FindingRow.run_id == a.outcome.run_id,
            FindingRow.check_id == "inspection.dead_link",
            FindingRow.severity != "undecided",
        )
        return list(session.scalars(query))


def test_each_dead_link_sentence_matches_two_stored_failures_apart(audited: Audited) -> None:
    separation = audited.config.settings.thresholds.inspection.dead_link_confirm_after_s
    dead = _dead_links(audited)
    assert dead, "the audited units carry dead links"
    for row in dead:
        assert row.url is not None
        stored = {f.started_at.isoformat(): f for f in _attempts(audited, row.unit_id, row.url)}
        first, second = (stored[t] for t in row.measured["confirmed_by"])
        assert first.outcome in ("http_error", "error") and second.outcome in ("http_error", "error")
        assert (second.started_at - first.started_at).total_seconds() >= separation
        said = re.search(r"于 (\S+ \S+) 与 (\S+ \S+) 两次请求均(.+)$", row.message)
        assert said is not None, row.message
        assert said[1] == _beijing(first.started_at, "%Y-%m-%d %H:%M:%S")
        assert said[2] == _beijing(second.started_at, "%m-%d %H:%M:%S")
        if first.status is not None:
            assert said[3] == f"返回 {first.status}" and first.status == second.status
        else:
            assert (first.reason or "").split(";")[0] in said[3]
        assert row.measured["attempts"] == sum(f.outcome in ("http_error", "error") for f in stored.values())


def test_a_link_that_failed_once_and_recovered_is_not_reported(audited: Audited) -> None:
    linking = [u for u in UNITS if _attempts(audited, u, flaky.URL)]
    assert linking, f"the crawled units link {flaky.URL}"  # fgw's homepage is down: not it
    for unit_id in linking:
        tried = _attempts(audited, unit_id, flaky.URL)
        assert tried[0].status == 404, "the first attempt met the outage"
        assert tried[-1].status == 200, "the confirming attempt found it open"
    with audited.db.session() as session:
        reported = session.scalars(select(FindingRow).where(FindingRow.url == flaky.URL)).all()
    assert not reported


def _beijing(at: dt.datetime, pattern: str) -> str:
    return (at + dt.timedelta(hours=8)).strftime(pattern)


def test_exported_warc_passes_warcio_check(audited: Audited, tmp_path: Path) -> None:
    out = tmp_path / "run.warc.gz"
    with audited.db.session() as session:
        counts = export_warc(session, audited.base / "data", audited.outcome.run_id, out, ["tyj", "fushan"])
    assert counts["response"] > 0 and counts["resource"] > 0 and counts["missing"] == 0
    warcio = Path(sys.executable).with_name("warcio")
    checked = subprocess.run([str(warcio), "check", "-v", str(out)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "digest pass" in checked.stdout
    with open(out, "rb") as handle:
        uris = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(handle)]
    assert any(u and u.startswith("urn:zwgk:evidence:E") for u in uris)


def test_page_findings_have_an_offline_screenshot_with_the_link_outlined(audited: Audited) -> None:
    from PIL import Image

    rows = _dead_links(audited)
    assert rows
    with audited.db.session() as session:
        for row in rows:
            records = ev.records_of(session, [int(i) for i in row.evidence_ids])
            shots = [r for r in records if r.kind == "screenshot"]
            assert shots, f"finding {row.id} has a screenshot"
            assert all(ev.verify(session, audited.base / "data", r).ok for r in shots)
            image = Image.open(audited.base / "data" / str(shots[0].path)).convert("RGB")
            colours = image.getcolors(maxcolors=1 << 24) or []
            red = sum(n for n, (r, g, b) in colours if r > 200 and g < 40 and b < 40)
            assert red > 50, "the link is outlined in red"
