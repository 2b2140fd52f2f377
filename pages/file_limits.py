"""Size and ratio limits for untrusted files, checked before a parser inflates anything."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from config.settings import FileLimits

LIMITS = FileLimits()
_SMALL_PART = 1024 * 1024


def zip_problem(data: bytes | Path, limits: FileLimits = LIMITS) -> str | None:
    """Why this DOCX/XLSX/ZIP must not be opened (a bomb, too large, too many parts), or None.

    The sizes are the central directory's; zipfile refuses a part that inflates beyond its
    declared size, so checking them bounds what any reader of the archive can inflate."""
    size = data.stat().st_size if isinstance(data, Path) else len(data)
    if size > limits.max_file_bytes:
        return f"file of {size:,} bytes exceeds the limit of {limits.max_file_bytes:,} (files.max_file_bytes)"
    try:
        with zipfile.ZipFile(data if isinstance(data, Path) else io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return f"not a readable ZIP container ({type(exc).__name__}: {exc})"
    if len(parts) > limits.max_zip_entries:
        return f"{len(parts):,} parts exceed the limit of {limits.max_zip_entries:,} (files.max_zip_entries)"
    total = sum(p.file_size for p in parts)
    if total > limits.max_unzipped_bytes:
        return (
            f"unpacks to {total:,} bytes from {size:,} (a ZIP bomb?); the limit is "
            f"{limits.max_unzipped_bytes:,} (files.max_unzipped_bytes)"
        )
    for part in parts:
        if part.file_size > _SMALL_PART and part.file_size > limits.max_zip_ratio * max(
            part.compress_size, 1
        ):
            ratio = part.file_size / max(part.compress_size, 1)
            return (
                f"part {part.filename!r} inflates {ratio:,.0f} times ({part.compress_size:,} → "
                f"{part.file_size:,} bytes; a ZIP bomb?); the limit is {limits.max_zip_ratio} "
                "(files.max_zip_ratio)"
            )
    return None
