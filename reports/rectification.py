"""Per-unit rectification lists (整改清单): each problem, its evidence, deadline and status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from reports.atomic import save_workbook
from reports.circular_data import CircularData, Problem
from reports.xlsx_style import title_row, write_rows

STATUS = {"new": "新发现（待整改）", "still": "仍未整改", "fixed": "已整改"}
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


def unit_problems(data: CircularData, unit_id: str) -> list[Problem]:
    current = [p for u in data.units if u.unit_id == unit_id for p in u.problems]
    return current + [p for p in data.fixed if p.unit_id == unit_id]


def write_rectification_lists(data: CircularData, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for unit in data.units:
        problems = unit_problems(data, unit.unit_id)
        path = folder / f"整改清单-{data.quarter}-{unit.unit_id}.xlsx"
        _write_one(path, unit.name, data.quarter, data.deadline, problems)
        written.append(path)
    return written


def _write_one(path: Path, name: str, quarter: str, deadline: dt.date, problems: list[Problem]) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "整改清单"
    rows = [
        [
            n,
            p.category,
            p.message,
            p.url or "—",
            p.first_seen or "—",
            p.last_seen or "—",
            deadline.isoformat() if p.status != "fixed" else "—",
            STATUS[p.status],
            p.screenshot or "",
            p.finding_id if p.finding_id is not None else "—",
        ]
        for n, p in enumerate(problems, start=1)
    ]
    write_rows(sheet, HEADER, rows, [6, 18, 50, 45, 12, 12, 12, 16, 30, 10])
    title_row(
        sheet, f"{name} {quarter} 政府网站检查问题整改清单（整改期限 {deadline.isoformat()}）", len(HEADER)
    )
    save_workbook(book, path)
