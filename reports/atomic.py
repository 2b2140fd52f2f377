"""Documents are written to a temporary file beside the target and renamed over it (``storage.atomic``).

A reader (or a crash) never sees half a circular: the rename is atomic on one file system,
so the path holds either the previous complete file or the new complete one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reports.safe_text import neutralise_workbook
from storage.atomic import atomic_path, write_bytes_atomic, write_text_atomic

__all__ = ["atomic_path", "save_document", "save_workbook", "write_bytes_atomic", "write_text_atomic"]


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
