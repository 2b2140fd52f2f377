from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from config.loader import DEFAULT_CONFIG, load_config
from reports.circular import write_circular
from storage.db import Database
from storage.models import AuditRun, Circular, InspectionResult, Link

CONFIG = load_config(DEFAULT_CONFIG)
UNITS = [u for u in CONFIG.units if u.has_site][:6]


def _problem(unit: str, check: str, n: int, *, veto: bool = False) -> dict[str, object]:
    return {
        "check_id": check,
        "title": "问题",
        "message": f"{unit} 第{n}个问题",
        "url": f"http://example.gov.cn/{unit}/{n}",
        "first_seen": "2020-12-01T02:00:00",
        "last_seen": "2020-12-15T02:00:00",
        "fingerprint": f"{unit}-{check}-{n}",
        "veto": veto,
        "evidence": [{"url": f"http://example.gov.cn/{unit}/{n}"}],
    }


@pytest.fixture
def stored(tmp_path: Path) -> Database:
    db = Database.open(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    with db.session() as session:
        scores = [98.0, 91.5, 91.5, 75.0, 60.0, 40.0]
        for unit, score in zip(UNITS, scores, strict=True):
            problems = [_problem(unit.id, "inspection.dead_link", n) for n in range(int((100 - score) // 10))]
            vetoes = ["首页长期未更新"] if score < 50 else []
            if vetoes:
                problems.append(_problem(unit.id, "inspection.homepage_stale", 0, veto=True))
            session.add(
                InspectionResult(
                    quarter="2020Q4",
                    unit_id=unit.id,
                    passed=not vetoes,
                    score=score,
                    vetoes=vetoes,
                    problems=problems,
                    nights=["2020-12-15"],
                )
            )
        # Last quarter the 6th unit had a dead link, still there and now one of six (worse); a
        # wording error on a page this quarter's run linked to again and found no more (fixed);
        # and a stale column on a page no run of this quarter reached (not re-checked).
        run = AuditRun(as_of=dt.date(2020, 12, 15), kind="audit", status="finished")
        session.add(run)
        session.flush()
        session.add(
            Link(run_id=run.id, unit_id=UNITS[5].id, from_url="http://example.gov.cn/",
                 to_url=f"http://example.gov.cn/{UNITS[5].id}/9", in_scope=True)
        )  # fmt: skip
        session.add(
            InspectionResult(
                quarter="2020Q3",
                unit_id=UNITS[5].id,
                passed=True,
                score=80.0,
                vetoes=[],
                problems=[
                    _problem(UNITS[5].id, "inspection.dead_link", 0),
                    _problem(UNITS[5].id, "inspection.wording_error", 9),
                    _problem(UNITS[5].id, "inspection.column_stale", 8),
                ],
            )
        )
        session.commit()
    return db


def test_circular_documents_match_storage(stored: Database, tmp_path: Path, artifacts_dir: Path) -> None:
    with stored.session() as session:
        files = write_circular(session, CONFIG, "2020Q4", tmp_path / "out", issued_on=dt.date(2020, 12, 31))
        session.commit()
        circular = session.query(Circular).one()
        assert circular.summary == {
            "units": 6, "passed": 5, "failed": 1, "problems": 13, "fixed": 1,
            "issued_on": "2020-12-31", "doc_number": "临政办函〔2020〕\u3000\u3000号",
        }  # fmt: skip
    # 10 working days after 2020-12-31: New Year's Day is a holiday, then weekends.
    assert files.data.deadline == dt.date(2021, 1, 15)

    text = "\n".join(p.text for p in Document(str(files.docx)).paragraphs)
    assert "关于2020年第四季度全市政府网站检查情况的通报" in text
    assert "本季度共检查网站6个，合格5个，不合格1个，合格率83.3%。" in text
    # Storage holds 2020Q3's inspection but no 2020Q3 circular: compared with what is stored.
    assert "与2020年第三季度检查结果相比，已整改问题1个，仍未整改问题1个，未复查问题1个" in text
    assert "2021年1月15日前完成整改" in text
    ranking = Document(str(files.docx)).tables[0]
    rows = [[c.text for c in r.cells] for r in ranking.rows[1:]]
    assert [r[3] for r in rows] == ["98", "91.5", "91.5", "75", "60", "40"]
    assert [r[0] for r in rows] == ["1", "2", "2", "4", "5", "6"]  # a tie shares the better rank
    assert rows[-1][4] == "不合格" and rows[-1][5] == "首页长期未更新"
    annex = Document(str(files.docx)).tables[-1]
    assert len(annex.rows) - 1 == 13 + 2  # every problem (0+0+0+2+4+7), the fixed and the unchecked one

    sheet = load_workbook(files.rectification[5]).active
    assert sheet is not None
    statuses = [row[7] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert sorted(statuses) == sorted(
        ["未整改（加重）"] + ["新发现（待整改）"] * 6 + ["已整改", "未复查（待核实）"]
    )

    assert files.pdf is not None
    reader = PdfReader(str(files.pdf))
    first_pages = "".join(page.extract_text() for page in reader.pages[:2]).replace("\n", "")
    assert "全市政府网站检查情况的通报" in first_pages and "合格5个，不合格1个" in first_pages
    font_dict = reader.pages[0]["/Resources"]["/Font"]
    embedded = " ".join(str(font_dict[name].get_object()["/BaseFont"]) for name in font_dict)
    assert "CJK" in embedded  # the Noto CJK faces (or the official ones) carried the text
    _keep_pngs(files.pdf, artifacts_dir / "circular-pdf")


def _keep_pngs(pdf: Path, prefix: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf), str(prefix)], check=True)
    pages = sorted(prefix.parent.glob(prefix.name + "*.png"))
    assert pages and all(p.stat().st_size > 10_000 for p in pages)


@pytest.mark.browser
def test_circular_html_renders_cjk_in_chromium(stored: Database, tmp_path: Path, artifacts_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    with stored.session() as session:
        files = write_circular(
            session, CONFIG, "2020Q4", tmp_path / "out", issued_on=dt.date(2020, 12, 31), pdf=False
        )
    shot = artifacts_dir / "circular-html.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 900, "height": 1200})
        page.goto(files.html.as_uri())
        assert "全市政府网站检查情况的通报" in page.inner_text("h1")
        # A CJK glyph has real width: if no CJK font were found it would render as tofu boxes of
        # the same width as each other, so compare two different characters' widths as a sanity check.
        width = page.evaluate(
            "() => { const s = document.createElement('span'); s.textContent = '政务公开'; "
            "document.body.appendChild(s); return s.getBoundingClientRect().width; }"
        )
        assert width > 20
        page.screenshot(path=str(shot), full_page=False)
        browser.close()
    assert shot.stat().st_size > 20_000
