"""Availability probes against sites that keep the prober out: 403, 429 and a captcha page are
stored as "blocked" and judged undecided, never the 站点无法访问 veto; the probes obey
``allow_networks`` like the crawler, and a probe the guard refuses is refused by configuration."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from checks.base import CheckResult
from checks.inspection import availability
from checks.runner import run_one
from config.settings import Settings, UnitConfig
from crawler.availability import probe_unit
from crawler.resolver import Resolver
from storage.models import Probe
from storage.snapshot import SnapshotProbe, UnitSnapshot

LITERAL = Resolver(["127.0.0.1:9"])  # IP-literal homepages: no name server is asked
HOME = "<html><title>首页</title><body>政府网站</body></html>"
CAPTCHA = "<html><title>安全验证</title><body>请输入验证码</body></html>"
ANSWERS = {"up": (200, HOME), "forbidden": (403, HOME), "busy": (429, HOME), "captcha": (200, CAPTCHA)}


async def _serve(status: int, body: str) -> asyncio.Server:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        data = body.encode()
        head = f"HTTP/1.1 {status} X\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(data)}\r\n\r\n"
        writer.write(head.encode() + data)
        await writer.drain()
        writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


@pytest.fixture
async def ports() -> AsyncIterator[dict[str, int]]:
    servers = {name: await _serve(*answer) for name, answer in ANSWERS.items()}
    yield {name: s.sockets[0].getsockname()[1] for name, s in servers.items()}
    for server in servers.values():
        server.close()


def _unit(port: int) -> UnitConfig:
    home = f"http://127.0.0.1:{port}/"
    return UnitConfig.model_validate(
        {"id": "u", "name": "u", "class": "A", "homepage": home, "scope": [home]}
    )


def _settings(**network: object) -> Settings:
    return Settings.model_validate(
        {"network": network, "thresholds": {"inspection": {"probes_per_night": 3, "probe_interval_s": 0.01}}}
    )


def _judge(unit: UnitConfig, rows: list[Probe]) -> CheckResult:
    probes = [
        SnapshotProbe(kind=r.kind, url=r.url, family=r.family, at=r.at, ok=r.ok, status=r.status, error=r.error,
                      timings=dict(r.timings), content_hash=r.content_hash, details=dict(r.details))
        for r in rows
    ]  # fmt: skip
    snapshot = UnitSnapshot(unit=unit, as_of=rows[0].at.date(), probes=probes)
    # One night's probes stand for the national method's week here (as in the sandbox): what
    # is tested is how kept-out probes count, not how many a verdict needs.
    night = {
        "availability_window_days": 1,
        "availability_probes_per_day": 3,
        "availability_probe_spacing_s": 0,
    }
    return run_one(
        availability.CHECK_ID, snapshot, Settings.model_validate({"thresholds": {"inspection": night}})
    )


@pytest.mark.parametrize("site", ["forbidden", "busy", "captcha"])
async def test_a_site_that_keeps_the_prober_out_is_undecided_not_unreachable(
    ports: dict[str, int], site: str
) -> None:
    unit = _unit(ports[site])
    rows = await probe_unit(unit, _settings(allow_networks=["127.0.0.0/8"]), resolver=LITERAL)
    assert [r.error for r in rows] == ["blocked"] * 3
    assert all(r.details["blocked"] for r in rows)
    result = _judge(unit, rows)
    assert result.score is None and not result.findings
    assert "blocked by the site" in (result.undecided_reason or "")


async def test_probes_obey_allow_networks(ports: dict[str, int]) -> None:
    unit = _unit(ports["up"])
    allowed = await probe_unit(unit, _settings(allow_networks=["127.0.0.0/8"]), resolver=LITERAL)
    assert all(r.ok and r.status == 200 and r.error is None for r in allowed)
    refused = await probe_unit(unit, _settings(), resolver=LITERAL)
    assert all(not r.ok and r.error == "forbidden" for r in refused)
    assert "refused by configuration" in refused[0].details["error_detail"]
    result = _judge(unit, refused)
    assert result.score is None and not result.findings
    assert "refused by configuration" in (result.undecided_reason or "")


async def test_blocked_probes_do_not_count_as_failures(ports: dict[str, int]) -> None:
    settings = _settings(allow_networks=["127.0.0.0/8"])
    up = await probe_unit(_unit(ports["up"]), settings, resolver=LITERAL)
    blocked = await probe_unit(_unit(ports["forbidden"]), settings, resolver=LITERAL)
    home = _unit(ports["up"])
    for row in blocked:
        row.url = home.homepage or ""
    result = _judge(home, up * 7 + blocked)  # 21 open, 3 kept out: 3/24 would be a veto
    assert result.score == 1.0 and not result.findings
    assert result.measured["kept_out"] == 3 and result.measured["failed"] == 0
