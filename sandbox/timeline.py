"""Dates relative to the as-of date, Chinese working days (chinese_calendar), and the
timeline: what changes on the simulated web from night to night (``Change``, ``timeline_for``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from config.periods import is_workday

if TYPE_CHECKING:
    from sandbox.http import Request, Response
    from sandbox.model import Site

DAY = dt.timedelta(days=1)


def add_workdays(day: dt.date, n: int) -> dt.date:
    """The n-th working day after ``day`` (n = 0: ``day`` itself, moved to a working day)."""
    while not is_workday(day):
        day += DAY
    while n > 0:
        day += DAY
        if is_workday(day):
            n -= 1
    return day


def report_deadline(year: int, unit_class: str) -> dt.date:
    """Deadline for the report on ``year``: 31 January (departments) / 31 March (governments)."""
    return dt.date(year + 1, 1, 31) if unit_class == "B" else dt.date(year + 1, 3, 31)


# --- the timeline: what changes on the simulated web from one night to the next ------------
BASE_NIGHT = dt.date(2020, 12, 15)  # the demo's night: the sites as generated, nothing changed yet


@dataclass(frozen=True)
class Change:
    """One planted change to one unit's site, served from ``night`` on (and on every later night).

    ``edit`` changes the built ``Site`` (its columns, items, links, wording): the manifest is
    read off the edited site, so the ground truth of a night follows by itself. ``respond``
    answers a request before the site does (e.g. a link that fails on one night only); it gets
    the request and the night being served and returns ``None`` to let the site answer.
    ``expect`` is what the change does to the unit's findings: ``{"added": [(check, url)],
    "removed": [(check, url)]}`` (url ``None`` for unit-level findings).
    """

    night: dt.date
    unit_id: str
    kind: str  # new_articles | column_updated | defect_fixed | defect_planted | response | …
    note: str  # what happened, in words, for the manifest
    edit: Callable[[Site], None] | None = None
    respond: Callable[[Request, dt.date], Response | None] | None = None
    expect: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    urls: tuple[str, ...] = ()  # pages the change adds or alters (a crawler must fetch them again)

    def describe(self) -> dict[str, Any]:
        return {
            "night": self.night.isoformat(),
            "unit": self.unit_id,
            "kind": self.kind,
            "note": self.note,
            "urls": list(self.urls),
            "added": [list(k) for k in self.expect.get("added", [])],
            "removed": [list(k) for k in self.expect.get("removed", [])],
        }


# A planter plants changes for a seed: ``planter(seed, base) -> list[Change]``, where ``base`` is
# the night the sites are generated for. Register one with ``@planter``; ``timeline_for``
# collects every registered planter's changes (the default ones are in ``sandbox.nights``).
Planter = Callable[[int, dt.date], list["Change"]]
PLANTERS: list[Planter] = []


def planter(fn: Planter) -> Planter:
    if fn not in PLANTERS:
        PLANTERS.append(fn)
    return fn


@dataclass(frozen=True)
class Timeline:
    base: dt.date
    changes: tuple[Change, ...] = ()

    def of(self, unit_id: str, upto: dt.date | None = None) -> list[Change]:
        """The unit's changes served by night ``upto`` (all when ``None``), oldest first."""
        return [c for c in self.changes if c.unit_id == unit_id and (upto is None or c.night <= upto)]

    def on(self, night: dt.date) -> list[Change]:
        """The changes that first appear on ``night``."""
        return [c for c in self.changes if c.night == night]

    def versions(self, unit_id: str, upto: dt.date) -> list[dt.date]:
        """The nights on which the unit's site took a new form, up to ``upto``: base first."""
        return sorted({self.base, *(c.night for c in self.of(unit_id, upto) if c.edit is not None)})

    def responders(self, unit_id: str, night: dt.date) -> list[Callable[[Request, dt.date], Response | None]]:
        return [c.respond for c in self.of(unit_id, night) if c.respond is not None]


@lru_cache(maxsize=8)
def timeline_for(seed: int, base: dt.date = BASE_NIGHT) -> Timeline:
    import sandbox.nights  # noqa: F401  (registers the default planters)

    changes: list[Change] = []
    for fn in PLANTERS:
        changes += [c for c in fn(seed, base) if c.night > base]
    changes.sort(key=lambda c: (c.night, c.unit_id, c.kind))
    return Timeline(base, tuple(changes))
