"""The rubric as data: load and validate ``config/rubrics/<scheme>-<class>.toml``.

A rubric lists every item of one class's score table (Annex 3 or 4 of the Linfen scheme):
its levels, points (赋分), the scoring text (评分标准), the deduction cap (扣分上限), the item
bonus, how and by whom it is assessed, and its *parts*: the rule clauses, each with its kind
and where its input comes from (the checks, the quarterly inspections, or an assessor).
Readings of the scheme that are ambiguous are named settings (``[settings]``) with defaults.
Every error names the file, the line and the key, as ``config.loader`` does.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from config.loader import ConfigError, KeyLines, dotted_key, line_from_toml_error

RUBRICS_DIR = Path(__file__).resolve().parent.parent / "config" / "rubrics"

PartKind = Literal["per_event", "conditions", "binary", "ratio", "rank"]
PartInput = Literal["manual", "checks", "inspection"]
Role = Literal["item", "overall_bonus", "major"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RubricSettings(_Model):
    """Readings of the scheme where its letter is ambiguous; ``docs/scoring.md`` explains each."""

    # Deductions may exceed an item's points up to its cap; keep the negative item score.
    negative_item_scores: bool = True
    # An item whose text states no 扣分上限: "none" (the letter) or "points".
    cap_when_unstated: Literal["none", "points"] = "none"
    # A 扣分上限 written after several clauses caps the whole item, or only the last clause.
    trailing_cap_scope: Literal["item", "last_part"] = "item"
    # Ratio items deduct per whole percentage point below the threshold, or pro rata.
    ratio_points: Literal["whole", "exact"] = "whole"
    # Item bonuses count against the overall bonus cap (综合加分项) or not.
    item_bonus_counts_in_overall: bool = False
    # Tied units share the better rank's points ("1224") or the worse one's ("1334").
    rank_ties: Literal["share_better", "share_worse"] = "share_better"
    # A unit with no quarterly inspection result: full points (no input) or zero; provisional either way.
    unranked: Literal["full", "zero"] = "full"
    # How a unit's quarterly inspection scores make the year's (全年…检查通报情况): their mean,
    # the latest quarter's, or the worst quarter's.
    quarter_combination: Literal["mean", "latest", "min"] = "mean"
    total_cap: float = 100.0
    # Major deductions come off the total after the cap to 100 (the letter: 在总得分的基础上).
    major_after_cap: bool = True


class Grade(_Model):
    name: str
    min: float | None = None  # None: the lowest grade, everything below the previous one


class Condition(_Model):
    key: str
    label: str
    deduction: float = Field(ge=0)
    group: str | None = None  # conditions of one group are alternatives: the largest applies
    checks: list[str] = Field(default_factory=list)  # automatic: applies when one is found


class Part(_Model):
    key: str
    kind: PartKind
    label: str
    input: PartInput = "manual"
    checks: list[str] = Field(default_factory=list)
    cap: float | None = Field(default=None, ge=0)
    # per_event: points per event; an event is a finding, or len()/value of measured[count_key].
    per_event: float | None = Field(default=None, ge=0)
    count_key: str | None = None
    # conditions / binary
    condition: list[Condition] = Field(default_factory=list)
    # ratio: deduct per_point for each percentage point of measured below threshold.
    threshold: float | None = None
    per_point: float | None = Field(default=None, ge=0)
    measured_key: str | None = None
    measured_scale: float = 1.0  # finding value × scale = percentage
    # rank: first place gets `first`, each place lower `step` less, never below `floor`.
    first: float | None = None
    step: float | None = None
    floor: float = 0.0

    @model_validator(mode="after")
    def _complete(self) -> Part:
        need: dict[str, tuple[str, ...]] = {
            "per_event": ("per_event",),
            "ratio": ("threshold", "per_point", "measured_key"),
            "rank": ("first", "step"),
        }
        missing = [name for name in need.get(self.kind, ()) if getattr(self, name) is None]
        if missing:
            raise ValueError(f"a {self.kind} part needs {', '.join(missing)}")
        if self.kind in ("conditions", "binary") and not self.condition:
            raise ValueError(f"a {self.kind} part needs [[…condition]] tables")
        if self.kind == "binary" and len(self.condition) != 1:
            raise ValueError("a binary part has exactly one condition")
        if self.input == "checks" and not (self.checks or any(c.checks for c in self.condition)):
            raise ValueError("input = 'checks' needs check ids")
        if self.kind == "rank" and self.input == "checks":
            raise ValueError("a rank part takes input 'inspection' or 'manual'")
        return self

    @property
    def automatic(self) -> bool:
        return self.input != "manual"


class ItemBonus(_Model):
    text: str
    per_event: float | None = Field(default=None, ge=0)
    cap: float | None = Field(default=None, ge=0)  # None: the scheme states none


class Item(_Model):
    code: str
    name: str
    role: Role = "item"
    level1: str = ""
    level2: str = ""
    level3: str = ""
    points: float = Field(default=0.0, ge=0)
    criteria: str  # 评分标准, as in the scheme
    cap: float | None = Field(default=None, ge=0)  # 扣分上限; None when the text states none
    method: str = ""  # 考核方式
    assessor: str = ""  # 考核部门
    note: str = ""  # how the table was read (merged or shifted cells …)
    part: list[Part] = Field(default_factory=list)
    bonus: ItemBonus | None = None
    informs: list[str] = Field(default_factory=list)  # check ids shown, never deducting
    suggests: list[str] = Field(default_factory=list)  # MAJOR: findings that suggest a case
    # overall bonus (BONUS): cap in all, cap per entry (单项); major (MAJOR): points per case
    overall_cap: float | None = None
    entry_cap: float | None = None
    per_case: float | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Item:
        if self.role == "item" and not self.part:
            raise ValueError("an item needs at least one [[item.part]]")
        if self.role != "item" and (self.part or self.points):
            raise ValueError(f"a {self.role} item has no points and no parts")
        if self.role == "overall_bonus" and self.overall_cap is None:
            raise ValueError("the overall bonus needs overall_cap")
        if self.role == "major" and self.per_case is None:
            raise ValueError("the major deductions need per_case")
        keys = [p.key for p in self.part]
        if len(set(keys)) != len(keys):
            raise ValueError("part keys must be unique within an item")
        if sum(1 for p in self.part if p.kind == "per_event" and p.input == "manual") > 1:
            raise ValueError("at most one manual per_event part (it takes the entry's events)")
        return self

    def manual_parts(self) -> list[Part]:
        return [p for p in self.part if not p.automatic]

    def has_automatic(self) -> bool:
        return any(p.automatic or any(c.checks for c in p.condition) for p in self.part)

    def input_checks(self) -> list[str]:
        out: list[str] = []
        for part in self.part:
            out += part.checks + [c for cond in part.condition for c in cond.checks]
        return out


class Scheme(_Model):
    id: str
    unit_class: Literal["A", "B"] = Field(alias="class")
    title: str
    source: str = ""
    total: float = 100.0

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Rubric(_Model):
    scheme: Scheme
    settings: RubricSettings = RubricSettings()
    grade: list[Grade]
    item: list[Item]
    path: str = "<rubric>"

    @model_validator(mode="after")
    def _check(self) -> Rubric:
        codes = [i.code for i in self.item]
        if len(set(codes)) != len(codes):
            raise ValueError("item codes must be unique")
        if not self.grade or self.grade[-1].min is not None:
            raise ValueError("grades go from the best down; the last one has no min")
        if any(g.min is None for g in self.grade[:-1]):
            raise ValueError("every grade but the last needs min")
        mins = [g.min for g in self.grade[:-1] if g.min is not None]
        if mins != sorted(mins, reverse=True):
            raise ValueError("grades go from the best (highest min) down")
        if sum(1 for i in self.item if i.role == "overall_bonus") > 1:
            raise ValueError("at most one overall bonus item")
        if sum(1 for i in self.item if i.role == "major") > 1:
            raise ValueError("at most one major-deductions item")
        return self

    @property
    def unit_class(self) -> str:
        return self.scheme.unit_class

    @property
    def scored_items(self) -> list[Item]:
        return [i for i in self.item if i.role == "item"]

    @property
    def points_total(self) -> float:
        return round(sum(i.points for i in self.scored_items), 6)

    def get(self, code: str) -> Item:
        for item in self.item:
            if item.code == code:
                return item
        raise KeyError(code)

    def by_role(self, role: Role) -> Item | None:
        return next((i for i in self.item if i.role == role), None)

    def grade_for(self, total: float) -> str:
        for grade in self.grade:
            if grade.min is None or total >= grade.min:
                return grade.name
        return self.grade[-1].name


def load_rubric(path: str | Path) -> Rubric:
    file = Path(path)
    shown = str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(shown, None, None, "rubric file not found") from None
    return parse_rubric(text, shown)


def parse_rubric(text: str, path: str = "<rubric>") -> Rubric:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, line_from_toml_error(str(exc)), None, f"not valid TOML: {exc}") from None
    lines = KeyLines(text)
    try:
        rubric = Rubric.model_validate({**raw, "path": path})
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        message = "unknown key (misspelt?)" if error["type"] == "extra_forbidden" else error["msg"]
        if error["type"] == "literal_error":
            message = f"{message}, got {error.get('input')!r}"
        raise ConfigError(path, lines.find(loc), dotted_key(loc) or None, message) from None
    if abs(rubric.points_total - rubric.scheme.total) > 1e-6:
        raise ConfigError(
            path,
            lines.find(("scheme", "total")),
            "scheme.total",
            f"the items' points sum to {rubric.points_total:g}, not {rubric.scheme.total:g}",
        )
    return rubric


def rubric_path(scheme: str, unit_class: str, folder: Path = RUBRICS_DIR) -> Path:
    return folder / f"{scheme}-{unit_class}.toml"


def load_scheme(scheme: str, folder: Path = RUBRICS_DIR) -> dict[str, Rubric]:
    """Both classes' rubrics of a scheme, e.g. ``linfen-2020`` → {"A": …, "B": …}."""
    out: dict[str, Rubric] = {}
    for unit_class in ("A", "B"):
        rubric = load_rubric(rubric_path(scheme, unit_class, folder))
        if rubric.scheme.unit_class != unit_class or rubric.scheme.id != scheme:
            raise ConfigError(rubric.path, None, "scheme", f"expected scheme {scheme!r} class {unit_class}")
        out[unit_class] = rubric
    return out
