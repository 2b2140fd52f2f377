"""文号 (document numbers): finding them in text and judging their form.

GB/T 9704-2012 writes issuer + 〔YYYY〕 + serial + 号, e.g. 临政办函〔2020〕26号 (rules.md §6).
Variants seen on sites — [2020], (2020), （2020）, 【2020】, ﹝2020﹞, 第26号, 〔2020〕026号 — are read
too, and flagged as non-standard: the checks report them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = "〔[［(（【﹝〖"
_CLOSE = "〕]］)）】﹞〗"
_DOC_NUMBER = re.compile(
    rf"([\u4e00-\u9fff]{{1,14}})\s*([{re.escape(_OPEN)}])\s*((?:19|20)\d{{2}})\s*"
    rf"([{re.escape(_CLOSE)}])\s*(第?)\s*(\d{{1,5}})\s*号"
)
# Characters that end the running text before an issuer: "依照国办函〔2020〕109号" cites 国办函.
_ISSUER_STOP = re.compile(r".*[的照据按及与见即为于在是了和对将经由根依据《》〈〉、，。；：“”]")
_STANDARD = re.compile(r"^[\u4e00-\u9fff]{1,14}〔(?:19|20)\d{2}〕[1-9]\d{0,4}号$")


@dataclass(frozen=True)
class DocNumber:
    text: str  # as written, blanks removed
    issuer: str  # 临政办函
    year: int
    serial: int
    standard: bool  # exactly the GB/T 9704 form

    @property
    def key(self) -> tuple[str, int, int]:
        """Identity regardless of bracket style: (issuer, year, serial)."""
        return (self.issuer, self.year, self.serial)


def is_standard(text: str) -> bool:
    return bool(_STANDARD.match(text))


def find_doc_numbers(text: str) -> list[DocNumber]:
    """Every 文号 written in ``text``, in order, duplicates removed."""
    found: list[DocNumber] = []
    seen: set[str] = set()
    for match in _DOC_NUMBER.finditer(text):
        issuer = _ISSUER_STOP.sub("", match.group(1))
        if not issuer:
            continue
        written = issuer + "".join(match.group(i) for i in range(2, 7)) + "号"
        if written in seen:
            continue
        seen.add(written)
        found.append(
            DocNumber(
                text=written,
                issuer=issuer,
                year=int(match.group(3)),
                serial=int(match.group(6)),
                standard=is_standard(written),
            )
        )
    return found


def parse_doc_number(text: str | None) -> DocNumber | None:
    """The 文号 in a field value such as "发文字号：岚综管综〔2017〕7号", or None."""
    if not text:
        return None
    numbers = find_doc_numbers(re.sub(r"\s+", "", text))
    return numbers[0] if numbers else None
