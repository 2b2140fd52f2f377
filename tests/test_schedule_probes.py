"""The national availability method end to end: ``zwgk schedule`` takes probe rounds spread
through the day (``schedule.probe_rounds_per_day``) against real loopback servers that fail
some requests, every probe is stored, and ``inspection.unreachable`` judges the week from them:
veto at ≥ 5 % failures over 7 days × 20 spread probes, pass below, undecided (never a veto)
with the count when the week is short.

The loop's clock is a fake wall clock (the loop sleeps on it); the probes are real requests,
stamped with the fake clock so that the days are the week being simulated."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select

from checks.inspection import availability
from checks.runner import run_one
from config.settings import AuditConfig, Settings, UnitConfig
from storage.db import Database
from storage.models import Probe
from storage.snapshot import SnapshotProbe, UnitSnapshot
from zwgk.commands.schedule_cmd import _probe_until, probe_round
from zwgk.schedule import next_probe, probe_slots

pytestmark = pytest.mark.slow

START = dt.datetime(2020, 12, 8, 2, 30)  # after the night's audit; the week ends on the 14th
AS_OF = dt.date(2020, 12, 14)


def _server(fail_every: int) -> ThreadingHTTPServer:
    """A homepage that answers 500 to every ``fail_every``-th request (0: never)."""
    count = {"n": 0}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with lock:
                count["n"] += 1
                failing = fail_every and count["n"] % fail_every == 0
            body = "<html><title>首页</title><body>政府网站</body></html>".encode()
            self.send_response(500 if failing else 200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


class FakeClock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AuditConfig, Database]]:
    base = tmp_path_factory.mktemp("probes")
    # 1 in 10 fails (10 %, a veto); 1 in 40 fails (2.5 %, a pass).
    servers = {"flaky": _server(10), "steady": _server(40)}
    units = [
        UnitConfig(id=uid, name=uid, unit_class="B", homepage=f"http://127.0.0.1:{s.server_address[1]}/",
                   scope=[f"http://127.0.0.1:{s.server_address[1]}/"])
        for uid, s in servers.items()
    ]  # fmt: skip
    settings = Settings.model_validate(
        {
            "network": {"allow_private": True},
            "storage": {"database_url": f"sqlite:///{base / 'zwgk.sqlite3'}"},
            "crawl": {"data_dir": str(base / "data")},
            "schedule": {"probe_rounds_per_day": 20},
        }
    )
    config = AuditConfig(path="<probes>", settings=settings, units=units)
    clock = FakeClock(START)

    def probe(cfg: AuditConfig, slot: dt.datetime) -> None:
        # The probes carry the simulated wall time (local = UTC here) instead of today's.
        probe_round(cfg, slot, now=lambda: slot.replace(tzinfo=dt.UTC))

    # The week up to the audit of the 15th at 02:00, as the loop takes it between two audits.
    _probe_until(config, dt.datetime(2020, 12, 15, 2, 0), probe, clock, clock.sleep)
    db = Database.open(settings.storage.database_url or "")
    try:
        yield config, db
    finally:
        db.dispose()
        for s in servers.values():
            s.shutdown()
            s.server_close()


def _snapshot(db: Database, unit: UnitConfig, *, since: dt.datetime | None = None) -> UnitSnapshot:
    with db.session() as session:
        rows = session.scalars(select(Probe).where(Probe.unit_id == unit.id).order_by(Probe.at)).all()
        probes = [
            SnapshotProbe(kind=r.kind, url=r.url, family=r.family, at=r.at, ok=r.ok, status=r.status,
                          error=r.error, timings=dict(r.timings or {}), content_hash=r.content_hash,
                          details=dict(r.details or {}))
            for r in rows
            if since is None or r.at.replace(tzinfo=None) >= since
        ]  # fmt: skip
    return UnitSnapshot(unit=unit, as_of=AS_OF, probes=probes)


def test_the_rounds_are_spread_through_the_day() -> None:
    slots = probe_slots(dt.date(2020, 12, 9), 20)
    assert len(slots) == 20 and slots[1] - slots[0] == dt.timedelta(minutes=72)
    assert next_probe(dt.datetime(2020, 12, 9, 23, 59), 20) == dt.datetime(2020, 12, 10, 0, 0)
    assert next_probe(dt.datetime(2020, 12, 9), 0) is None


def test_every_probe_of_the_week_is_stored_at_its_slot(week: tuple[AuditConfig, Database]) -> None:
    _config, db = week
    with db.session() as session:
        rows = session.scalars(select(Probe).where(Probe.unit_id == "flaky").order_by(Probe.at)).all()
    days = {r.at.date() for r in rows if r.at.date() <= AS_OF}
    # 02:30 on the 8th to 02:00 on the 15th: the 8th's rounds from 02:24, then six whole days.
    assert days == {AS_OF - dt.timedelta(days=n) for n in range(7)}
    per_day = {d: sum(1 for r in rows if r.at.date() == d) for d in days}
    assert all(n == 20 for d, n in per_day.items() if d > dt.date(2020, 12, 8)), per_day
    assert all(r.run_id is None and r.kind == "availability" for r in rows)
    failed = [r for r in rows if not r.ok]
    assert failed and all(r.status == 500 and r.error == "http_500" for r in failed)


def test_a_site_failing_one_probe_in_ten_is_vetoed_on_the_week(week: tuple[AuditConfig, Database]) -> None:
    config, db = week
    # The 8th's rounds before 02:30 were not taken: that day has 18, so the window is the 7 days
    # ending on the 14th only if the 8th counts — it does not, the verdict needs 7 full days.
    short = run_one(availability.CHECK_ID, _snapshot(db, config.unit("flaky")), config.settings)
    assert short.score is None and "仅 6 天达到" in (short.undecided_reason or "")
    assert not short.findings, "fewer probes than the method needs is never a veto"
    # One more day of rounds completes the week (the 9th to the 15th), as of the 15th.
    clock = FakeClock(dt.datetime(2020, 12, 15, 2, 0))
    _probe_until(
        config,
        dt.datetime(2020, 12, 16, 0, 0),
        lambda cfg, slot: probe_round(cfg, slot, now=lambda: slot.replace(tzinfo=dt.UTC)),
        clock,
        clock.sleep,
    )
    for uid, vetoed in (("flaky", True), ("steady", False)):
        snapshot = _snapshot(db, config.unit(uid))
        week_of = UnitSnapshot(unit=snapshot.unit, as_of=dt.date(2020, 12, 15), probes=snapshot.probes)
        result = run_one(availability.CHECK_ID, week_of, config.settings)
        assert result.measured["probes"] == 140, result.measured
        assert set(result.measured["probes_per_day"].values()) >= {20}
        if vetoed:
            [finding] = result.findings
            assert finding.severity == "veto" and result.measured["failure_rate"] == pytest.approx(
                0.1, abs=0.01
            )
            assert "140 次探测中失败 14 次" in finding.message
        else:
            assert result.score == 1.0 and not result.findings
            assert 0 < result.measured["failed"] < 0.05 * 140


def test_probes_bunched_in_one_moment_do_not_count_as_a_day(week: tuple[AuditConfig, Database]) -> None:
    config, _db = week
    unit = config.unit("flaky")
    at = dt.datetime(2020, 12, 14, 2, 0)
    bunched = [
        SnapshotProbe(kind="availability", url=unit.homepage or "", family=4, at=at + dt.timedelta(seconds=n),
                      ok=False, status=None, error="timeout_connect", timings={}, content_hash=None, details={})
        for n in range(40)
    ]  # fmt: skip
    result = run_one(availability.CHECK_ID, UnitSnapshot(unit=unit, as_of=AS_OF, probes=bunched), Settings())
    assert result.score is None and not result.findings
    assert result.measured["probes_per_day"] == {"2020-12-14": 1}


def test_a_failed_round_is_reported_and_the_rounds_go_on(tmp_path: Path) -> None:
    settings = Settings.model_validate({"schedule": {"probe_rounds_per_day": 4}})
    config = AuditConfig(path="<x>", settings=settings, units=[])
    seen: list[dt.datetime] = []

    def probe(cfg: AuditConfig, slot: dt.datetime) -> None:
        seen.append(slot)
        if len(seen) == 1:
            raise OSError("database locked")

    clock = FakeClock(dt.datetime(2020, 12, 9, 0, 30))
    _probe_until(config, dt.datetime(2020, 12, 10, 0, 30), probe, clock, clock.sleep)
    assert [s.hour for s in seen] == [6, 12, 18, 0]
