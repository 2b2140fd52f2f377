"""Read a unit's document list (Annex 5 item 5) from XLSX or CSV, as real sheets come.

The list's elements: 公文全称, 文号, 公开属性, 牵头起草部门, 主动公开公文链接, 解读文件链接,
是否为纯文字解读. Real sheets have a merged title row above the header, two-row headers
(a merged "链接" over two sub-columns), blank rows, full-width characters, and links stored
as cell hyperlinks or ``=HYPERLINK(url, text)`` formulas with "点击查看" as the shown text.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pages.file_limits import zip_problem

FIELDS = (
    "title",
    "doc_number",
    "publicity",
    "drafter",
    "policy_url",
    "interpretation_url",
    "pure_text",
)
HEADERS = {
    "title": "公文全称",
    "doc_number": "文号",
    "publicity": "公开属性",
    "drafter": "牵头起草部门",
    "policy_url": "主动公开公文链接",
    "interpretation_url": "解读文件链接",
    "pure_text": "是否为纯文字解读",
}
# Header words per field, most specific first (a header cell is matched against them in order).
_SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pure_text", ("纯文字", "解读形式", "解读方式", "文字解读")),
    ("interpretation_url", ("解读文件链接", "解读链接", "解读文件", "解读")),
    ("policy_url", ("公文链接", "文件链接", "公开链接", "原文链接", "链接", "网址")),
    ("publicity", ("公开属性", "属性", "公开方式")),
    ("drafter", ("起草部门", "起草单位", "牵头", "起草")),
    ("doc_number", ("文号", "发文字号", "字号")),
    ("title", ("公文全称", "公文名称", "文件名称", "全称", "标题", "名称")),
)
PUBLICITY = ("主动公开", "依申请公开", "不予公开")
_HYPERLINK = re.compile(r'^=\s*HYPERLINK\(\s*"([^"]+)"\s*(?:[,;]\s*"([^"]*)")?', re.I)
_URL = re.compile(r"https?://[^\s\"'<>，,；;]+")


class DocListError(ValueError):
    """The file is not a document list we can read (no header found, unknown format)."""


@dataclass(frozen=True, kw_only=True)
class DocListRow:
    row: int  # the row number in the sheet (1-based), for the unit to find it
    sheet: str | None = None
    title: str
    doc_number: str | None = None
    publicity: str | None = None  # 主动公开 | 依申请公开 | 不予公开 | None (blank or unreadable)
    publicity_raw: str | None = None
    drafter: str | None = None
    policy_url: str | None = None
    interpretation_urls: tuple[str, ...] = ()
    pure_text: bool | None = None  # the claim: True = 纯文字, False = other form, None = blank
    claimed_form: str | None = None  # what the cell says when it names a form (图解, 视频…)
    raw: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class DocList:
    path: str
    sheet: str | None
    header_row: int
    rows: list[DocListRow]
    columns: dict[str, int]  # field → column (1-based)


def read_doclist(path: str | Path) -> DocList:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    raise DocListError(f"{path.name}: expected .xlsx or .csv")


def norm(text: Any) -> str:
    """Cell text: NFKC (full-width → half-width), no ideographic spaces, trimmed."""
    if text is None:
        return ""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(text))).strip()


def _read_xlsx(path: Path) -> DocList:
    import openpyxl

    refused = zip_problem(path)
    if refused:
        raise DocListError(f"{path.name}: not read: {refused}")
    book = openpyxl.load_workbook(path, data_only=False)
    errors = []
    read: list[DocList] = []
    for sheet in book.worksheets:
        grid: list[list[tuple[str, str | None]]] = []
        merged = {}
        for merged_range in sheet.merged_cells.ranges:
            value = sheet.cell(merged_range.min_row, merged_range.min_col).value
            for r in range(merged_range.min_row, merged_range.max_row + 1):
                for c in range(merged_range.min_col, merged_range.max_col + 1):
                    merged[(r, c)] = value
        for r, cells in enumerate(sheet.iter_rows(), start=1):
            line: list[tuple[str, str | None]] = []
            for c, cell in enumerate(cells, start=1):
                value = merged.get((r, c), cell.value)
                link = cell.hyperlink.target if cell.hyperlink is not None else None
                text, formula_link = _formula(value)
                line.append((text, link or formula_link))
            grid.append(line)
        try:
            read.append(_parse_grid(grid, str(path), sheet.title))
        except DocListError as exc:
            errors.append(f"{sheet.title}: {exc}")
    if not read:
        raise DocListError("; ".join(errors) or f"{path.name}: empty workbook")
    # Lists "按体裁（分文字号）分类" may hold one sheet per document series: read them all.
    first = read[0]
    return DocList(
        path=first.path,
        sheet="、".join(d.sheet or "" for d in read),
        header_row=first.header_row,
        rows=[row for d in read for row in d.rows],
        columns=first.columns,
    )


def _read_csv(path: Path) -> DocList:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DocListError(f"{path.name}: neither UTF-8 nor GB18030")
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    grid: list[list[tuple[str, str | None]]] = [
        [(cell, None) for cell in row] for row in csv.reader(io.StringIO(text), dialect)
    ]
    return _parse_grid(grid, str(path), None)


def _formula(value: Any) -> tuple[str, str | None]:
    if isinstance(value, str):
        match = _HYPERLINK.match(value.strip())
        if match:
            return match.group(2) or match.group(1), match.group(1)
    return ("" if value is None else str(value)), None


def _match_field(text: str) -> str | None:
    text = norm(text).replace(" ", "")
    if not text:
        return None
    for name, words in _SYNONYMS:
        if any(word in text for word in words):
            return name
    return None


def _header(grid: list[list[tuple[str, str | None]]]) -> tuple[int, dict[str, int]]:
    """The header's last row (0-based) and field → column (0-based); two-row headers combine."""
    best: tuple[int, int, dict[str, int]] = (0, -1, {})
    for r in range(min(len(grid), 15)):
        for span in (1, 2):
            if r - span + 1 < 0:
                continue
            width = max(len(grid[i]) for i in range(r - span + 1, r + 1))
            columns: dict[str, int] = {}
            for c in range(width):
                # The lower row is the more specific; fall back to the merged cell above it.
                texts = [grid[i][c][0] if c < len(grid[i]) else "" for i in range(r, r - span, -1)]
                for text in texts:
                    name = _match_field(text)
                    if name and name not in columns:
                        columns[name] = c
                        break
            if len(columns) > best[0]:
                best = (len(columns), r, columns)
    if best[0] < 3 or ("title" not in best[2] and "doc_number" not in best[2]):
        raise DocListError("no header row with 公文全称/文号/公开属性… found in the first 15 rows")
    return best[1], best[2]


def _parse_grid(grid: list[list[tuple[str, str | None]]], path: str, sheet: str | None) -> DocList:
    header_row, columns = _header(grid)
    rows: list[DocListRow] = []
    for r in range(header_row + 1, len(grid)):
        line = grid[r]

        def cell(name: str, line: list[tuple[str, str | None]] = line) -> tuple[str, str | None]:
            c = columns.get(name)
            if c is None or c >= len(line):
                return "", None
            return norm(line[c][0]), line[c][1]

        values = {name: cell(name) for name in FIELDS}
        if not any(text or link for text, link in values.values()):
            continue  # blank row
        title = values["title"][0]
        doc_number = values["doc_number"][0] or None
        if not title and not doc_number:
            continue  # a note or a sub-total line
        if title in (HEADERS["title"], "合计", "小计") or title.startswith(("填表说明", "注:", "说明:")):
            continue
        publicity_raw = values["publicity"][0] or None
        pure_text, claimed_form = _pure_text(values["pure_text"][0])
        rows.append(
            DocListRow(
                row=r + 1,
                sheet=sheet,
                title=title,
                doc_number=doc_number,
                publicity=_publicity(publicity_raw),
                publicity_raw=publicity_raw,
                drafter=values["drafter"][0] or None,
                policy_url=_urls(*values["policy_url"])[0] if _urls(*values["policy_url"]) else None,
                interpretation_urls=tuple(_urls(*values["interpretation_url"])),
                pure_text=pure_text,
                claimed_form=claimed_form,
                raw={name: text for name, (text, _) in values.items() if text},
            )
        )
    return DocList(
        path=path,
        sheet=sheet,
        header_row=header_row + 1,
        rows=rows,
        columns={k: v + 1 for k, v in columns.items()},
    )


def _urls(text: str, link: str | None) -> list[str]:
    found = [link.strip()] if link and link.strip() else []
    for url in _URL.findall(text):
        if url not in found:
            found.append(url)
    return found


def _publicity(text: str | None) -> str | None:
    if not text:
        return None
    text = text.replace(" ", "")
    if "依申请" in text:
        return "依申请公开"
    if any(word in text for word in ("不予公开", "不公开", "免予公开", "非公开")):
        return "不予公开"
    if "主动" in text or text == "公开":
        return "主动公开"
    return None


_FORM_WORDS = (
    ("graphic", ("图解", "一图", "图文", "长图")),
    ("video", ("视频",)),
    ("audio", ("音频",)),
    ("animation", ("动漫", "漫画", "动画")),
    ("h5", ("H5", "h5")),
    ("interview", ("访谈",)),
    ("press_conference", ("发布会",)),
    ("qa", ("问答",)),
)


def _pure_text(text: str) -> tuple[bool | None, str | None]:
    """The claim in 是否为纯文字解读: 是/否, or the other form it names."""
    text = text.replace(" ", "")
    if not text or text in ("/", "-", "—", "无"):
        return None, None
    for form, words in _FORM_WORDS:
        if any(word in text for word in words):
            return False, form
    if text.startswith(("非", "否", "不是", "N", "n")) or text in ("×", "0", "false", "False"):
        return False, None
    if text.startswith(("是", "纯文字", "文字", "Y", "y")) or text in ("√", "1", "true", "True"):
        return True, None
    return None, None
