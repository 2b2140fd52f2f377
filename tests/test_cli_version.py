"""``zwgk --version`` names the installed package's version and exits 0."""

from __future__ import annotations

from importlib.metadata import version

from typer.testing import CliRunner

from zwgk.cli import app


def test_version_prints_the_installed_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"zwgk-audit {version('zwgk-audit')}"


def test_commands_still_run_under_the_root_options() -> None:
    result = CliRunner().invoke(app, ["report", "circular", "--quarter", "2020Q9"])
    assert result.exit_code == 2 and "--quarter must look like 2020Q4" in result.output
