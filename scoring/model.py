"""What the engine takes and what it gives: plain, structured, serialisable.

Inputs are storage-free copies of findings, assessors' entries and quarterly inspection
results; outputs (``UnitScore`` → ``ItemScore`` → ``Line``) carry every figure the reports
need, and every line of the explanation with the finding and entry it comes from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


@dataclass(frozen=True, kw_only=True)
class UnitRef:
    id: str
    name: str


@dataclass(frozen=True, kw_only=True)
class FindingInput:
    id: int | None
    unit_id: str
    check_id: str
    severity: str  # veto | major | minor | info | undecided
    title: str = ""
    url: str | None = None
    measured: dict[str, Any] = field(default_factory=dict)


# What an assessor's entry says (beyond its unit and item): entry files, the database, the log
# and the templates all use these names in this order.
ENTRY_VALUES = (
    "events",
    "deduction",
    "value",
    "rank",
    "bonus_events",
    "bonus",
    "cases",
    "override_reason",
    "note",
    "evidence",
)


@dataclass(frozen=True, kw_only=True)
class EntryInput:
    """An assessor's entry (``[[entry]]`` of an entries file, or a stored ManualEntry)."""

    unit_id: str
    item: str
    id: int | None = None  # ManualEntry id once stored
    ref: str = ""  # where it was written: "file.toml:12" or "manual_entries#7"
    events: float | None = None
    deduction: float | None = None
    value: float | None = None
    rank: int | None = None
    bonus_events: float | None = None
    bonus: float | None = None
    cases: int | None = None
    override_reason: str | None = None
    note: str | None = None
    evidence: str | None = None
    entered_by: str | None = None
    entered_at: dt.datetime | None = None

    @property
    def label(self) -> str:
        return f"entry #{self.id}" if self.id is not None else f"entry {self.ref}"


@dataclass(frozen=True, kw_only=True)
class InspectionInput:
    unit_id: str
    quarter: str
    score: float


@dataclass(kw_only=True)
class ClassInputs:
    findings: list[FindingInput] = field(default_factory=list)
    entries: list[EntryInput] = field(default_factory=list)
    inspections: list[InspectionInput] = field(default_factory=list)


LineKind = Literal[
    "rule",  # the scoring text, the part's rule
    "finding",  # a finding counted
    "undecided",  # a finding that could not be verified: never deducts
    "info",  # a finding shown for context, not counted by this rule
    "suggestion",  # a finding that suggests a major case; only an entry applies it
    "entry",  # an assessor's entry
    "override",  # an entry replacing an automatic measure, with its reason
    "part",  # a part's deduction
    "cap",  # a cap applied
    "bonus",  # an item or overall bonus
    "rank",  # a rank and its points
    "default",  # no input: full points
    "result",  # the item's score
]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Line(_Out):
    kind: LineKind
    text: str
    points: float | None = None  # signed contribution to the score, where the line has one
    part: str | None = None
    finding_id: int | None = None
    entry_id: int | None = None
    entry_ref: str | None = None
    check_id: str | None = None
    url: str | None = None


class ItemScore(_Out):
    code: str
    name: str
    level1: str = ""
    level2: str = ""
    level3: str = ""
    points: float
    score: float  # points − deduction (+ nothing else: the item bonus is apart)
    deduction: float  # applied, after the cap
    raw_deduction: float  # before the cap
    cap: float | None
    cap_applied: bool
    bonus: float = 0.0  # applied, after the item bonus cap
    raw_bonus: float = 0.0
    bonus_cap: float | None = None
    bonus_cap_applied: bool = False
    rule: str  # the rule kinds, e.g. "per_event" or "conditions+per_event"
    criteria: str  # 评分标准
    method: str = ""
    assessor: str = ""
    source: str  # checks | inspection | manual | mixed | none
    no_input: bool  # nothing measured it: full points
    overridden: bool = False
    rank: int | None = None
    lines: list[Line] = Field(default_factory=list)
    finding_ids: list[int] = Field(default_factory=list)
    entry_ids: list[int] = Field(default_factory=list)
    entry_refs: list[str] = Field(default_factory=list)


class UnitScore(_Out):
    unit_id: str
    unit_name: str
    unit_class: str
    year: int
    scheme: str
    items: dict[str, ItemScore]  # scored items, in table order
    items_total: float  # Σ item scores
    item_bonus_total: float  # Σ item bonuses
    overall_bonus: float  # BONUS, after its caps
    overall_bonus_raw: float
    subtotal: float  # items + item bonuses + overall bonus, before the total cap
    total_cap_applied: bool
    major_cases: int
    major_deduction: float
    total: float
    grade: str
    rank: int
    bonus_item: ItemScore | None = None  # BONUS explained
    major_item: ItemScore | None = None  # MAJOR explained
    lines: list[Line] = Field(default_factory=list)  # how the total was made

    def item(self, code: str) -> ItemScore:
        if code in self.items:
            return self.items[code]
        for extra in (self.bonus_item, self.major_item):
            if extra is not None and extra.code == code:
                return extra
        raise KeyError(code)

    def summary(self) -> dict[str, Any]:
        """The ``zwgk score --json`` object."""
        items = {code: s.score for code, s in self.items.items()}
        if self.bonus_item is not None:
            items[self.bonus_item.code] = self.overall_bonus
        if self.major_item is not None:
            items[self.major_item.code] = -self.major_deduction
        return {
            "unit": self.unit_id,
            "name": self.unit_name,
            "class": self.unit_class,
            "total": self.total,
            "grade": self.grade,
            "rank": self.rank,
            "items": items,
            "item_bonus": {code: s.bonus for code, s in self.items.items() if s.bonus},
        }
