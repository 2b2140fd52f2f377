"""Untrusted DOCX, XLSX and PDF files are refused by size, ratio, pages and time before they inflate."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook
from pypdf import PdfWriter
from support.zip_bomb import bomb_docx

import pages.annual_report_sources as sources
from checks.doclist.importer import DocListError, read_doclist
from config.loader import DEFAULT_CONFIG, load_config
from config.settings import FileLimits
from pages.annual_report_sources import read_docx, read_pdf
from pages.file_limits import zip_problem
from scoring.entries import EntriesError, load_entries
from scoring.rubric import load_scheme


def _docx() -> bytes:
    out = io.BytesIO()
    document = Document()
    document.add_paragraph("临汾市某局2019年政府信息公开工作年度报告")
    document.save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    out = io.BytesIO()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["unit", "item", "deduction"])
    book.save(out)
    return out.getvalue()


def test_a_docx_inflating_to_one_and_a_half_gigabytes_is_refused_at_once() -> None:
    bomb = bomb_docx(_docx(), 1500)
    assert len(bomb) < 2 * 1024 * 1024
    started = time.monotonic()
    source = read_docx(bomb)
    assert time.monotonic() - started < 0.5
    assert source.problem is not None and source.problem.startswith("DOCX not read: unpacks to 1,573,")
    assert "the limit is 268,435,456 (files.max_unzipped_bytes)" in source.problem
    assert read_docx(_docx()).problem is None  # an ordinary report is read


def test_one_part_inflating_a_thousand_times_is_refused() -> None:
    problem = zip_problem(bomb_docx(_docx(), 4))
    assert problem is not None and "part 'word/document.xml' inflates 1,0" in problem
    assert "(files.max_zip_ratio)" in problem


def test_bombs_in_workbooks_are_refused_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "发文目录.xlsx"
    path.write_bytes(bomb_docx(_xlsx(), 300, part="xl/worksheets/sheet1.xml"))
    with pytest.raises(DocListError, match=r"发文目录\.xlsx: not read: unpacks to "):
        read_doclist(path)
    with pytest.raises(EntriesError) as info:
        load_entries(path, load_config(DEFAULT_CONFIG), load_scheme("linfen-2020"))
    assert info.value.problems[0].startswith(f"{path}: not read: unpacks to ")


def test_pdfs_are_read_within_pages_and_time(monkeypatch: pytest.MonkeyPatch) -> None:
    writer = PdfWriter()
    for _ in range(6):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    monkeypatch.setattr(sources, "LIMITS", FileLimits(max_pdf_pages=5))
    assert read_pdf(out.getvalue()).problem == "PDF not read: 6 pages exceed 5 (files.max_pdf_pages)"
    monkeypatch.setattr(sources, "LIMITS", FileLimits(max_pdf_seconds=0.0))
    assert (
        read_pdf(out.getvalue()).problem
        == "PDF not read: text extraction took over 0 s (files.max_pdf_seconds)"
    )
    monkeypatch.setattr(sources, "LIMITS", FileLimits(max_file_bytes=100))
    assert (read_pdf(out.getvalue()).problem or "").startswith("PDF not read: ")
