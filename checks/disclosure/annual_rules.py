"""The rules of ``disclosure.annual_report_arithmetic``: the arithmetic an annual report's tables
must satisfy (rules.md §2), rule ids as in docs/checks.md.

- ``intake_balance``: per column, 本年新收 + 上年结转 = 总计 + 结转下年度;
- ``outcome_sum``: per column, 予以公开 + 部分公开 + Σ不予公开 + Σ无法提供 + Σ不予处理 + Σ其他处理 = 总计;
- ``applicant_sum``: per row, the six applicant columns add up to 总计;
- ``review_sum``: per block of table 4, 维持 + 纠正 + 其他 + 尚未审结 = 总计;
- ``non_integer``: a cell that is neither blank nor a non-negative integer.

A blank, "—" or "/" cell is never read as 0: a sum that needs it is not evaluated (the cell is
reported among the blank cells instead).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pages.annual_report import AnnualReport
from pages.annual_report_doubts import TableDoubts, table_doubts
from pages.annual_report_tables import APPLICANT_COLUMNS, GROUPS, REVIEW_BLOCKS, REVIEW_COLUMNS, Cell, Table

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


def _sum(cells: list[Cell | None]) -> int | None:
    if any(cell is None or cell.value is None or cell.inferred for cell in cells):
        return None
    return sum(cell.value for cell in cells if cell is not None and cell.value is not None)


def _compare(rule: str, where: str, left: list[Cell | None], right: list[Cell | None]) -> RuleFailure | None:
    a, b = _sum(left), _sum(right)
    if a is None or b is None or a == b:
        return None
    return RuleFailure(rule, where, [c for c in left + right if c is not None], a, b)


def check_requests(table: Table) -> list[RuleFailure]:
    if not table:
        return []
    failures: list[RuleFailure] = []
    rows = sorted({row for row, _ in table}, key=_row_order)
    outcome_rows = [r for r in rows if r in ("disclosed", "partial") or r.split(".")[0] in dict(GROUPS)]
    for column, column_name in APPLICANT_COLUMNS:
        where = f"{column_name}列"
        intake = _compare(
            "intake_balance",
            where,
            [table.get(("new", column)), table.get(("carried_in", column))],
            [table.get(("total", column)), table.get(("carried_out", column))],
        )
        outcome = (
            _compare(
                "outcome_sum",
                where,
                [table.get((row, column)) for row in outcome_rows],
                [table.get(("total", column))],
            )
            if outcome_rows
            else None
        )
        failures.extend(f for f in (intake, outcome) if f)
    for row in rows:
        parts = [table.get((row, column)) for column, _ in APPLICANT_COLUMNS[:-1]]
        total = table.get((row, "total"))
        label = total.label.split(" × ")[0] if total else row
        failure = _compare("applicant_sum", f"{label}行", parts, [total])
        if failure:
            failures.append(failure)
    return failures


def check_review(table: Table) -> list[RuleFailure]:
    failures: list[RuleFailure] = []
    for block, block_name in REVIEW_BLOCKS:
        if not any(key[0] == block for key in table):
            continue
        parts = [table.get((block, column)) for column, _ in REVIEW_COLUMNS[:-1]]
        failure = _compare("review_sum", block_name, parts, [table.get((block, "total"))])
        if failure:
            failures.append(failure)
    return failures


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


def _all_failures(report: AnnualReport) -> list[RuleFailure]:
    return non_integer(report.cells) + check_requests(report.requests) + check_review(report.review)


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
    """Every rule the report's tables break, on tables read whole (cells read by
    ``pages.annual_report``); a break on a table not read whole is in ``undecided_rules``."""
    doubts = table_doubts(report.requests, report.problems)
    return [f for f in _all_failures(report) if doubt_of(f, doubts) is None]


def undecided_rules(report: AnnualReport) -> list[tuple[RuleFailure, str]]:
    """Rules that did not hold as read, on a table not read whole: never failures, each with why."""
    doubts = table_doubts(report.requests, report.problems)
    return [(f, reason) for f in _all_failures(report) if (reason := doubt_of(f, doubts)) is not None]


def failed_rules(report: AnnualReport) -> list[str]:
    return sorted({failure.rule for failure in arithmetic_failures(report)})
