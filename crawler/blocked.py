"""Telling "the site keeps us out" (blocked) from "the page is broken" (http_error).

403, 429 and 503 are blocked; so are challenge pages, whatever their status and size:

- a WAF's own token (``__jsl_clearance``, ``acw_sc__v2``…) is looked for in the first
  ``_SCAN_BYTES`` of a page of any size: WAF pages padded with obfuscated script pass 64 KB;
- wording (人机验证, 请输入验证码, 滑动验证, 安全验证…) is how a generic captcha says it, but a
  real page may mention it too, so wording counts only in the page's title or on a page with
  little visible text (a challenge says little besides it).
"""

from __future__ import annotations

import re

BLOCKING_STATUSES = frozenset({403, 429, 503})
_SCAN_BYTES = 512 * 1024
_FEW_VISIBLE_CHARS = 1500  # visible text of a challenge page; a real homepage has far more

# Tokens of the challenge pages of WAFs common on Chinese government hosting.
_WAF_TOKENS = (
    b"__jsl_clearance",  # Jiasule / 知道创宇 创宇盾
    b"acw_sc__v2",  # Aliyun WAF
    b"_waf_bd8ce2ce37",  # Aliyun
    b"yunsuo_session_verify",  # 云锁
    b"safedog",  # 安全狗
    b"cf-chl-",  # Cloudflare challenge
    b"challenge-platform",
    b"sec_defend",
    b"WZWS_CONFIRM",  # 网站卫士
)
# What a challenge or captcha page says.
_WORDING = (
    "网站防火墙",
    "安全验证",
    "访问验证",
    "人机验证",
    "请输入验证码",
    "输入验证码",
    "滑动验证",
    "拖动滑块",
    "请完成验证",
    "您的访问被拦截",
    "访问被拒绝",
    "请开启JavaScript并刷新该页",
    "验证您是否是真人",
    "Checking your browser",
    "verify you are human",
)
_WORDING_BYTES = frozenset(w.encode(encoding) for w in _WORDING for encoding in ("utf-8", "gb18030"))
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.I | re.S)
_INVISIBLE = re.compile(rb"<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(rb"<[^>]*>")
_SPACE = re.compile(rb"\s+")


def challenge_marker(body: bytes) -> str | None:
    """What shows ``body`` is a challenge page (a WAF token, or captcha wording), or None."""
    head = body[:_SCAN_BYTES]
    for token in _WAF_TOKENS:
        if token in head:
            return token.decode()
    if not any(words in head for words in _WORDING_BYTES):
        return None
    text = _visible_text(head)
    title_match = _TITLE.search(head)
    title = _decode(title_match.group(1)) if title_match else ""
    few = len(text) <= _FEW_VISIBLE_CHARS
    for words in _WORDING:
        if words in title or (few and words in text):
            return words
    return None


def _visible_text(html: bytes) -> str:
    stripped = _TAG.sub(b" ", _INVISIBLE.sub(b" ", html))
    return _decode(_SPACE.sub(b" ", stripped)).strip()


def _decode(data: bytes) -> str:
    """Challenge wording in UTF-8 or GBK, whichever the bytes are."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


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
