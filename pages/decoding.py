"""Bytes to text: BOM, then the HTTP header's and the <meta> charset as the bytes bear them out,
then detection (charset-normalizer); the choice is kept with why.

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
    why: str | None = None  # why this codec, when it is not simply the one declared


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
    """The bytes checked against every declared charset (BOM, header, meta), the choice and why.

    A declaration is believed when the bytes bear it out. Bytes that are valid UTF-8 with
    multi-byte characters are UTF-8 whatever the label (GB18030 decodes nearly any bytes, so
    its label alone proves nothing); bytes labelled UTF-8 that are mostly UTF-8 with a few bad
    bytes stay UTF-8 (bad bytes replaced) rather than being guessed into another script.
    Where declarations conflict, charset-normalizer judges between them.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return Decoded(
                body[len(bom) :].decode(encoding, "replace"), encoding, "bom", why="byte-order mark"
            )
    declared = [
        (source, label, normalise_encoding(label))
        for source, label in (("header", header_charset(content_type)), ("meta", meta_charset(body)))
        if label
    ]
    utf8 = _utf8_shape(body)
    for source, label, codec in declared:
        if codec is None:
            continue
        if codec == "utf-8":
            if utf8.valid:
                return Decoded(body.decode("utf-8"), codec, source, label)
            if utf8.mostly:
                why = f"invalid UTF-8 ({utf8.bad} bad bytes of {utf8.multibyte + utf8.bad}) labelled {label}: read as UTF-8, bad bytes replaced"
                return Decoded(body.decode("utf-8", "replace"), codec, source, label, why=why)
            continue
        if utf8.valid and utf8.multibyte:
            why = f"bytes are valid UTF-8 ({utf8.multibyte} multi-byte characters) though the {source} says {label}"
            return Decoded(body.decode("utf-8"), "utf-8", "detected", label, mislabelled=True, why=why)
        try:
            return Decoded(body.decode(codec), codec, source, label)
        except UnicodeDecodeError:
            continue
    first = declared[0][1] if declared else None
    detected, why = _detect(body, [c for _s, _l, c in declared if c], utf8)
    if detected:
        text = body.decode(detected, "replace")
        return Decoded(text, detected, "detected", first, mislabelled=first is not None, why=why)
    return Decoded(
        body.decode("utf-8", "replace"),
        "utf-8",
        "fallback",
        first,
        mislabelled=first is not None,
        why="no charset fits the bytes: read as UTF-8, bad bytes replaced",
    )


@dataclass(frozen=True)
class _Utf8Shape:
    valid: bool
    multibyte: int  # well-formed multi-byte sequences
    bad: int  # bytes that are not part of one

    @property
    def mostly(self) -> bool:
        """A UTF-8 text with a few damaged bytes, not another encoding."""
        return self.multibyte >= 8 and self.bad * 20 <= self.multibyte


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _utf8_shape(body: bytes) -> _Utf8Shape:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _Utf8Shape(True, sum(1 for c in text if ord(c) > 0x7F), 0)
    sample = body[:262144]
    high = sum(1 for b in sample if b > 0x7F)
    sequences = _UTF8_SEQUENCE.findall(sample)
    covered = sum(len(s) for s in sequences)
    return _Utf8Shape(False, len(sequences), high - covered)


def _detect(body: bytes, declared: list[str], utf8: _Utf8Shape) -> tuple[str | None, str]:
    """A codec for bytes no declaration fits, and why."""
    said = f"declared {', '.join(declared)} does not fit" if declared else "no charset declared"
    if utf8.valid:
        return "utf-8", f"{said}; bytes are valid UTF-8"
    from charset_normalizer import from_bytes

    candidates = list(dict.fromkeys(["gb18030", *declared]))
    best = from_bytes(body[:65536], cp_isolation=candidates).best()
    if best is not None:
        codec = normalise_encoding(best.encoding)
        if codec:
            return codec, f"{said}; charset-normalizer chose {codec} among {', '.join(candidates)}"
    best = from_bytes(body[:65536]).best()
    codec = normalise_encoding(best.encoding) if best is not None else None
    if codec:
        return codec, f"{said}; charset-normalizer detected {codec}"
    return None, ""
