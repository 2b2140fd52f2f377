"""Exceptions of the network stack, told as an outcome and a one-line reason."""

from __future__ import annotations

import ssl

import httpx

from crawler.transport import RefusedAddress, ResolutionFailed


def describe_error(exc: BaseException) -> tuple[str, str]:
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, RefusedAddress) or isinstance(exc, RefusedAddress):
        return "refused", f"refused: {cause or exc}"
    if isinstance(cause, ResolutionFailed) or isinstance(exc, ResolutionFailed):
        return "error", str(cause or exc)
    if isinstance(exc, httpx.ConnectTimeout):
        return "error", "timeout: connect"
    if isinstance(exc, httpx.ReadTimeout):
        return "error", "timeout: read (no data for too long)"
    if isinstance(exc, httpx.WriteTimeout):
        return "error", "timeout: write"
    if isinstance(exc, httpx.PoolTimeout):
        return "error", "timeout: waiting for a connection"
    if isinstance(exc, httpx.ConnectError):
        return "error", f"connection failed: {_short(exc)}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "error", f"connection closed by the server: {_short(exc)}"
    if isinstance(exc, httpx.ReadError | ConnectionResetError):
        return "error", f"connection reset: {_short(exc)}"
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "error", f"bad URL: {_short(exc)}"
    return "error", f"{type(exc).__name__}: {_short(exc)}"


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:300]


def certificate_problem(exc: BaseException) -> str | None:
    """Why the server's certificate failed verification, when that is what ``exc`` is."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return current.verify_message or _short(current)
        current = current.__cause__ or current.__context__
    return None
