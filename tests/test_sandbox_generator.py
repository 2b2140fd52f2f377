"""The generator: deterministic for a seed, a manifest for all 51 units, defects well spread."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from sandbox.doclists import doclist_bytes
from sandbox.http import Request
from sandbox.manifest import build_manifest
from sandbox.web import SandboxWeb

AS_OF = dt.date(2020, 12, 15)
DOCUMENTED_IDS = {
    "disclosure.column_missing", "disclosure.guide_missing", "disclosure.guide_stale", "disclosure.guide_incomplete",
    "disclosure.rules_missing", "disclosure.statutory_missing", "disclosure.annual_report_missing",
    "disclosure.annual_report_late", "disclosure.annual_report_arithmetic", "disclosure.annual_report_blank_cells",
    "disclosure.catalogue_missing", "disclosure.catalogue_stale", "disclosure.catalogue_unclassified",
    "disclosure.request_channel_missing", "ipv6.readiness", "interpretation.missing", "interpretation.late",
    "interpretation.nontext_share", "interpretation.channel_share", "inspection.unreachable",
    "inspection.homepage_stale", "inspection.column_stale", "inspection.column_blank", "inspection.dead_link",
    "inspection.blocked_link", "inspection.hidden_link", "inspection.illegal_link", "inspection.wording_error",
    "inspection.consultation_unanswered", "inspection.meta_missing", "inspection.site_id_invalid", "inspection.tls",
}  # fmt: skip
DOCLIST_IDS = {"doclist.false_text_claim", "doclist.link_broken", "doclist.missing_from_list",
               "doclist.missing_from_site", "doclist.docnumber_gap", "doclist.attribute_overuse"}  # fmt: skip


def _units_per_check(manifest: dict[str, Any]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for entry in manifest["units"].values():
        checks = {d["check"] for d in entry["defects"]} | {d["check"] for d in entry["doclist"]["planted"]}
        counts.update(checks)
    return counts


def test_manifest_is_deterministic_for_a_seed() -> None:
    first = json.dumps(build_manifest(1, AS_OF), ensure_ascii=False, sort_keys=True)
    second = json.dumps(build_manifest(1, AS_OF), ensure_ascii=False, sort_keys=True)
    assert first == second
    assert first != json.dumps(build_manifest(2, AS_OF), ensure_ascii=False, sort_keys=True)


def test_pages_are_byte_identical_across_generations() -> None:
    paths = [("www.yaodu.gov.cn", "/"), ("www.hongtong.gov.cn", "/"), ("www.linfen.gov.cn", "/bm/kjj/")]
    a, b = SandboxWeb(seed=1, as_of=AS_OF), SandboxWeb(seed=1, as_of=AS_OF)
    for host, path in paths:
        assert a.handle(Request(host, path)).body == b.handle(Request(host, path)).body
    assert doclist_bytes("yaodu", 1, AS_OF) == doclist_bytes("yaodu", 1, AS_OF)


def test_manifest_covers_the_51_units_and_every_check_id(sandbox_manifest: dict[str, Any]) -> None:
    units = sandbox_manifest["units"]
    assert len(units) == 51
    assert sum(1 for e in units.values() if e["class"] == "A") == 17
    counts = _units_per_check(sandbox_manifest)
    assert set(counts) <= DOCUMENTED_IDS | DOCLIST_IDS
    for check in DOCUMENTED_IDS | DOCLIST_IDS:
        if check == "inspection.unreachable":
            assert counts[check] == 1
        else:
            assert 2 <= counts[check] <= 25, (check, counts[check])
    clean = [u for u, e in units.items() if not e["defects"] and not e["doclist"]["planted"]]
    assert 5 <= len(clean) <= 10
    for entry in units.values():
        for defect in entry["defects"]:
            assert set(defect) == {"check", "url", "value"}
        assert {
            "name",
            "class",
            "homepage",
            "scope",
            "cms",
            "encoding",
            "ipv6",
            "inspection",
            "hazards",
        } <= set(entry)


def test_inspection_vetoes_are_planted(sandbox_manifest: dict[str, Any]) -> None:
    vetoes = Counter(v for e in sandbox_manifest["units"].values() for v in e["inspection"]["vetoes"])
    for veto in ("unreachable", "homepage_stale", "columns_stale", "columns_blank"):
        assert vetoes[veto] >= 1, veto
    unreachable = [
        e for e in sandbox_manifest["units"].values() if "unreachable" in e["inspection"]["vetoes"]
    ]
    assert {d["check"] for d in unreachable[0]["defects"]} == {"inspection.unreachable", "ipv6.readiness"}


def test_three_cms_families_and_mislabelled_encodings(sandbox_manifest: dict[str, Any]) -> None:
    units = sandbox_manifest["units"].values()
    assert {e["cms"] for e in units} == {"trs", "hanweb", "modern"}
    encodings = Counter(e["encoding"] for e in units)
    assert encodings["gbk-labelled-utf8"] >= 1 and encodings["utf8-labelled-gb2312"] >= 1
    scenarios = Counter(e["ipv6"]["scenario"] for e in units)
    for scenario in (
        "dual_stack",
        "ipv4_only",
        "aaaa_broken",
        "content_differs",
        "cname_chain",
        "v4_only_links",
    ):
        assert scenarios[scenario] >= 1, scenario
