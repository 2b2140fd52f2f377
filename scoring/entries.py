"""Assessors' entry files (TOML or XLSX): parse and validate, every message with file:line: key.

The TOML form is a contract::

    year = 2020                 # optional; the audit year otherwise
    assessor = "市考核小组 张三"  # optional; who entered them (``by`` per entry wins)

    [[entry]]
    unit = "尧都区"              # id or Chinese name
    item = "A01"                # item code of the unit's class, or BONUS / MAJOR
    events = 2                  # one of: events | deduction | value | rank
    bonus_events = 1            # optional: bonus_events or bonus (points); BONUS takes bonus
    cases = 1                   # MAJOR only: number of cases
    confirm = true              # a provisional item: the machine's score stands (待核实 → final);
                                # MAJOR: true confirms the proposed cases, false rejects them (note: why)
    override_reason = "…"       # needed where the entry replaces an automatic measure
    note = "…"
    evidence = "…"

The XLSX form has the same keys as column headers (``zwgk score template --format xlsx``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from config.loader import KeyLines, line_from_toml_error
from config.settings import AuditConfig, UnitConfig
from pages.file_limits import zip_problem
from scoring.engine import events_target
from scoring.model import EntryInput
from scoring.rubric import Item, Part, Rubric

MEASURES = ("events", "deduction", "value", "rank")
NUMBERS = ("events", "deduction", "value", "rank", "bonus_events", "bonus", "cases")
TEXTS = ("unit", "item", "override_reason", "note", "evidence", "by")
FLAGS = ("confirm",)
KEYS = TEXTS[:2] + NUMBERS + FLAGS + TEXTS[2:]


class EntriesError(Exception):
    """All problems of one entries file, one ``file:line: key: message`` per line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(kw_only=True)
class EntriesFile:
    path: str
    year: int | None
    assessor: str | None
    entries: list[EntryInput] = field(default_factory=list)


def load_entries(
    path: str | Path, config: AuditConfig, rubrics: dict[str, Rubric], *, entered_by: str | None = None
) -> EntriesFile:
    file = Path(path)
    shown = str(file)
    if not file.exists():
        raise EntriesError([f"{shown}: file not found"])
    if file.suffix.lower() == ".xlsx":
        year, assessor, rows = _read_xlsx(file)
    else:
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise EntriesError([f"{shown}: not UTF-8 text ({exc.reason})"]) from None
        year, assessor, rows = _read_toml(text, shown)
    return validate_rows(rows, shown, config, rubrics, year=year, assessor=entered_by or assessor)


def parse_entries_text(text: str, path: str, config: AuditConfig, rubrics: dict[str, Rubric]) -> EntriesFile:
    year, assessor, rows = _read_toml(text, path)
    return validate_rows(rows, path, config, rubrics, year=year, assessor=assessor)


Row = tuple[int | None, dict[str, int | None], dict[str, Any]]  # (line, key → line, values)


def _read_toml(text: str, path: str) -> tuple[int | None, str | None, list[Row]]:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = line_from_toml_error(str(exc))
        raise EntriesError(
            [f"{path}:{line}: not valid TOML: {exc}" if line else f"{path}: not valid TOML: {exc}"]
        ) from None
    except RecursionError:
        raise EntriesError([f"{path}: tables or arrays nested too deeply to read"]) from None
    lines = KeyLines(text)
    problems = [
        f"{path}:{lines.find((key,))}: {key}: unknown key (year, assessor, [[entry]])"
        for key in raw
        if key not in ("year", "assessor", "entry")
    ]
    year = raw.get("year")
    if year is not None and not (isinstance(year, int) and 2000 <= year <= 2100):
        problems.append(f"{path}:{lines.find(('year',))}: year: must be a year such as 2020")
    entries = raw.get("entry", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        problems.append(f"{path}:{lines.find(('entry',))}: entry: must be [[entry]] tables")
        entries = []
    if problems:
        raise EntriesError(problems)
    rows: list[Row] = []
    for index, values in enumerate(entries):
        at = {key: lines.find(("entry", index, key)) for key in values}
        rows.append((lines.find(("entry", index)), at, values))
    assessor = raw.get("assessor")
    return year, str(assessor) if assessor is not None else None, rows


def _read_xlsx(file: Path) -> tuple[int | None, str | None, list[Row]]:
    from openpyxl import load_workbook

    refused = zip_problem(file)
    if refused:
        raise EntriesError([f"{file}: not read: {refused}"])
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # not a workbook, or a damaged one
        raise EntriesError([f"{file}: not a readable XLSX workbook ({type(exc).__name__})"]) from None
    sheet = book["entries"] if "entries" in book.sheetnames else book.worksheets[0]
    rows_iter = sheet.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows_iter, ())]
    if "unit" not in header or "item" not in header:
        raise EntriesError([f"{file}:1: the first row must name the columns (unit, item, events, …)"])
    rows: list[Row] = []
    for number, cells in enumerate(rows_iter, start=2):
        values = {
            name: cell
            for name, cell in zip(header, cells, strict=False)
            if name in KEYS and cell is not None and str(cell).strip() != ""
        }
        if not any(key in values for key in NUMBERS + FLAGS):
            continue  # a template row nobody filled
        rows.append((number, dict.fromkeys(values, number), values))
    year = _xlsx_meta(book, "year")
    assessor = _xlsx_meta(book, "assessor")
    book.close()
    return (int(year) if isinstance(year, int | float) else None), (str(assessor) if assessor else None), rows


def _xlsx_meta(book: Any, key: str) -> Any:
    if "meta" not in book.sheetnames:
        return None
    for row in book["meta"].iter_rows(values_only=True):
        if row and row[0] == key:
            return row[1] if len(row) > 1 else None
    return None


def validate_rows(
    rows: list[Row],
    path: str,
    config: AuditConfig,
    rubrics: dict[str, Rubric],
    *,
    year: int | None,
    assessor: str | None,
) -> EntriesFile:
    problems: list[str] = []
    out: list[EntryInput] = []
    seen: dict[tuple[str, str], int | None] = {}
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for line, at, values in rows:

        def bad(
            key: str | None, message: str, _line: int | None = line, _at: dict[str, int | None] = at
        ) -> None:
            where = _at.get(key or "", _line) or _line
            problems.append(f"{path}:{where}: {key}: {message}" if key else f"{path}:{where}: {message}")

        before = len(problems)
        for key in values:
            if key not in KEYS:
                near = difflib.get_close_matches(key, KEYS, n=1)
                bad(key, "unknown key" + (f" (did you mean {near[0]!r}?)" if near else ""))
        unit = _unit(values.get("unit"), config, bad)
        item = _item(values.get("item"), unit, rubrics, bad) if unit else None
        numbers = {k: _number(k, values[k], bad) for k in NUMBERS if k in values}
        confirm = _flag("confirm", values.get("confirm"), bad)
        if unit is None or item is None or len(problems) > before:
            continue
        if confirm is not None:
            _check_confirm(item, confirm, values, numbers, bad)
        else:
            _check_measures(item, rubrics[unit.unit_class], values, numbers, bad)
        if len(problems) == before:
            _check_ranges(item, len(config.units_of_class(unit.unit_class)), values, numbers, bad)
        if item.role == "item":
            first = seen.get((unit.id, item.code), -1)
            if first != -1:
                bad(
                    "item",
                    f"a second entry for {unit.name} {item.code} (the first is at line {first}); merge them",
                )
            seen[(unit.id, item.code)] = line
        if len(problems) > before:
            continue
        out.append(
            EntryInput(
                unit_id=unit.id,
                item=item.code,
                ref=f"{Path(path).name}:{line}",
                events=numbers.get("events"),
                deduction=numbers.get("deduction"),
                value=numbers.get("value"),
                rank=int(numbers["rank"]) if "rank" in numbers else None,
                bonus_events=numbers.get("bonus_events"),
                bonus=numbers.get("bonus"),
                cases=int(numbers["cases"]) if "cases" in numbers else None,
                confirm=confirm,
                override_reason=_text(values.get("override_reason")),
                note=_text(values.get("note")),
                evidence=_text(values.get("evidence")),
                entered_by=_text(values.get("by")) or assessor,
                entered_at=now,
            )
        )
    if problems:
        raise EntriesError(problems)
    return EntriesFile(path=path, year=year, assessor=assessor, entries=out)


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def _unit(value: Any, config: AuditConfig, bad: Any) -> UnitConfig | None:
    if value is None:
        bad(None, "entry has no unit")
        return None
    try:
        return config.unit(str(value).strip())
    except KeyError:
        names = [u.id for u in config.units] + [u.name for u in config.units]
        near = difflib.get_close_matches(str(value), names, n=2, cutoff=0.4)
        hint = f" (did you mean {' or '.join(repr(n) for n in near)}?)" if near else ""
        bad("unit", f"unknown unit {value!r}{hint}; give an id or a Chinese name from {config.path}")
        return None


def _item(value: Any, unit: UnitConfig, rubrics: dict[str, Rubric], bad: Any) -> Item | None:
    if value is None:
        bad(None, "entry has no item")
        return None
    code = str(value).strip().upper()
    rubric = rubrics[unit.unit_class]
    try:
        return rubric.get(code)
    except KeyError:
        pass
    other = [c for c, r in rubrics.items() if c != unit.unit_class and code in {i.code for i in r.item}]
    if other:
        bad("item", f"{code} is a class {other[0]} item, but {unit.name} is class {unit.unit_class}")
    else:
        codes = [i.code for i in rubric.item]
        bad("item", f"unknown item {value!r} for class {unit.unit_class} ({codes[0]}…{codes[-1]})")
    return None


def _number(key: str, value: Any, bad: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            value = float(str(value).strip().rstrip("%"))
        except ValueError:
            bad(key, f"must be a number, got {value!r}")
            return 0.0
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an integer beyond any float
        finite = False
    if not finite:
        shown = f"{value!r}" if isinstance(value, float) else f"a {len(str(value))}-digit number"
        bad(key, f"must be a finite number, got {shown} ({_allowed(key)})")
        return 0.0
    if value < 0:
        bad(key, "must not be negative")
    if key in ("events", "rank", "cases", "bonus_events") and float(value) != int(value):
        bad(key, f"must be a whole number (a count), got {value!r}")
    return float(value)


def _flag(key: str, value: Any, bad: Any) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "是", "yes"):
        return True
    if text in ("false", "0", "否", "no"):
        return False
    bad(key, f"must be true or false, got {value!r}")
    return None


def _check_confirm(
    item: Item, confirm: bool, values: dict[str, Any], numbers: dict[str, float], bad: Any
) -> None:
    """``confirm`` stands alone: a verdict on the machine's measure, not a measure of its own."""
    what = f"{item.code} {item.name}"
    if numbers:
        bad("confirm", f"confirm keeps the machine's score; give it alone, not with {', '.join(numbers)}")
    elif item.role == "overall_bonus" or (item.role == "item" and not item.has_automatic()):
        bad("confirm", f"{what} is scored by the assessors alone: there is no machine score to confirm")
    elif item.role == "item" and not confirm:
        bad("confirm", f"confirm = false on {what}: give the assessors' measure with override_reason instead")
    elif item.role == "major" and not confirm and not _text(values.get("note")):
        bad("note", f"rejecting the proposed cases of {what} (confirm = false) needs note = the reason")


def _check_measures(
    item: Item, rubric: Rubric, values: dict[str, Any], numbers: dict[str, float], bad: Any
) -> None:
    given = [k for k in MEASURES if k in numbers]
    reason = _text(values.get("override_reason"))
    what = f"{item.code} {item.name}"
    if item.role == "overall_bonus":
        for key in [*given, "bonus_events", "cases"]:
            if key in numbers:
                bad(key, f"{what} takes bonus = points (the overall bonus), not {key}")
        if "bonus" not in numbers:
            bad(None, f"{what} entry needs bonus = points")
        return
    if item.role == "major":
        for key in [*given, "bonus_events", "bonus"]:
            if key in numbers:
                bad(key, f"{what} takes cases = number of cases, not {key}")
        if not numbers.get("cases"):
            bad("cases", f"{what} entry needs cases = number of cases (1 or more)")
        return
    if "cases" in numbers:
        bad("cases", f"cases is for MAJOR (重大扣分项) only, not {what}")
    if len(given) > 1:
        bad(given[1], f"give one of events, deduction, value, rank — not {' and '.join(given)}")
        return
    if not given and not any(k in numbers for k in ("bonus", "bonus_events")):
        bad(None, f"entry for {what} gives nothing to score (events, deduction, value, rank, bonus…)")
    for key in ("bonus", "bonus_events"):
        if key in numbers and item.bonus is None:
            bad(key, f"{what} has no item bonus (加分项)")
    if "bonus_events" in numbers and item.bonus is not None and item.bonus.per_event is None:
        bad("bonus_events", f"{what}'s bonus is not counted per event; give bonus = points")
    if "bonus" in numbers and "bonus_events" in numbers:
        bad("bonus", "give bonus_events or bonus, not both")
    if not given:
        return
    key = given[0]
    kinds = {p.kind: p for p in item.part}
    target = None
    if key == "events":
        target = events_target(item)
        if target is None:
            bad(key, f"a count where a condition is expected: {what} is not counted per event; {_how(item)}")
            return
    elif key == "value":
        target = kinds.get("ratio")
        if target is None:
            bad(key, f"{what} is not a ratio item; {_how(item)}")
            return
        if numbers[key] > 100:
            bad(key, f"a percentage between 0 and 100, got {numbers[key]:g}")
    elif key == "rank":
        target = kinds.get("rank")
        if target is None:
            bad(key, f"{what} is not ranked; {_how(item)}")
            return
        if numbers[key] < 1:
            bad(key, "ranks start at 1")
    automatic = target.automatic if target is not None else not item.manual_parts()
    if automatic and not reason:
        source = ", ".join(item.input_checks()) or "the quarterly inspections"
        bad(
            key,
            f'{what} is measured automatically ({source}); an entry replaces that only with override_reason = "…"',
        )


def _how(item: Item) -> str:
    hints: list[str] = []
    for part in item.part:
        if part.kind in ("conditions", "binary"):
            named = ", ".join(f"{c.key} {c.deduction:g}「{c.label}」" for c in part.condition)
            hints.append(f"it deducts for named conditions ({named}): give deduction = points")
        elif part.kind == "per_event":
            hints.append("give events = count")
        elif part.kind == "ratio":
            hints.append("give value = the measured percentage")
        elif part.kind == "rank":
            hints.append("give rank = place")
    return "; ".join(dict.fromkeys(hints))


# Ranges: what an entry may say at most, so that one typo cannot move a total by millions.

MAX_COUNT = 10_000  # events, bonus_events, cases: far above any count the scheme's items see
COUNTS = ("events", "bonus_events", "cases")


def _allowed(key: str) -> str:
    if key in COUNTS:
        return f"a whole number from 0 to {MAX_COUNT}"
    if key == "value":
        return "a percentage from 0 to 100"
    if key == "rank":
        return "a place from 1 to the number of units in the class"
    return "points from 0 to the item's maximum"


def _check_ranges(
    item: Item, class_size: int, values: dict[str, Any], numbers: dict[str, float], bad: Any
) -> None:
    for key in COUNTS:
        if numbers.get(key, 0.0) > MAX_COUNT:
            bad(key, f"{numbers[key]:g} is out of range: {_allowed(key)}")
    if numbers.get("rank", 0.0) > class_size:
        bad(
            "rank",
            f"{numbers['rank']:g} is out of range: a place from 1 to {class_size} (units in the class)",
        )
    if "bonus" in numbers:
        limit = _bonus_limit(item)
        if numbers["bonus"] > limit:
            bad("bonus", f"{numbers['bonus']:g} is out of range: at most {limit:g} points for {item.code}")
    if "deduction" in numbers:
        whole = bool(_text(values.get("override_reason"))) or not item.has_automatic()
        limit, why = deduction_limit(item, whole_item=whole)
        if numbers["deduction"] > limit + 1e-9:
            bad(
                "deduction",
                f"{numbers['deduction']:g} is more than {item.code} {item.name} allows: at most {limit:g} ({why})",
            )


def _bonus_limit(item: Item) -> float:
    if item.bonus is not None and item.bonus.cap is not None:
        return item.bonus.cap
    caps = [c for c in (item.entry_cap, item.overall_cap) if c is not None]
    return min(caps) if caps else 100.0  # no stated cap: never more than the whole score


def deduction_limit(item: Item, *, whole_item: bool) -> tuple[float, str]:
    """The largest deduction an entry may give: the item's 扣分上限, else what its named
    conditions add up to (alternatives of a group count once, at their largest), else its
    points. ``whole_item`` (an override, or an item with no automatic part) spans every part;
    otherwise only the parts the assessor judges."""
    parts = item.part if whole_item else item.manual_parts()
    bounds = [_part_limit(p) for p in parts]
    limits: list[tuple[float, str]] = []
    if item.cap is not None:
        limits.append((item.cap, "the item's 扣分上限"))
    if parts and all(b is not None for b in bounds):
        named = ", ".join(f"{c.key} {c.deduction:g}" for p in parts for c in p.condition)
        scope = "its named conditions" if whole_item else "the named conditions the assessor judges"
        hint = "" if whole_item or not item.has_automatic() else "; with override_reason, the whole item"
        limits.append((sum(b for b in bounds if b is not None), f"{scope}: {named}{hint}"))
    if not limits:
        limits.append((item.points, "the item's points; its rule states no cap"))
    return min(limits, key=lambda pair: pair[0])


def _part_limit(part: Part) -> float | None:
    if part.kind not in ("conditions", "binary"):
        return part.cap
    alone = sum(c.deduction for c in part.condition if not c.group)
    groups: dict[str, float] = {}
    for c in part.condition:
        if c.group:
            groups[c.group] = max(groups.get(c.group, 0.0), c.deduction)
    total = alone + sum(groups.values())
    return min(total, part.cap) if part.cap is not None else total
