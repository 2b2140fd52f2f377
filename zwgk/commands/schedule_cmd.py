"""``zwgk schedule``: the nightly audit, the circular at each quarter's end, and availability
probe rounds through the day (``schedule.probe_rounds_per_day``, the national method's
spread probes)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import typer
from sqlalchemy import select

from config.loader import with_overrides
from config.periods import quarter_ends_on, quarter_of
from config.settings import AuditConfig, as_of_configured
from storage.models import AuditRun, Circular, utcnow
from zwgk.commands.audit_cmd import execute
from zwgk.console import ConfigOption, console, fail, load_or_fail, open_database
from zwgk.pipeline import AuditOptions
from zwgk.schedule import missed_runs, next_probe, next_run, overdue_nights, parse_at


def _last_success(config: AuditConfig) -> dt.datetime | None:
    """When the last audit finished, in local wall time (the schedule's clock); stored as UTC."""
    db = open_database(config)
    try:
        with db.session() as session:
            finished = session.scalars(
                select(AuditRun.finished_at)
                .where(AuditRun.kind == "audit", AuditRun.status == "finished")
                .order_by(AuditRun.finished_at.desc())
            ).first()
    finally:
        db.dispose()
    if finished is None:
        return None
    return finished.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _circular_written(config: AuditConfig, quarter: str) -> bool:
    db = open_database(config)
    try:
        with db.session() as session:
            return session.scalars(select(Circular.id).where(Circular.quarter == quarter)).first() is not None
    finally:
        db.dispose()


def run_cycle(config: AuditConfig, today: dt.date, out: Path) -> None:
    """Tonight's audit, as of today; at a quarter's end (or after it, if that night was missed)
    the quarter's circular too."""
    nightly = with_overrides(config, audit={"as_of": today, "year": today.year})
    quarter = quarter_of(today)
    due_circular = quarter_ends_on(today)
    previous = quarter_of(today.replace(day=1) - dt.timedelta(days=1))
    if not due_circular and previous != quarter and not _circular_written(config, previous):
        quarter, due_circular = previous, True  # the quarter's last night was missed
    # Scores always belong to tonight's year: a catch-up circular for last year's Q4 must not
    # rescore last year from this year's findings.
    options = AuditOptions(
        out_dir=out, quarter=quarter, year=today.year, report=due_circular, issued_on=today, fresh=False
    )
    console.print(
        f"[bold]{today}[/] 夜间审计 nightly audit" + (f" + {quarter} 通报 circular" if due_circular else "")
    )
    execute(nightly, options)


def schedule(
    config: Path | None = ConfigOption,
    at: str | None = typer.Option(None, "--at", help="Time of day HH:MM (default: schedule.nightly_at)."),
    once: bool = typer.Option(
        False, "--once", help="Run one cycle now and exit (for cron or a systemd timer)."
    ),
    out: Path | None = typer.Option(None, "--out", help="Where circulars go (default: schedule.output_dir)."),
    probe: bool = typer.Option(
        False, "--probe", help="Take one availability probe round now and exit (for cron, e.g. hourly)."
    ),
) -> None:
    """Run the audit every night at the configured time and write the circular at each quarter's
    end; between the audits, probe every homepage schedule.probe_rounds_per_day times a day.
    Missed nights are reported; a lock stops two audits overlapping."""
    cfg = load_or_fail(config)
    if probe:
        probe_round(cfg)
        return
    try:
        when = parse_at(at or cfg.settings.schedule.nightly_at)
    except ValueError as exc:
        fail(str(exc))
    folder = out or Path(cfg.settings.schedule.output_dir)
    if as_of_configured(cfg.settings):
        night = cfg.settings.audit.as_of
        console.print(
            f"[yellow]配置了审计日期 audit.as_of = {night}[/]: "
            + ("本次审计以该日为准 this run audits that night." if once else
               "每晚的审计仍以当天为准（该日期只用于 --once） each night is still audited as of that night.")
        )  # fmt: skip
    rounds = cfg.settings.schedule.probe_rounds_per_day
    schedule_loop(cfg, when, folder, once=once, probe=probe_round if rounds else None)


def probe_round(
    cfg: AuditConfig, at: dt.datetime | None = None, *, now: Callable[[], dt.datetime] | None = None
) -> int:
    """One availability probe of every unit's homepage, stored (``at``: the round's slot, shown;
    ``now``: the clock that stamps the probes, for tests)."""
    import asyncio

    from crawler.availability import run_round

    db = open_database(cfg)
    try:
        with db.session() as session:
            rows = asyncio.run(run_round(session, cfg.units, cfg.settings, now=now or utcnow))
            session.commit()
    finally:
        db.dispose()
    failed = sum(1 for r in rows if not r.ok)
    when = f"{at:%Y-%m-%d %H:%M} " if at is not None else ""
    console.print(f"{when}可用性探测 availability round: {len(rows)} 个首页，失败 {failed} 个")
    return len(rows)


def schedule_loop(
    cfg: AuditConfig,
    when: dt.time,
    folder: Path,
    *,
    once: bool = False,
    clock: Callable[[], dt.datetime] = dt.datetime.now,
    sleep: Callable[[float], None] = time.sleep,
    nights: int | None = None,
    probe: Callable[[AuditConfig, dt.datetime], object] | None = None,
) -> None:
    """The loop of ``zwgk schedule``. ``clock`` and ``sleep`` (local wall time) and ``nights``
    (return after that many scheduled nights; ``None``: never) are for tests. ``probe`` takes
    an availability round at each of the day's slots before the next audit."""
    done = 0
    tried: dt.date | None = None  # the last night an audit was started for, finished or not
    while True:
        now = clock()
        last = _last_success(cfg)
        overdue = [night for night in overdue_nights(last, now, when) if tried is None or night > tried]
        missed = missed_runs(last, now, when)
        if missed and (once or overdue):
            days = "、".join(d.isoformat() for d in missed)
            console.print(f"[bold yellow]漏跑 missed runs:[/] {days}")
        wake = next_run(
            now, when
        )  # before the audit: one that runs past tonight's time must not skip tonight
        if once or overdue:
            if overdue and not once:
                console.print(
                    f"[yellow]补跑 catching up:[/] the audit due {overdue[-1]} {when:%H:%M} runs now."
                )
            tried = overdue[-1] if overdue else now.date()
            _cycle(cfg, now.date(), folder, once=once, keep_as_of=once and as_of_configured(cfg.settings))
            if once:
                return
        console.print(f"下次审计 next audit at {wake:%Y-%m-%d %H:%M}")
        if probe is not None:
            _probe_until(cfg, wake, probe, clock, sleep)
        sleep(max(1.0, (wake - clock()).total_seconds()))
        tried = wake.date()
        _cycle(cfg, wake.date(), folder, once=False)
        done += 1
        if nights is not None and done >= nights:
            return


def _probe_until(
    cfg: AuditConfig,
    wake: dt.datetime,
    probe: Callable[[AuditConfig, dt.datetime], object],
    clock: Callable[[], dt.datetime],
    sleep: Callable[[float], None],
) -> None:
    """The probe rounds due before ``wake``, each at its slot; a failed round is reported and
    the schedule goes on (the verdict counts the probes that were taken)."""
    rounds = cfg.settings.schedule.probe_rounds_per_day
    while (slot := next_probe(clock(), rounds)) is not None and slot < wake:
        sleep(max(0.0, (slot - clock()).total_seconds()))
        try:
            probe(cfg, slot)
        except Exception as exc:  # one bad round must not stop the nightly audits
            console.print(
                f"[bold red]可用性探测失败 probe round {slot:%H:%M} failed:[/] {type(exc).__name__}: {exc}"
            )


def _cycle(cfg: AuditConfig, today: dt.date, folder: Path, *, once: bool, keep_as_of: bool = False) -> None:
    """One cycle. In the long-running loop a refused or failed audit is reported and the loop
    goes on to the next night; ``--once`` exits with the audit's code, for cron to see."""
    if keep_as_of:  # `--once` with a configured audit.as_of audits that night
        today = cfg.settings.audit.as_of
    try:
        run_cycle(cfg, today, folder)
    except typer.Exit as exc:
        if once:
            raise
        console.print(
            f"[bold red]审计未完成 audit of {today} did not finish[/] (exit {exc.exit_code}); the next night goes on."
        )
    except Exception as exc:  # the scheduler outlives one bad night
        if once:
            raise
        console.print(f"[bold red]审计失败 audit of {today} failed:[/] {type(exc).__name__}: {exc}")
