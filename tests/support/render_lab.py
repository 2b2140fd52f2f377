"""Run inside a private network namespace: crawl and render a page that reaches for private
addresses every way a page can, with canaries listening there. Writes ``lab.json`` (canary
hits, packet destinations off loopback, the run's notes) next to the crawl's database.

    python -m support.render_lab OUT_DIR
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys
import time
from pathlib import Path

from config.settings import UnitConfig
from crawler.run import crawl_units
from storage.db import Database
from support.hostile_server import HostileWeb, hostile_config, run_hostile
from support.netns_lab import Canaries, Capture, isolate

HOMEPAGE = "http://hostile.test/ssrf"
UNIT = UnitConfig.model_validate(
    {
        "id": "ssrf",
        "name": "越界站",
        "class": "A",
        "homepage": HOMEPAGE,
        # private.test resolves to 10.0.0.1: in scope, so only the guard stands in the way.
        "scope": ["http://hostile.test/", "http://private.test/"],
    }
)

SSRF_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>首页</title>
<link rel="preconnect" href="http://10.0.0.1:8080/">
<link rel="dns-prefetch" href="//private.test/">
<link rel="prefetch" href="http://169.254.169.254/latest/">
</head><body><h1>首页</h1><a href="/a.html">正文</a>
<iframe src="http://169.254.169.254/latest/meta-data/"></iframe>
<iframe src="http://private.test/in-scope-frame"></iframe>
<img src="http://10.0.0.1/pixel.gif"><img src="http://[fd12::1]/pixel.gif">
<script>
for (const u of ["ws://10.0.0.1:8080/ws", "wss://10.0.0.1:443/wss", "ws://private.test:8080/ws",
                 "ws://[fd12::1]:8080/ws"]) { try { new WebSocket(u); } catch (e) {} }
fetch("http://10.0.0.1:8080/fetch").catch(() => {});
fetch("http://private.test/api").catch(() => {});
try { navigator.sendBeacon("http://169.254.169.254/beacon", "x"); } catch (e) {}
try {
  const pc = new RTCPeerConnection({iceServers: [{urls: "stun:10.0.0.1:3478"}]});
  pc.createDataChannel("x"); pc.createOffer().then(o => pc.setLocalDescription(o));
} catch (e) {}
try {
  new Worker(URL.createObjectURL(new Blob([
    'fetch("http://10.0.0.1:8080/worker").catch(() => {});' +
    'try { new WebSocket("ws://10.0.0.1:8080/worker-ws"); } catch (e) {}'])));
} catch (e) {}
try {
  const f = document.createElement("iframe"); document.body.appendChild(f);
  new f.contentWindow.WebSocket("ws://10.0.0.1:8080/blank-frame-ws");
} catch (e) {}
setTimeout(() => { location.href = "http://10.0.0.1:8080/navigate"; }, 100);
</script></body></html>""".encode()


async def crawl(out: Path) -> list[str]:
    web = HostileWeb()
    web.route("/ssrf")(lambda h: h.send(200, SSRF_PAGE))
    with run_hostile(web) as running:
        config = hostile_config(
            running,
            str(out),
            units=[UNIT],
            crawl={"render_js": True, "max_depth": 1, "render_timeout_s": 4.0, "render_idle_timeout_s": 1.0},
            politeness={"obey_robots": False},
        )
        summary = await crawl_units(config, Database.open(f"sqlite:///{out / 'lab.sqlite3'}"))
        await asyncio.sleep(1.0)  # late connection attempts still reach the capture
    return summary.notes


def _control_contact() -> dict[str, str]:
    with socket.create_connection(("10.0.0.1", 8080), timeout=2):
        pass
    return {"contacted": "10.0.0.1:8080"}


def main() -> None:
    out = Path(sys.argv[1])
    isolate()
    canaries, capture = Canaries(), Capture()
    try:
        notes = asyncio.run(crawl(out))
        hits, off_loopback = list(canaries.hits), capture.off_loopback()
        control = _control_contact()
        time.sleep(0.5)
    finally:
        capture.close()
        canaries.close()
    report = {
        "canary_hits": hits,
        "off_loopback": off_loopback,
        "notes": notes,
        # The canaries and the capture do see a contact: one made on purpose, after the crawl.
        "control": {"hits": canaries.hits[len(hits) :], "off_loopback": capture.off_loopback(), **control},
    }
    (out / "lab.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
