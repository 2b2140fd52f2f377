"""Documents are written to a temporary file beside the target and renamed over it.

A reader (or a crash) never sees half a circular: the rename is atomic on one file system,
so the path holds either the previous complete file or the new complete one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reports.safe_text import neutralise_workbook


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path to write; renamed to ``path`` when the block ends without an error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> Path:
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return path


def save_workbook(book: Any, path: Path) -> Path:
    """An openpyxl workbook, its text made safe (see ``reports.safe_text``), written atomically."""
    neutralise_workbook(book)
    with atomic_path(path) as temporary:
        book.save(temporary)
    return path


def save_document(document: Any, path: Path) -> Path:
    """A python-docx document written atomically."""
    with atomic_path(path) as temporary:
        document.save(str(temporary))
    return path
