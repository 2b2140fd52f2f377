from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from config.loader import DEFAULT_CONFIG
from zwgk.cli import app

runner = CliRunner()


def test_config_check_lists_51_units_and_flags_those_without_a_site() -> None:
    result = runner.invoke(app, ["config", "check", "--config", str(DEFAULT_CONFIG)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "51 个考核对象 units (A 类 17, B 类 34)" in result.output
    assert "30 个单位尚未配置网站" in result.output
    assert "市发展改革委" in result.output


def test_bad_config_exits_non_zero_with_one_line_reason(tmp_path: Path) -> None:
    bad = tmp_path / "sites.toml"
    bad.write_text(
        DEFAULT_CONFIG.read_text(encoding="utf-8").replace('class = "B"', 'class = "X"', 1), "utf-8"
    )
    result = runner.invoke(app, ["config", "check", "--config", str(bad)], terminal_width=300)
    assert result.exit_code == 2
    assert f"{bad}:" in result.output and "class" in result.output


def test_db_upgrade_creates_sqlite_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ZWGK_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    result = runner.invoke(app, ["db", "upgrade", "--config", str(DEFAULT_CONFIG)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x.sqlite3").exists()
