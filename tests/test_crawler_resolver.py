from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.hostile_server import Running, run_hostile

from crawler.resolver import Resolver, parse_nameserver


@pytest.fixture(scope="module")
def web() -> Iterator[Running]:
    with run_hostile() as running:
        yield running


def test_parse_nameserver() -> None:
    assert parse_nameserver("127.0.0.1:5353") == ("127.0.0.1", 5353)
    assert parse_nameserver("8.8.8.8") == ("8.8.8.8", 53)
    assert parse_nameserver("[::1]:53") == ("::1", 53)
    assert parse_nameserver("2001:db8::1") == ("2001:db8::1", 53)


async def test_answers_rcodes_and_chain(web: Running) -> None:
    resolver = Resolver([web.nameserver()], timeout=1.0)
    both = await resolver.resolve("hostile.test")
    assert both.addresses == {4: ["127.0.0.1"], 6: ["::1"]} and both.rcode == "NOERROR"
    assert {r["type"] for r in both.records} == {"A", "AAAA"} and all("ttl" in r for r in both.records)
    alias = await resolver.resolve("alias.test", 4)
    assert alias.cname_chain == ["cdn.hostile.test"] and alias.addresses[4] == ["127.0.0.1"]
    assert (await resolver.resolve("nope.test")).rcode == "NXDOMAIN"
    assert (await resolver.resolve("servfail.test")).rcode == "SERVFAIL"
    only6 = await resolver.resolve("v6only.test")
    assert only6.addresses_for(4) == [] and only6.addresses_for(6) == [(6, "::1")]
    literal = await resolver.resolve("[::1]")
    assert literal.literal and literal.addresses == {6: ["::1"]}


async def test_dead_nameserver_is_a_timeout() -> None:
    resolver = Resolver(["127.0.0.1:9"], timeout=0.3)
    result = await resolver.resolve("hostile.test", 4)
    assert result.rcode in ("TIMEOUT", "ERROR") and result.error
