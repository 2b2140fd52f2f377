"""Every sandbox unit's IPv6 verdict matches the manifest (real DNS and HTTP on loopback)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from checks.runner import run_one
from crawler.ipv6_probe import measure_units
from storage.snapshot import UnitSnapshot

pytest.importorskip("sandbox.server", reason="the sandbox is not built yet")
sandbox_fixtures = pytest.importorskip("support.sandbox_fixtures")
running_sandbox = sandbox_fixtures.running_sandbox


def test_all_units_match_the_manifest(running_sandbox: Any) -> None:
    sb = running_sandbox
    fast = {"probe_count": 2, "probe_interval_s": 0.05, "probe_timeout_s": 5.0, "max_links_per_level": 25}
    ipv6 = sb.config.settings.thresholds.ipv6.model_copy(update=fast)
    thresholds = sb.config.settings.thresholds.model_copy(update={"ipv6": ipv6})
    settings = sb.config.settings.model_copy(update={"thresholds": thresholds})
    expected = {uid: u["ipv6"] for uid, u in sb.manifest["units"].items() if "ipv6" in u}
    units = [u for u in sb.config.units if u.id in expected and u.homepage]
    assert units, "the manifest lists no IPv6 verdicts"
    measurements = asyncio.run(measure_units(units, config=settings, concurrency=8))
    wrong = {}
    for unit in units:
        m = measurements[unit.id]
        snapshot = UnitSnapshot(
            unit=unit, as_of=m.at.date(), probes=m.snapshot_probes(), dns=m.snapshot_dns()
        )
        result = run_one("ipv6.readiness", snapshot, settings)
        measured = result.measured
        want = expected[unit.id]
        codes = {r["code"] for r in measured["reasons"]}
        planted = [
            d for d in sb.manifest["units"][unit.id].get("defects", []) if d["check"] == "ipv6.readiness"
        ]
        want_codes = {c for d in planted for c in d["value"].get("reasons", [])}
        severities = [f.severity for f in result.findings]
        if (
            measured["verdict"] != want["verdict"]
            or not want_codes <= codes
            or severities != (["major"] if want["verdict"] == "not_ready" else [])
        ):
            wrong[unit.id] = (want, want_codes, measured["verdict"], measured["reasons"])
    assert not wrong, wrong
    scenarios = {e["scenario"] for e in expected.values()}
    assert {
        "dual_stack",
        "ipv4_only",
        "aaaa_broken",
        "content_differs",
        "cname_chain",
        "v4_only_links",
    } <= scenarios


def test_command_line_on_sandbox_hosts_with_a_port(running_sandbox: Any) -> None:
    import json

    from typer.testing import CliRunner

    from zwgk.cli import app

    sb = running_sandbox
    network = sb.config.settings.network
    port = network.port_map["80"]
    by_scenario = {u["ipv6"]["scenario"]: uid for uid, u in sb.manifest["units"].items()}
    for scenario in ("content_differs", "cname_chain"):
        unit = sb.config.unit(by_scenario[scenario])
        url = unit.homepage.replace(".gov.cn/", f".gov.cn:{port}/", 1)
        args = ["ipv6", url, "--nameserver", network.nameservers[0], "--allow-private", "--json"]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert report["verdict"] == sb.manifest["units"][unit.id]["ipv6"]["verdict"], report["reasons"]
        assert report["measured"]["levels"]["2"]["total"] > 0  # the site's port-less links reach it too
