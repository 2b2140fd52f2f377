"""The running sandbox: DNS answers (dnspython), page fetches (httpx), IPv6 behaviours."""

from __future__ import annotations

from typing import Any

import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import httpx
import pytest

from config import load_config


def _query(sb: Any, name: str, rtype: str, tcp: bool = False) -> dns.message.Message:
    query = dns.message.make_query(name, rtype)
    send = dns.query.tcp if tcp else dns.query.udp
    return send(query, "127.0.0.1", port=sb.dns_port, timeout=3)


def _get(sb: Any, host: str, path: str = "/", family: int = 4, **kwargs: Any) -> httpx.Response:
    address = "127.0.0.1" if family == 4 else "[::1]"
    return httpx.get(f"http://{address}:{sb.http_port}{path}", headers={"Host": host}, timeout=10, **kwargs)


def _unit(manifest: dict[str, Any], scenario: str) -> dict[str, Any]:
    return next(e for e in manifest["units"].values() if e["ipv6"]["scenario"] == scenario)


def _host(entry: dict[str, Any]) -> str:
    return str(entry["homepage"].split("/")[2])


def test_config_loads_and_points_at_the_sandbox(running_sandbox: Any) -> None:
    config = load_config(running_sandbox.config_path)
    assert len([u for u in config.units if u.site_source == "sandbox"]) == 51
    assert config.settings.network.nameservers == [running_sandbox.nameserver]
    assert config.settings.network.port_map["80"] == running_sandbox.http_port
    assert config.settings.thresholds.inspection.wording_errors


def test_dns_answers(running_sandbox: Any) -> None:
    sb, manifest = running_sandbox, running_sandbox.manifest
    dual = _host(_unit(manifest, "dual_stack"))
    assert _query(sb, dual, "A").answer[0][0].address == "127.0.0.1"
    assert _query(sb, dual, "AAAA", tcp=True).answer[0][0].address == "::1"
    v4 = _host(_unit(manifest, "ipv4_only"))
    nodata = _query(sb, v4, "AAAA")
    assert nodata.rcode() == dns.rcode.NOERROR and not nodata.answer
    assert _query(sb, "www.no-such-unit.gov.cn", "A").rcode() == dns.rcode.NXDOMAIN
    chain = _query(sb, _host(_unit(manifest, "cname_chain")), "AAAA")
    types = [rrset.rdtype for rrset in chain.answer]
    assert types.count(dns.rdatatype.CNAME) == 2 and types[-1] == dns.rdatatype.AAAA
    ns = _query(sb, "linfen.gov.cn", "NS")
    assert {str(r.target) for r in ns.answer[0]} == {"ns1.linfen.gov.cn.", "ns2.linfen.gov.cn."}


def test_pages_over_ipv4_and_ipv6(running_sandbox: Any) -> None:
    sb, manifest = running_sandbox, running_sandbox.manifest
    dual = _host(_unit(manifest, "dual_stack"))
    assert _get(sb, dual).status_code == 200
    assert _get(sb, dual, family=6).status_code == 200
    with pytest.raises(httpx.TransportError):
        _get(sb, _host(_unit(manifest, "aaaa_broken")), family=6)
    differs = _host(_unit(manifest, "content_differs"))
    assert _get(sb, differs).content != _get(sb, differs, family=6).content
    unreachable = next(e for e in manifest["units"].values() if e["inspection"]["vetoes"] == ["unreachable"])
    with pytest.raises(httpx.TransportError):
        _get(sb, _host(unreachable))
    assert sb.stats.peak_inflight(dual) >= 1


def test_blocked_links_and_robots(running_sandbox: Any) -> None:
    sb, manifest = running_sandbox, running_sandbox.manifest
    blocked = [
        d for e in manifest["units"].values() for d in e["defects"] if d["check"] == "inspection.blocked_link"
    ]
    for defect in blocked:
        host, path = defect["url"].split("/", 3)[2], "/" + defect["url"].split("/", 3)[3]
        response = _get(sb, host, path)
        assert response.status_code == defect["value"]["status"]
        if response.status_code == 429:
            assert response.headers["Retry-After"]
    robots = [h for e in manifest["units"].values() for h in e["hazards"] if h["kind"] == "robots_disallow"]
    host = robots[0]["url"].split("/")[2]
    assert "Disallow: " + "/" + robots[0]["url"].split("/", 3)[3] in _get(sb, host, "/robots.txt").text


def test_hanweb_dataproxy_post_and_modern_api(running_sandbox: Any) -> None:
    sb, manifest = running_sandbox, running_sandbox.manifest
    hanweb = next(e for e in manifest["units"].values() if e["cms"] == "hanweb" and e["columns"])
    column = next(c for c in hanweb["columns"] if c["items"] > 15)
    colno = column["url"].split("/col/col")[1].split("/")[0]
    host = _host(hanweb)
    response = httpx.post(
        f"http://127.0.0.1:{sb.http_port}/module/web/jpage/dataproxy.jsp",
        data={"columnid": colno, "startrecord": "1", "endrecord": "45", "perpage": "15"},
        headers={"Host": host},
    )
    assert response.status_code == 200 and response.text.count("<record>") == min(45, column["items"])
    modern = next(e for e in manifest["units"].values() if e["cms"] == "modern" and e["columns"])
    data = _get(
        sb, _host(modern), "/api/content/list", params={"channelId": "zwyw", "pageNo": 1, "pageSize": 5}
    ).json()
    assert data["data"]["total"] > 5 and len(data["data"]["list"]) == 5


def test_redirect_loop_is_a_loop(running_sandbox: Any) -> None:
    sb, manifest = running_sandbox, running_sandbox.manifest
    loop = next(h for e in manifest["units"].values() for h in e["hazards"] if h["kind"] == "redirect_loop")
    host, path = loop["url"].split("/", 3)[2], "/" + loop["url"].split("/", 3)[3]
    first = _get(sb, host, path)
    assert first.status_code == 302
    second = _get(sb, host, "/" + first.headers["Location"].split("/", 3)[3])
    assert second.headers["Location"] == loop["url"]
