"""Undecided is a state, not a pass: an audit of three units of the running sandbox — one whose
site is not configured, one unreachable all night, one clean — scores the first two
provisional (待核实) with their reasons in the JSON, the score sheets and the circular, and the
third final; an assessor's ``confirm = true`` resolves a provisional item through the log."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from config.loader import with_overrides
from config.settings import AuditConfig
from scoring import service
from scoring.model import UnitScore
from storage.db import Database
from zwgk.pipeline import AuditOptions, AuditOutcome, run_audit

pytestmark = [pytest.mark.slow, pytest.mark.browser]

YEAR, QUARTER, AS_OF = 2020, "2020Q4", dt.date(2020, 12, 15)
NO_SITE, CLEAN = "kjj", "mzj"


@dataclass(frozen=True)
class Audited:
    config: AuditConfig
    db: Database
    outcome: AuditOutcome
    unreachable: str
    out: Path


def _unreachable_unit(manifest: dict[str, Any]) -> str:
    planted = [
        unit_id
        for unit_id, unit in manifest["units"].items()
        if unit["class"] == "B"
        and any(d["check"] == "inspection.unreachable" for d in unit.get("defects", []))
    ]
    assert planted, "the sandbox plants a department whose site is unreachable"
    return str(planted[0])


@pytest.fixture(scope="module")
def audited(running_sandbox: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Audited]:
    base = tmp_path_factory.mktemp("provisional")
    config = with_overrides(running_sandbox.config, crawl={"data_dir": str(base / "data")})
    units = [
        u.model_copy(update={"homepage": None, "scope": []}) if u.id == NO_SITE else u for u in config.units
    ]
    config = config.model_copy(update={"units": units})
    unreachable = _unreachable_unit(running_sandbox.manifest)
    db = Database.open(f"sqlite:///{base / 'zwgk.sqlite3'}")
    options = AuditOptions(
        unit_ids=[NO_SITE, unreachable, CLEAN],
        year=YEAR,
        quarter=QUARTER,
        out_dir=base / "out",
        issued_on=AS_OF,
        pdf=False,
    )
    outcome = run_audit(config, db, options)
    try:
        yield Audited(config=config, db=db, outcome=outcome, unreachable=unreachable, out=base / "out")
    finally:
        db.dispose()


def _by_unit(scores: list[UnitScore]) -> dict[str, dict[str, Any]]:
    return {row["unit"]: row for row in json.loads(json.dumps([s.summary() for s in scores]))}


def test_json_marks_the_unconfigured_and_the_unreachable_unit_provisional(audited: Audited) -> None:
    rows = _by_unit(audited.outcome.scores)
    no_site, down, clean = rows[NO_SITE], rows[audited.unreachable], rows[CLEAN]
    assert no_site["provisional"] and down["provisional"]
    assert clean["provisional"] is False and clean["provisional_items"] == [], clean["provisional_items"]
    for code in ("B09", "B13", "B14", "B15", "B23"):
        assert no_site["items"][code]["status"] == "provisional"
        assert "未配置网站" in no_site["items"][code]["reason"]
    # Unreachable: the disclosure items rest on checks that could not decide.
    for code in ("B09", "B13", "B14", "B15"):
        item = down["items"][code]
        assert item["status"] == "provisional" and "未能判定" in item["reason"], (code, item)
        assert code in down["provisional_items"]
    assert all(item["status"] == "final" and item["reason"] == "" for item in clean["items"].values())
    # Manual items stay final: a person scores them.
    assert no_site["items"]["B01"]["status"] == "final"


def test_the_unreachable_site_is_judged_by_the_veto_in_the_inspection(audited: Audited) -> None:
    from sqlalchemy import select

    from storage.models import InspectionResult

    with audited.db.session() as session:
        rows = {r.unit_id: r for r in session.scalars(select(InspectionResult))}
    assert NO_SITE not in rows
    assert rows[audited.unreachable].passed is False and "站点无法访问" in rows[audited.unreachable].vetoes
    assert rows[CLEAN].passed is True and not rows[CLEAN].undecided


def test_score_sheet_marks_provisional_items_and_totals(audited: Audited) -> None:
    path = audited.outcome.outputs["score_sheet_B"]
    book = load_workbook(path)
    rows = list(book["评分表"].iter_rows())
    header = [c.value for c in rows[1]]
    names = {u.id: u.display_name for u in audited.config.units}
    scores = {s.unit_id: s for s in audited.outcome.scores}
    status_row = next(r for r in rows if r[1].value == "核实状态")
    total_row = next(r for r in rows if r[1].value == "总分")
    for unit_id in (NO_SITE, audited.unreachable, CLEAN):
        column = header.index(scores[unit_id].unit_name)
        assert names[unit_id]
        marked = {r[0].value for r in rows[2:] if r[0].value and "待核实" in r[column].number_format}
        assert marked == set(scores[unit_id].provisional_items), unit_id
        assert ("待核实" in total_row[column].number_format) == scores[unit_id].provisional
        assert status_row[column].value.startswith("待核实" if scores[unit_id].provisional else "已确定")
        assert isinstance(total_row[column].value, int | float), "the score stays a number"
    explained = [r for r in book["扣分说明"].iter_rows(values_only=True)][1:]
    reasons = {(name, code): why for name, code, _item, _points, why, _evidence in explained}
    down = scores[audited.unreachable]
    assert "未能判定" in reasons[(down.unit_name, "B09")] and "待核实" in reasons[(down.unit_name, "B09")]
    assert "未配置网站" in reasons[(scores[NO_SITE].unit_name, "B23")]
    assert not [key for key in reasons if key[0] == scores[CLEAN].unit_name and "待核实" in reasons[key]]


def test_circular_marks_the_two_units_and_not_the_clean_one(audited: Audited) -> None:
    document = Document(str(audited.outcome.outputs["circular_docx"]))
    text = "\n".join(p.text for p in document.paragraphs)
    names = {u.id: u.display_name for u in audited.config.units}
    assert f"{names[NO_SITE]}（未配置网站，未检查）" in text
    assert f"{names[audited.unreachable]}（" in text.split("得分待核实")[1].split("。")[0]
    assert names[CLEAN] not in text.split("得分待核实")[1].split("。")[0]
    ranking = [[c.text for c in r.cells] for r in document.tables[0].rows]
    by_name = {r[1]: r for r in ranking[1:]}
    assert by_name[names[audited.unreachable]][3].endswith("待核实")
    assert by_name[names[audited.unreachable]][4] == "不合格"
    assert not by_name[names[CLEAN]][3].endswith("待核实")


def test_confirm_entry_resolves_a_provisional_item_through_the_log(audited: Audited, tmp_path: Path) -> None:
    down = audited.unreachable
    entries = tmp_path / "confirm.toml"
    entries.write_text(
        f'year = {YEAR}\nassessor = "市考核小组"\n\n[[entry]]\nunit = "{down}"\nitem = "B09"\n'
        'confirm = true\nnote = "人工打开网站核实：各法定栏目齐全"\n',
        encoding="utf-8",
    )
    report = service.load_entries_file(audited.db, audited.config, entries)
    assert len(report.created) == 1
    scores = {
        s.unit_id: s for s in service.compute_scores(audited.db, audited.config, year=YEAR, store=False)
    }
    before = {s.unit_id: s for s in audited.outcome.scores}[down].items["B09"]
    after = scores[down].items["B09"]
    assert after.status == "final" and after.score == before.score
    assert "考核小组已核实" in after.reason and "B09" not in scores[down].provisional_items
    payload = service.change_log(audited.db, limit=5)[0]["payload"]
    assert isinstance(payload, dict) and payload["confirm"] is True and payload["item"] == "B09"
    assert service.verify_log(audited.db).ok


def test_planted_illegal_links_and_wording_errors_propose_major_cases(
    sandbox_manifest: dict[str, Any], sandbox_snapshots: Any
) -> None:
    """The sandbox's planted 暗链/违规链接 (puxian, nyncj …) and severe wording errors become
    proposed MAJOR cases with their findings, 待确认, deducting nothing; control units none."""
    from checks.runner import run_checks
    from config.settings import Settings
    from scoring.engine import score_class
    from scoring.model import ClassInputs, FindingInput, UnitRef
    from scoring.rubric import load_scheme

    proposing = ("inspection.illegal_link", "inspection.hidden_link", "inspection.wording_error")
    planted = {
        uid
        for uid, unit in sandbox_manifest["units"].items()
        if any(d["check"] in proposing for d in unit.get("defects", []))
    }
    assert {"puxian", "nyncj"} <= planted
    checked = sorted(planted | {"mzj", "yaodu", "xiangfen"})
    rubrics = load_scheme("linfen-2020")
    proposed: set[str] = set()
    for uid in checked:
        snapshot = sandbox_snapshots[uid]
        unit_class = sandbox_manifest["units"][uid]["class"]
        results = run_checks(snapshot, Settings(), only=["inspection"])
        findings = [
            FindingInput(
                id=n, unit_id=uid, check_id=f.check_id, severity=f.severity, title=f.title, url=f.url
            )
            for n, f in enumerate((f for r in results for f in r.findings), start=1)
        ]
        [score] = score_class(
            rubrics[unit_class], [UnitRef(id=uid, name=uid)], ClassInputs(findings=findings)
        )
        major = score.major_item
        assert major is not None and major.deduction == 0 and score.major_deduction == 0
        if major.finding_ids:
            proposed.add(uid)
            assert major.status == "provisional" and "待确认" in major.reason
            shown = [line for line in major.lines if line.kind == "suggestion"]
            assert len(shown) == len(major.finding_ids) and all(line.finding_id for line in shown)
    assert proposed == planted & set(checked), (proposed, planted)
