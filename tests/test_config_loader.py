from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config import ConfigError, load_config
from config.loader import DEFAULT_CONFIG, parse_config, with_overrides
from config.settings import as_of_configured

TEXT = DEFAULT_CONFIG.read_text(encoding="utf-8")


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(needle)


def test_default_config_has_the_51_units_of_annex_2_in_order() -> None:
    cfg = load_config(DEFAULT_CONFIG)
    assert [len(cfg.units_of_class("A")), len(cfg.units_of_class("B"))] == [17, 34]
    assert [u.name for u in cfg.units[:3]] == ["尧都区", "洪洞县", "霍州市"]
    assert cfg.units[16].name == "永和县" and cfg.units[16].full_name == "永和县人民政府"
    assert cfg.units[17].name == "市发展改革委" and cfg.units[-1].name == "市人防办"
    assert cfg.unit("www.zgjx.gov.cn" if False else "jixian").homepage == "http://www.zgjx.gov.cn/"
    assert cfg.unit("隰县").homepage == "http://www.sxxx.gov.cn/"
    assert all(u.site_source == "public-directory" for u in cfg.units_of_class("A"))
    # No night is configured: the audit is as of the day it runs.
    assert cfg.settings.audit.as_of == dt.date.today() and not as_of_configured(cfg.settings)


def test_departments_without_a_site_are_marked_unknown() -> None:
    cfg = load_config(DEFAULT_CONFIG)
    without = [u.id for u in cfg.units if not u.has_site]
    assert "fgw" in without and "tjj" not in without
    assert all(cfg.unit(i).site_source == "unknown" for i in without)


@pytest.mark.parametrize(
    ("mutate", "needle", "key", "words"),
    [
        (lambda t: t.replace('class = "A"', 'class = "C"', 1), 'class = "C"', "unit[0].class", "'A' or 'B'"),
        (lambda t: t.replace('id = "quwo"', 'id = "yaodu"'), 'id = "yaodu"', "unit[5].id", "duplicate id"),
        (
            lambda t: t.replace('homepage = "http://www.quwo.gov.cn/"', 'homepage = "www.quwo.gov.cn"'),
            'homepage = "www.quwo.gov.cn"',
            "unit[5].homepage",
            "not an http(s) URL",
        ),
        (
            lambda t: t.replace('scope = ["http://www.quwo.gov.cn/"]', 'scope = ["http://x:99999/"]'),
            'scope = ["http://x:99999/"]',
            "unit[5].scope",
            "bad port",
        ),
        (lambda t: t + '\n[crawl]\nmax_depth = "deep"\n', 'max_depth = "deep"', "crawl.max_depth", "integer"),
        (lambda t: t + "\n[crawl]\nmax_deepth = 3\n", "max_deepth = 3", "crawl.max_deepth", "unknown key"),
        (lambda t: t.replace("year = 2020", 'year = "twenty"'), 'year = "twenty"', "audit.year", "integer"),
    ],
)
def test_a_broken_config_names_file_line_and_key(mutate, needle: str, key: str, words: str) -> None:  # type: ignore[no-untyped-def]
    text = mutate(TEXT)
    with pytest.raises(ConfigError) as info:
        parse_config(text, "config/sites.toml")
    error = info.value
    occurrence = 2 if key == "unit[5].id" else 1
    assert error.path == "config/sites.toml"
    assert error.line == line_of(text, needle, occurrence)
    assert error.key == key
    assert words in str(error)
    assert str(error).startswith(f"config/sites.toml:{error.line}: {key}:")


def test_toml_syntax_error_gives_the_line() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(TEXT.replace("[audit]", "[audit"), "sites.toml")
    assert info.value.line == line_of(TEXT, "[audit]")
    assert "not valid TOML" in str(info.value)


def test_missing_required_key_names_the_unit_table() -> None:
    text = TEXT.replace('name = "尧都区"\n', "", 1)
    with pytest.raises(ConfigError) as info:
        parse_config(text, "s.toml")
    assert info.value.key == "unit[0].name" and "required" in str(info.value)
    assert info.value.line == line_of(text, "[[unit]]")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml")


def test_overrides_leave_the_original_untouched() -> None:
    cfg = load_config(DEFAULT_CONFIG)
    changed = with_overrides(cfg, network={"allow_private": True})
    assert changed.settings.network.allow_private and not cfg.settings.network.allow_private
