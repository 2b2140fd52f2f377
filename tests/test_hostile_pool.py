"""Connections under hostile servers: a server that closes after each response without saying
so, a cookie flood, and thousands of out-of-scope hosts under a low descriptor limit."""

from __future__ import annotations

import asyncio
import itertools
import os
import resource
from pathlib import Path

from sqlalchemy import select
from support.hostile_server import Handler, HostileWeb, Zone, hostile_config, html, run_hostile

from config.settings import UnitConfig
from crawler.fetcher import MAX_COOKIE_BYTES, MAX_COOKIES, Fetcher
from crawler.run import crawl_units
from storage.db import Database
from storage.models import Fetch, FrontierEntry

OUT_HOSTS = 1500


async def test_stale_keep_alive_connections_are_retried_once(tmp_path: Path) -> None:
    web = HostileWeb()

    def close_silently(h: Handler) -> None:
        h.send(200, html("page"))
        h.close_connection = True  # closes the socket, no "Connection: close" header

    web.route("/closing/*")(close_silently)
    with run_hostile(web) as running:
        config = hostile_config(running, str(tmp_path))
        async with Fetcher(config) as fetcher:
            results = [await fetcher.fetch(f"http://hostile.test/closing/{i}") for i in range(60)]
    assert [r.outcome for r in results] == ["ok"] * 60, {r.reason for r in results}


async def test_a_cookie_flood_does_not_grow_the_cookie_header(tmp_path: Path) -> None:
    web = HostileWeb()
    counter = itertools.count()
    sent: list[str] = []

    def flood(h: Handler) -> None:
        sent.append(h.headers.get("Cookie", ""))
        n = next(counter)
        cookies = {f"Set-Cookie-{i}": f"c{n}_{i}={'v' * 100}; Path=/" for i in range(60)}
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "4")
        for value in cookies.values():
            h.send_header("Set-Cookie", value)
        h.end_headers()
        h.wfile.write(b"<p/>")

    web.route("/cookies")(flood)
    with run_hostile(web) as running:
        async with Fetcher(hostile_config(running, str(tmp_path))) as fetcher:
            results = [await fetcher.fetch("http://hostile.test/cookies") for _ in range(20)]
    assert all(r.outcome == "ok" for r in results)
    assert max(len(c.split("; ")) for c in sent) <= MAX_COOKIES
    assert max(len(c) for c in sent) <= MAX_COOKIE_BYTES + 2 * MAX_COOKIES  # names, values, "=; "
    assert len(sent[1].split("; ")) >= 25  # the jar still works: cookies are sent back


async def test_thousands_of_out_of_scope_hosts_under_a_low_descriptor_limit(tmp_path: Path) -> None:
    web = HostileWeb()
    hosts = [f"h{i}.out.test" for i in range(OUT_HOSTS)]
    links = [f"http://{h}/a.html" for h in hosts] + ["/a.html", "/b.html"]
    web.route("/many")(lambda h: h.send(200, html("many", links)))
    zone: Zone = {h: [("A", "127.0.0.1")] for h in hosts}
    unit = UnitConfig.model_validate(
        {"id": "many", "name": "many", "class": "A", "homepage": "http://hostile.test/many",
         "scope": ["http://hostile.test/"]}
    )  # fmt: skip
    db = Database.open(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    peak = 0
    with run_hostile(web, zone=zone) as running:
        config = hostile_config(
            running,
            str(tmp_path),
            units=[unit],
            crawl={"link_check_concurrency": 16, "max_depth": 1},
            politeness={"obey_robots": False},
        )

        async def watch() -> None:
            nonlocal peak
            while True:
                peak = max(peak, len(os.listdir("/proc/self/fd")))
                await asyncio.sleep(0.02)

        watcher = asyncio.create_task(watch())
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))
        try:
            await crawl_units(config, db)
        finally:
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
            watcher.cancel()
    assert peak < 200, peak
    with db.session() as session:
        checks = session.scalars(
            select(Fetch.outcome).where(Fetch.purpose == "link-check", Fetch.url.like("%.out.test/%"))
        ).all()
        assert len(checks) >= OUT_HOSTS and set(checks) == {"ok"}  # every host answered, none failed
        pages = {
            u: o for u, o in session.execute(select(Fetch.url, Fetch.outcome).where(Fetch.purpose == "crawl"))
        }
        assert "error" not in pages.values()  # no "Too many open files" among the unit's own pages
        assert {pages[f"http://hostile.test/{p}"] for p in ("many", "a.html", "b.html")} == {"ok"}
        undone = session.scalars(select(FrontierEntry).where(FrontierEntry.state != "done")).all()
        assert not undone
