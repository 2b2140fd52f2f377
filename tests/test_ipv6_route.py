"""Has this machine an IPv6 route? Decided from the routing table, without sending a packet."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.ipv6_dns import ipv6_route, machine_ipv6


def test_loopback_counts_when_bindable() -> None:
    fact = ipv6_route("::1")
    assert fact.routable and fact.source == "::1"
    assert not ipv6_route("127.0.0.1").routable  # not an IPv6 address


def test_site_addresses_decide_then_reference_then_loopback_in_labs() -> None:
    available, checked = machine_ipv6(["::1"], ["240c::6666"], allow_private=False)
    assert available and [f.address for f in checked] == ["::1"]
    # a site without AAAA: in a lab (allow_private) a usable ::1 stands in for the IPv6 internet
    lab, _ = machine_ipv6([], [], allow_private=True)
    assert lab
    nothing, _ = machine_ipv6([], [], allow_private=False)
    assert not nothing


ROOT = Path(__file__).resolve().parent.parent
SCRIPT = (
    "from crawler.ipv6_dns import machine_ipv6;"
    "ok, facts = machine_ipv6([], ['240c::6666'], allow_private=True);"
    "print(ok, [f.why for f in facts])"
)


def test_in_a_network_namespace_without_ipv6_nothing_is_routable() -> None:
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("no unshare")
    probe = subprocess.run([unshare, "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot create a network namespace here")
    done = subprocess.run(
        [unshare, "-rn", sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("False"), done.stdout
