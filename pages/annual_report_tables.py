"""The two tables of an annual report that add up (rules.md §2), read into labelled cells.

Table 3 (requests): rows 本年新收, 上年结转, 予以公开, 部分公开, the items of 不予公开 / 无法提供 /
不予处理 / 其他处理, 总计, 结转下年度; columns 自然人, five kinds of 法人或其他组织, 总计.
Table 4 (review and litigation): blocks 行政复议, 未经复议直接起诉, 复议后起诉; columns 维持, 纠正,
其他, 尚未审结, 总计.

A row is read as ``(label, values)``: from a grid (HTML, DOCX) the label is the row's leading
cells and the values its last seven (or fifteen); from PDF text, a run of words followed by a
run of values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pages.annual_report_sources import Grid

APPLICANT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural", "自然人"),
    ("business", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益组织"),
    ("legal", "法律服务机构"),
    ("other_org", "其他法人或其他组织"),
    ("total", "总计"),
)
GROUPS: tuple[tuple[str, str], ...] = (
    ("withheld", "不予公开"),
    ("unable", "无法提供"),
    ("not_processed", "不予处理"),
    ("other", "其他处理"),
)
ROW_NAMES = {
    "new": "本年新收",
    "carried_in": "上年结转",
    "disclosed": "予以公开",
    "partial": "部分公开",
    "total": "总计",
    "carried_out": "结转下年度",
}
REVIEW_BLOCKS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("direct_suit", "未经复议直接起诉"),
    ("after_review_suit", "复议后起诉"),
)
REVIEW_COLUMNS: tuple[tuple[str, str], ...] = (
    ("upheld", "维持"),
    ("corrected", "纠正"),
    ("other", "其他"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
BLANK_MARKS = frozenset({"", "—", "——", "-", "--", "－", "─", "–", "/", "／", "\\", "、"})
_FULLWIDTH = str.maketrans("０１２３４５６７８９，", "0123456789,")
_INTEGER = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")
_ITEM = re.compile(r"^\d+\s*[.．、]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_BREAK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]*\n[ \t]*(?=[\u3000-\u9fff\uff00-\uffef])")
_GLUED_VALUE = re.compile(r"(?<=[\u4e00-\u9fff])(?=-?\d)")  # "结果维持1" → "结果维持 1"
_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_SECTION_END = re.compile(r"存在的主要问题|其他需要报告|^[五六][、.．]")
_VALUE_TOKEN = re.compile(r"^(\d[\d,]*(\.\d+)?|-\d+|[—\-－/／–─]+)$")


@dataclass(frozen=True)
class Cell:
    table: str  # "requests" | "review"
    row: str  # e.g. "new", "withheld.1"; review: the block
    column: str
    raw: str
    label: str  # Chinese, e.g. "本年新收 × 自然人"
    inferred: bool = False  # from text: the row lost cells, so this cell's position is a guess

    @property
    def blank(self) -> bool:
        return self.raw.translate(_FULLWIDTH).strip() in BLANK_MARKS

    @property
    def value(self) -> int | None:
        text = self.raw.translate(_FULLWIDTH).strip()
        return int(text.replace(",", "")) if _INTEGER.match(text) else None

    @property
    def name(self) -> str:
        return f"{self.table}[{self.row}][{self.column}]"

    def ref(self) -> dict[str, object]:
        return {"cell": self.name, "label": self.label, "raw": self.raw, "value": self.value}


Table = dict[tuple[str, str], Cell]


def row_label(key: str, item_labels: dict[str, str]) -> str:
    if "." in key:
        group, _, index = key.partition(".")
        name = dict(GROUPS)[group]
        return f"{name}{index}.{item_labels.get(key, '')}".rstrip(".")
    return ROW_NAMES.get(key, key)


DEFERRED = "deferred"  # a group's first item seen before the group's heading


class _RowNamer:
    """Gives each table-3 row its key; tracks the group (不予公开 …) that numbered items belong to.

    In PDF text a group's heading is a rowspan cell drawn at the middle of its rows, so its first
    item can come before it ("1.本机关不掌握…" then "（四）无法提供"): an item numbered 1 while the
    current group already has items is held (``DEFERRED``) and given to the next group heading.
    """

    def __init__(self) -> None:
        self.group: str | None = None
        self.counts: dict[str, int] = {}
        self.item_labels: dict[str, str] = {}
        self.deferred: list[str] = []
        self.resolved: list[str] = []  # keys given to the deferred rows, in their order

    def key(self, label: str) -> str | None:
        for simple, marker in (("new", "新收"), ("carried_in", "上年结转"), ("carried_out", "结转下年")):
            if marker in label:
                self.group = None
                return simple
        for group, marker in GROUPS:
            if marker in label:
                self.group = group
                self.resolved = [self._item(group, held) for held in self.deferred]
                self.deferred = []
                rest = label.split(marker, 1)[1]
                return self._item(group, rest) if rest.strip() or not self.resolved else None
        if self.group and _ITEM.match(label):
            if _item_number(label) == 1 and self.counts.get(self.group, 0) >= 1:
                self.group = None
                self.deferred.append(label)
                return DEFERRED
            return self._item(self.group, label)
        self.group = None
        if "部分公开" in label:
            return "partial"
        if "予以公开" in label:
            return "disclosed"
        if "总计" in label or "合计" in label:
            return "total"
        return None

    def _item(self, group: str, rest: str) -> str:
        self.counts[group] = self.counts.get(group, 0) + 1
        key = f"{group}.{self.counts[group]}"
        self.item_labels[key] = _ITEM.sub("", rest.strip()).strip()[:30]
        return key


def _item_number(label: str) -> int | None:
    match = re.match(r"^(\d+)", label)
    return int(match.group(1)) if match else None


def _dedupe(cells: list[str]) -> str:
    parts: list[str] = []
    for cell in cells:
        if cell and (not parts or parts[-1] != cell):
            parts.append(cell)
    return " ".join(parts)


# The outcome rows in official order, for tables whose row labels were lost (merged cells
# flattened by a converter): 2021 layout (其他处理 in three items) and 2019 layout (one).
_OUTCOME_ORDER_2021 = (
    ["disclosed", "partial"]
    + [f"withheld.{i}" for i in range(1, 9)]
    + [f"unable.{i}" for i in range(1, 4)]
    + [f"not_processed.{i}" for i in range(1, 6)]
    + [f"other.{i}" for i in range(1, 4)]
)
_OUTCOME_ORDER_2019 = [*_OUTCOME_ORDER_2021[:-3], "other.1"]


def requests_from_rows(rows: list[tuple[str, list[str], bool]]) -> tuple[Table, list[str]]:
    """Label table-3 rows ``(label, values, inferred)``, from 本年新收 to 结转下年度."""
    namer = _RowNamer()
    table: Table = {}
    problems: list[str] = []
    started = False
    unlabelled: list[tuple[str, list[str], bool]] = []
    held: list[tuple[list[str], bool]] = []
    for label, values, inferred in rows:
        if not started and "新收" not in label:
            continue
        started = True
        key = namer.key(label)
        if key == DEFERRED:
            held.append((values, inferred))
            continue
        for held_key, (held_values, held_inferred) in zip(namer.resolved, held, strict=False):
            _add_row(
                table, problems, held_key, row_label(held_key, namer.item_labels), held_values, held_inferred
            )
        if namer.resolved:
            held, namer.resolved = [], []
        if key is None:
            if values:
                unlabelled.append((label, values, inferred))
            continue
        if (key, "total") in table:
            problems.append(f"row {key} appears twice")
            continue
        _add_row(table, problems, key, row_label(key, namer.item_labels), values, inferred)
        if key == "carried_out":
            break
    if held:
        problems.append(f"{len(held)} rows numbered 1 with no group heading after them")
    outcome_rows = {row for row, _ in table if row not in ROW_NAMES or row in ("disclosed", "partial")}
    order = {len(_OUTCOME_ORDER_2021): _OUTCOME_ORDER_2021, len(_OUTCOME_ORDER_2019): _OUTCOME_ORDER_2019}
    if unlabelled and not outcome_rows and len(unlabelled) in order:
        problems.append(
            f"{len(unlabelled)} outcome rows without their own labels: read in the official order"
        )
        for key, (_, values, inferred) in zip(order[len(unlabelled)], unlabelled, strict=True):
            _add_row(table, problems, key, row_label(key, {}), values, inferred)
    elif unlabelled:
        problems += [f"unrecognised row {label[:40]!r}" for label, _, _ in unlabelled]
    return table, problems


def _add_row(
    table: Table, problems: list[str], key: str, name: str, values: list[str], inferred: bool
) -> None:
    width = len(APPLICANT_COLUMNS)
    if len(values) != width:
        problems.append(f"row {key}: {len(values)} values, expected {width}")
    padded = (values + [""] * width)[:width]
    # From text, a row short of values lost its empty cells: where they were is unknown.
    uncertain = inferred and len(values) != width
    for i, (column, column_name) in enumerate(APPLICANT_COLUMNS):
        table[(key, column)] = Cell("requests", key, column, padded[i], f"{name} × {column_name}", uncertain)


def requests_from_grid(grid: Grid) -> tuple[Table, list[str]]:
    width = len(APPLICANT_COLUMNS)
    rows: list[tuple[str, list[str], bool]] = []
    for cells in grid:
        if len(cells) <= width:
            label = _dedupe(cells)
            rows.append((label, [], False))
            continue
        rows.append((_dedupe(cells[:-width]), cells[-width:], False))
    return requests_from_rows(rows)


def review_from_grid(grid: Grid) -> tuple[Table, list[str]]:
    width = len(REVIEW_BLOCKS) * len(REVIEW_COLUMNS)
    header_index = max((i for i, row in enumerate(grid) if any("尚未审结" in c for c in row)), default=None)
    if header_index is None or header_index + 1 >= len(grid):
        return {}, ["review table: no header row with 尚未审结 and a row after it"]
    header, data = grid[header_index], grid[header_index + 1]
    problems: list[str] = []
    if len(data) < width:
        problems.append(f"review table: {len(data)} values, expected {width}")
    values = (
        (data[-width:] + [""] * width)[:width] if len(data) >= width else data + [""] * (width - len(data))
    )
    columns = _review_columns(header[-width:] if len(header) >= width else [])
    return _review_cells(values, columns, inferred_from=len(data)), problems


def _review_columns(header: list[str]) -> list[str]:
    positional = [column for _ in REVIEW_BLOCKS for column, _ in REVIEW_COLUMNS]
    if not header:
        return positional
    found: list[str] = []
    for text in header:
        match = next((c for c, marker in REVIEW_COLUMNS[::-1] if marker in text), None)
        found.append(match or "")
    per_block = [found[i : i + 5] for i in range(0, len(found), 5)]
    if all(sorted(block) == sorted(c for c, _ in REVIEW_COLUMNS) for block in per_block):
        return found
    return positional


def _review_cells(values: list[str], columns: list[str], inferred_from: int) -> Table:
    table: Table = {}
    names = dict(REVIEW_COLUMNS)
    for i, raw in enumerate(values):
        block, block_name = REVIEW_BLOCKS[i // len(REVIEW_COLUMNS)]
        column = columns[i]
        table[(block, column)] = Cell(
            "review", block, column, raw, f"{block_name} × {names[column]}", i >= inferred_from
        )
    return table


# --- PDF text: a stream of words and values ---------------------------------------------------


def _is_value(token: str) -> bool:
    return bool(_VALUE_TOKEN.match(token.translate(_FULLWIDTH))) and not _ITEM.match(token + " ")


def stream_rows(text: str) -> list[tuple[str, list[str], bool]]:
    """Runs of words followed by runs of values: ``[(label, values, True)]``."""
    rows: list[tuple[str, list[str], bool]] = []
    words: list[str] = []
    values: list[str] = []
    for token in _ASCII_SPACE.split(_GLUED_VALUE.sub(" ", text)):
        if token and not token.strip("\u3000"):
            values.append("")  # a full-width space stands for an empty cell in text renderings
            continue
        token = token.strip("\u3000")
        if not token:
            continue
        if _is_value(token):
            values.append(token)
            continue
        if values:
            rows.append((" ".join(words), values, True))
            words, values = [], []
        words.append(token)
    if words or values:
        rows.append((" ".join(words), values, True))
    return rows


def unwrap(text: str) -> str:
    """PDF text breaks lines inside table cells ("自然\n人"): join breaks between two CJK characters."""
    return _CJK_BREAK.sub("", text)


def requests_from_text(text: str) -> tuple[Table, list[str]]:
    text = unwrap(text)
    start = text.find("自然人")
    if start < 0:
        return {}, ["requests table: no 自然人 header in the text"]
    return requests_from_rows(stream_rows(text[start:]))


def review_from_text(text: str) -> tuple[Table, list[str]]:
    """Table 4 from text: the first fifteen values after 行政复议 (header then values, or each
    value after its label: "结果维持 1 结果纠正 0 …"), read in the official column order."""
    text = unwrap(text)
    anchor = text.find("结转下年")
    start = text.find("行政复议", anchor if anchor >= 0 else 0)
    if start < 0:
        return {}, ["review table: no 行政复议 in the text"]
    width = len(REVIEW_BLOCKS) * len(REVIEW_COLUMNS)
    values: list[str] = []
    for label, run, _ in stream_rows(text[start:]):
        if _SECTION_END.search(label):
            break
        values.extend(run)
        if len(values) >= width:
            break
    if not values:
        return {}, ["review table: no values after 行政复议"]
    problems = [] if len(values) == width else [f"review table: {len(values)} values, expected {width}"]
    count = min(len(values), width)
    positional = [column for _ in REVIEW_BLOCKS for column, _ in REVIEW_COLUMNS]
    return _review_cells((values + [""] * width)[:width], positional, inferred_from=count), problems
