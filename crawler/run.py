"""``crawl_units``: crawl the units of a config into storage, as one (resumable) audit run."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from config.settings import AuditConfig, UnitConfig
from crawler.fetcher import Fetcher
from crawler.linkcheck import LinkChecker
from crawler.store import StoreWriter
from crawler.unit import CrawlEvent, Progress, UnitCrawl, UnitStats
from crawler.warc import WarcStore
from storage.db import Database
from storage.models import AuditRun, FrontierEntry

if TYPE_CHECKING:
    from crawler.render import Renderer

log = logging.getLogger(__name__)
__all__ = ["NO_BROWSER", "CrawlEvent", "CrawlSummary", "crawl_units", "crawl_units_sync"]
NO_BROWSER = "no browser available: JavaScript lists not rendered"


@dataclass
class CrawlSummary:
    run_id: int
    units: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    resumed: bool = False
    elapsed_s: float = 0.0
    confirm: dict[str, int] = field(default_factory=dict)  # the confirming attempts (crawler.confirm)

    @property
    def pages(self) -> int:
        return sum(int(u.get("pages", 0)) for u in self.units.values())

    @property
    def share_304(self) -> float:
        fetched = sum(int(u.get("fetched", 0)) for u in self.units.values())
        not_modified = sum(int(u.get("not_modified", 0)) for u in self.units.values())
        return not_modified / fetched if fetched else 0.0

    def totals(self) -> dict[str, Any]:
        keys = (
            "pages",
            "fetched",
            "not_modified",
            "errors",
            "blocked",
            "http_errors",
            "refused",
            "link_checks",
            "rendered",
        )
        totals: dict[str, Any] = {k: sum(int(u.get(k, 0)) for u in self.units.values()) for k in keys}
        totals["share_304"] = round(self.share_304, 4)
        return totals


@dataclass
class CrawlContext:
    config: AuditConfig
    db: Database
    run_id: int
    fetcher: Fetcher
    writer: StoreWriter
    link_checker: LinkChecker
    renderer: Renderer | None
    progress: Progress | None
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def _select_units(config: AuditConfig, unit_ids: list[str] | None) -> list[UnitConfig]:
    if not unit_ids:
        return list(config.units)
    return [config.unit(key) for key in unit_ids]


def _config_hash(config: AuditConfig) -> str:
    return hashlib.sha256(config.settings.model_dump_json().encode()).hexdigest()


def open_run(
    db: Database, config: AuditConfig, unit_ids: list[str], run_id: int | None, *, resume: bool = True
) -> tuple[int, bool]:
    """(run id, resumed?): the given run, else the latest unfinished crawl of these units, else new."""
    with db.session() as session, session.begin():
        if run_id is not None:
            run = session.get(AuditRun, run_id)
            if run is None:
                raise LookupError(f"no audit run {run_id}")
            started = session.scalar(select(FrontierEntry.id).where(FrontierEntry.run_id == run_id).limit(1))
            return run.id, started is not None
        if resume:
            candidates = session.scalars(
                select(AuditRun)
                .where(AuditRun.kind == "crawl", AuditRun.status == "running")
                .order_by(AuditRun.id.desc())
            )
            for run in candidates:
                if sorted(run.unit_ids or []) == sorted(unit_ids):
                    return run.id, True
        run = AuditRun(
            as_of=config.settings.audit.as_of,
            kind="crawl",
            config_path=config.path,
            config_hash=_config_hash(config),
            unit_ids=unit_ids,
            status="running",
            stats={},
            notes=[],
        )
        session.add(run)
        session.flush()
        return run.id, False


async def crawl_units(
    config: AuditConfig,
    db: Database,
    *,
    unit_ids: list[str] | None = None,
    run_id: int | None = None,
    progress: Progress | None = None,
    render: bool | None = None,
    resume: bool = True,
) -> CrawlSummary:
    started = asyncio.get_running_loop().time()
    settings = config.settings
    units = _select_units(config, unit_ids)
    ids = [u.id for u in units]
    owned = run_id is None  # a run we created (kind "crawl") is ours to mark finished
    run_id, resumed = await asyncio.to_thread(open_run, db, config, ids, run_id, resume=resume)
    assert run_id is not None
    data_dir = Path(settings.crawl.data_dir)
    warc = WarcStore(data_dir, prefix=f"zwgk-run{run_id}")
    summary = CrawlSummary(run_id=run_id, resumed=resumed)
    writer = StoreWriter(db, run_id, warc)
    writer.start()
    renderer: Renderer | None = None
    async with Fetcher(config, warc=warc, defer_warc=True) as fetcher:
        checker = LinkChecker(
            fetcher,
            retry_delay_s=settings.thresholds.inspection.dead_link_retry_delay_s,
            concurrency=settings.crawl.link_check_concurrency,
        )
        ctx = CrawlContext(config, db, run_id, fetcher, writer, checker, None, progress)
        if resumed:
            ctx.note(f"resumed run {run_id}")
        want_render = settings.crawl.render_js if render is None else render
        if want_render:
            renderer, problem = await _start_renderer(config, fetcher, data_dir)
            if renderer is None:
                ctx.note(f"{NO_BROWSER} ({problem})")
            ctx.renderer = renderer
        else:
            ctx.note("rendering switched off: JavaScript lists not rendered")
        crawls: list[UnitCrawl] = []
        for unit in units:
            if not unit.has_site:
                ctx.note(f"{unit.id}: no site configured, skipped")
                summary.units[unit.id] = {"skipped": "no site configured"}
                continue
            crawls.append(UnitCrawl(ctx, unit))
        gate = asyncio.Semaphore(max(1, settings.crawl.concurrent_units))

        async def one(crawl: UnitCrawl) -> UnitStats:
            async with gate:
                return await crawl.run()

        try:
            results = await asyncio.gather(*(one(c) for c in crawls), return_exceptions=True)
            for crawl, outcome in zip(crawls, results, strict=True):
                if isinstance(outcome, BaseException):
                    ctx.note(f"{crawl.unit.id}: crawl failed: {type(outcome).__name__}: {outcome}")
                summary.units[crawl.unit.id] = crawl.stats.as_dict()
            await _confirm(ctx, summary)
        finally:
            if renderer is not None:
                await renderer.close()
                escaped = renderer.wall.note()
                if escaped:
                    ctx.note(escaped)
            await ctx.writer.close()
            warc.close()
    summary.notes = ctx.notes
    summary.elapsed_s = round(asyncio.get_running_loop().time() - started, 2)
    await asyncio.to_thread(_finish, db, run_id, summary, owned)
    return summary


async def _confirm(ctx: CrawlContext, summary: CrawlSummary) -> None:
    """The confirming attempts at the failing targets (after what the crawl wrote is stored)."""
    from crawler.confirm import confirm_failures

    await ctx.writer.close()
    ctx.writer = StoreWriter(ctx.db, ctx.run_id, ctx.writer.warc)
    ctx.writer.start()
    stats = await confirm_failures(ctx.fetcher, ctx.writer, ctx.db, ctx.run_id, ctx.config.settings)
    summary.confirm = {
        "attempted": stats.attempted,
        "still_failing": stats.still_failing,
        "recovered": stats.recovered,
        "not_attempted": len(stats.not_attempted),
    }
    if stats.not_attempted:
        ctx.note(
            f"{len(stats.not_attempted)} failing links not tried again: the confirming attempt would "
            "come after the crawl's allowed wait (dead_link_confirm_max_wait_s); they stay undecided"
        )


async def _start_renderer(
    config: AuditConfig, fetcher: Fetcher, data_dir: Path
) -> tuple[Renderer | None, str]:
    try:
        from crawler.render import Renderer
    except ImportError as exc:  # playwright not installed
        return None, str(exc)
    return await Renderer.start(config, fetcher, data_dir)


def _finish(db: Database, run_id: int, summary: CrawlSummary, owned: bool) -> None:
    with db.session() as session, session.begin():
        run = session.get(AuditRun, run_id)
        assert run is not None
        stats = dict(run.stats or {})
        crawl = dict(stats.get("crawl", {}))
        crawl["units"] = {**crawl.get("units", {}), **summary.units}
        crawl["totals"] = summary.totals()
        crawl["elapsed_s"] = summary.elapsed_s
        crawl["confirm"] = summary.confirm
        stats["crawl"] = crawl
        run.stats = stats
        run.notes = list(dict.fromkeys([*(run.notes or []), *summary.notes]))
        if owned:
            run.status = "finished"
            run.finished_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)


def crawl_units_sync(config: AuditConfig, db: Database, **kwargs: Any) -> CrawlSummary:
    return asyncio.run(crawl_units(config, db, **kwargs))
