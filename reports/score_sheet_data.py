"""From the scoring engine's results to the score-sheet layout (no arithmetic here)."""

from __future__ import annotations

from typing import Any

from reports.score_sheets import ScoreSheet, SheetItem, SheetUnit
from scoring.model import PROPOSED_MARK, PROVISIONAL_MARK, ItemScore, UnitScore

COUNTED = ("finding", "entry", "override", "cap", "bonus", "rank", "part", "provisional", "suggestion")


def score_sheet(
    unit_class: str, year: int, scores: list[UnitScore], entries: list[dict[str, Any]]
) -> ScoreSheet:
    members = [s for s in scores if s.unit_class == unit_class]
    items: list[SheetItem] = []
    if members:
        items = [
            SheetItem(
                code=i.code, level1=i.level1, level2=i.level2, level3=i.level3 or i.name, points=i.points
            )
            for i in members[0].items.values()
        ]
    units = [
        SheetUnit(
            unit_id=s.unit_id,
            name=s.unit_name,
            total=s.total,
            grade=s.grade,
            rank=s.rank,
            item_scores={
                **{code: i.score + i.bonus for code, i in s.items.items()},
                **({s.bonus_item.code: s.overall_bonus} if s.bonus_item else {}),
                **({s.major_item.code: -s.major_deduction} if s.major_item else {}),
            },
            deductions=[row for i in _explained(s) for row in _rows(i)],
            marks={code: _mark(s, code) for code in s.provisional_items},
            total_mark=PROVISIONAL_MARK if s.provisional else "",
            status=f"{PROVISIONAL_MARK}（{len(s.provisional_items)}项）" if s.provisional else "已确定",
        )
        for s in members
    ]
    if members and members[0].bonus_item is not None:
        items.append(
            SheetItem(code=members[0].bonus_item.code, level1="综合加分项", level2="", level3="", points=0)
        )
    if members and members[0].major_item is not None:
        items.append(
            SheetItem(code=members[0].major_item.code, level1="重大扣分项", level2="", level3="", points=0)
        )
    label = "A类（县市区政府）" if unit_class == "A" else "B类（市直部门）"
    mine = [e for e in entries if e.get("class") in (None, unit_class)]
    return ScoreSheet(
        title=f"{year}年临汾市政务公开工作考核评分表（{label}）",
        unit_class=unit_class,
        items=items,
        units=units,
        manual_entries=mine,
    )


def _mark(score: UnitScore, code: str) -> str:
    major = score.major_item
    return PROPOSED_MARK if major is not None and major.code == code else PROVISIONAL_MARK


def _explained(score: UnitScore) -> list[ItemScore]:
    extra = [i for i in (score.bonus_item, score.major_item) if i is not None]
    return [
        i
        for i in [*score.items.values(), *extra]
        if i.deduction or i.bonus or i.overridden or i.status == "provisional" or i.reason
    ]


def _rows(item: ItemScore) -> list[dict[str, Any]]:
    rows = []
    for line in item.lines:
        if line.kind not in COUNTED:
            continue
        rows.append(
            {
                "item": item.code,
                "item_name": item.name,
                "points": line.points if line.points is not None else "",
                "why": line.text,
                "evidence": line.url
                or line.entry_ref
                or (f"finding #{line.finding_id}" if line.finding_id else ""),
            }
        )
    return rows
