"""Stored, technical wording turned into the Chinese an official document carries.

Checks store their messages with the crawler's reasons verbatim ("DNS NXDOMAIN for x",
"redirect loop", "empty_response", "off-screen") so that the evidence stays exact. What a
unit's office reads says the same thing in Chinese: each known reason has its phrase here,
ISO dates become 2020年12月15日, and a Latin-script reason no rule knows becomes a plain
"技术原因" pointer to the stored record rather than reaching the page in English.
URLs are left exactly as stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

# Kept verbatim: URLs, and the page's own words quoted in “…”.
_VERBATIM = re.compile(r"(?:https?|ftp)://[^\s（）()“”\"'<>，。；、]+|“[^”]*”|[\w.\-]+\.toml:\d+")
_HOST = r"[\w.\-\[\]:]+"

# (pattern, Chinese). Order matters: specific before general.
_REASONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"DNS NXDOMAIN(?: for {_HOST})?"), "域名不存在"),
    (re.compile(rf"DNS SERVFAIL(?: for {_HOST})?"), "域名解析服务器故障"),
    (re.compile(rf"DNS REFUSED(?: for {_HOST})?"), "域名解析被拒绝"),
    (re.compile(rf"DNS TIMEOUT(?: for {_HOST})?"), "域名解析超时"),
    (re.compile(rf"DNS ERROR(?: for {_HOST})?"), "域名解析出错"),
    (re.compile(rf"DNS: no address \(NODATA\)(?: for {_HOST})?"), "域名没有解析地址"),
    (re.compile(rf"no IPv6 address for {_HOST}"), "域名没有IPv6地址"),
    (re.compile(rf"no IPv4 address for {_HOST}"), "域名没有IPv4地址"),
    (re.compile(rf"no address(?: and no resolver| for {_HOST})?"), "域名没有解析地址"),
    (re.compile(r"redirect loop(?: at)?"), "页面循环跳转"),
    (re.compile(r"too many redirects[^；;）)]*"), "页面跳转次数过多"),
    (re.compile(r"timeout(?::(?:[^()（）；;、]|\([^()]*\))*)?", re.I), "访问超时"),
    (re.compile(r"timed out", re.I), "访问超时"),
    (re.compile(r"empty_response|connection closed before a response"), "服务器未返回任何内容"),
    (re.compile(r"bad_response[^；;）)]*"), "服务器响应不合规范"),
    (re.compile(r"connection refused|connect_refused|ConnectError[^；;）)]*", re.I), "连接被拒绝"),
    (re.compile(r"connection reset[^；;）)]*", re.I), "连接被重置"),
    (re.compile(r"forbidden[^；;）)]*"), "目标地址不允许访问"),
    (re.compile(r"(?:certificate|SSL|TLS)[^；;）)]*", re.I), "安全证书校验失败"),
    (re.compile(r"HTTP (\d{3})(?: [A-Za-z][A-Za-z ]*)?"), "返回错误代码\\1"),
    (re.compile(r"\(ancestor\)|（ancestor）"), "（所在上级元素）"),
    (re.compile(r"display:\s*none"), "设置为不显示"),
    (re.compile(r"visibility:\s*(?:hidden|collapse)"), "设置为不可见"),
    (re.compile(r"opacity:\s*0(?:\.0)?"), "透明度为零"),
    (re.compile(r"[\w-]+:\s*-?[\d.]+\w*\s*\(off-screen\)"), "移出屏幕可见区域"),
    (re.compile(r"off-screen"), "移出屏幕可见区域"),
    (re.compile(r"(?:inside a )?zero[- ]size(?: box)?"), "尺寸为零"),
    (re.compile(r"font-size(?::\s*[\d.]+\w*| below \d+px)"), "字号过小"),
    (re.compile(r"text colou?r equals background"), "文字颜色与背景相同"),
    (re.compile(r"hidden attribute"), "设有隐藏属性"),
    (re.compile(r"(?<![A-Za-z])clip(?![A-Za-z])"), "被裁剪隐藏"),
    (re.compile(r"mixed_content"), "混合内容"),
    (re.compile(r"(?<![A-Za-z])missing(?![A-Za-z])"), "缺失"),
    (re.compile(r"(?<![A-Za-z])undecided(?![A-Za-z])"), "未能判定"),
]
_QUARTER = re.compile(r"(?<![A-Za-z0-9/])(\d{4})Q([1-4])(?:\s*季度)?(?![A-Za-z0-9/])")
_ISO_DAY = re.compile(r"(?<![\d/])(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?)?(?![\d/])")
# Spaces a format string put around numbers and URLs: Chinese running text has none.
_CJK = "\u3000-\u9fff\uff00-\uffef"
_SPACE_CJK = re.compile(rf"(?<=[{_CJK}]) +(?=\S)|(?<=\S) +(?=[{_CJK}])")
# Latin-script runs left after the rules (standard names such as IPv6, HTTPS, WARC may stay).
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*[A-Za-z0-9]")
_LATIN_PHRASE = re.compile(r"[A-Za-z][A-Za-z0-9_\-.:;,/ ]*[A-Za-z0-9]")
ALLOWED_LATIN = frozenset(
    {"bm", "IPv6", "IPv4", "HTTPS", "HTTP", "WARC", "URL", "PDF", "DOCX", "HTML", "SiteIDCode"}
)
_META_TAGS = re.compile(
    r"\b(?:SiteName|SiteDomain|SiteIDCode|ColumnName|ColumnType|ArticleTitle|PubDate|ContentSource)\b"
)


def chinese_date(day: dt.date | str | None) -> str:
    """2020年12月15日 (GB/T 9704 §7.3.5: Arabic numerals, year in full, no leading zeros)."""
    if day is None or day == "":
        return "—"
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return f"{day.year}年{day.month}月{day.day}日"


def plain_chinese(text: str, *, drop_url: str | None = None) -> str:
    """The message with reasons in Chinese and ISO dates written out; ``drop_url`` (shown in
    its own column) is taken out of the sentence so each URL is printed once per item."""
    if drop_url:
        text = _drop(text, drop_url)
    return _outside_urls(text, _translate)


def unknown_latin(text: str) -> list[str]:
    """Latin-script words outside URLs and quotes that are not standard names (never for a reader)."""
    found: list[str] = []

    def collect(part: str) -> str:
        found.extend(_latin_words(part))
        return part

    _outside_urls(text, collect)
    return found


def _latin_words(part: str) -> list[str]:
    return [w for w in LATIN_RUN.findall(_META_TAGS.sub("", part)) if w not in ALLOWED_LATIN]


def _drop(text: str, url: str) -> str:
    for form in (f"（{url}）", f"({url})", f" {url} ", f" {url}", f"{url} ", url):
        if form in text:
            return text.replace(form, "", 1)
    return text


def _outside_urls(text: str, change: Callable[[str], str]) -> str:
    out, last = [], 0
    for match in _VERBATIM.finditer(text):
        out.append(change(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(change(text[last:]))
    return "".join(out)


def _translate(part: str) -> str:
    for pattern, chinese in _REASONS:
        part = pattern.sub(chinese, part)
    part = _QUARTER.sub(lambda m: f"{m[1]}年第{'一二三四'[int(m[2]) - 1]}季度", part)
    part = _ISO_DAY.sub(lambda m: chinese_date(f"{m[1]}-{m[2]}-{m[3]}"), part)
    part = _SPACE_CJK.sub("", part)
    if _latin_words(part):
        part = _LATIN_PHRASE.sub(_unknown_phrase, part)
    return part


def _unknown_phrase(match: re.Match[str]) -> str:
    return "技术原因" if _latin_words(match.group(0)) else match.group(0)
