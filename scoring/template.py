"""Blank entry files for assessors, one per class: TOML (commented blocks) or XLSX (one row per unit × item)."""

from __future__ import annotations

from pathlib import Path

from config.settings import UnitConfig
from scoring.model import ENTRY_VALUES
from scoring.rubric import Item, Rubric
from storage.atomic import atomic_path

HEADER = (
    "unit",
    "item",
    *ENTRY_VALUES,
    "by",
    "unit_name",
    "item_name",
    "points",
    "how",
)


def how_to_enter(item: Item) -> str:
    """What an assessor writes for this item, in one line."""
    if item.role == "overall_bonus":
        return f"bonus = 分值（单项不超过 {item.entry_cap or 0:g}，合计不超过 {item.overall_cap or 0:g}）"
    if item.role == "major":
        return f"cases = 起数（每起扣 {item.per_case or 0:g} 分）"
    hints: list[str] = []
    for part in item.part:
        auto = "（自动：改判须写 override_reason）" if part.automatic else ""
        if part.kind == "per_event":
            hints.append(f"events = 件数，每件扣 {part.per_event or 0:g}{auto}")
        elif part.kind in ("conditions", "binary"):
            named = "；".join(
                f"{c.label} {c.deduction:g}{'（自动）' if c.checks else ''}" for c in part.condition
            )
            hints.append(f"deduction = 扣分（{named}）")
        elif part.kind == "ratio":
            hints.append(f"value = 百分比{auto}")
        elif part.kind == "rank":
            hints.append(f"rank = 名次{auto}")
    if item.bonus is not None:
        hints.append("bonus_events = 加分件数" if item.bonus.per_event is not None else "bonus = 加分分值")
    return "；".join(hints)


def template_toml(rubric: Rubric, units: list[UnitConfig], year: int) -> str:
    out = [
        f"# 考核小组录入表 assessors' entries — {rubric.scheme.title}",
        "# Uncomment and fill the entries you need; `zwgk score load FILE` validates and stores them,",
        "# `zwgk score --inputs FILE --only-inputs` checks a calculation from this file alone.",
        "# Keys: unit (id or 名称), item (code), one of events | deduction | value | rank;",
        "# optionally bonus_events or bonus, cases (MAJOR), override_reason, note, evidence, by;",
        "# confirm = true alone: a 待核实 item's machine score stands (MAJOR: confirms the proposed cases;",
        "# confirm = false with note = why rejects them).",
        "",
        f"year = {year}",
        'assessor = ""  # 录入人',
        "",
        "# 指标 items:",
    ]
    for item in rubric.item:
        points = f" {item.points:g}分" if item.role == "item" else ""
        out.append(f"#   {item.code} {item.name}{points}: {how_to_enter(item)}")
    for unit in units:
        out += ["", f"# ── {unit.display_name} ({unit.id}) ──"]
        for item in rubric.item:
            if item.role == "item" and not item.manual_parts() and item.bonus is None:
                continue  # measured by the checks; an override is written by hand
            field = _first_field(item)
            out += [
                "# [[entry]]",
                f'# unit = "{unit.name}"',
                f'# item = "{item.code}"  # {item.name}',
                f"# {field} = 0",
            ]
    return "\n".join(out) + "\n"


def _first_field(item: Item) -> str:
    if item.role == "overall_bonus":
        return "bonus"
    if item.role == "major":
        return "cases"
    manual = item.manual_parts()
    if any(p.kind == "per_event" for p in manual):
        return "events"
    if manual:
        return "deduction"
    return "bonus_events" if item.bonus and item.bonus.per_event is not None else "bonus"


def template_xlsx(rubric: Rubric, units: list[UnitConfig], year: int, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "entries"
    sheet.append(list(HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for unit in units:
        for item in rubric.item:
            sheet.append(
                [
                    unit.id,
                    item.code,
                    *([None] * 11),
                    unit.display_name,
                    item.name,
                    item.points if item.role == "item" else None,
                    how_to_enter(item),
                ]
            )
    sheet.freeze_panes = "C2"
    meta = book.create_sheet("meta")
    meta.append(["year", year])
    meta.append(["assessor", ""])
    meta.append(["scheme", rubric.scheme.id])
    meta.append(["class", rubric.unit_class])
    with atomic_path(path) as temporary:
        book.save(temporary)
