"""``zwgk ipv6 URL --nameserver … --allow-private --json`` against the loopback lab."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from support.ipv6_lab import Lab, Site, page, run_lab
from typer.testing import CliRunner

from zwgk.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    sites = [
        Site("www.good.gov.cn", pages={"/": page("好", ["/a.html"]), "/a.html": page("a")}),
        Site("www.bad.gov.cn", v6="drop", pages={"/": page("坏")}),
    ]
    with run_lab(sites) as running:
        yield running


@pytest.mark.parametrize(("host", "verdict"), [("www.good.gov.cn", "ready"), ("www.bad.gov.cn", "not_ready")])
def test_json_verdict(lab: Lab, host: str, verdict: str) -> None:
    args = ["ipv6", lab.url(host), "--nameserver", lab.nameserver, "--allow-private", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["verdict"] == verdict and isinstance(report["reasons"], list)
    assert {p["family"] for p in report["probes"] if p["details"]["role"] == "homepage"} == {4, 6}
    assert any(row["qtype"] == "AAAA" for row in report["dns"])


def test_private_targets_need_the_flag(lab: Lab) -> None:
    args = ["ipv6", lab.url("www.good.gov.cn"), "--nameserver", lab.nameserver, "--json"]
    report = json.loads(runner.invoke(app, args).output)
    assert report["verdict"] != "ready"
    errors = {p["error"] for p in report["probes"] if p["details"]["role"] == "homepage"}
    assert errors == {"forbidden"}


def test_table_output(lab: Lab) -> None:
    args = ["ipv6", lab.url("www.good.gov.cn"), "--nameserver", lab.nameserver, "--allow-private"]
    result = runner.invoke(app, args, terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "已完成IPv6改造 ready" in result.output
