"""The rules of ``disclosure.annual_report_arithmetic``: the arithmetic an annual report's tables
must satisfy (rules.md §2), rule ids as in docs/checks.md.

- ``intake_balance``: per column, 本年新收 + 上年结转 = 总计 + 结转下年度;
- ``outcome_sum``: per column, 予以公开 + 部分公开 + Σ不予公开 + Σ无法提供 + Σ不予处理 + Σ其他处理 = 总计;
- ``applicant_sum``: per row, the six applicant columns add up to 总计;
- ``review_sum``: per block of table 4, 维持 + 纠正 + 其他 + 尚未审结 = 总计;
- ``non_integer``: a cell that is neither blank nor a non-negative integer.

A blank, "—" or "/" cell is never read as 0. A rule instance that needs a cell that is blank,
not an integer, missing or only inferred, or a table that was not read, cannot be verified: it
is reported as undecided with that reason (``undecided_rules``), never as a failure and never
dropped (issue 18: precision first, and no point granted without looking).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pages.annual_report import AnnualReport
from pages.annual_report_doubts import TableDoubts, table_doubts
from pages.annual_report_tables import (
    APPLICANT_COLUMNS,
    GROUPS,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
    ROW_NAMES,
    Cell,
    Table,
)

RULES = ("intake_balance", "outcome_sum", "applicant_sum", "review_sum", "non_integer")


@dataclass(frozen=True)
class RuleFailure:
    rule: str
    where: str  # Chinese, e.g. "自然人列" / "予以公开行"
    cells: list[Cell] = field(default_factory=list)
    left: int | None = None
    right: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "where": self.where,
            "left": self.left,
            "right": self.right,
            "cells": [cell.ref() for cell in self.cells],
        }


Slot = tuple[str, Cell | None]  # (where the cell should be, in Chinese; the cell read there)


@dataclass(frozen=True)
class RuleOutcome:
    """One rule on one column, row or block: held, failed, or not verifiable (``reason``)."""

    failure: RuleFailure  # the rule instance with its cells and sums as read
    held: bool
    reason: str | None = None  # why it cannot be verified; None when it was


def _why_unverifiable(slots: list[Slot]) -> str | None:
    for place, cell in slots:
        if cell is None:
            return f"缺少单元格（{place}）"
        if cell.blank:
            return (
                f"单元格为空白或“{cell.raw}”，不能按0计（{cell.label}）"
                if cell.raw.strip()
                else f"单元格为空白，不能按0计（{cell.label}）"
            )
        if cell.value is None:
            return f"单元格不是整数：{cell.raw!r}（{cell.label}）"
        if cell.inferred:
            return f"单元格位置是推断的（该行从文本读出时缺格）（{cell.label}）"
    return None


def _compare(rule: str, where: str, left: list[Slot], right: list[Slot]) -> RuleOutcome:
    cells = [cell for _, cell in left + right if cell is not None]
    reason = _why_unverifiable(left + right)
    if reason:
        return RuleOutcome(RuleFailure(rule, where, cells), held=False, reason=reason)
    a = sum(cell.value or 0 for _, cell in left if cell is not None)
    b = sum(cell.value or 0 for _, cell in right if cell is not None)
    return RuleOutcome(RuleFailure(rule, where, cells, a, b), held=a == b)


def _slot(table: Table, row: str, column: str, column_name: str) -> Slot:
    return f"{ROW_NAMES.get(row, row)} × {column_name}", table.get((row, column))


def check_requests(table: Table) -> list[RuleOutcome]:
    if not table:
        return [
            RuleOutcome(
                RuleFailure(rule, "表三"), held=False, reason="未读出表三（收到和处理政府信息公开申请情况）"
            )
            for rule in ("intake_balance", "outcome_sum", "applicant_sum")
        ]
    outcomes: list[RuleOutcome] = []
    rows = sorted({row for row, _ in table}, key=_row_order)
    outcome_rows = [r for r in rows if r in ("disclosed", "partial") or r.split(".")[0] in dict(GROUPS)]
    for column, column_name in APPLICANT_COLUMNS:
        where = f"{column_name}列"
        outcomes.append(
            _compare(
                "intake_balance",
                where,
                [_slot(table, "new", column, column_name), _slot(table, "carried_in", column, column_name)],
                [
                    _slot(table, "total", column, column_name),
                    _slot(table, "carried_out", column, column_name),
                ],
            )
        )
        if not outcome_rows:
            reason = "未读出办理结果各行（予以公开……其他处理）"
            outcomes.append(RuleOutcome(RuleFailure("outcome_sum", where), held=False, reason=reason))
            continue
        parts = [_slot(table, row, column, column_name) for row in outcome_rows]
        outcomes.append(_compare("outcome_sum", where, parts, [_slot(table, "total", column, column_name)]))
    for row in rows:
        total = table.get((row, "total"))
        label = total.label.split(" × ")[0] if total else ROW_NAMES.get(row, row)
        parts = [_slot(table, row, column, name) for column, name in APPLICANT_COLUMNS[:-1]]
        outcomes.append(_compare("applicant_sum", f"{label}行", parts, [_slot(table, row, "total", "总计")]))
    return outcomes


def check_review(table: Table) -> list[RuleOutcome]:
    outcomes: list[RuleOutcome] = []
    for block, block_name in REVIEW_BLOCKS:
        if not any(key[0] == block for key in table):
            reason = "未读出表四（行政复议、行政诉讼情况）" if not table else f"表四未读出“{block_name}”一栏"
            outcomes.append(RuleOutcome(RuleFailure("review_sum", block_name), held=False, reason=reason))
            continue
        parts = [
            (f"{block_name} × {name}", table.get((block, column))) for column, name in REVIEW_COLUMNS[:-1]
        ]
        total = [(f"{block_name} × 总计", table.get((block, "total")))]
        outcomes.append(_compare("review_sum", block_name, parts, total))
    return outcomes


def non_integer(cells: list[Cell]) -> list[RuleFailure]:
    return [
        RuleFailure("non_integer", cell.label, [cell])
        for cell in cells
        if not cell.blank and cell.value is None
    ]


_ORDER = {"new": 0, "carried_in": 1, "disclosed": 2, "partial": 3, "total": 90, "carried_out": 91}
_GROUP_ORDER = {group: 10 + 10 * i for i, (group, _) in enumerate(GROUPS)}


def _row_order(row: str) -> tuple[int, int]:
    if "." in row:
        group, _, index = row.partition(".")
        return _GROUP_ORDER.get(group, 80), int(index) if index.isdigit() else 0
    return _ORDER.get(row, 85), 0


def rule_outcomes(report: AnnualReport) -> list[RuleOutcome]:
    """Every rule instance of rules.md §2 on the report's tables, each held, failed or unverifiable."""
    return check_requests(report.requests) + check_review(report.review)


def doubt_of(failure: RuleFailure, doubts: TableDoubts) -> str | None:
    """Why ``failure`` is undecided rather than a failure (its table was not read whole), or None."""
    if failure.rule in ("intake_balance", "outcome_sum") and doubts.requests:
        return f"表三未完整读出 table 3 not read whole: {doubts.requests}"
    if failure.rule == "applicant_sum":
        row = failure.cells[0].row if failure.cells else ""
        if row in doubts.rows:
            return f"该行未完整读出 row not read whole: {doubts.rows[row]}"
    if failure.rule == "review_sum" and doubts.review:
        return f"表四未完整读出 table 4 not read whole: {doubts.review}"
    return None


def arithmetic_failures(report: AnnualReport) -> list[RuleFailure]:
    """Every rule the report's tables break, verified on cells read whole (``pages.annual_report``);
    a rule that could not be verified, or broke on a table not read whole, is in ``undecided_rules``."""
    doubts = table_doubts(report.requests, report.problems)
    broken = [o.failure for o in rule_outcomes(report) if not o.held and o.reason is None]
    return non_integer(report.cells) + [f for f in broken if doubt_of(f, doubts) is None]


def undecided_rules(report: AnnualReport) -> list[tuple[RuleFailure, str]]:
    """Rules that could not be verified, each with why: never failures, never dropped."""
    doubts = table_doubts(report.requests, report.problems)
    found: list[tuple[RuleFailure, str]] = []
    for outcome in rule_outcomes(report):
        if outcome.reason is not None:
            found.append((outcome.failure, outcome.reason))
        elif not outcome.held and (doubt := doubt_of(outcome.failure, doubts)) is not None:
            found.append((outcome.failure, doubt))
    return found


def failed_rules(report: AnnualReport) -> list[str]:
    return sorted({failure.rule for failure in arithmetic_failures(report)})
