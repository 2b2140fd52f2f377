"""The browser inside the guard, checked at the network: a page reaching for private addresses
every way a page can (WebSocket ws/wss, iframe, location.href, fetch, img, beacon, worker,
preconnect, WebRTC) is rendered inside a private network namespace with canaries listening on
those addresses; no canary is contacted, no packet leaves loopback, and every refusal is stored
with its reason."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from support.netns_lab import netns_unavailable, run_in_netns

from storage.db import Database
from storage.models import Fetch

pytestmark = pytest.mark.browser

PLANTED = {  # what the page reaches for → the guard's reason stored for it
    "ws://10.0.0.1:8080/ws": "10.0.0.1 is private",
    "wss://10.0.0.1/wss": "10.0.0.1 is private",
    "ws://private.test:8080/ws": "private.test resolves to 10.0.0.1 (private)",
    "ws://[fd12::1]:8080/ws": "fd12::1 is private",
    "ws://10.0.0.1:8080/blank-frame-ws": "10.0.0.1 is private",
    "http://169.254.169.254/latest/meta-data/": "169.254.169.254 is link-local",
    "http://10.0.0.1:8080/navigate": "10.0.0.1 is private",
    "http://10.0.0.1:8080/fetch": "10.0.0.1 is private",
    "http://10.0.0.1/pixel.gif": "10.0.0.1 is private",
    "http://[fd12::1]/pixel.gif": "fd12::1 is private",
    "http://169.254.169.254/beacon": "169.254.169.254 is link-local",
    "http://10.0.0.1:8080/worker": "10.0.0.1 is private",
    "http://private.test/api": "private.test resolves to 10.0.0.1 (private)",
    "http://private.test/in-scope-frame": "private.test resolves to 10.0.0.1 (private)",
}


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    if not Path("/usr/bin/chromium").exists() or shutil.which("unshare") is None:
        pytest.skip("needs the system Chromium and unshare")
    why = netns_unavailable()
    if why:
        pytest.skip(f"no private network namespace here: {why}")
    out = tmp_path_factory.mktemp("netns")
    done = run_in_netns("support.render_lab", str(out))
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads((out / "lab.json").read_text()), out


def test_no_canary_is_reached_and_nothing_leaves_loopback(lab: tuple[dict[str, Any], Path]) -> None:
    report, _ = lab
    control = report["control"]
    assert control["hits"] and ["10.0.0.1", 6, 8080] in control["off_loopback"]  # the watch works
    assert report["canary_hits"] == []
    assert report["off_loopback"] == []
    # What went around interception (a worker's WebSocket, the browser's own update check)
    # met the renderer's proxy and is noted in the run.
    assert all(
        "stopped at its proxy, nothing sent" in n for n in report["notes"] if n.startswith("renderer:")
    )


def test_every_refusal_is_stored_with_the_guards_reason(lab: tuple[dict[str, Any], Path]) -> None:
    _, out = lab
    db = Database.open(f"sqlite:///{out / 'lab.sqlite3'}")
    with db.session() as session:
        home = session.scalars(
            select(Fetch).where(Fetch.url == "http://hostile.test/ssrf", Fetch.purpose == "crawl")
        ).one()
        assert home.rendered and home.screenshot  # the page itself was rendered, the DOM kept
        assert home.render_report is not None
        refused = {r["url"]: r for r in home.render_report["refused"]}
        for url, reason in PLANTED.items():
            assert url in refused, (url, sorted(refused))
            assert reason in refused[url]["reason"], refused[url]
        assert refused["ws://10.0.0.1:8080/ws"]["kind"] == "websocket"
        assert refused["http://10.0.0.1:8080/navigate"]["kind"] == "document"
        api = session.scalars(
            select(Fetch).where(Fetch.url == "http://private.test/api", Fetch.purpose == "render")
        ).one()
        assert api.outcome == "refused" and "10.0.0.1 (private)" in (api.reason or "")
