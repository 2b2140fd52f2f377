"""Static bytes the pages refer to: images, CSS, media, H5 pages, report attachments."""

from __future__ import annotations

import base64
import datetime as dt
import io
from typing import Any

from sandbox.model import Item, Site
from sandbox.reports import APPLICANTS, TABLE2_HEADS, closing_lines, report_lines, table3_labels

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00\x00\x00\x08free" + b"\x00\x00\x00\x08mdat"
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" + b"\x00" * 413
CSS = b"body{margin:0}.list li{list-style:none}.list span{float:right}\n"


def static_asset(rel: str) -> tuple[str, bytes] | None:
    lower = rel.lower()
    if lower.endswith((".png", ".jpg", ".gif", ".jpeg")):
        return ("image/png", PNG)
    if lower.endswith(".css"):
        return ("text/css", CSS)
    if lower.endswith(".js"):
        return ("application/javascript", b"/* */\n")
    if lower.endswith(".mp4"):
        return ("video/mp4", MP4)
    if lower.endswith(".mp3"):
        return ("audio/mpeg", MP3)
    return None


def h5_page(site: Site, item: Item) -> bytes:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        f'<title>{item.title}</title></head><body><div class="h5-swiper">'
        + "".join(
            f'<div class="slide"><img src="{site.place.base}images/h5/{item.id}_{n}.png"></div>'
            for n in range(1, 5)
        )
        + "</div></body></html>"
    ).encode()


def report_file(item: Item, ext: str, full_name: str = "本机关") -> bytes:
    cache = item.data.setdefault("_files", {})
    if ext not in cache:
        cache[ext] = _report_file(item, ext, full_name)
    return bytes(cache[ext])


def _report_file(item: Item, ext: str, full_name: str) -> bytes:
    if ext == "docx":
        return _docx(item, full_name)
    from sandbox.pdf import text_pdf

    lines = [item.title, f"（{item.date:%Y年%m月%d日}）", *report_lines(item.data["report"], full_name)]
    return text_pdf(lines)


def _docx(item: Item, full_name: str) -> bytes:
    """The report as a Word document laid out like the official template: table 3 with three
    label columns (merged cells) and the applicant header over three rows."""
    import docx

    report = item.data["report"]
    year, layout = report["year"], report["layout"]
    document = docx.Document()
    document.core_properties.created = dt.datetime(2020, 1, 1)
    document.add_heading(item.title, level=1)
    document.add_paragraph("一、总体情况")
    document.add_paragraph(f"{year}年，{full_name}全年主动公开政府信息{report['proactive']}条。")
    document.add_paragraph("二、主动公开政府信息情况")
    t2 = document.add_table(rows=2, cols=4)
    t2.cell(0, 0).merge(t2.cell(0, 3)).text = "第二十条第（一）项"
    for cell, text in zip(t2.rows[1].cells, ["信息内容", *TABLE2_HEADS[layout]], strict=True):
        cell.text = text
    for values in report["table2"]:
        for cell, value in zip(t2.add_row().cells, values, strict=True):
            cell.text = str(value)
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    _docx_requests(document, report)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t4 = document.add_table(rows=2, cols=15)
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    for cell, text in zip(t4.rows[0].cells, heads, strict=True):
        cell.text = text
    for cell, text in zip(t4.rows[1].cells, report["table4"], strict=True):
        cell.text = text
    for line in closing_lines(year):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _docx_requests(document: Any, report: dict[str, Any]) -> None:
    labels = table3_labels(report)
    table = document.add_table(rows=3 + len(labels), cols=3 + len(APPLICANTS) + 1)
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    table.cell(0, 0).merge(table.cell(2, 2)).text = note
    table.cell(0, 3).merge(table.cell(0, 9)).text = "申请人情况"
    table.cell(1, 3).merge(table.cell(2, 3)).text = APPLICANTS[0]
    table.cell(1, 4).merge(table.cell(1, 8)).text = "法人或其他组织"
    table.cell(1, 9).merge(table.cell(2, 9)).text = "总计"
    for n, name in enumerate(APPLICANTS[1:]):
        table.cell(2, 4 + n).text = name
    for r, cells in enumerate(report["table3"], start=3):
        for c, value in enumerate(cells):
            table.cell(r, 3 + c).text = value
    _merge_labels(table, labels, top=3)


def _merge_labels(table: Any, labels: list[tuple[str, str, str]], top: int) -> None:
    """Write the label columns as the official table has them: a label shared by a run of rows
    (三、本年度办理结果, 不予公开 …) is one merged cell; a row without items spans the columns."""

    def merged(r1: int, c1: int, r2: int, c2: int) -> Any:
        cell = table.cell(top + r1, c1)
        return cell if (r1, c1) == (r2, c2) else cell.merge(table.cell(top + r2, c2))

    r = 0
    while r < len(labels):
        section, group, _ = labels[r]
        if len(set(labels[r])) == 1:
            merged(r, 0, r, 2).text = section
            r += 1
            continue
        end = r
        while end + 1 < len(labels) and labels[end + 1][0] == section and len(set(labels[end + 1])) > 1:
            end += 1
        merged(r, 0, end, 0).text = section
        g = r
        while g <= end:
            group, sub = labels[g][1], labels[g][2]
            if sub == group:
                merged(g, 1, g, 2).text = group
                g += 1
                continue
            last = g
            while last + 1 <= end and labels[last + 1][1] == group:
                last += 1
            merged(g, 1, last, 1).text = group
            for k in range(g, last + 1):
                table.cell(top + k, 2).text = labels[k][2]
            g = last + 1
        r = end + 1


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps, so the same seed gives the same bytes."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                body = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, body)
    return out.getvalue()
