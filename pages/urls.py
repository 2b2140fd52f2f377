"""URLs: canonical form for de-duplication, scope tests, joining.

Paths and queries keep their case (servers differ); scheme and host are lower-cased, the
default port and the fragment are dropped, and percent-encoding is made uniform.
"""

from __future__ import annotations

import functools
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"
_SAFE_QUERY = "/?:@!$&'()*+,;=-._~%"


@functools.lru_cache(maxsize=1 << 16)  # the same navigation links recur on every page
def canonicalize(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    path = quote(unquote(parts.path), safe=_SAFE_PATH) or "/"
    query = quote(unquote(parts.query), safe=_SAFE_QUERY)
    return urlunsplit((scheme, netloc, path, query, ""))


def join(base: str, href: str) -> str | None:
    """An absolute http(s) URL for ``href`` on page ``base``, or None (mailto:, javascript:…)."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    try:
        absolute = urljoin(base, href)
        scheme = urlsplit(absolute).scheme
    except ValueError:  # "http://[::1/": kept as written, so the crawler can say why it skips it
        return href if href[:8].lower().startswith(("http://", "https://")) else None
    if scheme not in ("http", "https"):
        return None
    return absolute


_BAD_HOST_CHARS = frozenset(' <>"{}|\\^`%')


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched as written (bad port, broken IPv6 literal, no host), or None."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"malformed URL: {exc}"
    host = parts.hostname or ""
    if not host:
        return "malformed URL: no host name"
    if port == 0:
        return "malformed URL: port 0"
    if any(c in _BAD_HOST_CHARS or ord(c) < 32 for c in host):
        return f"malformed URL: invalid host name {host[:60]!r}"
    return None


def in_scope(url: str, prefixes: list[str]) -> bool:
    canonical = canonicalize(url)
    return any(canonical.startswith(canonicalize(prefix)) for prefix in prefixes)


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
