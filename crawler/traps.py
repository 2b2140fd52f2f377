"""Trap guards: depth, repeated path segments, query explosion, absurd URLs.

A guard answers with the reason a URL is skipped, or None. Each unit has its own.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from urllib.parse import urlsplit

from config.settings import CrawlSettings

MAX_URL_LENGTH = 2048


class TrapGuard:
    def __init__(self, settings: CrawlSettings) -> None:
        self.settings = settings
        self._variants: dict[str, set[str]] = defaultdict(set)

    def check(self, canonical_url: str, depth: int, *, exempt_depth: bool = False) -> str | None:
        if not exempt_depth and depth > self.settings.max_depth:
            return f"depth: {depth} > {self.settings.max_depth}"
        if len(canonical_url) > MAX_URL_LENGTH:
            return f"trap: URL longer than {MAX_URL_LENGTH}"
        parts = urlsplit(canonical_url)
        segments = [s for s in parts.path.split("/") if s]
        repeated = _repeated(segments, self.settings.max_repeated_segments)
        if repeated:
            return f"trap: path segment {repeated!r} repeated"
        if parts.query:
            key = f"{parts.netloc}{parts.path}"
            variants = self._variants[key]
            if parts.query not in variants:
                if len(variants) >= self.settings.max_query_variants_per_path:
                    return f"trap: more than {self.settings.max_query_variants_per_path} query variants of {parts.path}"
                variants.add(parts.query)
        return None

    def remember(self, canonical_url: str) -> None:
        """Count a URL already in the frontier (on resume)."""
        parts = urlsplit(canonical_url)
        if parts.query:
            self._variants[f"{parts.netloc}{parts.path}"].add(parts.query)


def _repeated(segments: list[str], limit: int) -> str | None:
    counts = Counter(segments)
    for segment, count in counts.items():
        if count > limit:
            return segment
    # a repeated run such as /a/b/a/b/a/b
    n = len(segments)
    for size in range(2, n // 2 + 1):
        for start in range(0, n - 2 * size + 1):
            block = segments[start : start + size]
            repeats = 1
            pos = start + size
            while segments[pos : pos + size] == block:
                repeats += 1
                pos += size
            if repeats > limit:
                return "/".join(block)
    return None
