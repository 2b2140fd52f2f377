"""No false finding from a site that keeps the crawler out: a captcha homepage, a 403 homepage,
a WAF page over 64 KB and a 503 storm give undecided checks with their reason — no veto (站点无法
访问, stale homepage), no content finding read from a challenge page."""

from __future__ import annotations

import functools
from pathlib import Path

from support.hostile_server import Handler, HostileWeb, hostile_config, run_hostile

from checks.runner import run_checks
from config.settings import UnitConfig
from crawler.run import crawl_units
from storage.db import Database
from storage.snapshot import load_snapshot

PADDING = "<script>var _0x=" + "'ab'+" * 20_000 + "'';</script>"
SITES = {
    "captcha": (
        200,
        "<html><head><title>安全验证</title></head><body>请输入验证码：<img src=/c.png></body></html>",
    ),
    "forbidden": (403, "<html><body>Forbidden</body></html>"),
    "waf": (200, f"<html><body>{PADDING}<script>acw_sc__v2='1'</script></body></html>"),
    "storm": (503, "<html><body>Service Unavailable</body></html>"),
    # The control: the same bare page served openly is judged, and fails checks.
    "open": (200, "<html><head><title>首页</title></head><body>欢迎访问</body></html>"),
}


def _answer(status: int, body: bytes, h: Handler) -> None:
    h.send(status, body, headers={"Retry-After": "3600"})


async def test_blocked_sites_give_undecided_checks_and_no_finding(tmp_path: Path) -> None:
    web = HostileWeb()
    for name, (status, body) in SITES.items():
        web.route(f"/{name}/*")(functools.partial(_answer, status, body.encode()))
    units = [
        UnitConfig.model_validate(
            {
                "id": name,
                "name": name,
                "class": "A",
                "homepage": f"http://hostile.test/{name}/",
                "scope": [f"http://hostile.test/{name}/"],
            }
        )
        for name in SITES
    ]
    db = Database.open(f"sqlite:///{tmp_path / 'f.sqlite3'}")
    with run_hostile(web) as running:
        config = hostile_config(running, str(tmp_path), units=units, politeness={"obey_robots": False})
        summary = await crawl_units(config, db)
    with db.session() as session:
        for unit in units:
            snapshot = load_snapshot(session, summary.run_id, unit)
            results = run_checks(snapshot, config.settings)
            if unit.id == "open":
                assert any(f.severity in ("veto", "major") for r in results for f in r.findings)
                continue
            findings = [
                (r.check_id, f.severity, f.title)
                for r in results
                for f in r.findings
                if f.severity != "undecided"
            ]
            assert findings == [], (unit.id, findings)
            by_id = {r.check_id: r for r in results}
            for check_id in ("inspection.unreachable", "inspection.homepage_stale"):
                assert by_id[check_id].score is None and by_id[check_id].undecided_reason, (unit.id, check_id)
