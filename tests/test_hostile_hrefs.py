"""Hostile hrefs never stop a unit: each malformed link is a skipped entry with its reason, the
page that carries it is stored, and its good links are still followed."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from support.hostile_server import HostileWeb, hostile_config, run_hostile

from config.settings import UnitConfig
from crawler.run import crawl_units
from storage.db import Database
from storage.models import Fetch, FrontierEntry, Link

BAD_HREFS = {
    "http://hostile.test:99999/x": "Port out of range",
    "http://[::1/": "Invalid IPv6 URL",
    "http://hostile.test:8O/": "Port could not be cast",
    "http://[::1]:0/": "port 0",
    "http://a b.test/": "invalid host name",
    "http://:80/": "no host name",
}
UNIT = UnitConfig.model_validate(
    {"id": "hrefs", "name": "坏链接", "class": "A", "homepage": "http://hostile.test/bad-hrefs"}
)


async def test_malformed_hrefs_are_skipped_with_reasons_and_the_homepage_is_stored(tmp_path: Path) -> None:
    web = HostileWeb()
    page = "".join(f'<a href="{href}">坏{i}</a>' for i, href in enumerate(BAD_HREFS))
    body = f"<html><body><base href='http://[::1/'>{page}<a href='/a.html'>好</a></body></html>"
    web.route("/bad-hrefs")(lambda h: h.send(200, body.replace("<base href='http://[::1/'>", "").encode()))
    web.route("/bad-base")(lambda h: h.send(200, body.encode()))
    unit = UNIT.model_copy(update={"scope": ["http://hostile.test/"]})
    base_unit = UNIT.model_copy(
        update={"id": "base", "homepage": "http://hostile.test/bad-base", "scope": ["http://hostile.test/"]}
    )
    db = Database.open(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    with run_hostile(web) as running:
        config = hostile_config(running, str(tmp_path), units=[unit, base_unit], crawl={"max_depth": 1})
        summary = await crawl_units(config, db)
    assert not [n for n in summary.notes if "internal error" in n], summary.notes
    with db.session() as session:
        entries = {
            e.url: e for e in session.scalars(select(FrontierEntry).where(FrontierEntry.unit_id == "hrefs"))
        }
        for href, reason in BAD_HREFS.items():
            assert entries[href].state == "skipped", href
            assert (entries[href].reason or "").startswith("bad-url: malformed URL") and reason in (
                entries[href].reason or ""
            ), entries[href].reason
        assert entries["http://hostile.test/bad-hrefs"].state == "done"
        assert entries["http://hostile.test/a.html"].state == "done"  # the good link still followed
        home = session.scalars(
            select(Fetch).where(Fetch.url == "http://hostile.test/bad-hrefs", Fetch.purpose == "crawl")
        ).one()
        assert home.outcome == "ok" and home.content_hash
        stored = set(session.scalars(select(Link.to_url).where(Link.from_fetch_id == home.id)))
        assert set(BAD_HREFS) <= stored  # the evidence keeps the links as written
        # A malformed <base href> does not lose the page either: links resolve against the page.
        base_home = session.scalars(
            select(FrontierEntry).where(
                FrontierEntry.unit_id == "base", FrontierEntry.url == "http://hostile.test/bad-base"
            )
        ).one()
        assert base_home.state == "done" and base_home.reason is None
        followed = session.scalars(
            select(FrontierEntry.state).where(
                FrontierEntry.unit_id == "base", FrontierEntry.url == "http://hostile.test/a.html"
            )
        ).one()
        assert followed == "done"
    assert summary.units["hrefs"]["skipped"]["bad-url"] == len(BAD_HREFS)
