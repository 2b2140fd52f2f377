"""``zwgk report circular``: the quarter's format checked first; a past quarter keeps its date."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from config.loader import DEFAULT_CONFIG, load_config
from storage.db import Database
from storage.models import InspectionResult
from zwgk.cli import app

runner = CliRunner()
UNIT = load_config(DEFAULT_CONFIG).units[0]


def test_a_malformed_quarter_gets_the_format_error() -> None:
    result = runner.invoke(
        app, ["report", "circular", "--quarter", "2020Q9", "--config", str(DEFAULT_CONFIG)]
    )
    assert result.exit_code == 2
    assert "--quarter must look like 2020Q4, not '2020Q9'" in result.output


@pytest.fixture
def stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    monkeypatch.setenv("ZWGK_DATABASE_URL", url)
    db = Database.open(url)
    with db.session() as session:
        session.add(
            InspectionResult(
                quarter="2019Q2", unit_id=UNIT.id, passed=True, score=100.0, vetoes=[], problems=[]
            )
        )
        session.commit()
    db.dispose()
    return tmp_path


def test_a_past_quarter_is_not_dated_today(stored: Path) -> None:
    args = ["report", "circular", "--quarter", "2019Q2", "--no-pdf", "--out", str(stored / "out")]
    result = runner.invoke(app, [*args, "--config", str(DEFAULT_CONFIG)])
    assert result.exit_code == 2 and "give --issued YYYY-MM-DD" in result.output, result.output

    first = runner.invoke(app, [*args, "--issued", "2019-06-28", "--config", str(DEFAULT_CONFIG)])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, [*args, "--config", str(DEFAULT_CONFIG)])  # written again: same date
    assert again.exit_code == 0 and "成文日期 2019年6月28日" in again.output, again.output
    docx = stored / "out" / "2019Q2" / "季度检查通报-2019Q2.docx"
    texts = [p.text for p in Document(str(docx)).paragraphs]
    assert "2019年6月28日" in texts and "临汾市人民政府办公室\t2019年6月28日印发" in texts
