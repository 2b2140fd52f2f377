"""The simulated site of one unit, as data: columns, items and planted extras.

Built by ``sandbox.generate``; rendered by the CMS family in ``sandbox.cms``; read back by
``sandbox.manifest``. Nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sandbox.layout import UnitPlace
from sandbox.plan import UnitPlan

# column types with an update window (rules.md §3), and the others
NEWS, NOTICE, POLICY, BASIC = "news", "notice", "policy", "basic"
WINDOWED = (NEWS, NOTICE, POLICY, BASIC)


@dataclass
class Item:
    id: int
    col: str
    title: str
    date: dt.date
    kind: str = "article"  # article | policy | interp | guide | rules | report | consult | entry
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Column:
    key: str
    name: str
    ctype: str  # news | notice | policy | basic | landing | guide | rules | report | catalogue
    #             | request | interp | consult
    parent: str | None
    items: Sequence[Item] = ()
    colno: int = 0
    path: str = ""  # TRS path below the unit's base, e.g. "xwzx/zwyw/"

    @property
    def windowed(self) -> bool:
        return self.ctype in WINDOWED

    @property
    def newest(self) -> dt.date | None:
        return max((i.date for i in self.items), default=None)


@dataclass
class Link:
    url: str  # absolute
    text: str
    hidden: str | None = None  # inline | class | script
    status: int | None = None  # what the target answers, when it is planted (404, 403, 429…)
    error: str | None = None  # nxdomain | redirect loop | reset


@dataclass
class Site:
    place: UnitPlace
    plan: UnitPlan
    seed: int
    as_of: dt.date
    columns: dict[str, Column] = field(default_factory=dict)
    items: dict[int, Item] = field(default_factory=dict)
    home_blocks: list[tuple[str, int]] = field(default_factory=list)
    home_links: list[Link] = field(default_factory=list)  # planted / external links on the homepage
    inner_links: dict[int, list[Link]] = field(default_factory=dict)  # item id -> extra links
    robots_disallow: list[str] = field(default_factory=list)
    hazards: list[dict[str, Any]] = field(default_factory=list)
    wording: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # item -> wrong, right, ctx
    docs: list[dict[str, Any]] = field(default_factory=list)  # the year's documents (Annex 5 list)
    doclist_planted: list[dict[str, Any]] = field(default_factory=list)
    catalogue: list[tuple[int, bool]] = field(default_factory=list)  # item id, classified
    site_id: str | None = "1410000039"
    meta_homepage: bool = True
    tls: str | None = None

    @property
    def base_url(self) -> str:
        return self.place.homepage

    def url(self, path: str) -> str:
        """Absolute URL for a path below the unit's base."""
        return f"{self.place.scheme}://{self.place.host}{self.place.base}{path.lstrip('/')}"

    def column(self, key: str) -> Column | None:
        return self.columns.get(key)

    def children(self, key: str) -> list[Column]:
        return [c for c in self.columns.values() if c.parent == key]

    def top_columns(self) -> list[Column]:
        return [c for c in self.columns.values() if c.parent is None]
