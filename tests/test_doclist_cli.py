"""``zwgk doclist template|check`` and ``zwgk interpretations`` end to end (sandbox, in-process)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from checks.doclist import read_doclist
from zwgk.cli import app

runner = CliRunner()


def test_template(tmp_path: Path) -> None:
    out = tmp_path / "list.xlsx"
    result = runner.invoke(app, ["doclist", "template", "--out", str(out), "--unit", "yaodu"])
    assert result.exit_code == 0, result.output
    assert read_doclist(out).rows == []


@pytest.mark.slow
def test_check_and_interpretations_on_the_sandbox(tmp_path: Path, sandbox_manifest: dict[str, Any]) -> None:
    from sandbox.doclists import write_doclist

    unit = "yaodu"
    path = write_doclist(unit, tmp_path)
    result = runner.invoke(app, ["doclist", "check", unit, str(path), "--sandbox", "--no-fetch", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    planted = sorted(d["check"] for d in sandbox_manifest["units"][unit]["doclist"]["planted"])
    decided = sorted(f["check_id"] for f in data["findings"] if f["severity"] != "undecided")
    assert decided == planted
    result = runner.invoke(app, ["interpretations", unit, "--sandbox", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)[0]["figures"]
    expected = sandbox_manifest["units"][unit]["interpretation"]
    assert (figures["policies"], figures["interpretations"], figures["nontext"]) == (
        expected["policies"],
        expected["interpretations"],
        expected["nontext"],
    )
