"""The SSRF guard: which addresses the crawler must never contact.

Checked on the resolved address of every hop and every redirect, IPv4 and IPv6, unless the
configuration allows private targets (the sandbox does).
"""

from __future__ import annotations

import ipaddress

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_BENCHMARK = ipaddress.ip_network("198.18.0.0/15")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")
_SITE_LOCAL = ipaddress.ip_network("fec0::/10")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressPolicy:
    """The guard as configured: off entirely (``allow_private``) or with exempt networks."""

    def __init__(self, *, allow_private: bool, allow_networks: list[str] | None = None) -> None:
        self.allow_private = allow_private
        self.exempt = [ipaddress.ip_network(n, strict=False) for n in allow_networks or []]

    def refuse(self, ip: str) -> str | None:
        """Why ``ip`` is refused under this policy, or None."""
        if self.allow_private:
            return None
        reason = is_forbidden_address(ip)
        if reason is None:
            return None
        address = ipaddress.ip_address(ip)
        if any(address.version == n.version and address in n for n in self.exempt):
            return None
        return reason


def is_forbidden_address(ip: str | IPAddress) -> str | None:
    """Why ``ip`` must not be contacted (``"loopback"``, ``"private"``, …), or None if it may."""
    try:
        address = ipaddress.ip_address(ip) if isinstance(ip, str) else ip
    except ValueError:
        return "not an IP address"
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            inner = is_forbidden_address(embedded)
            return f"{inner} (embedded in IPv6)" if inner else None
        if address in _SITE_LOCAL:
            return "site-local"
    return _classify(address)


def _classify(address: IPAddress) -> str | None:
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return "CGNAT (shared address space)"
    if isinstance(address, ipaddress.IPv4Address) and address in _BENCHMARK:
        return "benchmarking range"
    if address.is_private:
        return "private"
    if address.is_reserved:
        return "reserved"
    if not address.is_global:
        return "not globally routable"
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, NAT64, 6to4 or Teredo IPv6 address."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None and address in _SIX_TO_FOUR:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    return None
