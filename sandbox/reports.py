"""Annual report figures and their text, in one of the two official formats (rules.md §2).

Reports on 2019 and 2020 (and, in the sandbox, on earlier years) use the 2019 format: table 2
headed 本年新制作数量 / 本年新公开数量 / 对外公开总数量, and (六)其他处理 as one row of table 3.
Reports on 2021 onward use the 2021 format (国办公开办函〔2021〕30号): 本年制发件数 / 本年废止件数 /
现行有效件数, and 其他处理 in three rows. ``report["layout"]`` says which; the HTML page, the
PDF and the DOCX of a report all follow it.

Table 3 columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
Rules (docs/checks.md): intake_balance, outcome_sum, applicant_sum, review_sum, non_integer;
blank cells ("—", "/", empty) are counted apart, and are planted only where the value is 0.
"""

from __future__ import annotations

import random
from typing import Any

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
FIRST_YEAR_OF_2021_FORMAT = 2021
_COMMON: tuple[tuple[str, str], ...] = (
    ("（一）予以公开", ""),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    ("（三）不予公开", "1.属于国家秘密"),
    ("（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("（三）不予公开", "3.危及“三安全一稳定”"),
    ("（三）不予公开", "4.保护第三方合法权益"),
    ("（三）不予公开", "5.属于三类内部事务信息"),
    ("（三）不予公开", "6.属于四类过程性信息"),
    ("（三）不予公开", "7.属于行政执法案卷"),
    ("（三）不予公开", "8.属于行政查询事项"),
    ("（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("（四）无法提供", "2.没有现成信息需要另行制作"),
    ("（四）无法提供", "3.补正后申请内容仍不明确"),
    ("（五）不予处理", "1.信访举报投诉类申请"),
    ("（五）不予处理", "2.重复申请"),
    ("（五）不予处理", "3.要求提供公开出版物"),
    ("（五）不予处理", "4.无正当理由大量反复申请"),
    ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
)
OUTCOMES_BY_LAYOUT: dict[str, tuple[tuple[str, str], ...]] = {
    "2019": (*_COMMON, ("（六）其他处理", "")),
    "2021": (
        *_COMMON,
        ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("（六）其他处理", "3.其他"),
    ),
}
TABLE2_HEADS: dict[str, tuple[str, str, str]] = {
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数"),
}
REVIEW_HEAD = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
# Weights of the 2021 outcome rows; the 2019 layout adds the three 其他处理 items into one row.
_WEIGHTS = [30, 8, 1, 1, 0, 2, 2, 1, 0, 1, 10, 3, 1, 1, 2, 0, 0, 0, 1, 0, 1]


def layout_for(year: int) -> str:
    """The official format of a report on ``year``: "2019" or "2021"."""
    return "2021" if year >= FIRST_YEAR_OF_2021_FORMAT else "2019"


def outcomes(report: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return OUTCOMES_BY_LAYOUT[report.get("layout", "2019")]


def table3_labels(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Each table-3 row's label as the official table's three label columns (merged cells
    repeat their text): (section, group, item)."""
    intake = "一、本年新收政府信息公开申请数量"
    carried = "二、上年结转政府信息公开申请数量"
    result = "三、本年度办理结果"
    labels = [(intake, intake, intake), (carried, carried, carried)]
    labels += [(result, group, sub or group) for group, sub in outcomes(report)]
    labels += [(result, "（七）总计", "（七）总计")]
    carry_out = "四、结转下年度继续办理"
    labels.append((carry_out, carry_out, carry_out))
    return labels


def row_label(labels: tuple[str, str, str]) -> str:
    """One line's label: the distinct label cells, joined by spaces."""
    parts: list[str] = []
    for text in labels:
        if text not in parts:
            parts.append(text)
    return " ".join(parts)


def make_report(rng: random.Random, year: int, rules: list[str], blank: int) -> dict[str, Any]:
    """Table 3 as rows of 7 string cells: 新收, 上年结转, the outcomes of the year's layout (20 in
    the 2019 format, 22 in the 2021 one), 总计, 结转下年度."""
    layout = layout_for(year)
    merge_other = layout == "2019"
    new = [rng.randint(5, 60), rng.randint(0, 4), 0, rng.randint(0, 1), 0, rng.randint(0, 2)]
    carried = [rng.randint(0, 3), 0, 0, 0, 0, 0]
    carry_over = [min(new[0], rng.randint(0, 2)), 0, 0, 0, 0, 0]
    counts = [[0] * 6 for _ in OUTCOMES_BY_LAYOUT[layout]]
    for c in range(6):
        total = new[c] + carried[c] - carry_over[c]
        for _ in range(total):
            r = rng.choices(range(len(_WEIGHTS)), _WEIGHTS)[0]
            counts[min(r, len(counts) - 1) if merge_other else r][c] += 1
    totals = [new[c] + carried[c] - carry_over[c] for c in range(6)]

    def row(values: list[int]) -> list[str]:
        return [str(v) for v in values] + [str(sum(values))]

    table3 = [row(new), row(carried), *(row(o) for o in counts), row(totals), row(carry_over)]
    review = [rng.randint(0, 3) for _ in range(4)]
    direct = [rng.randint(0, 2) for _ in range(4)]
    after = [rng.randint(0, 1) for _ in range(4)]
    table4 = [str(v) for block in (review, direct, after) for v in [*block, sum(block)]]
    if "intake_balance" in rules:  # 新收 up in 自然人 and 总计: rows still add up
        table3[0][0] = str(int(table3[0][0]) + 3)
        table3[0][6] = str(int(table3[0][6]) + 3)
    if "outcome_sum" in rules and "applicant_sum" not in rules:
        table3[2][0] = str(int(table3[2][0]) + 2)
        table3[2][6] = str(int(table3[2][6]) + 2)
    if "applicant_sum" in rules:  # 部分公开 总计 cell off by one: breaks the row and the 总计 column
        table3[3][6] = str(int(table3[3][6]) + 1)
    if "review_sum" in rules:
        table4[4] = str(int(table4[4]) + 2)
    if "non_integer" in rules:  # a -1 balanced inside one block: the sums still hold
        block = [int(v) for v in table4[5:9]]
        block[0] += 1 + block[1]
        block[1] = -1
        table4[5:10] = [str(v) for v in block] + [str(sum(block))]
    blanks = 0
    if blank:
        zeros = [(r, c) for r in range(len(table3)) for c in range(2, 5) if table3[r][c] == "0"]
        for r, c in zeros[2 : 2 + blank]:
            table3[r][c] = ("—", "/", "")[blanks % 3]
            blanks += 1
    table2 = [
        ("规章", rng.randint(0, 2), 0, rng.randint(3, 12)),
        ("规范性文件", rng.randint(3, 15), rng.randint(0, 3), rng.randint(20, 80)),
    ]
    return {
        "year": year,
        "layout": layout,
        "table2": table2,
        "table3": table3,
        "table4": table4,
        "rules": sorted(rules),
        "blank_cells": blanks,
        "proactive": rng.randint(300, 2500),
    }


def report_lines(report: dict[str, Any], full_name: str = "本机关") -> list[str]:
    """Plain-text rendering (for PDF attachments): the six sections, one table row per line."""
    year, layout = report["year"], report.get("layout", "2019")
    lines = [
        "一、总体情况",
        f"{year}年，{full_name}全年主动公开政府信息{report['proactive']}条。",
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容 " + " ".join(TABLE2_HEADS[layout]),
        *(" ".join(str(v) for v in row) for row in report["table2"]),
        "三、收到和处理政府信息公开申请情况",
        "项目 " + " ".join(APPLICANTS) + " 总计",
    ]
    for labels, cells in zip(table3_labels(report), report["table3"], strict=True):
        lines.append(row_label(labels) + " " + " ".join(c or "　" for c in cells))
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    for name, start in (("行政复议", 0), ("行政诉讼 未经复议直接起诉", 5), ("行政诉讼 复议后起诉", 10)):
        cells = report["table4"][start : start + 5]
        lines.append(name + " " + " ".join(f"{h}{v}" for h, v in zip(REVIEW_HEAD, cells, strict=True)))
    lines += closing_lines(year)
    return lines


def closing_lines(year: int) -> list[str]:
    return [
        "五、存在的主要问题及改进情况",
        f"{year}年，政府信息公开工作仍存在公开内容不够全面等问题，下一步将持续改进。",
        "六、其他需要报告的事项",
        f"{year}年，本机关未收取信息处理费。",
    ]
