"""Redirects: one hop at a time, with a limit, loop detection and a scope check at each hop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pages.urls import canonicalize, join

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass
class RedirectChain:
    max_redirects: int
    scope: Callable[[str], bool] | None = None
    hops: list[dict[str, object]] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)

    def start(self, url: str) -> None:
        self._seen.add(canonicalize(url))

    def next_hop(self, url: str, status: int, location: str | None) -> tuple[str | None, str | None]:
        """(next URL, None) to follow, or (None, why not) to stop here."""
        self.hops.append({"url": url, "status": status, "location": location})
        if not location:
            return None, "redirect without Location"
        target = join(url, location)
        if target is None:
            return None, f"redirect to a non-http URL: {location[:200]}"
        key = canonicalize(target)
        if key in self._seen:
            return None, f"redirect loop at {target}"
        if len(self.hops) > self.max_redirects:
            return None, f"more than {self.max_redirects} redirects"
        if self.scope is not None and not self.scope(target):
            return None, f"redirect leaves the scope: {target}"
        self._seen.add(key)
        return target, None


def method_after(status: int, method: str) -> str:
    """303 turns anything but HEAD into GET; 301/302 turn POST into GET (what browsers do)."""
    if status == 303 and method != "HEAD":
        return "GET"
    if status in (301, 302) and method == "POST":
        return "GET"
    return method
