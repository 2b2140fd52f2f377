from __future__ import annotations

import pytest

from config.settings import CrawlSettings
from crawler.guard import AddressPolicy, is_forbidden_address
from crawler.politeness import parse_retry_after
from crawler.traps import TrapGuard


@pytest.mark.parametrize(
    ("ip", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("172.16.5.5", "private"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "CGNAT"),
        ("0.0.0.0", "unspecified"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fd00::1", "private"),
        ("::ffff:10.0.0.1", "private"),
        ("64:ff9b::a00:1", "private"),
        ("2002:a00:1::1", "private"),
        ("224.0.0.1", "multicast"),
    ],
)
def test_forbidden(ip: str, reason: str) -> None:
    assert reason in (is_forbidden_address(ip) or "")


@pytest.mark.parametrize("ip", ["202.99.1.1", "2400:da00::6666", "::ffff:202.99.1.1"])
def test_public(ip: str) -> None:
    assert is_forbidden_address(ip) is None


def test_policy_exemptions() -> None:
    policy = AddressPolicy(allow_private=False, allow_networks=["127.0.0.0/8"])
    assert policy.refuse("127.0.0.1") is None and policy.refuse("10.0.0.1") == "private"
    assert AddressPolicy(allow_private=True).refuse("10.0.0.1") is None


def test_retry_after() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_traps() -> None:
    guard = TrapGuard(CrawlSettings(max_depth=3, max_repeated_segments=2, max_query_variants_per_path=3))
    assert guard.check("http://x/a", 4) and guard.check("http://x/a", 4, exempt_depth=True) is None
    assert "repeated" in (guard.check("http://x/a/b/a/b/a/b/", 1) or "")
    assert "repeated" in (guard.check("http://x/s/s/s/", 1) or "")
    assert [guard.check(f"http://x/cal?d={d}", 1) is None for d in range(5)] == [
        True,
        True,
        True,
        False,
        False,
    ]
    assert guard.check("http://x/a/b/c/", 1) is None
