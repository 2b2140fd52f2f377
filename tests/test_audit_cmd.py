"""``zwgk audit --as-of``: the night audited comes from the command line, the config or today."""

from __future__ import annotations

import datetime as dt

from typer.testing import CliRunner

from config import load_config
from config.loader import DEFAULT_CONFIG
from config.settings import as_of_configured
from zwgk.cli import app
from zwgk.commands.audit_cmd import at_night

runner = CliRunner()


def test_a_malformed_night_is_refused_before_anything_runs() -> None:
    result = runner.invoke(app, ["audit", "--as-of", "2020-13-01", "yaodu"])
    assert result.exit_code == 2
    assert "--as-of: not a date YYYY-MM-DD: '2020-13-01'" in result.output


def test_the_night_given_overrides_the_default_of_today() -> None:
    config = load_config(DEFAULT_CONFIG)
    assert config.settings.audit.as_of == dt.date.today() and not as_of_configured(config.settings)
    night = at_night(config, dt.date(2021, 3, 31))
    assert night.settings.audit.as_of == dt.date(2021, 3, 31) and as_of_configured(night.settings)
    assert night.settings.audit.year == config.settings.audit.year  # the scheme's year stays
    assert at_night(config, None) is config
