"""The check context: a page answered 304 reads exactly like the page answered 200 with the
same body; the runner leaves a check whose inputs are absent undecided and titles findings."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from support.interpretation_site import BASE, P
from support.interpretation_site import snapshot as interpretation_snapshot

from checks.base import Check, CheckResult, finding, judged
from checks.context import CheckContext, is_readable
from checks.doclist import crosscheck, read_doclist
from checks.runner import run_check, run_checks
from config.settings import Settings, UnitConfig
from storage.bodies import put_body
from storage.db import Database
from storage.models import AuditRun, Fetch
from storage.snapshot import FetchRef, SnapshotPage, UnitSnapshot, load_snapshot

REFERENCE = Path(__file__).parent / "data" / "reference_pages"
PINGTAN = "https://www.pingtan.gov.cn/"
SETTINGS = Settings()


def revalidated(snapshot: UnitSnapshot) -> UnitSnapshot:
    """The same night as a second night sees it: every page answered 304, its body the one
    stored by an earlier fetch (what ``load_snapshot`` gives for a 304)."""
    pages = [
        dataclasses.replace(
            p,
            status=304,
            outcome="not_modified",
            fetch_id=1000 + i,
            body_from=FetchRef(fetch_id=i, status=p.status),
        )
        if p.outcome == "ok"
        else p
        for i, p in enumerate(snapshot.pages)
    ]
    return dataclasses.replace(snapshot, pages=pages)


def pingtan() -> UnitSnapshot:
    """Real Pingtan pages: homepage, 政务公开, guide, annual-report list and report."""
    nb = PINGTAN + "zwgk/zfxxgk/zfxxgknb/"
    home = '<html><head><meta charset="utf-8"><title>x</title></head><body><a href="/zwgk/">政务公开</a></body></html>'.encode()
    files = [
        (PINGTAN, home),
        (PINGTAN + "zwgk/", (REFERENCE / "a_zwgk_index_pingtan.html").read_bytes()),
        (PINGTAN + "zwgk/zfxxgk/zfxxgkzn/", (REFERENCE / "b_guide_pingtan.html").read_bytes()),
        (nb, (REFERENCE / "c_annual_report_list_jspager_pingtan.html").read_bytes()),
        (nb + "202503/t20250310_97791.htm", (REFERENCE / "c_annual_report_pingtan_2024.html").read_bytes()),
    ]
    pages = [
        SnapshotPage(url=url, final_url=url, status=200, outcome="ok", body=body, fetch_id=i,
                     content_type="text/html; charset=utf-8")
        for i, (url, body) in enumerate(files)
    ]  # fmt: skip
    unit = UnitConfig(id="pingtan", name="平潭", unit_class="A", homepage=PINGTAN, scope=[PINGTAN])  # type: ignore[call-arg]
    return UnitSnapshot.from_pages(unit, dt.date(2025, 12, 15), pages)


def verdicts(results: list[CheckResult]) -> list[tuple[Any, ...]]:
    """What a result says, without the evidence references (fetch ids differ on purpose)."""
    return [
        (r.check_id, r.score, r.display_value, r.undecided_reason,
         [(f.severity, f.title, f.message, f.url, f.measured) for f in r.findings])
        for r in results
    ]  # fmt: skip


def test_a_304_reads_as_its_body_in_every_family() -> None:
    for snapshot in (interpretation_snapshot(), pingtan()):
        first, second = run_checks(snapshot, SETTINGS), run_checks(revalidated(snapshot), SETTINGS)
        assert verdicts(second) == verdicts(first)
        assert sum(r.score is not None for r in first) >= 4  # verdicts, not undecided all through


def test_a_304_keeps_the_interpretations_and_the_disclosure_column() -> None:
    site = interpretation_snapshot()
    figures = CheckContext(site, SETTINGS).interpretations.figures()
    assert figures["interpretations"] == 3  # the page this used to lose when answered 304
    assert CheckContext(revalidated(site), SETTINGS).interpretations.figures() == figures
    column = CheckContext(pingtan(), SETTINGS).disclosure_column
    again = CheckContext(revalidated(pingtan()), SETTINGS).disclosure_column
    assert column.status == again.status == "present"
    assert {k: s.status for k, s in column.subsections.items()} == {
        k: s.status for k, s in again.subsections.items()
    }


def test_a_304_keeps_the_document_list_crosscheck(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(
            [
                [
                    "公文全称",
                    "文号",
                    "公开属性",
                    "牵头起草部门",
                    "主动公开公文链接",
                    "解读文件链接",
                    "是否为纯文字解读",
                ],
                [P[0][1], P[0][3], "主动公开", "办公室", P[0][0], f"{BASE}zcjd/a.html", "是"],
                [P[1][1], P[1][3], "主动公开", "办公室", P[1][0], f"{BASE}zcjd/b.html", "是"],
            ]
        )
    doclist = read_doclist(path)
    first = crosscheck(doclist, CheckContext(interpretation_snapshot(), SETTINGS))
    second = crosscheck(doclist, CheckContext(revalidated(interpretation_snapshot()), SETTINGS))
    assert [(f.check_id, f.url, f.message) for f in second.findings] == [
        (f.check_id, f.url, f.message) for f in first.findings
    ]
    assert any(f.check_id == "doclist.false_text_claim" for f in first.findings)  # a graphic claimed text
    assert second.measured == first.measured


def test_a_finding_on_a_304_names_both_fetches() -> None:
    page = revalidated(interpretation_snapshot()).pages[0]
    evidence = page.evidence("x")
    assert evidence["fetch_id"] == page.fetch_id and evidence["body_fetch"]["fetch_id"] == 0
    assert is_readable(page) and page.status == 304 and page.body_status == 200


def test_load_snapshot_reads_a_304_through_the_body_it_revalidated(sqlite_url: str) -> None:
    unit = UnitConfig(id="x", name="某县", unit_class="A", homepage=BASE, scope=[BASE])  # type: ignore[call-arg]
    db = Database.open(sqlite_url)
    with db.session() as session:
        body = b"<html><body><a href='/a'>a</a></body></html>"
        digest = put_body(session, body)
        night1, night2 = AuditRun(as_of=dt.date(2020, 12, 14)), AuditRun(as_of=dt.date(2020, 12, 15))
        session.add_all([night1, night2])
        session.flush()
        common = {
            "unit_id": "x",
            "url": BASE,
            "final_url": BASE,
            "content_hash": digest,
            "content_type": "text/html",
        }
        full = Fetch(run_id=night1.id, outcome="ok", status=200, **common)
        session.add(full)
        session.flush()
        session.add(Fetch(run_id=night2.id, outcome="not_modified", status=304, **common))
        session.commit()
        [page] = load_snapshot(session, night2.id, unit).pages
    db.dispose()
    assert page.status == 304 and page.body == body
    assert page.body_from is not None and page.body_from.fetch_id == full.id and page.body_from.status == 200


def _check(requires: tuple[str, ...], run: Any) -> Check:
    return Check(id="example.check", title="示例通过", failure_title="示例未通过", topic="example",
                 requires=requires, run=run)  # fmt: skip


def test_a_check_whose_input_is_absent_is_undecided_and_not_run() -> None:
    ran: list[str] = []

    def run(ctx: CheckContext) -> CheckResult:
        ran.append(ctx.unit.id)
        return judged(ctx, "example.check", [], display="ok")

    no_probes = CheckContext(interpretation_snapshot(), SETTINGS)
    result = run_check(_check(("pages", "probes:availability"), run), no_probes)
    assert result.score is None and result.undecided_reason == "no availability probe stored"
    assert ran == []
    no_browser = dataclasses.replace(
        interpretation_snapshot(), notes=["no browser available: JavaScript lists not rendered"]
    )
    assert run_check(_check(("rendered",), run), CheckContext(no_browser, SETTINGS)).score is None
    assert run_check(_check(("pages",), run), no_probes).score == 1.0 and ran == ["x"]


def test_a_finding_without_a_title_takes_the_failure_title() -> None:
    def run(ctx: CheckContext) -> CheckResult:
        return judged(
            ctx, "example.check", [finding(ctx, "example.check", message="见到的问题")], display="1"
        )

    result = run_check(_check((), run), CheckContext(interpretation_snapshot(), SETTINGS))
    assert result.score == 0.0 and [f.title for f in result.findings] == ["示例未通过"]


def test_an_unknown_requirement_is_refused_at_registration() -> None:
    try:
        _check(("pagez",), lambda ctx: judged(ctx, "example.check", [], display=""))
    except ValueError as exc:
        assert "pagez" in str(exc) and "pages" in str(exc)
    else:
        raise AssertionError("an unknown requirement was accepted")
