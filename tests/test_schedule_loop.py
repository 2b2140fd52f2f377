"""The ``zwgk schedule`` loop itself (``schedule_loop``), against the running sandbox.

The loop's clock and sleep are injected: a fake wall clock that moves only when the loop
sleeps, so the nights are those of the sandbox (December 2020) and the test waits for nothing.
The audits are real (``run_cycle`` → ``execute`` → ``run_audit``), on one unit.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from docx import Document
from sqlalchemy import select

from config.loader import with_overrides
from config.settings import AuditConfig, AuditSettings
from storage.db import Database, database_url
from storage.models import AuditRun, Circular
from zwgk.commands import schedule_cmd
from zwgk.commands.audit_cmd import execute
from zwgk.commands.schedule_cmd import schedule_loop
from zwgk.lock import AuditLocked, audit_lock
from zwgk.pipeline import AuditOptions

UNIT = "yaodu"
AT = dt.time(0, 0)


class FakeClock:
    """Local wall time that advances only by what the loop sleeps."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> dt.datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def config(running_sandbox: Any, tmp_path: Path) -> AuditConfig:
    """The sandbox's config on one unit, without its configured night: the loop's clock decides."""
    base = with_overrides(running_sandbox.config, crawl={"data_dir": str(tmp_path / "data")})
    audit = base.settings.audit.model_dump(exclude={"as_of"})
    settings = base.settings.model_copy(update={"audit": AuditSettings(**audit)})
    return base.model_copy(update={"units": [base.unit(UNIT)], "settings": settings})


@pytest.fixture
def db(config: AuditConfig) -> Iterator[Database]:
    database = Database.open(database_url(None, config.settings.crawl.data_dir))
    yield database
    database.dispose()


def _runs(db: Database) -> list[AuditRun]:
    with db.session() as session:
        return list(session.scalars(select(AuditRun).order_by(AuditRun.id)))


def _printed(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    return (captured.out + captured.err).replace("\n", "")


def test_an_audit_running_already_makes_the_cycle_refuse(
    config: AuditConfig, db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FakeClock(dt.datetime(2020, 12, 15, 2, 0))
    with audit_lock(config.settings.crawl.data_dir), pytest.raises(typer.Exit) as refused:
        schedule_loop(config, AT, tmp_path / "out", once=True, clock=clock, sleep=clock.sleep)
    assert refused.value.exit_code == 3
    assert "另一个审计正在运行 another audit is running" in _printed(capsys)
    assert _runs(db) == [], "no second audit was started"
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
@pytest.mark.browser
def test_one_night_of_the_loop_catches_up_audits_and_writes_the_quarters_circular(
    config: AuditConfig, db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    # `--once` on 27 December: one audit, as of that day; no circular (not a quarter's end).
    first = FakeClock(dt.datetime(2020, 12, 27, 0, 5))
    schedule_loop(config, AT, out, once=True, clock=first, sleep=first.sleep)
    [run] = _runs(db)
    assert (run.kind, run.status, run.as_of, run.unit_ids) == (
        "audit",
        "finished",
        dt.date(2020, 12, 27),
        [UNIT],
    )
    assert "report" not in run.stats["steps"] and not (out / "2020Q4").exists()
    assert first.slept == []
    # The pipeline stamps finished_at with the real clock; put it on the fake clock's night.
    with db.session() as session:
        stored = session.get(AuditRun, run.id)
        assert stored is not None
        stored.finished_at = dt.datetime(2020, 12, 27, 0, 20)
        session.commit()
    capsys.readouterr()

    # The loop comes back a minute before midnight on the 30th: the 28th and 29th were missed
    # (the 30th is caught up now), then it sleeps to midnight and audits the 31st, a quarter's end.
    clock = FakeClock(dt.datetime(2020, 12, 30, 23, 59))
    probe = _LockProbe(config, db, dt.date(2020, 12, 31))
    probe.start()
    try:
        schedule_loop(config, AT, out, clock=clock, sleep=clock.sleep, nights=1)
    finally:
        probe.stop()
    printed = _printed(capsys)
    assert "漏跑 missed runs: 2020-12-28、2020-12-29" in printed
    assert "下次审计 next audit at 2020-12-31 00:00" in printed
    assert clock.slept == [60.0]

    runs = _runs(db)
    assert [(r.as_of, r.status) for r in runs] == [
        (dt.date(2020, 12, 27), "finished"),
        (dt.date(2020, 12, 30), "finished"),  # the catch-up
        (dt.date(2020, 12, 31), "finished"),  # the scheduled night
    ]
    assert "report" not in runs[1].stats["steps"] and "report" in runs[2].stats["steps"]

    # While the scheduled night's audit ran it held the lock: an overlapping audit was refused.
    assert probe.error is None, probe.error
    assert probe.refused is not None and "another audit is running" in probe.refused
    assert probe.exit_code == 3

    # The 31st ends the quarter: its circular, from the quarter's three nights.
    folder = out / "2020Q4"
    docx = folder / "季度检查通报-2020Q4.docx"
    assert docx.exists() and (folder / "季度检查通报-2020Q4.pdf").exists()
    assert (folder / "整改清单" / "整改清单-2020年第四季度-尧都区人民政府.xlsx").exists()
    with db.session() as session:
        [circular] = session.scalars(select(Circular)).all()
        assert circular.quarter == "2020Q4" and Path(circular.paths["docx"]) == docx
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "于2020年12月27日、2020年12月30日、2020年12月31日对各网站进行抓取和监测" in text
    assert "2020年12月31日" in text  # issued on the night it was written


def test_a_single_missed_night_is_reported_and_caught_up(
    config: AuditConfig,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with db.session() as session:
        session.add(
            AuditRun(
                as_of=dt.date(2020, 12, 29),
                kind="audit",
                status="finished",
                unit_ids=[UNIT],
                finished_at=dt.datetime(2020, 12, 29, 0, 20),
            )
        )
        session.commit()
    cycles: list[dt.date] = []
    monkeypatch.setattr(schedule_cmd, "run_cycle", lambda cfg, today, out: cycles.append(today))
    # Back at 23:59 on the 30th: the night of the 30th (00:00) passed with no audit.
    clock = FakeClock(dt.datetime(2020, 12, 30, 23, 59))
    schedule_loop(config, AT, tmp_path / "out", clock=clock, sleep=clock.sleep, nights=1)
    assert "2020-12-30" in _printed(capsys)
    assert cycles == [dt.date(2020, 12, 30), dt.date(2020, 12, 31)]


def test_once_with_a_configured_night_audits_that_night(
    config: AuditConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    configured = with_overrides(config, audit={"as_of": dt.date(2020, 12, 15)})
    cycles: list[dt.date] = []
    monkeypatch.setattr(schedule_cmd, "run_cycle", lambda cfg, today, out: cycles.append(today))
    clock = FakeClock(dt.datetime(2020, 12, 27, 0, 5))
    schedule_loop(configured, AT, tmp_path / "out", once=True, clock=clock, sleep=clock.sleep)
    assert cycles == [dt.date(2020, 12, 15)]
    # Without a configured night, --once audits the night of the clock.
    schedule_loop(config, AT, tmp_path / "out", once=True, clock=clock, sleep=clock.sleep)
    assert cycles == [dt.date(2020, 12, 15), dt.date(2020, 12, 27)]


class _LockProbe(threading.Thread):
    """Waits for the audit of ``night`` to be running, then starts a second audit."""

    def __init__(self, config: AuditConfig, db: Database, night: dt.date) -> None:
        super().__init__(daemon=True)
        self.config, self.db, self.night = config, db, night
        self.done = threading.Event()
        self.refused: str | None = None
        self.exit_code: int | None = None
        self.error: str | None = None

    def run(self) -> None:
        try:
            while not self.done.wait(0.05):
                with self.db.session() as session:
                    running = session.scalars(
                        select(AuditRun.id).where(AuditRun.as_of == self.night, AuditRun.status == "running")
                    ).first()
                if running is None:
                    continue
                try:
                    with audit_lock(self.config.settings.crawl.data_dir):
                        self.error = "the lock was free while the night's audit ran"
                        return
                except AuditLocked as exc:
                    self.refused = str(exc)
                try:
                    execute(self.config, AuditOptions(report=False))
                    self.error = "a second audit ran alongside the night's"
                except typer.Exit as exc:
                    self.exit_code = exc.exit_code
                return
        except Exception as exc:  # reported by the test, not lost in the thread
            self.error = f"{type(exc).__name__}: {exc}"

    def stop(self) -> None:
        self.done.set()
        self.join(30)


def test_a_night_that_fails_is_reported_and_the_loop_goes_on(
    config: AuditConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A refused (locked) or crashed audit does not end the scheduler, and is not retried in a
    tight loop: the next attempt is the next scheduled night."""
    attempts: list[dt.date] = []

    def failing(cfg: AuditConfig, today: dt.date, out: Path) -> None:
        attempts.append(today)
        if len(attempts) == 1:
            raise typer.Exit(3)
        raise RuntimeError("disk full")

    monkeypatch.setattr(schedule_cmd, "run_cycle", failing)
    monkeypatch.setattr(schedule_cmd, "_last_success", lambda cfg: dt.datetime(2020, 12, 27, 0, 30))
    clock = FakeClock(dt.datetime(2020, 12, 28, 12, 0))  # the 28th is overdue: caught up now
    schedule_loop(config, AT, tmp_path / "out", clock=clock, sleep=clock.sleep, nights=2)
    assert attempts == [dt.date(2020, 12, 28), dt.date(2020, 12, 29), dt.date(2020, 12, 30)]
    printed = _printed(capsys)
    assert "exit 3" in printed and "disk full" in printed
    assert clock.now.date() == dt.date(2020, 12, 30)
    with pytest.raises(RuntimeError, match="disk full"):  # --once lets cron see the failure
        schedule_loop(config, AT, tmp_path / "out", once=True, clock=clock, sleep=clock.sleep)
