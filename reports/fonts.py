"""Fonts for official documents (GB/T 9704-2012), with Noto CJK where they are missing.

The standard asks for 小标宋 (title), 仿宋_GB2312 (body), 黑体 and 楷体_GB2312 (headings).
Government PCs have them; a Linux server usually does not, so each role falls back to a
Noto CJK face that is installed (serif for 宋/仿宋/楷, sans for 黑体).
"""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass

_OFFICIAL = {
    "title": ("方正小标宋简体", "方正小标宋_GBK", "华文中宋"),
    "body": ("仿宋_GB2312", "仿宋", "FangSong"),
    "heading1": ("黑体", "SimHei"),
    "heading2": ("楷体_GB2312", "楷体", "KaiTi"),
}
_FALLBACK = {
    "title": "Noto Serif CJK SC",
    "body": "Noto Serif CJK SC",
    "heading1": "Noto Sans CJK SC",
    "heading2": "Noto Serif CJK SC",
}


@dataclass(frozen=True)
class FontPlan:
    title: str
    body: str
    heading1: str
    heading2: str
    official: bool  # all four official faces are installed

    def css_stack(self, role: str) -> str:
        chosen = getattr(self, role)
        names = [chosen, *_OFFICIAL[role], _FALLBACK[role], "serif"]
        return ", ".join(f'"{n}"' if " " in n or not n.isascii() else n for n in dict.fromkeys(names))


@functools.cache
def installed_families() -> frozenset[str]:
    try:
        out = subprocess.run(
            ["fc-list", ":", "family"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    names: set[str] = set()
    for line in out.splitlines():
        names.update(part.strip() for part in line.split(","))
    return frozenset(names)


@functools.cache
def font_plan() -> FontPlan:
    families = installed_families()
    chosen: dict[str, str] = {}
    official = True
    for role, candidates in _OFFICIAL.items():
        found = next((name for name in candidates if name in families), None)
        if found is None:
            official = False
        chosen[role] = found or _FALLBACK[role]
    return FontPlan(official=official, **chosen)


def docx_family(role: str) -> str:
    """The name a DOCX run carries: the standard face, so Word on the office's PCs uses it."""
    return _OFFICIAL[role][0]


def docx_alternatives(role: str) -> tuple[str, ...]:
    """What stands in where the standard face is missing (Windows names first, then Noto)."""
    return (*_OFFICIAL[role][1:], _FALLBACK[role])


def official_roles() -> dict[str, str]:
    return {role: names[0] for role, names in _OFFICIAL.items()}


def matplotlib_cjk_font() -> str | None:
    """A CJK family matplotlib can use, or None (charts then carry English labels only)."""
    from matplotlib import font_manager

    for name in ("Noto Sans CJK SC", "Noto Sans CJK JP", "SimHei", "WenQuanYi Zen Hei"):
        try:
            font_manager.findfont(name, fallback_to_default=False)
            return name
        except ValueError:
            continue
    return None
