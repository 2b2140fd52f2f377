"""IPv6 readiness end to end on loopback: real DNS (dnslib), real connections to 127.0.0.1 and ::1."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.ipv6_lab import Lab, Site, page, run_lab

from checks.runner import run_one
from config.settings import Settings, UnitConfig
from crawler.ipv6_dns import RouteFact
from crawler.ipv6_links import spread_sample
from crawler.ipv6_probe import Ipv6Measurement, known_links_from, measure_ipv6, store_measurement
from storage.db import Database
from storage.models import AuditRun, DnsAnswer, Probe
from storage.snapshot import UnitSnapshot, load_snapshot

LINK = "http://{host}:__PORT__/"


def _site(host: str, links: list[str] = (), **kw: object) -> Site:  # type: ignore[assignment]
    pages = {
        "/": page(host, ["/a.html", "/b.html", *links]),
        "/a.html": page("a", ["/c.html"]),
        "/b.html": page("b"),
        "/c.html": page("c"),
    }
    return Site(host, pages=pages, **kw)  # type: ignore[arg-type]


SITES = [
    _site("www.dual.gov.cn"),
    _site("www.v4only.gov.cn", v6=None),
    _site("www.broken.gov.cn", v6="drop"),
    _site("www.err503.gov.cn", v6="503"),
    _site("www.differs.gov.cn", v6="differ"),
    _site("cdn-origin.example.net"),
    _site("www.chain.gov.cn", addresses_in_dns=False),  # answered through CNAMEs (see EXTRA)
    _site("www.chain2.gov.cn", addresses_in_dns=False),  # the server stops at the CNAME: the client follows
    _site("www.links.gov.cn", links=[LINK.format(host="xxgk.links.gov.cn")]),
    Site("xxgk.links.gov.cn", v6=None, pages={"/": page("xxgk")}),
    Site(
        "www.deep.gov.cn",
        pages={
            "/": page("deep", ["/a.html"]),
            "/a.html": page("a", [LINK.format(host="old.deep.gov.cn"), LINK.format(host="old2.deep.gov.cn")]),
        },
    ),
    Site("old.deep.gov.cn", v6=None, pages={"/": page("old")}),
    Site("old2.deep.gov.cn", v6=None, pages={"/": page("old2")}),
]
EXTRA = {
    "www.chain.gov.cn": [("CNAME", "www.chain.gov.cn.cdn.example.net")],
    "www.chain.gov.cn.cdn.example.net": [("CNAME", "edge.cdn.example.net")],
    "edge.cdn.example.net": [("A", "127.0.0.1"), ("AAAA", "::1")],
    "www.chain2.gov.cn": [("CNAME", "www.chain2.gov.cn.cdn.example.net")],
    "www.chain2.gov.cn.cdn.example.net": [("CNAME", "edge.cdn.example.net")],
    "dual.gov.cn": [("NS", "ns1.dual.gov.cn"), ("NS", "ns2.dual.gov.cn")],
    "ns1.dual.gov.cn": [("A", "127.0.0.1"), ("AAAA", "::1")],
    "ns2.dual.gov.cn": [("A", "127.0.0.1")],
    "v4only.gov.cn": [("NS", "ns1.v4only.gov.cn")],
    "ns1.v4only.gov.cn": [("A", "127.0.0.1")],
}


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    with run_lab(SITES, extra=EXTRA, stop_at_cname={"www.chain2.gov.cn"}) as running:
        yield running


def settings(lab: Lab, **ipv6: object) -> Settings:
    return Settings.model_validate(
        {
            "network": {"nameservers": [lab.nameserver], "allow_private": True},
            "thresholds": {"ipv6": {"probe_count": 2, "probe_interval_s": 0.01, "probe_timeout_s": 3} | ipv6},
        }
    )


def unit(lab: Lab, host: str) -> UnitConfig:
    home = lab.url(host)
    return UnitConfig.model_validate({"id": host.split(".")[1], "name": host, "class": "A", "homepage": home,
                                      "scope": [home]})  # fmt: skip


def judge(lab: Lab, host: str, **kw: object) -> tuple[Ipv6Measurement, dict[str, object]]:
    s = settings(lab)
    u = unit(lab, host)
    m = asyncio.run(measure_ipv6(u, config=s, **kw))  # type: ignore[arg-type]
    snapshot = UnitSnapshot(unit=u, as_of=m.at.date(), probes=m.snapshot_probes(), dns=m.snapshot_dns())
    return m, run_one("ipv6.readiness", snapshot, s).measured


def codes(measured: dict[str, object]) -> list[str]:
    return [r["code"] for r in measured["reasons"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("host", "verdict", "reason"),
    [
        ("www.dual.gov.cn", "ready", None),
        ("www.v4only.gov.cn", "not_ready", "no_aaaa"),
        ("www.broken.gov.cn", "not_ready", "ipv6_unreachable"),
        ("www.err503.gov.cn", "not_ready", "ipv6_unreachable"),
        ("www.differs.gov.cn", "not_ready", "content_differs"),
        ("www.chain.gov.cn", "ready", None),
        ("www.chain2.gov.cn", "ready", None),
        ("www.links.gov.cn", "not_ready", "second_level_rate"),
        ("www.deep.gov.cn", "not_ready", "third_level_rate"),
    ],
)
def test_verdicts_over_loopback(lab: Lab, host: str, verdict: str, reason: str | None) -> None:
    _, measured = judge(lab, host)
    assert measured["verdict"] == verdict, measured["reasons"]
    if reason:
        assert reason in codes(measured)
    else:
        assert measured["reasons"] == []


def test_cname_chain_and_ttls_are_recorded(lab: Lab) -> None:
    for host in ("www.chain.gov.cn", "www.chain2.gov.cn"):
        m, measured = judge(lab, host)
        assert measured["cname_chain"] == [f"{host}.cdn.example.net", "edge.cdn.example.net"]
        assert measured["aaaa"] == ["::1"] and measured["aaaa_ttls"] == [600]
        cname_rows = [r for r in m.dns_rows() if any(a["type"] == "CNAME" for a in r["answers"])]
        assert cname_rows and all(
            a["ttl"] == 300 for r in cname_rows for a in r["answers"] if a["type"] == "CNAME"
        )


def test_nameservers_and_delays_are_measured(lab: Lab) -> None:
    m, measured = judge(lab, "www.dual.gov.cn")
    ns = measured["nameservers"]
    assert ns["zone"] == "dual.gov.cn" and ns["with_ipv6"] == ["ns1.dual.gov.cn"]  # type: ignore[index]
    delays = measured["delays"]
    for key in ("dns_ms_v4", "dns_ms_v6", "connect_ms_v4", "connect_ms_v6", "ttfb_ms_v4", "ttfb_ms_v6"):
        assert delays[key] is not None and delays[key] >= 0  # type: ignore[index]
    homepage = [p for p in m.homepage]
    assert {p.family for p in homepage} == {4, 6} and len(homepage) == 4
    assert {p.final.address for p in homepage} == {"127.0.0.1", "::1"}
    _, v4only = judge(lab, "www.v4only.gov.cn")
    assert "nameservers_without_ipv6" in [n["code"] for n in v4only["notes"]]  # type: ignore[attr-defined]


def test_no_local_ipv6_route_is_not_verifiable_and_sends_nothing_over_ipv6(lab: Lab) -> None:
    def no_route(targets: list[str], reference: list[str]) -> tuple[bool, list[RouteFact]]:
        return False, [RouteFact(address=a, routable=False, why="test") for a in targets or reference]

    before = len(lab.requests)
    for host in ("www.dual.gov.cn", "www.v4only.gov.cn"):
        _, measured = judge(lab, host, route_check=no_route)
        assert measured["verdict"] == "not_verifiable"
        assert codes(measured) == ["no_local_ipv6_route"]
    assert all(family == "v4" for family, _, _ in lab.requests[before:])


def test_store_and_load_gives_the_same_verdict(lab: Lab, tmp_path: Path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'z.sqlite3'}")
    s = settings(lab)
    u = unit(lab, "www.links.gov.cn")
    m = asyncio.run(measure_ipv6(u, config=s))
    with db.session() as session:
        run = AuditRun(as_of=m.at.date())
        session.add(run)
        session.flush()
        count = store_measurement(session, run.id, u.id, m)
        session.commit()
        assert count == session.query(Probe).count() + session.query(DnsAnswer).count()
        snapshot = load_snapshot(session, run.id, u)
    result = run_one("ipv6.readiness", snapshot, s)
    assert result.measured["verdict"] == "not_ready"
    assert [f.severity for f in result.findings] == ["major"]
    assert result.findings[0].check_id == "ipv6.readiness" and result.findings[0].url is None
    db.dispose()


def test_known_links_from_a_crawl_replace_refetching(lab: Lab) -> None:
    old = LINK.format(host="old.deep.gov.cn").replace("__PORT__", str(lab.http_port))
    known = known_links_from([(lab.url("www.deep.gov.cn", "/a.html"), old)])
    m = asyncio.run(measure_ipv6(unit(lab, "www.deep.gov.cn"), config=settings(lab), known_links=known))
    assert m.levels == {2: [lab.url("www.deep.gov.cn", "/a.html")], 3: [old]}


def test_level_cap_is_an_even_sample_over_page_order() -> None:
    items = [f"u{i}" for i in range(10)]
    assert spread_sample(items, 4) == ["u0", "u2", "u5", "u7"]
    assert spread_sample(items, 20) == items and spread_sample(items, 0) == []
