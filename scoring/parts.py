"""One rule clause (a rubric *part*) applied to a unit's inputs: its deduction and its lines.

Pure. ``engine`` decides which entry reaches which part; here each kind computes its raw
deduction (before the item's cap) and says, line by line, where every point came from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations

from scoring.model import EntryInput, FindingInput, Line
from scoring.rubric import Condition, Part, RubricSettings

EPS = 1e-9


@dataclass(kw_only=True)
class PartResult:
    deduction: float = 0.0
    lines: list[Line] = field(default_factory=list)
    finding_ids: list[int] = field(default_factory=list)
    measured: bool = False  # some input reached this part (a finding, an entry or a rank)
    rank: int | None = None


@dataclass(frozen=True, kw_only=True)
class RankInfo:
    rank: int
    of: int
    mean: float
    quarters: list[str]
    # Why the rank is not final: quarters without a result, quarters whose result is provisional.
    provisional: str = ""


def fmt(value: float) -> str:
    return f"{round(value, 4):g}"


def count_events(finding: FindingInput, count_key: str | None) -> int:
    if count_key is None:
        return 1
    value = finding.measured.get(count_key)
    if isinstance(value, list | tuple | dict):
        return max(len(value), 1)
    if isinstance(value, int | float) and value >= 1:
        return int(value)
    return 1


def finding_line(f: FindingInput, part: str, points: float | None, note: str = "") -> Line:
    where = f" {f.url}" if f.url else ""
    shown = f"#{f.id} " if f.id is not None else ""
    return Line(
        kind="finding",
        text=f"发现 finding {shown}{f.check_id}：{f.title}{where}{note}",
        points=points,
        part=part,
        finding_id=f.id,
        check_id=f.check_id,
        url=f.url,
    )


def replaced(f: FindingInput, part: str) -> Line:
    line = finding_line(f, part, None, "（由考核小组改判取代 replaced by the override）")
    return line.model_copy(update={"kind": "info"})


def counted(findings: list[FindingInput], checks: list[str]) -> list[FindingInput]:
    """Findings of these checks that may deduct: severity "undecided" never does."""
    return [f for f in findings if f.check_id in checks and f.severity != "undecided"]


def per_event(part: Part, findings: list[FindingInput], entry: EntryInput | None) -> PartResult:
    """``entry`` is given when its ``events`` measure this part (manual, or an override)."""
    out = PartResult()
    rate = part.per_event or 0.0
    if entry is not None and entry.events is not None:
        out.measured = True
        out.deduction = entry.events * rate
        out.lines.append(
            Line(
                kind="entry",
                text=f"{part.label}：{fmt(entry.events)} 项（{entry.label}）× {fmt(rate)} = −{fmt(out.deduction)}",
                points=-out.deduction,
                part=part.key,
                entry_id=entry.id,
                entry_ref=entry.ref,
            )
        )
        out.lines += [replaced(f, part.key) for f in counted(findings, part.checks)]
    elif part.input == "checks":
        events = 0
        for f in counted(findings, part.checks):
            n = count_events(f, part.count_key)
            events += n
            note = f"（{n} 件）" if n != 1 else ""
            out.lines.append(finding_line(f, part.key, None, note))
            if f.id is not None:
                out.finding_ids.append(f.id)
        out.measured = events > 0
        out.deduction = events * rate
        if events:
            out.lines.append(
                Line(
                    kind="part",
                    text=f"{part.label}：{events} 项 × {fmt(rate)} = −{fmt(out.deduction)}",
                    points=-out.deduction,
                    part=part.key,
                )
            )
    return _part_cap(part, out)


def conditions(part: Part, findings: list[FindingInput]) -> PartResult:
    """Automatic conditions from findings; manual ones come through ``manual_deduction``."""
    out = PartResult()
    applied: list[Condition] = []
    for cond in part.condition:
        if not cond.checks:
            continue
        hits = counted(findings, cond.checks)
        for f in hits:
            out.lines.append(finding_line(f, part.key, None, f" → 情形「{cond.label}」"))
            if f.id is not None:
                out.finding_ids.append(f.id)
        if hits:
            applied.append(cond)
    out.deduction = _grouped_sum(applied)
    out.measured = bool(applied)
    for cond in _grouped(applied):
        out.lines.append(
            Line(
                kind="part",
                text=f"情形 {cond.key}「{cond.label}」：−{fmt(cond.deduction)}",
                points=-cond.deduction,
                part=part.key,
            )
        )
    return _part_cap(part, out)


def manual_deduction(parts: list[Part], entry: EntryInput, *, whole_item: bool) -> PartResult:
    """An entry's ``deduction``: the manual parts' deduction, or the whole item's (override)."""
    value = entry.deduction or 0.0
    out = PartResult(deduction=value, measured=True)
    scope = "整个指标" if whole_item else "考核小组评定部分"
    text = f"考核小组扣分 assessor's deduction（{scope}）：−{fmt(value)}（{entry.label}）"
    named = match_conditions([c for p in parts for c in p.condition if not c.checks or whole_item], value)
    if named:
        text += "，对应情形：" + "；".join(f"{c.key}「{c.label}」{fmt(c.deduction)}" for c in named)
    elif value and any(p.condition for p in parts):
        text += "（不对应评分标准中任一情形组合 matches no combination of the named conditions）"
    out.lines.append(Line(kind="entry", text=text, points=-value, entry_id=entry.id, entry_ref=entry.ref))
    return out


def match_conditions(conds: list[Condition], value: float) -> list[Condition] | None:
    """The one combination of conditions (alternatives within a group) that adds up to ``value``."""
    found: list[list[Condition]] = []
    for size in range(1, len(conds) + 1):
        for combo in combinations(conds, size):
            groups = [c.group for c in combo if c.group]
            if len(groups) != len(set(groups)):
                continue
            if abs(sum(c.deduction for c in combo) - value) < EPS:
                found.append(list(combo))
    return found[0] if len(found) == 1 else None


def ratio(
    part: Part, findings: list[FindingInput], entry: EntryInput | None, settings: RubricSettings
) -> PartResult:
    out = PartResult()
    threshold, per_point = part.threshold or 0.0, part.per_point or 0.0
    value: float | None = None
    if entry is not None and entry.value is not None:
        value = entry.value
        out.lines.append(
            Line(
                kind="entry",
                text=f"{part.label}：{fmt(value)}%（{entry.label}）",
                part=part.key,
                entry_id=entry.id,
                entry_ref=entry.ref,
            )
        )
        out.lines += [replaced(f, part.key) for f in counted(findings, part.checks)]
    else:
        for f in counted(findings, part.checks):
            raw = f.measured.get(part.measured_key or "")
            if isinstance(raw, int | float):
                measured = round(float(raw) * part.measured_scale, 6)
                if value is None or measured < value:
                    value = measured
                out.lines.append(finding_line(f, part.key, None, f"，测得 measured {fmt(measured)}%"))
                if f.id is not None:
                    out.finding_ids.append(f.id)
    if value is None:
        out.lines.append(
            Line(
                kind="part",
                text=f"{part.label}：无发现，视为达到 {fmt(threshold)}%（no finding: threshold met）",
                points=0.0,
                part=part.key,
            )
        )
        return out
    out.measured = True
    shortfall = max(round(threshold - value, 6), 0.0)
    steps = math.floor(shortfall + EPS) if settings.ratio_points == "whole" else shortfall
    out.deduction = steps * per_point
    how = "整数个百分点 whole points" if settings.ratio_points == "whole" else "按比例 pro rata"
    out.lines.append(
        Line(
            kind="part",
            text=f"{fmt(value)}% 低于 {fmt(threshold)}% 的 {fmt(shortfall)} 个百分点，计 {fmt(steps)}（{how}）"
            f" × {fmt(per_point)} = −{fmt(out.deduction)}",
            points=-out.deduction,
            part=part.key,
        )
    )
    return _part_cap(part, out)


def rank(
    part: Part, info: RankInfo | None, entry: EntryInput | None, points: float, settings: RubricSettings
) -> PartResult:
    out = PartResult()
    first, step = part.first or 0.0, part.step or 0.0
    if entry is not None and entry.rank is not None:
        place = entry.rank
        out.lines.append(
            Line(
                kind="entry",
                text=f"名次 rank {place}（{entry.label}）",
                part=part.key,
                entry_id=entry.id,
                entry_ref=entry.ref,
            )
        )
    elif info is not None:
        place = info.rank
        out.lines.append(
            Line(
                kind="rank",
                part=part.key,
                text=f"{'、'.join(info.quarters)} 季度检查平均分 {fmt(info.mean)}，第 {place} 名（共 {info.of} 名；并列取较前名次）",
            )
        )
    else:
        if settings.unranked == "full":
            out.lines.append(
                Line(
                    kind="default",
                    part=part.key,
                    points=0.0,
                    text="无季度检查结果 no quarterly inspection result：得满分（unranked = full）",
                )
            )
            return out
        out.deduction, out.measured = points, True
        out.lines.append(
            Line(
                kind="rank", part=part.key, points=-points, text="无季度检查结果：得 0 分（unranked = zero）"
            )
        )
        return out
    out.measured, out.rank = True, place
    earned = max(first - step * (place - 1), part.floor)
    out.deduction = points - earned
    floor_note = f"，不低于 {fmt(part.floor)}" if first - step * (place - 1) < part.floor else ""
    out.lines.append(
        Line(
            kind="part",
            part=part.key,
            points=-out.deduction,
            text=f"名次得分 {fmt(first)} − {fmt(step)}×({place}−1) = {fmt(first - step * (place - 1))}{floor_note}"
            f" → {fmt(earned)} 分",
        )
    )
    return out


def _grouped(applied: list[Condition]) -> list[Condition]:
    best: dict[str, Condition] = {}
    out: list[Condition] = []
    for cond in applied:
        if cond.group is None:
            out.append(cond)
        elif cond.group not in best or cond.deduction > best[cond.group].deduction:
            best[cond.group] = cond
    return out + list(best.values())


def _grouped_sum(applied: list[Condition]) -> float:
    return sum(c.deduction for c in _grouped(applied))


def _part_cap(part: Part, out: PartResult) -> PartResult:
    if part.cap is not None and out.deduction > part.cap + EPS:
        out.lines.append(
            Line(
                kind="cap",
                part=part.key,
                points=out.deduction - part.cap,
                text=f"{part.label}：扣分 {fmt(out.deduction)} 超过本款上限 {fmt(part.cap)}，按 {fmt(part.cap)} 计",
            )
        )
        out.deduction = part.cap
    return out
