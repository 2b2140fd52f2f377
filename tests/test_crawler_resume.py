"""kill -9 in the middle of a crawl, run it again: it finishes, nothing completed is fetched twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select
from support.hostile_server import HostileWeb, hostile_config, run_hostile

from config.settings import UnitConfig
from crawler.run import crawl_units
from storage.db import Database
from storage.models import AuditRun, Fetch, FrontierEntry

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import asyncio, sys
sys.path[:0] = [{root!r}, {tests!r}]
from config.settings import UnitConfig
from crawler.run import crawl_units
from storage.db import Database
from support.hostile_server import Running, hostile_config
running = Running(web=None, http_port={http}, dns_port={dns})
unit = UnitConfig.model_validate({{"id": "big", "name": "big", "class": "A",
                                   "homepage": "http://hostile.test/big/0.html",
                                   "scope": ["http://hostile.test/big/"]}})
config = hostile_config(running, {data!r}, units=[unit], politeness={{"obey_robots": False}})
asyncio.run(crawl_units(config, Database.open({url!r})))
"""


def test_kill_9_then_resume(tmp_path: Path) -> None:
    web = HostileWeb()
    web.big_pages = 400
    web.big_delay_s = 0.01
    url = f"sqlite:///{tmp_path / 'crawl.sqlite3'}"
    db = Database.open(url)
    with run_hostile(web) as running:
        code = CHILD.format(
            root=str(ROOT),
            tests=str(ROOT / "tests"),
            http=running.http_port,
            dns=running.dns_port,
            data=str(tmp_path),
            url=url,
        )
        child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
        deadline = time.monotonic() + 60
        done_before = 0
        try:
            while time.monotonic() < deadline and child.poll() is None:
                time.sleep(0.1)
                with db.session() as session:
                    done_before = (
                        session.scalar(select(func.count(Fetch.id)).where(Fetch.purpose == "crawl")) or 0
                    )
                if done_before >= 60:
                    break
            assert child.poll() is None, "the crawl ended before it could be killed"
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait(10)
        with db.session() as session:
            run = session.scalars(select(AuditRun)).one()
            assert run.status == "running"
            before = set(session.scalars(select(Fetch.url).where(Fetch.purpose == "crawl")))
        assert len(before) >= 60
        requests_before = Counter(web.counters.paths)

        unit = UnitConfig.model_validate(
            {
                "id": "big",
                "name": "big",
                "class": "A",
                "homepage": "http://hostile.test/big/0.html",
                "scope": ["http://hostile.test/big/"],
            }
        )
        config = hostile_config(running, str(tmp_path), units=[unit], politeness={"obey_robots": False})
        import asyncio

        summary = asyncio.run(crawl_units(config, db))
        assert summary.resumed and summary.run_id == run.id

    with db.session() as session:
        urls = Counter(
            session.scalars(select(Fetch.url).where(Fetch.run_id == run.id, Fetch.purpose == "crawl"))
        )
        states = Counter(session.scalars(select(FrontierEntry.state).where(FrontierEntry.run_id == run.id)))
        finished = session.get(AuditRun, run.id)
        assert finished is not None and finished.status == "finished"
    expected = {f"http://hostile.test/big/{i}.html" for i in range(400)}
    assert expected <= set(urls)  # nothing lost
    assert max(urls.values()) == 1  # nothing stored twice
    assert states["queued"] == 0
    for url in before:  # nothing completed before the kill was fetched again
        path = "hostile.test" + url.removeprefix("http://hostile.test")
        assert web.counters.paths[path] == requests_before[path]
