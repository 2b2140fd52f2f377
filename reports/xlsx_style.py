"""Shared openpyxl styling for the workbooks officials receive."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.safe_text import clean_text, clean_value

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
HEADER_FONT = Font(name="黑体", bold=True)
BODY_FONT = Font(name="宋体")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_rows(
    sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int]
) -> None:
    sheet.append([clean_text(h) for h in header])
    for row in rows:
        sheet.append([clean_value(v) for v in row])
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTER, BORDER
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.font, cell.alignment, cell.border = BODY_FONT, WRAP, BORDER
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def title_row(sheet: Worksheet, text: str, columns: int) -> None:
    sheet.insert_rows(1)
    sheet.cell(row=1, column=1, value=clean_text(text)).font = Font(name="黑体", size=14, bold=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    sheet.cell(row=1, column=1).alignment = CENTER
    sheet.row_dimensions[1].height = 28
    sheet.freeze_panes = "A3"


def print_setup(sheet: Worksheet, title_rows: str) -> None:
    """Print landscape on A4, the title/header rows on every page, all columns on one page width."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
