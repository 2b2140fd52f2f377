"""The units' own document lists (Annex 5 item 5) as messy XLSX files, with planted problems
(listed in the manifest under ``doclist.planted``)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from sandbox.assets import _fixed_zip
from sandbox.cms import cms_for
from sandbox.generate import site_for
from sandbox.layout import real_places
from sandbox.manifest import broken_url

HEADERS = (
    "序号",
    "公文全称",
    "文号",
    "公开属性",
    "牵头起草部门",
    "主动公开公文链接",
    "解读文件链接",
    "是否为纯文字解读",
)
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def doclist_bytes(unit_id: str, seed: int, as_of: dt.date) -> bytes:
    site = site_for(unit_id, seed, as_of)
    cms = cms_for(site.place.cms)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    ws.append([f"{site.place.full_name}{as_of.year}年度公文公开及政策解读情况统计表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([f"填报单位（盖章）：{site.place.full_name}　　　　填报时间：{as_of:%Y年%m月%d日}"])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    ws.append(list(HEADERS))
    row_no = 0
    for n, doc in enumerate(site.docs):
        if not doc["listed"]:
            continue
        row_no += 1
        number = doc["doc_number"]
        if n == 1:
            number = number.translate(_FULLWIDTH)  # full-width digits, as typed by hand
        link = ""
        if doc["policy"] is not None:
            link = (
                broken_url(site, doc["policy"])
                if doc.get("broken")
                else cms.item_url(site, site.items[doc["policy"]])
            )
        interp_url, text_claim = "", ""
        if doc["interp"]:
            interp = site.items[doc["interp"]]
            interp_url = cms.item_url(site, interp)
            text_claim = "是" if interp.data["form"] == "text" or doc.get("false_text") else "否"
        elif doc["policy"] is not None and site.items[doc["policy"]].data.get("interp") == "reason":
            interp_url = "不作解读（已在文件页面说明）"
        ws.append([row_no, " " + doc["title"] if n % 4 == 3 else doc["title"], number, doc["attribute"], doc["dept"],
                   link, interp_url, text_claim])  # fmt: skip
        row = ws.max_row
        for col, url in ((6, link), (7, interp_url)):
            if url.startswith("http"):
                ws.cell(row=row, column=col).hyperlink = url
                ws.cell(row=row, column=col).style = "Hyperlink"
        if n % 5 == 2:
            ws.append([])  # blank rows, as in hand-made lists
    ws.append([])
    ws.append(["注：公开属性分为主动公开、依申请公开、不予公开。"])
    for letter, width in zip("ABCDEFGH", (6, 48, 22, 12, 28, 60, 60, 14), strict=True):
        ws.column_dimensions[letter].width = width
    wb.properties.creator = "zwgk sandbox"
    wb.properties.created = dt.datetime(2020, 12, 1)
    wb.properties.modified = dt.datetime(2020, 12, 1)
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_zip(buffer.getvalue())


def write_doclist(
    unit_id: str, folder: Path | str, seed: int = 1, as_of: dt.date = dt.date(2020, 12, 15)
) -> Path:
    path = Path(folder) / f"{unit_id}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(doclist_bytes(unit_id, seed, as_of))
    return path


def write_doclists(folder: Path | str, seed: int = 1, as_of: dt.date = dt.date(2020, 12, 15)) -> list[Path]:
    paths = []
    for place in real_places():
        site = site_for(place.id, seed, as_of)
        if not site.plan.unreachable:
            paths.append(write_doclist(place.id, folder, seed, as_of))
    return paths
