"""Reading a response body within limits: a maximum size and a decompression-bomb guard.

Content-encoding is undone here, not by httpx, so that every decompression step is bounded
(``max_length``) and the ratio of decoded to received bytes is watched as it grows.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

_STEP = 256 * 1024
_BOMB_FLOOR = 1024 * 1024  # ratios only matter once this much has been decoded


class BodyLimit(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class BodyRead:
    raw: bytes  # as received (transfer-encoding undone, content-encoding kept)
    body: bytes  # content-encoding undone
    truncated: str | None = None  # "length" when cut at the limit
    problem: str | None = None  # why it was cut or could not be decoded


class _Decoder:
    def __init__(self, encoding: str) -> None:
        encoding = encoding.strip().lower()
        self.encoding = encoding
        self._obj: Any = None
        if encoding in ("gzip", "x-gzip"):
            self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._obj = zlib.decompressobj(32 + zlib.MAX_WBITS)  # zlib or gzip header
            self._raw_fallback = True
        elif encoding in ("", "identity"):
            self._obj = None
        else:
            raise ValueError(encoding)

    def feed(self, data: bytes, budget: int) -> list[bytes]:
        """Decoded pieces of ``data``; never more than ``budget + 1`` bytes in all."""
        if self._obj is None:
            return [data]
        out: list[bytes] = []
        produced = 0
        try:
            piece = self._obj.decompress(data, min(_STEP, budget + 1))
            while True:
                out.append(piece)
                produced += len(piece)
                if produced > budget or not self._obj.unconsumed_tail:
                    break
                piece = self._obj.decompress(self._obj.unconsumed_tail, min(_STEP, budget + 1 - produced))
        except zlib.error:
            if self.encoding == "deflate" and not out and getattr(self, "_raw_fallback", False):
                self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                self._raw_fallback = False
                return self.feed(data, budget)
            raise
        return out


async def read_body(
    chunks: AsyncIterator[bytes], *, content_encoding: str | None, max_bytes: int, max_ratio: int
) -> BodyRead:
    raw_parts: list[bytes] = []
    body_parts: list[bytes] = []
    raw_size = body_size = 0
    encodings = [e for e in (content_encoding or "").split(",") if e.strip()]
    try:
        decoder = _Decoder(encodings[-1] if len(encodings) == 1 else "" if not encodings else "multi")
    except ValueError:
        decoder = _Decoder("")
        problem: str | None = f"unsupported content-encoding {content_encoding!r}: body kept as received"
    else:
        problem = None
    async for chunk in chunks:
        raw_parts.append(chunk)
        raw_size += len(chunk)
        if raw_size > max_bytes:
            return BodyRead(
                b"".join(raw_parts)[:max_bytes],
                b"".join(body_parts),
                "length",
                f"body larger than {max_bytes} bytes: cut at the limit",
            )
        try:
            pieces = decoder.feed(chunk, max_bytes - body_size)
        except zlib.error as exc:
            return BodyRead(
                b"".join(raw_parts),
                b"".join(body_parts) or b"".join(raw_parts),
                None,
                f"corrupt {decoder.encoding} body: {exc}",
            )
        for piece in pieces:
            body_parts.append(piece)
            body_size += len(piece)
        if body_size > _BOMB_FLOOR and body_size > raw_size * max_ratio:
            return BodyRead(
                b"".join(raw_parts),
                b"",
                "length",
                f"decompression bomb: {raw_size} bytes inflate beyond {body_size} (ratio > {max_ratio})",
            )
        if body_size > max_bytes:
            return BodyRead(
                b"".join(raw_parts),
                b"".join(body_parts)[:max_bytes],
                "length",
                f"decoded body larger than {max_bytes} bytes: cut at the limit",
            )
    return BodyRead(b"".join(raw_parts), b"".join(body_parts), None, problem)
