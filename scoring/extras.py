"""The unit-level rubric lines: assessors' entry lines, item bonuses, the overall bonus, major cases.

Pure helpers of ``engine``: each returns the figures and the explanation lines.
"""

from __future__ import annotations

from scoring.model import PROPOSED_MARK, EntryInput, FindingInput, ItemScore, Line
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
    """MAJOR: the assessors' cases, and the cases the machine proposes (``suggests``: one per
    decided finding, with its evidence). A proposed case deducts only once an assessor confirms
    it (``confirm = true``); rejected (``confirm = false``, the note says why) it deducts nothing;
    until then it is 待确认 and the item provisional. Nothing deducts 10 points without a person."""
    lines = [Line(kind="rule", text=f"评分标准：{item.criteria}")]
    per_case = item.per_case or 0.0
    cases = 0
    verdicts = [e for e in entries if e.confirm is not None]
    verdict = verdicts[-1] if verdicts else None
    for e in entries:
        lines.extend(entry_lines(e))
        if e.cases:
            cases += e.cases
            lines.append(
                Line(
                    kind="part",
                    text=f"{e.cases} 起（{e.label}）",
                    points=-e.cases * per_case,
                    entry_id=e.id,
                    entry_ref=e.ref,
                )
            )
    proposed = [f for f in findings if f.check_id in item.suggests and f.severity != "undecided"]
    for f in proposed:
        confirmed = bool(verdict is not None and verdict.confirm)
        if verdict is None:
            state = PROPOSED_MARK
        elif confirmed:
            state = f"已确认（{verdict.label}）"
        else:
            state = f"已否决（{verdict.label}：{verdict.note}）"
        lines.append(
            Line(
                kind="part" if confirmed else "suggestion",
                finding_id=f.id,
                check_id=f.check_id,
                url=f.url,
                points=-per_case if confirmed else None,
                text=f"拟定重大扣分 proposed case：#{f.id} {f.title}"
                + (f" {f.url}" if f.url else "")
                + f"（{state}）",
            )
        )
    if proposed and verdict is not None and verdict.confirm:
        cases += len(proposed)
    deduction = cases * per_case
    lines.append(
        Line(
            kind="result",
            text=f"重大扣分 {cases} 起 × {fmt(per_case)} = −{fmt(deduction)}",
            points=-deduction,
        )
    )
    out = _extra(item, lines, entries, deduction=deduction)
    ids = [f.id for f in proposed if f.id is not None]
    if proposed and verdict is None:
        reason = (
            f"{len(proposed)} 起拟定重大扣分{PROPOSED_MARK}（考核小组确认 confirm = true 或否决并说明理由）"
        )
        return out.model_copy(update={"status": "provisional", "reason": reason, "finding_ids": ids})
    return out.model_copy(update={"finding_ids": ids})


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
