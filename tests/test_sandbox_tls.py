"""HTTPS units of the sandbox: an expired and an expiring certificate (as of as_of) and a
valid one, served by SNI; the sandbox CA trusted through ``network.ca_file``; the in-process
walk carries the same certificate facts for ``inspection.tls``."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from checks.inspection.transport import CHECK_ID as TLS_ID
from checks.runner import run_one
from config.loader import with_overrides
from config.settings import Settings
from crawler.availability import default_resolver, probe_units
from crawler.fetcher import Fetcher


def _https_units(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {uid: e for uid, e in manifest["units"].items() if e["homepage"].startswith("https://")}


def _tls_defect(entry: dict[str, Any]) -> dict[str, Any] | None:
    return next((d for d in entry["defects"] if d["check"] == "inspection.tls"), None)


def test_manifest_plants_expired_and_expiring_certificates(sandbox_manifest: dict[str, Any]) -> None:
    units = _https_units(sandbox_manifest)
    problems = sorted(
        str((_tls_defect(e) or {"value": {"problem": "none"}})["value"]["problem"]) for e in units.values()
    )
    assert problems == ["expired", "expiring", "none"]
    as_of = dt.date.fromisoformat(sandbox_manifest["as_of"])
    for entry in units.values():
        assert entry["scope"] == [entry["homepage"]]
        defect = _tls_defect(entry)
        if defect is None:
            continue
        assert defect["url"] == entry["homepage"]
        days = (dt.datetime.fromisoformat(defect["value"]["not_after"]).date() - as_of).days
        assert days < 0 if defect["value"]["problem"] == "expired" else 0 <= days <= 30


def test_walk_gives_inspection_tls_its_facts(
    sandbox_snapshots: Any, sandbox_manifest: dict[str, Any]
) -> None:
    for uid, entry in _https_units(sandbox_manifest).items():
        snapshot = sandbox_snapshots[uid]
        assert snapshot.homepage is not None and snapshot.homepage.outcome == "ok"
        assert all(not p.url.startswith("http://" + entry["homepage"][8:]) for p in snapshot.pages)
        result = run_one(TLS_ID, snapshot, Settings())
        defect = _tls_defect(entry)
        got = [f.measured["problem"] for f in result.findings]
        assert got == ([defect["value"]["problem"]] if defect else []), uid
        assert result.undecided_reason is None


def test_served_certificates_and_the_ca_file(running_sandbox: Any) -> None:
    sb = running_sandbox
    assert sb.config.settings.network.ca_file == str(sb.ca_path)
    inspection = sb.config.settings.thresholds.inspection.model_copy(update={"probes_per_night": 1})
    settings = sb.config.settings.model_copy(
        update={"thresholds": sb.config.settings.thresholds.model_copy(update={"inspection": inspection})}
    )
    https = _https_units(sb.manifest)
    units = [u for u in sb.config.units if u.id in https]
    assert {u.homepage for u in units} == {e["homepage"] for e in https.values()}
    rows = asyncio.run(probe_units(units, settings, resolver=default_resolver(settings)))
    assert len(rows) == len(units)
    for row in rows:
        assert row.ok, (row.unit_id, row.error, row.details)
        tls = row.details["tls"]
        defect = _tls_defect(https[str(row.unit_id)])
        if defect is None:  # valid today and on as_of, and the sandbox CA is trusted
            assert tls["verify_error"] is None and tls["verified"], tls
            continue
        assert dt.datetime.fromisoformat(tls["not_after"]) == dt.datetime.fromisoformat(
            defect["value"]["not_after"]
        )
        if defect["value"]["problem"] == "expired":
            assert "expired" in (tls["verify_error"] or "")


def test_a_site_whose_certificate_fails_is_still_crawled_and_says_so(running_sandbox: Any) -> None:
    """An expired certificate is a finding for inspection.tls, not a reason to leave the site's
    content unaudited: the fetch falls back to no verification and records why."""
    sb = running_sandbox
    https = _https_units(sb.manifest)
    expired = next(
        uid for uid, e in https.items() if (_tls_defect(e) or {}).get("value", {}).get("problem") == "expired"
    )
    homepage = https[expired]["homepage"]

    async def fetch(config: Any) -> Any:
        async with Fetcher(config) as fetcher:
            first = await fetcher.fetch(homepage)
            second = await fetcher.fetch(homepage)
            return first, second

    first, second = asyncio.run(fetch(sb.config))
    for result in (first, second):  # the second goes straight to the unverified connection
        assert result.outcome == "ok" and result.status == 200, result.reason
        assert "expired" in (result.tls_error or "")
        assert "fetched without verification" in (result.reason or "")
        assert "<html" in (result.text or "").lower()

    strict = with_overrides(sb.config, network={"tls_unverified_fallback": False})
    refused, _ = asyncio.run(fetch(strict))
    assert refused.outcome == "error" and "certificate" in (refused.reason or "")
    assert refused.tls_error is None and refused.status is None
