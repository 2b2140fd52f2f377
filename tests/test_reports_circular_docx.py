"""The circular as an office would print it: DOCX through LibreOffice, HTML through Chromium.

Stored problems carry the crawler's own reasons ("DNS NXDOMAIN for …", "empty_response",
"off-screen", ISO dates); the printed circular must carry the GB/T 9704 parts (发文字号, red
separator line, 版记), a landscape annex whose dates stay on one line, Chinese dates, and no
Latin-script internal wording outside URLs and standard names.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from config.loader import DEFAULT_CONFIG, load_config, with_overrides
from reports.circular import CircularFiles, write_circular
from reports.wording import unknown_latin
from storage.db import Database
from storage.models import InspectionResult

ROOT = Path(__file__).resolve().parent.parent
FONTCONFIG = ROOT / "config" / "fontconfig" / "official-fonts.conf"
CONFIG = with_overrides(load_config(DEFAULT_CONFIG), circular={"serials": {"2020Q4": 58}})
UNITS = [u for u in CONFIG.units if u.has_site][:3]
ISSUED = dt.date(2020, 12, 31)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# What the checks store: messages with the crawler's reasons and ISO dates in them.
RAW = [
    ("inspection.dead_link", "页面 http://a.gov.cn/ 上的链接 http://old.gov.cn/x 两次打开均失败（DNS NXDOMAIN for old.gov.cn）", "http://old.gov.cn/x"),
    ("inspection.dead_link", "页面 http://a.gov.cn/n/1.html 上的链接 http://a.gov.cn/f.doc 两次打开均失败（timeout: read (no data for too long)）", "http://a.gov.cn/f.doc"),
    ("inspection.hidden_link", "页面 http://a.gov.cn/ 含不可见链接 http://bc.com/（“娱乐城”），隐藏方式：left:-9999px (off-screen)", "http://bc.com/"),
    ("inspection.unreachable", "首页在 3 次探测中失败 3 次，失败率 100.0%（≥ 5% 即单项否决）；失败原因：empty_response、redirect loop", "http://a.gov.cn/"),
    ("inspection.column_stale", "栏目“通知公告”（http://a.gov.cn/tzgg/）最新信息发布于 2020-05-09，已 220 天未更新（要求 180 天内）", "http://a.gov.cn/tzgg/"),
]  # fmt: skip


@pytest.fixture
def files(tmp_path: Path) -> CircularFiles:
    db = Database.open(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    with db.session() as session:
        for index, unit in enumerate(UNITS):
            problems = [
                {"check_id": check, "title": "问题", "message": message, "url": url, "veto": False,
                 "first_seen": "2020-12-15T02:00:00", "last_seen": "2020-12-15T02:00:00",
                 "fingerprint": f"{unit.id}-{n}"}
                for n, (check, message, url) in enumerate(RAW[index:] if index < 2 else [])
            ]  # fmt: skip
            session.add(
                InspectionResult(
                    quarter="2020Q4",
                    unit_id=unit.id,
                    passed=True,
                    score=100.0 - len(problems),
                    vetoes=[],
                    problems=problems,
                    nights=["2020-12-15"],
                )
            )
        session.commit()
        written = write_circular(session, CONFIG, "2020Q4", tmp_path / "out", issued_on=ISSUED, pdf=False)
        session.commit()
    db.dispose()
    return written


def test_docx_names_the_standard_faces_and_carries_the_masthead(files: CircularFiles) -> None:
    document = Document(str(files.docx))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "临汾市人民政府办公室"
    number = next(p for p in document.paragraphs if p.text == "临政办函〔2020〕58号")
    line = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert line.get(qn("w:color")) == "C00000", "the red separator line under the 发文字号"
    runs = [r for p in document.paragraphs for r in p.runs if r.text]
    faces = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in runs}
    assert {"仿宋_GB2312", "方正小标宋简体", "黑体"} <= faces
    sections = document.sections
    assert [s.page_width > s.page_height for s in sections] == [False, True, False], "annex landscape"
    assert "抄送：" in texts[-2] and texts[-1] == "临汾市人民政府办公室\t2020年12月31日印发"
    body = "\n".join(texts) + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert not unknown_latin(body), unknown_latin(body)
    assert not ISO_DATE.findall(re.sub(r"https?://\S+", "", body))
    assert "2020年12月31日" in texts and "本季度共发现问题9处" in body


@pytest.mark.slow
def test_docx_prints_through_libreoffice(files: CircularFiles, tmp_path: Path, artifacts_dir: Path) -> None:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is installed by scripts/setup.sh (libreoffice-writer-nogui)"
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG), "HOME": str(tmp_path)}
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(files.docx)],
        check=True, env=env, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / files.docx.with_suffix(".pdf").name
    pages = PdfReader(str(pdf)).pages
    first = pages[0].extract_text()
    assert "临政办函〔2020〕58号" in first.replace(" ", "") and "检查情况的通报" in first.replace("\n", "")
    layout = [_layout_text(pdf, n) for n in range(1, len(pages) + 1)]
    annex = [n for n, text in enumerate(layout) if "政府网站检查发现问题清单" in text and "序号" in text]
    assert annex, "the annex table is printed"
    for n in annex:
        box = pages[n].mediabox
        assert box.width > box.height, f"annex page {n + 1} is landscape"
    # Every annex row's date stays on one line (a wrapped "2020年12月\n15日" would not match).
    annex_text = "".join(layout[annex[0] : -1]).replace(" ", "")
    assert annex_text.count("2020年12月15日") == 9
    assert "抄送：" in layout[-1] and "2020年12月31日印发" in layout[-1].replace(" ", "")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(artifacts_dir / "circular-docx")], check=True
    )


def _layout_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


@pytest.mark.browser
def test_html_in_chromium_carries_the_same_parts(files: CircularFiles, artifacts_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.goto(files.html.as_uri())
        assert page.inner_text(".number") == "临政办函〔2020〕58号"
        assert page.evaluate("getComputedStyle(document.querySelector('.number')).borderBottomColor") == (
            "rgb(192, 0, 0)"
        )
        imprint = page.inner_text(".imprint")
        assert "抄送：" in imprint and "2020年12月31日印发" in imprint
        days = page.eval_on_selector_all(".annex td.day", "cells => cells.map(c => c.innerText)")
        assert days == ["2020年12月15日"] * 9
        lines = page.eval_on_selector_all(
            ".annex td.day",
            "cells => cells.map(c => { const r = document.createRange(); r.selectNodeContents(c); "
            "return r.getClientRects().length; })",
        )
        assert lines == [1] * 9, "each date on one line"
        overflow = page.eval_on_selector_all(
            ".annex td.day", "cells => cells.filter(c => c.scrollWidth > c.clientWidth).length"
        )
        assert overflow == 0, "and inside its column"
        text = page.inner_text("body")
        assert not unknown_latin(text), unknown_latin(text)
        page.screenshot(path=str(artifacts_dir / "circular-html-full.png"), full_page=True)
        browser.close()
