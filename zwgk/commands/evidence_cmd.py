"""``zwgk evidence FINDING_OR_EVIDENCE_ID [--verify] [--out DIR]``: what a finding rests on.

A bare number is a finding's id (the number the circular's annex and the rectification lists
print); ``E`` and a number is one evidence record. The chain lists each record with its time,
digest and where its bytes are stored; ``--verify`` reads the bytes again and compares the
digest; ``--out`` writes them as files a reader opens (page copy, screenshot, chain, answers).
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from config.settings import AuditConfig
from reports.evidence_copy import local_time, write_record_files
from storage import evidence as ev
from storage.models import EvidenceRecord, FindingRow
from zwgk.console import ConfigOption, console, fail, load_or_fail, open_database

_KINDS = {
    "page": "网页原始记录",
    "screenshot": "截图",
    "dns": "域名解析应答",
    "tls": "证书与握手",
    "probes": "可用性探测",
    "ipv6": "IPv6探测",
    "attempt": "访问记录",
}


def evidence(
    ident: str = typer.Argument(..., metavar="FINDING_OR_EVIDENCE_ID", help="A finding id (42) or E42."),
    verify: bool = typer.Option(False, "--verify", help="Re-hash the stored bytes against the digest."),
    out: Path | None = typer.Option(None, "--out", help="Write the evidence as files into this folder."),
    config: Path | None = ConfigOption,
) -> None:
    """Show the evidence chain of a finding or one evidence record."""
    if show_evidence(load_or_fail(config), ident, verify=verify, out=out):
        raise typer.Exit(1)


def show_evidence(cfg: AuditConfig, ident: str, *, verify: bool = False, out: Path | None = None) -> int:
    """Print the chain (and verify, and write files); the number of records that failed."""
    data_dir = cfg.settings.crawl.data_dir
    db = open_database(cfg)
    failures = 0
    try:
        with db.session() as session:
            finding, records = _resolve(session, ident)
            if finding is not None:
                console.print(
                    f"[bold]问题 {finding.id}[/] {finding.title}（{finding.unit_id}）\n{finding.message}",
                    highlight=False,
                )
                if not records:
                    fail(f"finding {finding.id} has no evidence records (was the audit's judge step run?)", 1)
            console.print(_table(records))
            if verify:
                for record in records:
                    result = ev.verify(session, data_dir, record)
                    mark = (
                        "[green]一致 verified[/]" if result.ok else f"[red]不一致 FAILED[/]: {result.problem}"
                    )
                    console.print(f"  {ev.label(record.id)} {mark}", highlight=False)
                    failures += not result.ok
            if out is not None:
                written = [p for r in records for p in write_record_files(session, data_dir, r, out)]
                console.print(f"已写出 {len(written)} 个文件 wrote {len(written)} files to [cyan]{out}[/]")
    finally:
        db.dispose()
    return failures


def _resolve(session: Session, ident: str) -> tuple[FindingRow | None, list[EvidenceRecord]]:
    record_id = ev.parse_label(ident)
    if record_id is not None:
        record = session.get(EvidenceRecord, record_id)
        if record is None:
            fail(f"no evidence record {ident}")
        return None, [record]
    if not ident.strip().isdigit():
        fail(f"{ident!r} is neither a finding id (a number) nor an evidence id (E and a number)")
    finding = session.get(FindingRow, int(ident))
    if finding is None:
        fail(f"no finding {ident}")
    return finding, ev.records_of(session, [int(i) for i in finding.evidence_ids or []])


def _table(records: list[EvidenceRecord]) -> Table:
    table = Table(title="证据 evidence")
    for column in ("编号", "类型", "对象", "时间", "内容", "SHA-256", "存放位置"):
        table.add_column(column, overflow="fold")
    for r in records:
        if r.warc_file:
            where = f"{r.warc_file} @ {r.warc_offset} (+{r.warc_length})"
        elif r.path:
            where = r.path
        else:
            where = f"bodies/{r.body_hash}"
        table.add_row(
            ev.label(r.id), _KINDS.get(r.kind, r.kind), r.subject, local_time(r.seen_at), r.summary,
            r.sha256, where,
        )  # fmt: skip
    return table
