"""``zwgk --help`` and ``zwgk units`` start without the crawler, Chromium or the report writers;
every listed command still loads and runs (zwgk.lazy, zwgk.help_format)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from zwgk.cli import COMMANDS, app

HEAVY = ("crawler", "playwright", "reports", "docx", "openpyxl", "matplotlib", "checks", "scoring", "httpx")

PROBE = """
import sys
from typer.testing import CliRunner
from zwgk.cli import app
result = CliRunner().invoke(app, sys.argv[1:])
assert result.exit_code == 0, result.output
print(" ".join(sorted({m.split(".")[0] for m in sys.modules})))
"""


@pytest.mark.parametrize("argv", [["--help"], ["units"]])
def test_listing_and_units_do_not_import_the_heavy_stacks(argv: list[str]) -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "zwgk" in loaded
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    if argv == ["--help"]:
        assert "sqlalchemy" not in loaded and "pydantic" not in loaded


def test_every_listed_command_loads_with_its_help() -> None:
    listing = CliRunner().invoke(app, ["--help"]).output
    names = [entry.name for entry in COMMANDS] + ["sandbox", "demo"]
    for name in names:
        assert name in listing
        result = CliRunner().invoke(app, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert f"zwgk {name}" in result.output


def test_an_unknown_command_is_refused_with_the_usual_error() -> None:
    result = CliRunner().invoke(app, ["nosuchcommand"])
    assert result.exit_code == 2
    assert "No such command" in result.output


def test_help_shows_no_python_types() -> None:
    """Flags show no type at all, values a word (TEXT, PATH), never ``<bool>`` or ``<list[str]>``."""
    for argv in (["--help"], ["audit", "--help"], ["page", "inspect", "--help"], ["score", "--help"]):
        output = CliRunner().invoke(app, argv).output
        assert not re.search(r"<(bool|str|int|float|path|list\[[a-z]+\])>", output), (argv, output)
    audit = CliRunner().invoke(app, ["audit", "--help"]).output
    assert re.search(r"--fresh\s+Start a new run", audit)
    assert re.search(r"--out\s+PATH", audit)
