"""The nightly availability probes against real loopback servers, and the unreachable check."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import pytest

from checks.inspection import availability
from checks.runner import run_one
from config.settings import Settings, UnitConfig
from crawler.availability import probe_unit, probe_units
from crawler.resolver import Resolver
from storage.models import Probe
from storage.snapshot import SnapshotProbe, UnitSnapshot

# IP-literal homepages resolve without a query; no name server is contacted.
LITERAL = Resolver(["127.0.0.1:9"])


def _settings(**inspection: object) -> Settings:
    return Settings.model_validate(
        {
            "network": {"allow_private": True},
            "thresholds": {"inspection": {"probes_per_night": 3, "probe_interval_s": 0.01, **inspection}},
        }
    )


def _unit(port: int, uid: str = "xx") -> UnitConfig:
    home = f"http://127.0.0.1:{port}/"
    return UnitConfig(id=uid, name=uid, unit_class="A", homepage=home, scope=[home])


async def _serve(status: int, hang: bool = False) -> asyncio.Server:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        if hang:
            await asyncio.sleep(5)
        body = "<html><title>首页</title><body>政府网站</body></html>".encode()
        head = f"HTTP/1.1 {status} X\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n"
        writer.write(head.encode() + body)
        await writer.drain()
        writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


@pytest.fixture
async def servers() -> AsyncIterator[dict[str, int]]:
    up, broken, hanging = await _serve(200), await _serve(500), await _serve(200, hang=True)
    ports = {
        name: s.sockets[0].getsockname()[1] for name, s in (("up", up), ("broken", broken), ("hang", hanging))
    }
    yield ports
    for server in (up, broken, hanging):
        server.close()


async def test_probes_stored_as_rows(servers: dict[str, int]) -> None:
    settings = _settings()
    rows = await probe_unit(_unit(servers["up"]), settings, resolver=LITERAL, run_id=None)
    assert len(rows) == 3
    assert all(isinstance(r, Probe) and r.kind == "availability" and r.ok and r.status == 200 for r in rows)
    assert all(r.content_hash and r.timings["total_ms"] is not None for r in rows)
    assert rows[0].at <= rows[1].at <= rows[2].at


async def test_http_error_and_timeout_fail(servers: dict[str, int]) -> None:
    settings = _settings(probe_timeout_s=0.3, probes_per_night=1)
    units = [_unit(servers["broken"], "broken"), _unit(servers["hang"], "hang"), _unit(1, "closed")]
    rows = {r.unit_id: r for r in await probe_units(units, settings, resolver=LITERAL)}
    assert not rows["broken"].ok and rows["broken"].status == 500 and rows["broken"].error == "http_500"
    assert not rows["hang"].ok and rows["hang"].error is not None and rows["hang"].error.startswith("timeout")
    assert not rows["closed"].ok and rows["closed"].error == "connect_refused"


async def test_private_addresses_refused_unless_allowed(servers: dict[str, int]) -> None:
    settings = Settings.model_validate({"thresholds": {"inspection": {"probes_per_night": 1}}})
    [row] = await probe_unit(_unit(servers["up"]), settings, resolver=LITERAL)
    assert not row.ok and row.error == "forbidden"


def _snapshot(outcomes: list[bool], as_of: dt.date = dt.date(2020, 12, 15)) -> UnitSnapshot:
    """Probes 72 minutes apart (20 a day), the newest at 23:00 on ``as_of``, going back."""
    unit = _unit(80)
    start = dt.datetime(2020, 12, 15, 23, 0)
    probes = [
        SnapshotProbe(kind="availability", url=unit.homepage or "", family=4, at=start - dt.timedelta(minutes=72 * n),
                      ok=ok, status=200 if ok else None, error=None if ok else "timeout_connect", timings={},
                      content_hash=None, details={})
        for n, ok in enumerate(outcomes)
    ]  # fmt: skip
    return UnitSnapshot(unit=unit, as_of=as_of, probes=probes)


def test_veto_at_five_percent_failures() -> None:
    settings = Settings()
    # 140 probes over the week (20 a day, 72 minutes apart), six failed: 4.3 % → pass
    result = run_one(availability.CHECK_ID, _snapshot([True] * 134 + [False] * 6), settings)
    assert result.score == 1.0 and result.measured["probes"] == 140
    assert list(result.measured["probes_per_day"].values()) == [20] * 7
    # seven failed: 5.0 % → veto (超过（含）5%)
    result = run_one(availability.CHECK_ID, _snapshot([True] * 133 + [False] * 7), settings)
    assert result.score == 0.0
    [finding] = result.findings
    assert finding.severity == "veto" and finding.measured["failure_rate"] == pytest.approx(0.05)


def test_probes_outside_the_window_ignored_and_none_is_undecided() -> None:
    settings = Settings()
    # 72 minutes apart: the 141st probe onwards is older than 7 days
    result = run_one(availability.CHECK_ID, _snapshot([True] * 140 + [False] * 30), settings)
    assert result.score == 1.0 and result.measured["probes"] == 140
    empty = run_one(availability.CHECK_ID, _snapshot([]), settings)
    assert empty.score is None and empty.undecided_reason


def test_fewer_probes_than_the_national_method_is_undecided_never_a_veto() -> None:
    # Three a night for a week, every one failed: the method needs 20 spread probes a day.
    unit = _unit(80)
    nightly = [
        SnapshotProbe(kind="availability", url=unit.homepage or "", family=4,
                      at=dt.datetime(2020, 12, 15, 2, 0) - dt.timedelta(days=d) + dt.timedelta(minutes=m),
                      ok=False, status=None, error="timeout_connect", timings={}, content_hash=None, details={})
        for d in range(7) for m in (0, 1, 2)
    ]  # fmt: skip
    snapshot = UnitSnapshot(unit=unit, as_of=dt.date(2020, 12, 15), probes=nightly)
    result = run_one(availability.CHECK_ID, snapshot, Settings())
    assert result.score is None and not result.findings
    assert "每天间隔性探测不少于 20 次，现仅 0 天达到" in (result.undecided_reason or "")
    assert result.measured["probes"] == 21 and result.measured["failed"] == 21
