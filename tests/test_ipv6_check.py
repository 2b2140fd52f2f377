"""``ipv6.readiness`` as a pure function of stored probes and DNS answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checks.base import REGISTRY
from checks.ipv6_measures import text_similarity
from checks.runner import run_one
from config.settings import Settings, UnitConfig
from storage.snapshot import SnapshotDns, SnapshotProbe, UnitSnapshot

HOST = "www.x.gov.cn"
UNIT = UnitConfig.model_validate({"id": "x", "name": "某县", "class": "A", "homepage": f"http://{HOST}/"})
T0 = dt.datetime(2020, 12, 15, 2, 0)


def _probe(
    mid: str, at: dt.datetime, role: str, family: int | None, ok: bool, **details: Any
) -> SnapshotProbe:
    return SnapshotProbe(
        kind="ipv6", url=f"http://{HOST}/", family=family, at=at, ok=ok, status=200 if ok else None,
        error=None if ok else "connect_refused", timings={"connect_ms": 1.0, "ttfb_ms": 4.0 if family == 6 else 2.0},
        content_hash=None, details={"measurement": mid, "role": role} | details,
    )  # fmt: skip


def _measurement(mid: str, at: dt.datetime, v6_ok: list[bool], **summary: Any) -> list[SnapshotProbe]:
    probes = [_probe(mid, at, "summary", None, True, host=HOST, machine_ipv6=True, levels={})]
    probes[0].details.update(summary)
    for i, ok in enumerate(v6_ok):
        probes.append(_probe(mid, at + dt.timedelta(seconds=i + 1), "homepage", 4, True, text="首页\n新闻"))
        probes.append(_probe(mid, at + dt.timedelta(seconds=i + 1), "homepage", 6, ok, text="首页\n新闻"))
    return probes


DNS = [
    SnapshotDns(qname=HOST, qtype="A", rcode="NOERROR", answers=({"name": HOST, "type": "A", "ttl": 60, "value": "1.2.3.4"},)),
    SnapshotDns(qname=HOST, qtype="AAAA", rcode="NOERROR", answers=({"name": HOST, "type": "AAAA", "ttl": 60, "value": "2001:db8::1"},)),
]  # fmt: skip


def _judge(probes: list[SnapshotProbe], dns: list[SnapshotDns] = DNS, **ipv6: Any) -> Any:
    settings = Settings.model_validate({"thresholds": {"ipv6": ipv6}})
    return run_one(
        "ipv6.readiness", UnitSnapshot(unit=UNIT, as_of=T0.date(), probes=probes, dns=dns), settings
    )


def test_registered_under_topic_ipv6() -> None:
    assert REGISTRY["ipv6.readiness"].topic == "ipv6"


def test_ready_scores_one_without_findings() -> None:
    result = _judge(_measurement("m1", T0, [True, True, True]))
    assert result.score == 1.0 and not result.findings and result.measured["verdict"] == "ready"


def test_success_rate_aggregates_over_the_window() -> None:
    old_failures = _measurement("m0", T0 - dt.timedelta(days=3), [False, False, False])
    today = _measurement("m1", T0, [True, True, True])
    result = _judge(old_failures + today)
    assert result.measured["success"]["rate"] == 0.5 and result.measured["success"]["probes"] == 6
    assert result.measured["reasons"][0]["code"] == "low_success_rate"
    assert result.findings[0].severity == "major" and "50%" in result.findings[0].message
    # outside the window the old failures no longer count
    assert _judge(old_failures + today, success_window_days=2).measured["verdict"] == "ready"


def test_no_local_route_is_undecided_never_not_ready() -> None:
    probes = _measurement("m1", T0, [], machine_ipv6=False)
    result = _judge(probes, dns=DNS[:1])  # no AAAA either: still not verifiable
    assert result.score is None and result.measured["verdict"] == "not_verifiable"
    assert [r["code"] for r in result.measured["reasons"]] == ["no_local_ipv6_route"]
    assert "no_aaaa" in [n["code"] for n in result.measured["notes"]]
    assert [f.severity for f in result.findings] == ["undecided"] and result.undecided_reason


def test_nothing_measured_and_dns_failure_are_not_verifiable() -> None:
    assert _judge([]).measured["reasons"][0]["code"] == "not_measured"
    failing = [SnapshotDns(qname=HOST, qtype="AAAA", rcode="SERVFAIL", answers=())]
    result = _judge(_measurement("m1", T0, [False]), dns=failing)
    assert (
        result.measured["verdict"] == "not_verifiable"
        and result.measured["reasons"][0]["code"] == "dns_failed"
    )


def test_optional_requirements_are_settings() -> None:
    ns = {"zone": "x.gov.cn", "names": {"ns1.x.gov.cn": {"a": ["1.2.3.5"], "aaaa": []}}, "with_ipv6": []}
    probes = _measurement("m1", T0, [True, True], nameservers=ns)
    assert _judge(probes).measured["verdict"] == "ready"
    assert (
        _judge(probes, require_nameserver_ipv6=True).measured["reasons"][0]["code"]
        == "nameservers_without_ipv6"
    )
    slow = _judge(probes, max_delay_ratio=1.5).measured
    assert slow["delays"]["ttfb_ratio"] == 2.0 and slow["reasons"][0]["code"] == "ipv6_slow"


def test_text_similarity_ignores_digits_and_sees_other_pages() -> None:
    a = "临汾市某县人民政府\n2020-12-15 今日要闻\n访问量 12345\n政务公开"
    assert text_similarity(a, a.replace("12345", "12399").replace("15", "14")) == 1.0
    assert text_similarity(a, "网站维护中\n请稍后访问") < 0.2
