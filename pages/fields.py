"""Labelled fields of a document page: 索引号：…, 发文字号：…, 发布日期：…, 成文日期：…

Catalogue-style pages put these in a box above the body (TRS ``index_box``, Hanweb
``xxgk_table``), either one per line or several on a line ("来源：X 时间：2017-01-09").
Labels are often spaced out with &ensp; (索 引 号), so blanks inside a label are ignored.
"""

from __future__ import annotations

import re

# field key → the labels that name it, most specific first.
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "index_number": ("索引号",),
    "doc_number": ("发文字号", "发文文号", "文件编号", "文号"),
    "publish_date": ("发布日期", "发布时间", "公开日期", "公开时间", "发表时间", "上网时间"),
    "written_date": ("成文日期", "成文时间", "生成日期", "印发日期", "签发日期", "发文日期"),
    "time": ("时间", "日期"),  # bare label: a publish date only if nothing better exists
    "source": ("信息来源", "文章来源", "来源"),
    "issuer": ("发文机关", "发布机构", "发布机关", "发文单位", "制发机关", "公开责任部门"),
    "subject": ("主题分类", "主题词", "分类"),
    "validity": ("有效性", "效力状态", "时效性"),
    "title": ("标题", "名称"),
}
# Labels that are not fields we read but end the value of the one before them.
_OTHER_LABELS = ("作者", "浏览次数", "点击数", "访问量", "字号", "打印", "分享到", "责任编辑", "编辑")


def _label_pattern(label: str) -> str:
    return r"\s*".join(re.escape(char) for char in label)


_ALL_LABELS = sorted(
    {(key, label) for key, labels in FIELD_LABELS.items() for label in labels}
    | {("_other", label) for label in _OTHER_LABELS},
    key=lambda pair: -len(pair[1]),
)
_LABEL_RE = re.compile(
    "|".join(
        rf"(?P<f{i}>(?<![\u4e00-\u9fff]){_label_pattern(label)})\s*[:：]"
        for i, (_, label) in enumerate(_ALL_LABELS)
    )
)
_GROUP_KEY = {f"f{i}": (key, label) for i, (key, label) in enumerate(_ALL_LABELS)}


_BARE_LABEL = {label: (key, label) for key, label in _ALL_LABELS}
_BLANKS = re.compile(r"\s+")  # 标　　题 is spaced with U+3000, 索 引 号 with ASCII blanks
# A value in the next cell must look like what the label names (table headers are labels too).
_DATE_LIKE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}")
_VALUE_SHAPES: dict[str, re.Pattern[str]] = {
    "publish_date": _DATE_LIKE,
    "written_date": _DATE_LIKE,
    "time": _DATE_LIKE,
    "doc_number": re.compile(r"(?:19|20)\d{2}.*号"),
    "index_number": re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-/_.]{5,}"),
}


def _plausible(key: str, value: str) -> bool:
    if value.replace(" ", "").rstrip(":：") in _BARE_LABEL or len(value) > 60:
        return False
    shape = _VALUE_SHAPES.get(key)
    return bool(shape.search(value)) if shape else True


def read_fields(lines: list[str], max_value_length: int = 120) -> dict[str, tuple[str, str]]:
    """field key → (label, value) for the first non-empty occurrence of each field.

    A label alone on its line (a table cell ``<td>发布日期</td><td>2020-03-05</td>``) takes
    the next line as its value.
    """
    fields: dict[str, tuple[str, str]] = {}
    for position, line in enumerate(lines):
        if len(line) <= 8:
            bare = _BARE_LABEL.get(_BLANKS.sub("", line).rstrip(":："))
            if bare and bare[0] != "_other" and bare[0] not in fields and position + 1 < len(lines):
                value = lines[position + 1]
                if _plausible(bare[0], value) and not _LABEL_RE.match(value):
                    fields[bare[0]] = (bare[1], value)
                continue
        if "：" not in line and ":" not in line:
            continue
        matches = list(_LABEL_RE.finditer(line))
        for index, match in enumerate(matches):
            group = match.lastgroup
            if group is None:
                continue
            key, label = _GROUP_KEY[group]
            if key == "_other" or key in fields:
                continue
            end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
            value = line[match.end() : end].strip()
            if value and len(value) <= max_value_length:
                fields[key] = (label, value)
    return fields
