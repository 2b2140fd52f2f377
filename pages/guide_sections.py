"""The section structure of a 政府信息公开指南: its numbered headings and what each part is about.

National model guides (and the guides derived from them) are laid out in numbered parts:
``一、主动公开`` (with ``（一）公开范围``, ``（二）编排体系``, ``（三）公开渠道`` …), ``二、依申请公开``
(with ``（一）受理机构`` and its address, hours, phone …), then 监督/救济. Where an Article 12
element is stated depends on that layout: the office's phone is in the part on the office or on
requests, not in the list of archives and libraries under 公开渠道, nor in a 监督 part naming
another body. ``pages.guide`` uses the parts read here to look for each element where it belongs.

A text with fewer than two top-level parts has no structure this module can read (a guide in an
image or attachment, a page that lost its body): ``read_sections`` returns ``None`` and the
elements the text does not prove are undecided, never "missing".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# 一、主动公开 / 第一部分 主动公开 / 一．…; level 2: （一）公开范围 / (一) …
_LEVEL_1 = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|第[一二三四五六七八九十]{1,3}(?:部分|章|节)\s*)"
)
_LEVEL_2 = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
_HEADING_MAX = 24  # a heading is short; a longer line is a numbered paragraph unless it has "："
_MIN_TOP_LEVEL = 2

# role → heading pattern (on the part's own heading or a top-level ancestor's)
ROLE_HEADINGS: dict[str, re.Pattern[str]] = {
    "proactive": re.compile(r"主动公开"),
    "request": re.compile(r"依申请|申请公开|申请的|申请方式|申请获取"),
    "office": re.compile(r"机构|联系方式|联系我们|联系办法|办公地址|咨询"),
    "oversight": re.compile(r"监督|救济|投诉|举报|复议|诉讼"),
}


@dataclass(frozen=True)
class Section:
    heading: str  # as written, numbering included ("（二）编排体系"); "" for the preamble
    parent: str  # the top-level heading a level-2 part sits under ("" at top level)
    lines: tuple[str, ...] = field(default_factory=tuple)  # its own text, heading's tail included

    @property
    def path(self) -> str:
        return f"{self.parent} › {self.heading}" if self.parent else (self.heading or "（正文开头）")

    def roles(self) -> set[str]:
        """What the part is about, from its own heading and its top-level heading."""
        found = {role for role, pattern in ROLE_HEADINGS.items() if pattern.search(self.heading)}
        if self.parent:
            found |= {
                r for r in ("proactive", "request", "oversight") if ROLE_HEADINGS[r].search(self.parent)
            }
        return found or ({"preamble"} if not self.heading else set())


def _split_heading(line: str, level: re.Pattern[str]) -> tuple[str, str] | None:
    """(heading, tail) when ``line`` starts a numbered part, else None."""
    if not level.match(line):
        return None
    parts = re.split(r"[:：]", line, maxsplit=1)
    if len(parts) == 2 and len(parts[0]) <= _HEADING_MAX:
        return parts[0].strip(), parts[1].strip()
    if len(line) <= _HEADING_MAX:
        return line.strip(), ""
    return None


def read_sections(text: str) -> list[Section] | None:
    """The guide's parts in order (preamble first), or None when it has no readable structure."""
    current_top = ""
    heading, parent = "", ""
    lines: list[str] = []
    sections: list[Section] = []
    top_level = 0
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        top = _split_heading(line, _LEVEL_1)
        sub = None if top else _split_heading(line, _LEVEL_2)
        if top is None and sub is None:
            lines.append(line)
            continue
        sections.append(Section(heading, parent, tuple(lines)))
        if top is not None:
            heading, tail = top
            current_top, parent = heading, ""
            top_level += 1
        else:
            assert sub is not None
            heading, tail = sub
            parent = current_top
        lines = [tail] if tail else []
    sections.append(Section(heading, parent, tuple(lines)))
    if top_level < _MIN_TOP_LEVEL:
        return None
    return [s for s in sections if s.heading or s.lines]
