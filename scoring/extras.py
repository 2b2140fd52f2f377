"""The unit-level rubric lines: assessors' entry lines, item bonuses, the overall bonus, major cases.

Pure helpers of ``engine``: each returns the figures and the explanation lines.
"""

from __future__ import annotations

from scoring.model import EntryInput, FindingInput, ItemScore, Line
from scoring.parts import EPS, fmt
from scoring.rubric import Item


def entry_lines(entry: EntryInput) -> list[Line]:
    out: list[Line] = []
    who = f"{entry.entered_by or '?'}"
    when = f" {entry.entered_at:%Y-%m-%d %H:%M}" if entry.entered_at else ""
    where = f"，{entry.ref}" if entry.id is not None and entry.ref else ""
    extra = "".join(
        f"；{k} {v}" for k, v in (("说明 note", entry.note), ("印证 evidence", entry.evidence)) if v
    )
    out.append(
        Line(
            kind="entry",
            text=f"考核小组录入 {entry.label}（{who}{when}{where}）{extra}",
            entry_id=entry.id,
            entry_ref=entry.ref,
        )
    )
    if entry.override_reason:
        out.append(
            Line(
                kind="override",
                text=f"改判自动扣分 overrides the automatic measure：{entry.override_reason}",
                entry_id=entry.id,
                entry_ref=entry.ref,
            )
        )
    return out


def item_bonus(item: Item, entry: EntryInput | None, lines: list[Line]) -> tuple[float, float, bool]:
    if item.bonus is None or entry is None or (entry.bonus is None and entry.bonus_events is None):
        return 0.0, 0.0, False
    if entry.bonus is not None:
        raw = entry.bonus
        text = f"加分项：{fmt(raw)} 分（{entry.label}）"
    else:
        raw = (entry.bonus_events or 0.0) * (item.bonus.per_event or 0.0)
        text = f"加分项：{fmt(entry.bonus_events or 0)} 件 × {fmt(item.bonus.per_event or 0)} = +{fmt(raw)}（{entry.label}）"
    lines.append(Line(kind="bonus", text=text, points=raw, entry_id=entry.id, entry_ref=entry.ref))
    cap = item.bonus.cap
    if cap is not None and raw > cap + EPS:
        lines.append(
            Line(
                kind="bonus",
                points=cap - raw,
                text=f"加分 {fmt(raw)} 超过加分上限 {fmt(cap)}，按 {fmt(cap)} 计",
            )
        )
        return cap, raw, True
    return round(raw, 6), round(raw, 6), False


def overall_bonus(item: Item, entries: list[EntryInput], room: float | None) -> ItemScore:
    lines = [Line(kind="rule", text=f"评分标准：{item.criteria}")]
    raw = 0.0
    for e in entries:
        value = e.bonus or 0.0
        lines.extend(entry_lines(e))
        lines.append(
            Line(
                kind="bonus",
                text=f"加分 +{fmt(value)}（{e.label}）",
                points=value,
                entry_id=e.id,
                entry_ref=e.ref,
            )
        )
        if item.entry_cap is not None and value > item.entry_cap + EPS:
            lines.append(
                Line(
                    kind="bonus",
                    points=item.entry_cap - value,
                    entry_id=e.id,
                    entry_ref=e.ref,
                    text=f"单项加分 {fmt(value)} 超过 {fmt(item.entry_cap)}，按 {fmt(item.entry_cap)} 计",
                )
            )
            value = item.entry_cap
        raw += value
    cap = item.overall_cap if room is None else min(item.overall_cap or 0.0, room)
    bonus = raw
    if cap is not None and raw > cap + EPS:
        bonus = cap
        lines.append(
            Line(
                kind="bonus",
                points=cap - raw,
                text=f"综合加分 {fmt(raw)} 超过上限 {fmt(cap)}，按 {fmt(cap)} 计",
            )
        )
    if not entries:
        lines.append(Line(kind="default", text="无录入 no entry：不加分", points=0.0))
    lines.append(Line(kind="result", text=f"综合加分 +{fmt(bonus)}", points=bonus))
    return _extra(item, lines, entries, bonus=round(bonus, 6), raw_bonus=round(raw, 6), cap=cap)


def major(item: Item, entries: list[EntryInput], findings: list[FindingInput]) -> ItemScore:
    lines = [Line(kind="rule", text=f"评分标准：{item.criteria}")]
    cases = 0
    for e in entries:
        lines.extend(entry_lines(e))
        cases += e.cases or 0
        lines.append(
            Line(
                kind="part",
                text=f"{e.cases or 0} 起（{e.label}）",
                points=-(e.cases or 0) * (item.per_case or 0),
                entry_id=e.id,
                entry_ref=e.ref,
            )
        )
    for f in findings:
        if f.check_id in item.suggests and f.severity != "undecided":
            lines.append(
                Line(
                    kind="suggestion",
                    finding_id=f.id,
                    check_id=f.check_id,
                    url=f.url,
                    text=f"提示 suggests a case：#{f.id} {f.check_id}：{f.title}（只有考核小组录入 cases 才扣分）",
                )
            )
    deduction = cases * (item.per_case or 0.0)
    lines.append(
        Line(
            kind="result",
            text=f"重大扣分 {cases} 起 × {fmt(item.per_case or 0)} = −{fmt(deduction)}",
            points=-deduction,
        )
    )
    return _extra(item, lines, entries, deduction=deduction)


def _extra(
    item: Item,
    lines: list[Line],
    entries: list[EntryInput],
    *,
    bonus: float = 0.0,
    raw_bonus: float = 0.0,
    cap: float | None = None,
    deduction: float = 0.0,
) -> ItemScore:
    return ItemScore(
        code=item.code,
        name=item.name,
        level1=item.level1,
        points=0.0,
        score=bonus - deduction,
        deduction=deduction,
        raw_deduction=deduction,
        cap=None,
        cap_applied=False,
        bonus=bonus,
        raw_bonus=raw_bonus,
        bonus_cap=cap,
        bonus_cap_applied=raw_bonus > bonus + EPS,
        rule=item.role,
        criteria=item.criteria,
        method=item.method,
        assessor=item.assessor,
        source="manual",
        no_input=not entries,
        lines=lines,
        finding_ids=[],
        entry_ids=[e.id for e in entries if e.id is not None],
        entry_refs=[e.ref for e in entries if e.ref],
    )
