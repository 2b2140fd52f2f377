"""The scoring engine: a rubric + a class's inputs → every unit's score, explained to the point.

Pure: no storage, no clock, no settings other than the rubric's. Per item: the rubric's parts
measure the findings, the assessors' entries and the inspection ranks; the item's cap (扣分上限)
bounds the deduction; the item bonus is capped apart. Per unit: items + item bonuses + the
overall bonus (BONUS), capped at the total cap, then the major deductions (MAJOR); grade and
rank follow. How an entry reaches an item:

- ``events`` measure the item's manual per-event part; ``deduction`` is the deduction of the
  item's manual parts (named conditions …) before the cap; ``value`` a ratio part; ``rank`` a
  rank part. Where that part is measured automatically (checks, inspections), the entry
  replaces the automatic measure, and only with ``override_reason`` (entries.py enforces it).
- ``deduction`` with ``override_reason`` replaces the whole item's deduction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from scoring import extras as X
from scoring import parts as P
from scoring.model import (
    PROVISIONAL_MARK,
    ClassInputs,
    EntryInput,
    FindingInput,
    InspectionInput,
    ItemScore,
    ItemStatus,
    Line,
    UnitRef,
    UnitScore,
)
from scoring.parts import EPS, PartResult, RankInfo, fmt
from scoring.rubric import Item, Part, Rubric


def score_class(
    rubric: Rubric, units: Sequence[UnitRef], inputs: ClassInputs, *, year: int = 0
) -> list[UnitScore]:
    """Scores of ``units`` (all of the rubric's class), ranked by total; ties share a rank."""
    findings: dict[str, list[FindingInput]] = defaultdict(list)
    for f in inputs.findings:
        findings[f.unit_id].append(f)
    entries: dict[tuple[str, str], list[EntryInput]] = defaultdict(list)
    for e in inputs.entries:
        entries[(e.unit_id, e.item)].append(e)
    ranks = inspection_ranks(rubric, units, inputs.inspections)
    scored = [
        _score_unit(rubric, unit, findings[unit.id], entries, ranks.get(unit.id), year) for unit in units
    ]
    places = competition_ranks({s.unit_id: s.total for s in scored}, rubric.settings.rank_ties)
    return [s.model_copy(update={"rank": places[s.unit_id]}) for s in scored]


def competition_ranks(values: dict[str, float], ties: str = "share_better") -> dict[str, int]:
    """Higher is better. share_better: 1, 2, 2, 4; share_worse: 1, 3, 3, 4."""
    rounded = {k: round(v, 6) for k, v in values.items()}
    out: dict[str, int] = {}
    for key, value in rounded.items():
        if ties == "share_worse":
            out[key] = sum(1 for other in rounded.values() if other >= value)
        else:
            out[key] = 1 + sum(1 for other in rounded.values() if other > value)
    return out


def inspection_ranks(
    rubric: Rubric, units: Sequence[UnitRef], inspections: list[InspectionInput]
) -> dict[str, RankInfo]:
    """Units ranked (descending) by their quarterly inspection scores of the year, combined as
    ``settings.quarter_combination`` says. The year's quarters are those with any result; a
    unit missing one of them, or with a provisional quarter, ranks provisionally."""
    ids = {u.id for u in units}
    by_unit: dict[str, list[InspectionInput]] = defaultdict(list)
    for row in inspections:
        if row.unit_id in ids:
            by_unit[row.unit_id].append(row)
    quarters = sorted({r.quarter for rows in by_unit.values() for r in rows})
    combined = {
        uid: _combine(rows, rubric.settings.quarter_combination) for uid, rows in by_unit.items() if rows
    }
    places = competition_ranks(combined, rubric.settings.rank_ties)
    out: dict[str, RankInfo] = {}
    for uid, value in combined.items():
        rows = sorted(by_unit[uid], key=lambda r: r.quarter)
        have = [r.quarter for r in rows]
        reasons = [f"缺少{q}季度检查结果" for q in quarters if q not in have]
        reasons += [f"{r.quarter}季度检查结果待核实（{r.provisional}）" for r in rows if r.provisional]
        out[uid] = RankInfo(
            rank=places[uid],
            of=len(combined),
            mean=round(value, 4),
            quarters=have,
            provisional="；".join(reasons),
        )
    return out


def _combine(rows: list[InspectionInput], how: str) -> float:
    scores = [r.score for r in sorted(rows, key=lambda r: r.quarter)]
    if how == "latest":
        return scores[-1]
    if how == "min":
        return min(scores)
    return sum(scores) / len(scores)


def _score_unit(
    rubric: Rubric,
    unit: UnitRef,
    findings: list[FindingInput],
    entries: dict[tuple[str, str], list[EntryInput]],
    rank: RankInfo | None,
    year: int,
) -> UnitScore:
    settings = rubric.settings
    items = {
        item.code: score_item(
            rubric,
            item,
            findings,
            _last(entries.get((unit.id, item.code))),
            rank,
            not_audited=unit.not_audited,
        )
        for item in rubric.scored_items
    }
    items_total = round(sum(s.score for s in items.values()), 6)
    item_bonus = round(sum(s.bonus for s in items.values()), 6)
    bonus_item = rubric.by_role("overall_bonus")
    major_item = rubric.by_role("major")
    room = None
    if (
        settings.item_bonus_counts_in_overall
        and bonus_item is not None
        and bonus_item.overall_cap is not None
    ):
        room = max(bonus_item.overall_cap - item_bonus, 0.0)
    bonus_score = (
        X.overall_bonus(bonus_item, entries.get((unit.id, bonus_item.code), []), room) if bonus_item else None
    )
    major_score = (
        X.major(major_item, entries.get((unit.id, major_item.code), []), findings) if major_item else None
    )
    overall = bonus_score.bonus if bonus_score else 0.0
    major = major_score.deduction if major_score else 0.0
    cases = round(major / major_item.per_case) if major_item is not None and major_item.per_case else 0
    subtotal = round(items_total + item_bonus + overall, 6)
    capped = min(subtotal, settings.total_cap)
    total = round(
        capped - major if settings.major_after_cap else min(subtotal - major, settings.total_cap), 6
    )
    grade = rubric.grade_for(total)
    lines = [
        Line(kind="result", text=f"单项得分合计 items {fmt(items_total)}", points=items_total),
        Line(kind="bonus", text=f"单项加分合计 item bonuses {fmt(item_bonus)}", points=item_bonus),
        Line(kind="bonus", text=f"综合加分 overall bonus (BONUS) {fmt(overall)}", points=overall),
        Line(
            kind="result",
            text=f"小计 subtotal {fmt(items_total)} + {fmt(item_bonus)} + {fmt(overall)} = {fmt(subtotal)}",
        ),
    ]
    if subtotal > settings.total_cap + EPS:
        lines.append(
            Line(
                kind="cap",
                text=f"超过 {fmt(settings.total_cap)} 分的，以 {fmt(settings.total_cap)} 分计",
                points=settings.total_cap - subtotal,
            )
        )
    if major and major_item is not None:
        lines.append(
            Line(
                kind="part",
                text=f"重大扣分 major deductions (MAJOR) {cases} 起 × {fmt(major_item.per_case or 0)}"
                f" = −{fmt(major)}",
                points=-major,
            )
        )
    provisional = [s.code for s in items.values() if s.status == "provisional"]
    if major_score is not None and major_score.status == "provisional":
        provisional.append(major_score.code)
    if provisional:
        lines.append(
            Line(
                kind="provisional",
                text=f"总分{PROVISIONAL_MARK}：{len(provisional)} 项{PROVISIONAL_MARK}（{'、'.join(provisional)}）",
            )
        )
    lines.append(Line(kind="result", text=f"总分 total {fmt(total)}，等次 {grade}", points=total))
    return UnitScore(
        unit_id=unit.id,
        unit_name=unit.name,
        unit_class=rubric.unit_class,
        year=year,
        scheme=rubric.scheme.id,
        items=items,
        items_total=items_total,
        item_bonus_total=item_bonus,
        overall_bonus=overall,
        overall_bonus_raw=bonus_score.raw_bonus if bonus_score else 0.0,
        subtotal=subtotal,
        total_cap_applied=subtotal > settings.total_cap + EPS,
        major_cases=cases,
        major_deduction=major,
        total=total,
        grade=grade,
        rank=0,
        bonus_item=bonus_score,
        major_item=major_score,
        lines=lines,
        provisional_items=provisional,
        not_audited=unit.not_audited,
    )


def _last(entries: list[EntryInput] | None) -> EntryInput | None:
    return entries[-1] if entries else None


def score_item(
    rubric: Rubric,
    item: Item,
    findings: list[FindingInput],
    entry: EntryInput | None,
    rank: RankInfo | None,
    *,
    not_audited: str = "",
) -> ItemScore:
    settings = rubric.settings
    lines = [Line(kind="rule", text=f"评分标准：{item.criteria}")]
    override = bool(entry and entry.override_reason)
    if entry is not None:
        lines.extend(X.entry_lines(entry))
    results: list[PartResult] = []
    if entry is not None and entry.deduction is not None and (override or not item.has_automatic()):
        for f in findings:
            if f.check_id in item.input_checks():
                lines.append(P.replaced(f, ""))
        results.append(P.manual_deduction(item.part, entry, whole_item=True))
    else:
        manual = item.manual_parts()
        if entry is not None and entry.deduction is not None:
            results.append(P.manual_deduction(manual, entry, whole_item=False))
            manual = []
        events_part = events_target(item)
        for part in item.part:
            takes = entry if entry is not None and (override or not part.automatic) else None
            if part.kind == "per_event":
                if part.automatic or part in manual:
                    results.append(P.per_event(part, findings, takes if part is events_part else None))
            elif part.kind in ("conditions", "binary"):
                results.append(P.conditions(part, findings))
            elif part.kind == "ratio":
                results.append(P.ratio(part, findings, takes, settings))
            elif part.kind == "rank":
                results.append(P.rank(part, rank, takes, item.points, settings))
    cap = item.cap
    if cap is None and settings.cap_when_unstated == "points":
        cap = item.points
    if settings.trailing_cap_scope == "last_part" and item.cap is not None and len(item.part) > 1 and results:
        last = results[-1]
        if last.deduction > item.cap + EPS:
            last.lines.append(
                Line(
                    kind="cap",
                    points=last.deduction - item.cap,
                    text=f"末款扣分 {fmt(last.deduction)} 超过上限 {fmt(item.cap)}（trailing_cap_scope = last_part）",
                )
            )
            last.deduction = item.cap
        cap = None
    for result in results:
        lines.extend(result.lines)
    raw = round(sum(r.deduction for r in results), 6)
    deduction, cap_applied = raw, False
    if cap is not None and raw > cap + EPS:
        deduction, cap_applied = cap, True
        lines.append(
            Line(
                kind="cap",
                points=raw - cap,
                text=f"扣分 {fmt(raw)} 超过扣分上限 {fmt(cap)}，按 {fmt(cap)} 计（cap applied）",
            )
        )
    if not settings.negative_item_scores and deduction > item.points + EPS:
        lines.append(
            Line(
                kind="cap",
                points=deduction - item.points,
                text=f"扣分 {fmt(deduction)} 超过赋分 {fmt(item.points)}，本项按 0 分计（negative_item_scores = false）",
            )
        )
        deduction, cap_applied = item.points, True
    bonus, raw_bonus, bonus_applied = X.item_bonus(item, entry, lines)
    measured = any(r.measured for r in results) or entry is not None
    informs = [f for f in findings if f.check_id in item.informs]
    undecided = [f for f in findings if f.check_id in item.input_checks() and f.severity == "undecided"]
    for f in undecided:
        lines.append(
            Line(
                kind="undecided",
                text=f"无法核实 not verifiable：#{f.id} {f.check_id}：{f.title}（不扣分）",
                finding_id=f.id,
                check_id=f.check_id,
                url=f.url,
                points=0.0,
            )
        )
    for f in informs:
        lines.append(
            Line(
                kind="info",
                text=f"参考 for context：#{f.id} {f.check_id}：{f.title}（本项不据此扣分）",
                finding_id=f.id,
                check_id=f.check_id,
                url=f.url,
            )
        )
    if not measured and not undecided:
        lines.append(Line(kind="default", text="无录入、无发现 no entry, no finding：得满分", points=0.0))
    status, reason, status_line = item_status(item, undecided, entry, rank, not_audited)
    if status_line is not None:
        lines.append(status_line)
    score = round(item.points - deduction, 6)
    lines.append(
        Line(
            kind="result",
            points=score,
            text=f"得分 score {fmt(item.points)} − {fmt(deduction)} = {fmt(score)}"
            + (f"；加分 bonus +{fmt(bonus)}" if bonus else ""),
        )
    )
    finding_ids = sorted(
        {i for r in results for i in r.finding_ids} | {f.id for f in undecided if f.id is not None}
    )
    sources = {p.input for p in item.part}
    return ItemScore(
        code=item.code,
        name=item.name,
        level1=item.level1,
        level2=item.level2,
        level3=item.level3,
        points=item.points,
        score=score,
        deduction=round(deduction, 6),
        raw_deduction=raw,
        cap=cap,
        cap_applied=cap_applied,
        bonus=bonus,
        raw_bonus=raw_bonus,
        bonus_cap=item.bonus.cap if item.bonus else None,
        bonus_cap_applied=bonus_applied,
        rule="+".join(p.kind for p in item.part),
        criteria=item.criteria,
        method=item.method,
        assessor=item.assessor,
        source=sources.pop() if len(sources) == 1 else "mixed",
        no_input=not measured,
        overridden=override,
        rank=next((r.rank for r in results if r.rank is not None), None),
        status=status,
        reason=reason,
        lines=lines,
        finding_ids=finding_ids,
        entry_ids=[entry.id] if entry and entry.id is not None else [],
        entry_refs=[entry.ref] if entry and entry.ref else [],
    )


def item_status(
    item: Item,
    undecided: list[FindingInput],
    entry: EntryInput | None,
    rank: RankInfo | None,
    not_audited: str,
) -> tuple[ItemStatus, str, Line | None]:
    """final, or provisional with the reason: an automatic input was undecided or absent.

    Only a person resolves a provisional item: an entry with ``confirm = true`` (the machine's
    score stands) or one replacing the automatic measure (``override_reason``)."""
    if not item.has_automatic():
        return "final", "", None
    reasons: list[str] = []
    if not_audited:
        reasons.append(not_audited)
    else:
        reasons += [f"{f.title}未能判定（{f.message or '原因未记录'}）" for f in undecided]
        if any(p.kind == "rank" and p.input == "inspection" for p in item.part):
            if rank is None:
                reasons.append("无本年度季度检查结果")
            elif rank.provisional:
                reasons.append(rank.provisional)
    if not reasons:
        return "final", "", None
    why = "；".join(dict.fromkeys(reasons))
    if entry is not None and (entry.confirm or entry.override_reason):
        how = "确认机器评分" if entry.confirm else "改判"
        text = f"原{PROVISIONAL_MARK}（{why}），考核小组已核实：{how}（{entry.label}）"
        return "final", text, Line(kind="provisional", text=text, entry_id=entry.id, entry_ref=entry.ref)
    text = f"{PROVISIONAL_MARK}：{why}；须考核小组核实确认或改判"
    return "provisional", why, Line(kind="provisional", text=text)


def events_target(item: Item) -> Part | None:
    """The part an entry's ``events`` measure: the manual per-event part, else the automatic one."""
    per_event = [p for p in item.part if p.kind == "per_event"]
    manual = [p for p in per_event if not p.automatic]
    chosen = manual or per_event
    return chosen[0] if chosen else None
