"""A DOCX whose word/document.xml inflates to gigabytes: real deflate data, true sizes and CRC.

Identical 1 MiB runs of zeros compress to identical raw-deflate blocks after a full flush, so
the bomb is assembled from one block repeated, in well under a second.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

MIB = 1 << 20


def _bomb_part(mebibytes: int) -> tuple[bytes, int, int]:
    chunk = bytes(MIB)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    data = block * mebibytes + packer.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(chunk, crc)
    return data, crc, mebibytes * MIB


def _deflate(content: bytes) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(content) + packer.flush(), zlib.crc32(content), len(content)


def bomb_docx(template: bytes, mebibytes: int, part: str = "word/document.xml") -> bytes:
    """``template`` (a real DOCX) with ``part`` replaced by ``mebibytes`` MiB of zeros."""
    with zipfile.ZipFile(io.BytesIO(template)) as source:
        parts = [(i.filename, source.read(i.filename)) for i in source.infolist()]
    out = io.BytesIO()
    central = b""
    for name, content in parts:
        data, crc, size = _bomb_part(mebibytes) if name == part else _deflate(content)
        offset = out.tell()
        raw = name.encode()
        fields = (20, 0, 8, 0, 0x21, crc, len(data), size, len(raw), 0)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + raw + data)
        central += (
            struct.pack("<IH", 0x02014B50, 20)
            + struct.pack("<HHHHHIIIHHHHHII", *fields, 0, 0, 0, 0, offset)
            + raw
        )
    start = out.tell()
    out.write(central)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(central), start, 0))
    return out.getvalue()
