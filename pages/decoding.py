"""Bytes to text, in the order BOM → HTTP header → <meta charset> → detection.

GB2312 and GBK are read as GB18030 (its superset): pages labelled gb2312 routinely carry
characters outside it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]+)", re.I)
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "gb_2312-80": "gb18030",
    "euc-cn": "gb18030",
    "ascii": "utf-8",
    "us-ascii": "utf-8",
    "iso-8859-1": "windows-1252",
    "latin-1": "windows-1252",
}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec actually used
    source: str  # bom | header | meta | detected | fallback
    declared: str | None = None  # what the header or meta said, if anything
    mislabelled: bool = False  # a declared charset failed and another one was used


def normalise_encoding(name: str) -> str | None:
    name = name.strip().lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii", "ignore") if match else None


def decode_body(body: bytes, content_type: str | None = None) -> Decoded:
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom) :].decode(encoding, "replace"), encoding, "bom")
    declared_failed: str | None = None
    for source, declared in (("header", header_charset(content_type)), ("meta", meta_charset(body))):
        if not declared:
            continue
        codec = normalise_encoding(declared)
        if codec is None:
            declared_failed = declared_failed or declared
            continue
        try:
            return Decoded(body.decode(codec), codec, source, declared)
        except UnicodeDecodeError:
            declared_failed = declared_failed or declared
    detected = _detect(body)
    if detected:
        return Decoded(
            body.decode(detected, "replace"),
            detected,
            "detected",
            declared_failed,
            mislabelled=declared_failed is not None,
        )
    return Decoded(
        body.decode("utf-8", "replace"),
        "utf-8",
        "fallback",
        declared_failed,
        mislabelled=declared_failed is not None,
    )


def _detect(body: bytes) -> str | None:
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        body.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536]).best()
    if best is None:
        return None
    return normalise_encoding(best.encoding)
