"""Settings out of range are refused by ``config check`` and ``crawl`` alike, naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from config.loader import ConfigError, parse_config
from config.validate import GUARDED_NETWORKS
from crawler.guard import is_forbidden_address
from zwgk.cli import app

runner = CliRunner()
UNIT = '\n[[unit]]\nid = "u"\nname = "单位"\nclass = "A"\nhomepage = "http://127.0.0.1:9/"\n'

BAD = [
    ("network", 'nameservers = ["x:abc"]', "network.nameservers", "not a name server address"),
    (
        "network",
        'nameservers = ["127.0.0.1:99999"]',
        "network.nameservers",
        "port must be a number from 1 to 65535",
    ),
    ("network", 'allow_networks = ["10.0.0.0/33"]', "network.allow_networks", "not a network in CIDR form"),
    (
        "network",
        'allow_networks = ["0.0.0.0/0"]',
        "network.allow_networks",
        "reaches beyond private networks",
    ),
    ("network", 'allow_networks = ["::/0"]', "network.allow_networks", "reaches beyond private networks"),
    ("network", 'allow_networks = ["0.0.0.0/1", "128.0.0.0/1"]', "network.allow_networks", "beyond private"),
    (
        "network",
        "dns_timeout_s = -1.0",
        "network.dns_timeout_s",
        "out of range: more than 0 and at most 3600",
    ),
    ("network", 'port_map = {"80" = 70000}', "network.port_map", "from 1 to 65535"),
    ("crawl", "fetch_timeout_s = nan", "crawl.fetch_timeout_s", "must be a finite number, got nan"),
    ("crawl", "read_timeout_s = inf", "crawl.read_timeout_s", "must be a finite number, got inf"),
    ("crawl", "connect_timeout_s = 0.0", "crawl.connect_timeout_s", "more than 0"),
    ("crawl", "max_depth = -1", "crawl.max_depth", "a whole number from 0 to 1,099,511,627,776, got -1"),
    (
        "crawl",
        "concurrent_units = 0",
        "crawl.concurrent_units",
        "a whole number from 1 to 1,099,511,627,776, got 0",
    ),
    ("politeness", "min_delay_s = -0.5", "politeness.min_delay_s", "at least 0 and at most 86400"),
    ("thresholds.inspection", 'site_id_pattern = "(["', "site_id_pattern", "not a regular expression"),
    ("thresholds.inspection", "availability_veto_failure_rate = 1.5", "failure_rate", "at most 1"),
    (
        "thresholds.inspection",
        'deductions = {"dead_link_inner" = nan}',
        "deductions",
        "finite number from 0 to 100",
    ),
    ("schedule", 'nightly_at = "25:00"', "schedule.nightly_at", "not a time of day"),
]


def _config(section: str, line: str) -> str:
    return f"# a config\n[{section}]\n{line}\n{UNIT}"


@pytest.mark.parametrize(("section", "line", "key", "message"), BAD, ids=[b[1] for b in BAD])
def test_a_bad_value_is_refused_with_file_line_and_range(
    section: str, line: str, key: str, message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(_config(section, line), "c.toml")
    assert str(info.value).startswith("c.toml:3: ") and key in str(info.value), str(info.value)
    assert message in str(info.value)


@pytest.mark.parametrize(("section", "line", "key", "message"), BAD[:4] + BAD[8:9] + BAD[14:15])
def test_crawl_refuses_what_config_check_refuses(
    tmp_path: Path, section: str, line: str, key: str, message: str
) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(_config(section, line), encoding="utf-8")
    env = {"ZWGK_DATABASE_URL": f"sqlite:///{tmp_path / 'z.sqlite3'}", "COLUMNS": "300"}
    for command in (["config", "check"], ["crawl"]):
        result = runner.invoke(app, [*command, "--config", str(path)], env=env)
        assert (result.exit_code != 0 and result.exception is None) or isinstance(
            result.exception, SystemExit
        )
        assert f"{path}:3:" in result.output and message in result.output, result.output
        assert "Traceback" not in result.output


def test_accepted_values_load() -> None:
    config = parse_config(
        _config(
            "network",
            'nameservers = ["127.0.0.1:5353", "[::1]:53", "::1"]\nallow_networks = ["127.0.0.0/8", "::1/128", "fd00::/8"]',
        ),
        "c.toml",
    )
    assert config.settings.network.allow_networks == ["127.0.0.0/8", "::1/128", "fd00::/8"]


def test_deep_nesting_is_a_clear_error_not_a_recursion_error() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config("a = " + "[" * 5000 + "]" * 5000, "deep.toml")
    assert (
        str(info.value)
        == "deep.toml: tables or arrays nested too deeply to read (a config is a few levels deep)"
    )


def test_every_network_an_allow_list_may_name_is_one_the_guard_refuses() -> None:
    for network in GUARDED_NETWORKS:
        assert is_forbidden_address(network.network_address), network
        for step in (0.25, 0.5, 0.75):
            assert is_forbidden_address(network.network_address + int(network.num_addresses * step)), network
        assert is_forbidden_address(network.broadcast_address), network
