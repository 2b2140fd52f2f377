"""Annual score sheets (XLSX) per class, in the layout of Annexes 3 and 4.

Items run down the rows with their three levels and points, units across; then totals,
grades and ranks. A second sheet explains each deduction with its evidence, a third lists
the assessors' manual entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reports.atomic import save_workbook
from reports.xlsx_style import (
    BODY_FONT,
    BORDER,
    CENTER,
    HEADER_FILL,
    HEADER_FONT,
    WRAP,
    title_row,
    write_rows,
)
from scoring.model import ENTRY_VALUES


@dataclass(frozen=True, kw_only=True)
class SheetItem:
    code: str
    level1: str
    level2: str
    level3: str
    points: float


@dataclass(frozen=True, kw_only=True)
class SheetUnit:
    unit_id: str
    name: str
    total: float
    grade: str
    rank: int
    item_scores: dict[str, float]
    deductions: list[dict[str, Any]] = field(default_factory=list)  # {item, points, why, evidence}
    marks: dict[str, str] = field(default_factory=dict)  # item code → 待核实, shown beside its score
    total_mark: str = ""  # 待核实 beside the total while any item is
    status: str = ""  # the unit's 核实状态 row: 待核实（N项） or 已确定


@dataclass(frozen=True, kw_only=True)
class ScoreSheet:
    title: str
    unit_class: str
    items: list[SheetItem]
    units: list[SheetUnit]
    manual_entries: list[dict[str, Any]] = field(default_factory=list)
    ledger_anchor: str | None = None  # the change log's sealed head (scoring.ledger_seal)


def write_score_sheet(sheet_data: ScoreSheet, path: Path) -> Path:
    book = Workbook()
    main = book.active
    assert main is not None
    main.title = "评分表"
    _main_sheet(main, sheet_data)
    explain = book.create_sheet("扣分说明")
    rows = [
        [
            u.name,
            d.get("item", ""),
            d.get("item_name", ""),
            d.get("points", ""),
            d.get("why", ""),
            d.get("evidence", ""),
        ]
        for u in sheet_data.units
        for d in u.deductions
    ]
    write_rows(
        explain, ["单位", "指标代码", "指标", "扣分/加分", "依据", "证据"], rows, [18, 9, 18, 10, 70, 50]
    )
    manual = book.create_sheet("人工录入")
    keys = ["unit", "item", *ENTRY_VALUES, "entered_by", "entered_at"]
    widths = {
        "note": 40,
        "evidence": 30,
        "override_reason": 30,
        "entered_by": 12,
        "entered_at": 20,
        "unit": 14,
    }
    write_rows(
        manual,
        keys,
        # a stored 0 (e.g. an override to no events) must read 0, not blank
        [["" if e.get(k) is None else str(e[k]) for k in keys] for e in sheet_data.manual_entries],
        [widths.get(k, 8) for k in keys],
    )
    if sheet_data.ledger_anchor:
        book.properties.keywords = sheet_data.ledger_anchor  # read by `zwgk score log --verify --anchor`
        manual.append([])
        manual.append([f"录入记录链校验：{_anchor_shown(sheet_data.ledger_anchor)}"])
    return save_workbook(book, path)


def _mark_cells(sheet: Any, data: ScoreSheet, units: list[SheetUnit]) -> None:
    """A marked score keeps its number (sums still work) and shows the mark beside it."""
    codes = [item.code for item in data.items]
    for column, unit in enumerate(units, start=6):
        marked = [(codes.index(code) + 2, mark) for code, mark in unit.marks.items() if code in codes]
        if unit.total_mark:
            marked.append((len(codes) + 2, unit.total_mark))
        for row, mark in marked:
            sheet.cell(row=row, column=column).number_format = f'General" {mark}"'


def _anchor_shown(anchor: str) -> str:
    fields = dict(part.split("=", 1) for part in anchor.split() if "=" in part)
    return f"截至第{fields.get('id', '?')}条记录，校验码 {fields.get('mac', '')[:16]}"


def _main_sheet(sheet: Any, data: ScoreSheet) -> None:
    units = sorted(data.units, key=lambda u: (u.rank, u.unit_id))
    header = ["代码", "一级指标", "二级指标", "三级指标", "赋分", *[u.name for u in units]]
    rows: list[list[Any]] = []
    for item in data.items:
        rows.append(
            [
                item.code,
                item.level1,
                item.level2,
                item.level3,
                item.points,
                *[u.item_scores.get(item.code, "") for u in units],
            ]
        )
    rows.append(["", "总分", "", "", 100, *[u.total for u in units]])
    rows.append(["", "等次", "", "", "", *[u.grade for u in units]])
    rows.append(["", "排名", "", "", "", *[u.rank for u in units]])
    rows.append(["", "核实状态", "", "", "", *[u.status for u in units]])
    write_rows(sheet, header, rows, [8, 14, 14, 26, 6, *[10] * len(units)])
    _mark_cells(sheet, data, units)
    for row in sheet.iter_rows(min_row=len(rows) - 2, max_row=len(rows) + 1):
        for cell in row:
            cell.font = Font(name="黑体", bold=True)
    for column in range(6, 6 + len(units)):
        sheet.column_dimensions[get_column_letter(column)].width = 10
        head = sheet.cell(row=1, column=column)
        head.font, head.fill, head.alignment, head.border = HEADER_FONT, HEADER_FILL, CENTER, BORDER
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if not cell.font.bold:
                cell.font = BODY_FONT
            cell.alignment = WRAP
    title_row(sheet, data.title, len(header))
