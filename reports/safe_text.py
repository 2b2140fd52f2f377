"""Text from crawled pages and entry files made safe for DOCX, XLSX, HTML and PDF.

XML 1.0 (DOCX, XLSX) cannot hold C0 control characters other than tab, newline and carriage
return, nor lone surrogates or U+FFFE/U+FFFF: lxml refuses them, which used to stop a whole
circular over one link text. Each is shown as ``<U+XXXX>`` (plain ASCII, so every
font can print it), and a reader sees that the source held one instead of it vanishing.

A spreadsheet cell whose text starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return
is a formula to Excel (OWASP "CSV Injection"): such cells are stored as text with Excel's
quote prefix, so ``=HYPERLINK(…)`` in an entry's note is shown, never evaluated.
"""

from __future__ import annotations

import re
from typing import Any

_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _visible(match: re.Match[str]) -> str:
    return f"<U+{ord(match.group()):04X}>"


def clean_text(text: str) -> str:
    """``text`` with every character XML cannot hold replaced by a visible stand-in."""
    return _UNSAFE.sub(_visible, text)


def clean_value(value: Any) -> Any:
    """Strings cleaned; anything else (numbers, dates, None) unchanged."""
    return clean_text(value) if isinstance(value, str) else value


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutralise_workbook(book: Any) -> None:
    """Every string cell of every sheet cleaned and, where it would start a formula, made text.

    The report writers write no formulas of their own, so a formula cell here is always text
    that came from outside (a page, an entry) and is kept as the text it was.
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str):
                    continue
                cleaned = clean_text(value)
                if cleaned != value:
                    cell.value = cleaned
                if cell.data_type == "f" or looks_like_formula(cleaned):
                    cell.data_type = "s"
                    cell.quotePrefix = True
