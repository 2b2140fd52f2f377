"""The simulated web serves what the manifest says (in-process walks, no sockets)."""

from __future__ import annotations

from typing import Any

import pytest

from pages.urls import canonicalize
from storage.snapshot import SnapshotPage, UnitSnapshot

UNITS_TO_WALK = 51


def _defects(entry: dict[str, Any], check: str) -> list[dict[str, Any]]:
    return [d for d in entry["defects"] if d["check"] == check]


@pytest.fixture(scope="module")
def all_snapshots(sandbox_snapshots: Any, sandbox_manifest: dict[str, Any]) -> dict[str, UnitSnapshot]:
    return {unit: sandbox_snapshots[unit] for unit in list(sandbox_manifest["units"])[:UNITS_TO_WALK]}


def test_dead_and_blocked_links_match_the_manifest(
    all_snapshots: dict[str, UnitSnapshot], sandbox_manifest: dict[str, Any]
) -> None:
    for unit, snap in all_snapshots.items():
        entry = sandbox_manifest["units"][unit]
        if entry["inspection"]["vetoes"] == ["unreachable"]:
            assert all(p.outcome == "error" for p in snap.pages)
            continue
        refused = {canonicalize(p.url) for p in snap.pages if p.outcome == "refused"}
        dead = {canonicalize(p.url) for p in snap.pages if p.outcome in ("http_error", "error")} - refused
        blocked = {canonicalize(p.url) for p in snap.pages if p.outcome == "blocked"}
        assert dead == {canonicalize(d["url"]) for d in _defects(entry, "inspection.dead_link")}, unit
        assert blocked == {canonicalize(d["url"]) for d in _defects(entry, "inspection.blocked_link")}, unit


def test_every_item_the_manifest_names_is_served(
    all_snapshots: dict[str, UnitSnapshot], sandbox_manifest: dict[str, Any]
) -> None:
    for unit, snap in all_snapshots.items():
        entry = sandbox_manifest["units"][unit]
        ok = {canonicalize(p.url) for p in snap.pages if p.outcome == "ok"}
        interp = entry["interpretation"] or {"forms": {}, "links": {}}
        for url in list(interp["forms"]) + list(interp["links"].values()):
            assert canonicalize(url) in ok, (unit, url)
        for defect in entry["defects"]:
            if defect["check"].startswith(("disclosure.", "interpretation.", "inspection.column", "inspection.wording",
                                            "inspection.consult")) and defect["url"]:  # fmt: skip
                assert canonicalize(defect["url"]) in ok, (unit, defect)
        for column in entry["columns"]:
            assert canonicalize(column["url"]) in ok, (unit, column)


def test_hidden_links_are_invisible_in_the_render_report(
    all_snapshots: dict[str, UnitSnapshot], sandbox_manifest: dict[str, Any]
) -> None:
    for unit, snap in all_snapshots.items():
        entry = sandbox_manifest["units"][unit]
        home = snap.homepage
        if home is None or home.render_report is None:
            continue
        hidden = {canonicalize(link["href"]) for link in home.render_report["links"] if not link["visible"]}
        assert hidden == {canonicalize(d["url"]) for d in _defects(entry, "inspection.hidden_link")}, unit


def test_js_lists_have_rendered_html(sandbox_snapshots: Any, sandbox_manifest: dict[str, Any]) -> None:
    modern = next(u for u, e in sandbox_manifest["units"].items() if e["cms"] == "modern" and e["columns"])
    snap = sandbox_snapshots[modern]
    lists = [p for p in snap.pages if "/channel/" in p.url and p.rendered_html]
    assert lists
    assert all('data-loaded="1"' in (p.rendered_html or "") for p in lists)
    assert all(b'data-loaded="1"' not in (p.body or b"") for p in lists)


def test_wording_errors_and_interpretations_are_on_the_pages(
    all_snapshots: dict[str, UnitSnapshot], sandbox_manifest: dict[str, Any]
) -> None:
    from pages.decoding import decode_body

    for unit, snap in all_snapshots.items():
        entry = sandbox_manifest["units"][unit]
        for defect in _defects(entry, "inspection.wording_error"):
            page = snap.page(defect["url"])
            assert page is not None and page.body is not None
            assert defect["value"]["wrong"] in decode_body(page.body, page.content_type).text
        for interp_url, policy_url in (entry["interpretation"] or {"links": {}})["links"].items():
            page = snap.page(interp_url)
            assert page is not None and page.body is not None
            text = decode_body(page.body, page.content_type).text
            policy = snap.page(policy_url)
            assert policy is not None and policy.body is not None
            assert policy_url in text or "〔" in text


def test_failing_link_checks_are_tried_twice(
    all_snapshots: dict[str, UnitSnapshot], sandbox_manifest: dict[str, Any]
) -> None:
    """As crawler/linkcheck.py and crawler/confirm.py: a failing target is tried again at once
    (out of scope) and once more an hour after its first failure; a passing check once."""
    seen_failing = 0
    for snap in all_snapshots.values():
        attempts: dict[str, list[SnapshotPage]] = {}
        for page in snap.pages:
            attempts.setdefault(canonicalize(page.url), []).append(page)
        for tried in attempts.values():
            checks = [p for p in tried if p.purpose == "link-check"]
            if not checks:
                continue
            failing = tried[0].outcome in ("error", "http_error")
            if not failing:
                assert len(checks) == 1, [p.outcome for p in tried]
                continue
            times = [p.fetched_at for p in tried if p.fetched_at is not None]
            assert len(times) == len(tried) >= 2
            assert (max(times) - min(times)).total_seconds() >= 3600
            seen_failing += 1
    assert seen_failing >= 2


def test_snapshot_cache_lists_every_unit_before_walking(sandbox_manifest: dict[str, Any]) -> None:
    from tests.support.sandbox_fixtures import SnapshotCache

    cache = SnapshotCache()
    units = list(sandbox_manifest["units"])
    assert all(unit in cache for unit in units) and "no-such-unit" not in cache
    assert list(cache) == list(cache.keys()) == units and len(cache) == len(units)
    assert cache.walked() == []
