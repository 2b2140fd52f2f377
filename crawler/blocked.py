"""Telling "the site keeps us out" (blocked) from "the page is broken" (http_error).

403, 429 and 503 are blocked; so are WAF challenge pages, whatever their status.
"""

from __future__ import annotations

BLOCKING_STATUSES = frozenset({403, 429, 503})

# Fragments of the challenge pages of WAFs common on Chinese government hosting.
_CHALLENGE_MARKERS = (
    b"__jsl_clearance",  # Jiasule / 知道创宇 创宇盾
    b"acw_sc__v2",  # Aliyun WAF
    b"_waf_bd8ce2ce37",  # Aliyun
    b"yunsuo_session_verify",  # 云锁
    b"safedog",  # 安全狗
    b"cf-chl-",  # Cloudflare challenge
    b"challenge-platform",
    b"sec_defend",
    b"WZWS_CONFIRM",  # 网站卫士
    "网站防火墙".encode(),
    "安全验证".encode(),
    "访问验证".encode(),
    "您的访问被拦截".encode(),
    "请开启JavaScript并刷新该页".encode(),
)


def challenge_marker(body: bytes) -> str | None:
    """The WAF marker found in a (small) page, or None."""
    if len(body) > 64 * 1024:
        return None  # challenge pages are small; a real page may mention these words
    for marker in _CHALLENGE_MARKERS:
        if marker in body:
            return marker.decode("utf-8", "replace")
    return None


def classify_status(status: int, body: bytes) -> tuple[str, str | None]:
    """(outcome, reason) for a final response."""
    if status in BLOCKING_STATUSES:
        marker = challenge_marker(body)
        return "blocked", f"HTTP {status}" + (f" (challenge page: {marker})" if marker else "")
    marker = challenge_marker(body) if status in (200, 202, 405, 412, 418, 468) else None
    if marker:
        return "blocked", f"WAF challenge page (HTTP {status}, marker {marker})"
    if status == 304:
        return "not_modified", None
    if status >= 400:
        return "http_error", f"HTTP {status}"
    return "ok", None
