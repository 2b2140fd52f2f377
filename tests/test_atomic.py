"""Documents are replaced whole: a failed write leaves the previous file and no temporary."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from reports.atomic import atomic_path, save_workbook, write_text_atomic


def test_a_failed_write_keeps_the_previous_document(tmp_path: Path) -> None:
    target = tmp_path / "通报.html"
    write_text_atomic(target, "第一版")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("写了一半", encoding="utf-8")
        raise RuntimeError("the writer crashed mid-way")
    assert target.read_text(encoding="utf-8") == "第一版"
    assert [p.name for p in tmp_path.iterdir()] == ["通报.html"]


def test_a_workbook_is_renamed_into_place_complete(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "评分表.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["=1+1", 3])
    save_workbook(book, target)
    cells = list(load_workbook(target).active.iter_rows(values_only=True))
    assert cells == [("=1+1", 3)]
    assert [p.name for p in target.parent.iterdir()] == ["评分表.xlsx"]
