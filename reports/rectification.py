"""Per-unit rectification lists (整改清单): each problem, its evidence, deadline and status.

One workbook per unit, named by the unit's name and the quarter in words; URLs are links;
a unit with nothing to rectify gets a line saying so instead of an empty table.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from config.periods import quarter_label
from reports.atomic import save_workbook
from reports.circular_data import CircularData, Problem
from reports.wording import chinese_date
from reports.xlsx_style import print_setup, title_row, write_rows

STATUS = {
    "new": "新发现（待整改）",
    "still": "仍未整改",
    "worse": "未整改（加重）",
    "fixed": "已整改",
    "unchecked": "未复查（待核实）",
}
HEADER = [
    "序号",
    "问题类型",
    "问题描述",
    "网址（证据）",
    "首次发现",
    "最近发现",
    "整改期限",
    "状态",
    "截图",
    "问题编号",
]
NOTHING = "本季度检查未发现需要整改的问题。"
LINK_FONT = Font(name="宋体", color="0563C1", underline="single")
URL_COLUMN = 4


def unit_problems(data: CircularData, unit_id: str) -> list[Problem]:
    current = [p for u in data.units if u.unit_id == unit_id for p in u.problems]
    return current + [p for p in data.fixed if p.unit_id == unit_id]


def list_name(quarter: str, unit_name: str) -> str:
    safe = re.sub(r'[\\/:*?"<>|\s]+', "", unit_name) or "单位"
    return f"整改清单-{quarter_label(quarter)}-{safe}.xlsx"


def list_title(quarter: str, unit_name: str, deadline: dt.date) -> str:
    return (
        f"{unit_name}{quarter_label(quarter)}政府网站检查问题整改清单（整改期限：{chinese_date(deadline)}）"
    )


def write_rectification_lists(data: CircularData, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for unit in data.units:
        path = folder / list_name(data.quarter, unit.name)
        _write_one(
            path,
            list_title(data.quarter, unit.name, data.deadline),
            data.deadline,
            unit_problems(data, unit.unit_id),
        )
        written.append(path)
    return written


def _write_one(path: Path, title: str, deadline: dt.date, problems: list[Problem]) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "整改清单"
    rows = [
        [
            n,
            p.category,
            p.description,
            p.url or "—",
            chinese_date(p.first_seen),
            chinese_date(p.last_seen),
            chinese_date(deadline) if p.status != "fixed" else "—",
            STATUS[p.status],
            p.screenshot or "",
            p.finding_id if p.finding_id is not None else "—",
        ]
        for n, p in enumerate(problems, start=1)
    ]
    write_rows(sheet, HEADER, rows, [6, 18, 50, 45, 16, 16, 16, 16, 30, 10])
    title_row(sheet, title, len(HEADER))
    # After the title row is in: openpyxl moves neither hyperlinks nor merges on row inserts.
    if not rows:
        sheet.append([NOTHING])
        sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(HEADER))
    for row in sheet.iter_rows(min_row=3, min_col=URL_COLUMN, max_col=URL_COLUMN):
        cell = row[0]
        if isinstance(cell.value, str) and cell.value.startswith(("http://", "https://")):
            cell.hyperlink = cell.value
            cell.font = LINK_FONT
    print_setup(sheet, "1:2")
    save_workbook(book, path)
