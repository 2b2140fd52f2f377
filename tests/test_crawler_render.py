"""Rendering through Chromium: the browser's requests go through the fetcher; evidence is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from support.hostile_server import hostile_config, run_hostile

from config.settings import UnitConfig
from crawler.run import NO_BROWSER, crawl_units
from storage.db import Database
from storage.models import Fetch

UNIT = UnitConfig.model_validate(
    {
        "id": "js",
        "name": "js",
        "class": "A",
        "homepage": "http://hostile.test/jslist",
        "scope": ["http://hostile.test/"],
    }
)


@pytest.mark.browser
async def test_homepage_is_rendered_with_visibility_and_screenshot(tmp_path: Path) -> None:
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("no system Chromium")
    db = Database.open(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    with run_hostile() as web:
        config = hostile_config(
            web,
            str(tmp_path),
            units=[UNIT],
            crawl={"render_js": True, "max_depth": 1},
            politeness={"obey_robots": False},
        )
        summary = await crawl_units(config, db)
        assert web.web.counters.paths["hostile.test/api/list.json"] == 1  # the XHR went through the fetcher
    assert not any(NO_BROWSER in n for n in summary.notes), summary.notes
    with db.session() as session:
        home = session.scalars(
            select(Fetch).where(Fetch.url == UNIT.homepage, Fetch.purpose == "crawl")
        ).one()
        assert home.rendered and home.rendered_hash and home.screenshot
        assert (tmp_path / home.screenshot).stat().st_size > 1000
        links = {link["href"]: link for link in home.render_report["links"]}
        assert links["http://hostile.test/a.html"]["visible"]
        assert links["http://casino.test/1"]["why"] == "off-screen"
        assert links["http://casino.test/2"]["why"].startswith("display:none")
        assert links["http://casino.test/3"]["why"] == "text colour equals background"
        assert links["http://casino.test/4"]["why"] == "font-size below 2px"
        assert "http://hostile.test/from-script.html" in links
        urls = set(session.scalars(select(Fetch.url).where(Fetch.purpose == "crawl")))
        assert "http://hostile.test/from-script.html" in urls  # found only in the rendered DOM
        assert "cdn.elsewhere.test/track.js" in str(home.render_report["aborted"])
        sub = session.scalars(select(Fetch).where(Fetch.purpose == "render")).all()
        assert any(f.url.endswith("/api/list.json") and f.warc_file for f in sub)


async def test_missing_browser_is_a_note_not_a_failure(tmp_path: Path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    with run_hostile() as web:
        config = hostile_config(
            web,
            str(tmp_path),
            units=[UNIT],
            crawl={"render_js": True, "browser_executable": "/nonexistent/chromium", "max_depth": 1},
            politeness={"obey_robots": False},
        )
        summary = await crawl_units(config, db)
    assert any(n.startswith(NO_BROWSER) for n in summary.notes)
    assert summary.units["js"]["pages"] >= 2
