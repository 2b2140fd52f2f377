"""What the engine takes and what it gives: plain, structured, serialisable.

Inputs are storage-free copies of findings, assessors' entries and quarterly inspection
results; outputs (``UnitScore`` → ``ItemScore`` → ``Line``) carry every figure the reports
need, and every line of the explanation with the finding and entry it comes from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field


@dataclass(frozen=True, kw_only=True)
class UnitRef:
    id: str
    name: str
    # Why no audit of the year covers this unit ("未配置网站", "本年度尚未运行审计" …); empty
    # when one does. Every machine-fed item of such a unit is provisional.
    not_audited: str = ""


@dataclass(frozen=True, kw_only=True)
class FindingInput:
    id: int | None
    unit_id: str
    check_id: str
    severity: str  # veto | major | minor | info | undecided
    title: str = ""
    url: str | None = None
    measured: dict[str, Any] = field(default_factory=dict)
    message: str = ""


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
    "confirm",
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
    # An assessor's verdict on a provisional item (true: the machine's score stands) or, on
    # MAJOR, on the proposed cases (true: each deducts; false: rejected, the note says why).
    confirm: bool | None = None
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
    # Why the quarter's result is not final (checks undecided …); empty when it is.
    provisional: str = ""


@dataclass(kw_only=True)
class ClassInputs:
    findings: list[FindingInput] = field(default_factory=list)
    entries: list[EntryInput] = field(default_factory=list)
    inspections: list[InspectionInput] = field(default_factory=list)


LineKind = Literal[
    "rule",  # the scoring text, the part's rule
    "finding",  # a finding counted
    "undecided",  # a finding that could not be verified: never deducts
    "provisional",  # why the item is 待核实 (an input undecided or absent) or how it was resolved
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


ItemStatus = Literal["final", "provisional"]
PROVISIONAL_MARK = "待核实"
PROPOSED_MARK = "待确认"  # a major case the machine proposes, until an assessor confirms or rejects it


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
    # final: every input was decided (or a person resolved it); provisional: 待核实, see reason.
    status: ItemStatus = "final"
    reason: str = ""
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
    provisional_items: list[str] = Field(default_factory=list)  # codes of the items 待核实
    not_audited: str = ""  # why no audit of the year covers the unit

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provisional(self) -> bool:
        """The total is 待核实 while any item (MAJOR's proposed cases included) is."""
        return bool(self.provisional_items)

    def all_items(self) -> list[ItemScore]:
        return [*self.items.values(), *(i for i in (self.bonus_item, self.major_item) if i is not None)]

    def item_scores(self) -> dict[str, float]:
        """Code → points as the score table counts them (BONUS added, MAJOR subtracted)."""
        items = {code: s.score for code, s in self.items.items()}
        if self.bonus_item is not None:
            items[self.bonus_item.code] = self.overall_bonus
        if self.major_item is not None:
            items[self.major_item.code] = -self.major_deduction
        return items

    def item(self, code: str) -> ItemScore:
        if code in self.items:
            return self.items[code]
        for extra in (self.bonus_item, self.major_item):
            if extra is not None and extra.code == code:
                return extra
        raise KeyError(code)

    def summary(self) -> dict[str, Any]:
        """The ``zwgk score --json`` object."""
        items = {
            code: {"score": score, "status": self.item(code).status, "reason": self.item(code).reason}
            for code, score in self.item_scores().items()
        }
        return {
            "unit": self.unit_id,
            "name": self.unit_name,
            "class": self.unit_class,
            "total": self.total,
            "grade": self.grade,
            "rank": self.rank,
            "provisional": self.provisional,
            "provisional_items": list(self.provisional_items),
            "items": items,
            "item_bonus": {code: s.bonus for code, s in self.items.items() if s.bonus},
        }
