"""Hostile text from pages and entries reaches DOCX, XLSX, HTML and PDF without a crash or a formula."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from config.loader import DEFAULT_CONFIG, load_config
from reports.circular import write_circular
from reports.safe_text import clean_text
from reports.score_sheets import ScoreSheet, SheetItem, SheetUnit, write_score_sheet
from storage.db import Database
from storage.models import InspectionResult

CONFIG = load_config(DEFAULT_CONFIG)
HOSTILE = "博彩\x01娱乐\x00城\x1f\ud800"


def test_control_characters_become_visible_stand_ins() -> None:
    assert clean_text("博彩\x01") == "博彩<U+0001>"
    assert clean_text("a\x00b\x7f") == "a<U+0000>b<U+007F>"
    assert clean_text("\ud800\uffff") == "<U+D800><U+FFFF>"
    assert clean_text("换行\n制表\t回车\r保留") == "换行\n制表\t回车\r保留"


def _stored_with_hostile_problem(tmp_path: Path) -> Database:
    db = Database.open(f"sqlite:///{tmp_path / 'h.sqlite3'}")
    unit = next(u for u in CONFIG.units if u.has_site)
    problem = {
        "check_id": "inspection.illegal_link",
        "title": "非法链接\x02",
        "message": f"首页链接文字「{HOSTILE}」",
        "url": "http://example.gov.cn/\x01a",
        "first_seen": "2020-12-01T02:00:00",
        "last_seen": "2020-12-15T02:00:00",
        "fingerprint": "hostile-1",
        "veto": False,
        "evidence": [{"url": "http://example.gov.cn/\x01a"}],
    }
    with db.session() as session:
        session.add(
            InspectionResult(
                quarter="2020Q4",
                unit_id=unit.id,
                passed=True,
                score=90.0,
                vetoes=[],
                problems=[problem],
                nights=["2020-12-15"],
            )
        )
        session.commit()
    return db


def test_circular_with_control_characters_in_a_link_text_is_written(tmp_path: Path) -> None:
    db = _stored_with_hostile_problem(tmp_path)
    with db.session() as session:
        files = write_circular(session, CONFIG, "2020Q4", tmp_path / "out", issued_on=dt.date(2020, 12, 31))
    text = "\n".join(p.text for p in Document(str(files.docx)).paragraphs)
    tables = "\n".join(c.text for t in Document(str(files.docx)).tables for r in t.rows for c in r.cells)
    assert "博彩<U+0001>娱乐<U+0000>城<U+001F><U+D800>" in text + tables
    assert "\x01" not in text + tables
    html = files.html.read_text(encoding="utf-8")
    assert "博彩&lt;U+0001&gt;娱乐" in html and "\x01" not in html
    assert files.pdf is not None and files.pdf.read_bytes().startswith(b"%PDF")
    assert not list((tmp_path / "out").rglob("*.part")), "temporary files left behind"


def test_entry_text_that_would_be_a_formula_is_written_as_text(tmp_path: Path) -> None:
    notes = ['=HYPERLINK("http://evil.example/","点击")', "=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "备注\x01"]
    sheet = ScoreSheet(
        title="评分表",
        unit_class="B",
        items=[SheetItem(code="B10", level1="一", level2="二", level3="三", points=3)],
        units=[SheetUnit(unit_id="u", name="单位", total=97, grade="优秀", rank=1, item_scores={"B10": 2})],
        manual_entries=[{"unit": "u", "item": "B10", "note": n, "deduction": 1.0} for n in notes],
    )
    path = write_score_sheet(sheet, tmp_path / "sheet.xlsx")
    book = load_workbook(path)
    manual = book["人工录入"]
    header = [c.value for c in manual[1]]
    column = header.index("note") + 1
    cells = [manual.cell(row=r, column=column) for r in range(2, 2 + len(notes))]
    assert [c.value for c in cells] == [*notes[:-1], "备注<U+0001>"]
    assert all(c.data_type == "s" for c in cells), [c.data_type for c in cells]
    assert all(c.quotePrefix for c in cells[:-1])
    assert book["评分表"]["F3"].data_type == "n"  # the unit's score stays a number
