"""Blocked is never dead and never unreachable: 403/429/503 and challenge pages of any size and
wording are stored as "blocked" with their reason; Retry-After is honoured within the unit's
deadline; robots.txt that hangs or that the guard refuses is told as such."""

from __future__ import annotations

import functools
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from support.hostile_server import Handler, HostileWeb, hostile_config, run_hostile

from config.settings import UnitConfig
from crawler.run import crawl_units
from storage.db import Database
from storage.models import Fetch, FrontierEntry

PADDING = "<script>" + "var _0x1a2b=" + "'x'+" * 30_000 + "'';</script>"  # ~120 KB of script
CHALLENGES = {  # path -> (body, the marker the reason must name)
    "/captcha": (
        "<html><head><title>提示</title></head><body>请输入验证码后继续访问</body></html>",
        "请输入验证码",
    ),
    "/human": ("<html><body><div id=c>请完成人机验证</div></body></html>", "人机验证"),
    "/slide": (f"<html><head><title>滑动验证</title></head><body>{PADDING}</body></html>", "滑动验证"),
    "/big-waf": (
        f"<html><body>{PADDING}<script>document.cookie='__jsl_clearance=1'</script></body></html>",
        "__jsl_clearance",
    ),
}
REAL_PAGE = (
    "<html><head><title>临汾市人民政府</title></head><body>"
    + "政府信息公开工作年度报告。" * 300
    + ("网上办事须经安全验证。</body></html>")
)


def _send(body: bytes, h: Handler) -> None:
    h.send(200, body)


def unit(homepage: str, scope: list[str] | None = None, uid: str = "u") -> UnitConfig:
    return UnitConfig.model_validate(
        {"id": uid, "name": uid, "class": "A", "homepage": homepage, "scope": scope or [homepage]}
    )


def fetches(db: Database, **where: str) -> list[Fetch]:
    with db.session() as session:
        query = select(Fetch).order_by(Fetch.id)
        for key, value in where.items():
            query = query.where(getattr(Fetch, key) == value)
        return list(session.scalars(query))


def entry(db: Database, url: str) -> FrontierEntry:
    with db.session() as session:
        return session.scalars(select(FrontierEntry).where(FrontierEntry.url == url)).one()


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database.open(f"sqlite:///{tmp_path / 'b.sqlite3'}")


async def test_challenge_pages_of_any_size_and_wording_are_blocked(db: Database, tmp_path: Path) -> None:
    web = HostileWeb()
    for path, (body, _marker) in CHALLENGES.items():
        encoded = body.encode("gbk" if path == "/human" else "utf-8")
        web.route(path)(functools.partial(_send, encoded))
    web.route("/real")(lambda h: h.send(200, REAL_PAGE.encode()))
    units = [unit(f"http://hostile.test{p}", uid=p.strip("/")) for p in [*CHALLENGES, "/real"]]
    with run_hostile(web) as running:
        await crawl_units(hostile_config(running, str(tmp_path), units=units, crawl={"max_depth": 0}), db)
    assert len(CHALLENGES["/big-waf"][0]) > 64 * 1024
    for path, (_body, marker) in CHALLENGES.items():
        (home,) = fetches(db, url=f"http://hostile.test{path}", purpose="crawl")
        assert home.outcome == "blocked" and marker in (home.reason or ""), (path, home.reason)
    (real,) = fetches(db, url="http://hostile.test/real", purpose="crawl")
    assert real.outcome == "ok"  # a real page that mentions 安全验证 is not a challenge


async def test_retry_after_storm_does_not_hold_the_unit_past_its_deadline(
    db: Database, tmp_path: Path
) -> None:
    web = HostileWeb()
    web.route("/*", host="storm.test")(
        lambda h: h.send(503, b"<html>busy</html>", headers={"Retry-After": "3600"})
    )
    storm = unit("http://storm.test/", ["http://storm.test/", "http://storm.test/xxgk/"], uid="storm")
    with run_hostile(web, zone={"storm.test": [("A", "127.0.0.1")]}) as running:
        config = hostile_config(
            running,
            str(tmp_path),
            units=[storm],
            crawl={"unit_deadline_s": 20.0},
            politeness={"backoff_max_s": 300.0, "obey_robots": False, "per_host_concurrency": 1},
        )
        started = time.monotonic()
        summary = await crawl_units(config, db)
        elapsed = time.monotonic() - started
    assert elapsed < 10, elapsed  # not 300 s per 503, not past the deadline
    (home,) = fetches(db, url="http://storm.test/")
    assert home.outcome == "blocked" and "HTTP 503" in (home.reason or "")
    assert "past the unit's deadline: not retried" in (home.reason or "")
    column = entry(db, "http://storm.test/xxgk/")
    assert column.state == "skipped" and "asked to wait 3600 s" in (column.reason or "")
    assert summary.units["storm"]["blocked"] == 1 and summary.units["storm"]["errors"] == 0


async def test_retry_after_within_the_deadline_is_honoured(db: Database, tmp_path: Path) -> None:
    web = HostileWeb()
    answers = iter([429])

    def flaky(h: Handler) -> None:
        status = next(answers, 200)
        if status == 429:
            h.send(429, b"<html>slow down</html>", headers={"Retry-After": "1"})
        else:
            h.send(200, b"<html><body>home</body></html>")

    web.route("/flaky")(flaky)
    with run_hostile(web) as running:
        config = hostile_config(
            running,
            str(tmp_path),
            units=[unit("http://hostile.test/flaky")],
            politeness={"obey_robots": False},
        )
        started = time.monotonic()
        await crawl_units(config, db)
        assert time.monotonic() - started >= 0.9  # the Retry-After was waited out
    (home,) = fetches(db, url="http://hostile.test/flaky", purpose="crawl")
    assert home.outcome == "ok" and "retried after 1 s (first answer HTTP 429)" in (home.reason or "")
    (first,) = fetches(db, url="http://hostile.test/flaky", purpose="retried")
    assert first.outcome == "blocked" and first.status == 429 and first.id > home.id


async def test_hanging_robots_is_unreachable_not_disallowed(db: Database, tmp_path: Path) -> None:
    web = HostileWeb()
    web.route("/robots.txt")(web._hang)
    with run_hostile(web) as running:
        await crawl_units(hostile_config(running, str(tmp_path), units=[unit("http://hostile.test/")]), db)
    home = entry(db, "http://hostile.test/")
    assert home.state == "skipped"
    assert (home.reason or "").startswith("robots: robots.txt unreachable (timeout")
    assert "RFC 9309" in (home.reason or "") and "disallowed by robots.txt" not in (home.reason or "")
    (robots,) = fetches(db, url="http://hostile.test/robots.txt")
    assert robots.outcome == "error" and "timeout" in (robots.reason or "")


async def test_unit_refused_by_the_guard_is_refused_not_robots_disallowed(
    db: Database, tmp_path: Path
) -> None:
    with run_hostile(HostileWeb()) as running:
        config = hostile_config(running, str(tmp_path), units=[unit("http://private.test/")])
        summary = await crawl_units(config, db)
    (home,) = fetches(db, url="http://private.test/", purpose="crawl")
    assert home.outcome == "refused" and "10.0.0.1 (private)" in (home.reason or "")
    assert not (entry(db, "http://private.test/").reason or "").startswith("robots")
    assert summary.units["u"]["refused"] == 1 and summary.units["u"]["errors"] == 0


async def test_a_units_deadline_runs_from_its_own_start(db: Database, tmp_path: Path) -> None:
    web = HostileWeb()
    web.route("/slow")(web._slow)
    first, second = (
        unit("http://hostile.test/slow?s=0.8", uid="first"),
        unit("http://hostile.test/a.html", uid="second"),
    )
    with run_hostile(web) as running:
        config = hostile_config(
            running,
            str(tmp_path),
            units=[first, second],
            crawl={"unit_deadline_s": 0.5, "concurrent_units": 1, "max_depth": 0},
            politeness={"obey_robots": False},
        )
        await crawl_units(config, db)
    (second_home,) = fetches(db, url="http://hostile.test/a.html", purpose="crawl")
    assert second_home.outcome == "ok"  # not skipped while it waited for the first unit
