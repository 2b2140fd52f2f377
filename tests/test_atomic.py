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


def _half_then_fail(self: object, target: object, **_: object) -> None:
    Path(str(target)).write_bytes(b"half a file")
    raise RuntimeError("disk full")


def _only(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_chart_that_fails_midway_leaves_the_previous_png(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matplotlib.figure import Figure

    from reports import charts

    target = tmp_path / "chart-scores.png"
    fig, _ = charts._figure()
    charts._save(fig, target)
    first = target.read_bytes()
    assert first.startswith(b"\x89PNG")
    monkeypatch.setattr(Figure, "savefig", _half_then_fail)
    fig, _ = charts._figure()
    with pytest.raises(RuntimeError):
        charts._save(fig, target)
    assert target.read_bytes() == first
    assert _only(tmp_path) == ["chart-scores.png"]


@pytest.mark.parametrize("which", ["doclist", "entries"])
def test_a_template_that_fails_midway_leaves_the_previous_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    from checks.doclist.template import write_template
    from config import load_config
    from scoring.service import rubrics_for
    from scoring.template import template_xlsx

    target = tmp_path / "模板.xlsx"
    config = load_config(None)

    def write() -> None:
        if which == "doclist":
            write_template(target, unit_name="临汾市司法局")
        else:
            template_xlsx(rubrics_for(config)["B"], config.units_of_class("B"), 2020, target)

    write()
    first = target.read_bytes()
    monkeypatch.setattr(Workbook, "save", _half_then_fail)
    with pytest.raises(RuntimeError):
        write()
    assert target.read_bytes() == first
    assert _only(tmp_path) == ["模板.xlsx"]


def test_score_template_output_is_renamed_into_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``zwgk score template --output`` goes through a temporary file (a crash leaves no half TOML)."""
    import os

    from typer.testing import CliRunner

    from storage import atomic
    from zwgk.cli import app

    renamed: list[Path] = []
    real_replace = os.replace

    def recording(source: str | Path, target: str | Path) -> None:
        renamed.append(Path(target))
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", recording)
    target = tmp_path / "entries.toml"
    result = CliRunner().invoke(app, ["score", "template", "--class", "B", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert renamed == [target]
    assert "[" in target.read_text(encoding="utf-8")
    assert _only(tmp_path) == ["entries.toml"]
