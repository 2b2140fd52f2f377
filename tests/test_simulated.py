"""The simulated web plugs into the command line from its own side (zwgk.simulated)."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from zwgk import simulated
from zwgk.cli import app


def test_the_sandbox_plugin_adds_its_commands_and_the_sandbox_option() -> None:
    assert simulated.available()
    listing = CliRunner().invoke(app, ["--help"]).output
    assert "sandbox" in listing and "demo" in listing
    assert "--sandbox" in CliRunner().invoke(app, ["audit", "--help"]).output


def test_without_a_simulated_web_the_option_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(simulated, "_INSTALLED", [])
    assert not simulated.available()
    with pytest.raises(typer.BadParameter, match="no simulated web installed"):
        simulated.simulated_web()
