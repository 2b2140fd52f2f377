"""The blank document list a unit fills in (Annex 5 item 5), as an XLSX workbook.

One title row, one header row with the seven elements, drop-downs for 公开属性 and
是否为纯文字解读, and a sheet of instructions. ``importer.read_doclist`` reads it back.
"""

from __future__ import annotations

from pathlib import Path

from checks.doclist.importer import FIELDS, HEADERS, PUBLICITY
from storage.atomic import atomic_path

INSTRUCTIONS = (
    "填表说明",
    "1. 列出本单位本年度制发的全部非涉密公文，按体裁（分文字号）分类，按文号顺序排列。",
    "2. 公开属性填“主动公开”“依申请公开”或“不予公开”；依申请公开、不予公开的应另附认定依据和理由。",
    "3. 主动公开公文链接、解读文件链接应为超链接形式（单元格超链接或完整网址）。",
    "4. 一件公文有多个解读的，解读文件链接可换行填写多个网址。",
    "5. 是否为纯文字解读填“是”或“否”；非纯文字解读请注明形式（图解、视频、音频、动漫、H5、访谈、问答、发布会）。",
    "6. 不作解读的，请在解读文件链接栏注明不作解读的依据和理由。",
)
_WIDTHS = {"title": 48, "doc_number": 22, "publicity": 12, "drafter": 18, "policy_url": 42}


def write_template(path: str | Path, *, unit_name: str | None = None, year: int = 2020) -> Path:
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "公文列表"
    who = unit_name or "本单位"
    sheet.cell(1, 1, f"{who}{year}年度制发非涉密公文详情列表")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(FIELDS))
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    for column, name in enumerate(FIELDS, start=1):
        cell = sheet.cell(2, column, HEADERS[name])
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS.get(name, 30)
    sheet.freeze_panes = "A3"
    publicity = DataValidation(type="list", formula1='"' + ",".join(PUBLICITY) + '"', allow_blank=True)
    pure_text = DataValidation(
        type="list", formula1='"是,否,图解,视频,音频,动漫,H5,访谈,问答,发布会"', allow_blank=True
    )
    sheet.add_data_validation(publicity)
    sheet.add_data_validation(pure_text)
    publicity.add(f"{get_column_letter(FIELDS.index('publicity') + 1)}3:{get_column_letter(3)}2000")
    column = get_column_letter(FIELDS.index("pure_text") + 1)
    pure_text.add(f"{column}3:{column}2000")
    notes = book.create_sheet("填表说明")
    for row, line in enumerate(INSTRUCTIONS, start=1):
        notes.cell(row, 1, line)
    notes.column_dimensions["A"].width = 110
    with atomic_path(path) as temporary:
        book.save(temporary)
    return path
