"""The engine on the Linfen 2020 rubrics, with hand-computed expectations (arithmetic in comments)."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.engine import competition_ranks, score_class
from scoring.model import (
    ClassInputs,
    EntryInput,
    FindingInput,
    InspectionInput,
    ItemScore,
    UnitRef,
    UnitScore,
)
from scoring.rubric import Rubric, load_scheme

RUBRICS = load_scheme("linfen-2020")
A_UNITS = [UnitRef(id=f"a{n:02d}", name=f"县{n}") for n in range(1, 18)]
B_UNITS = [UnitRef(id=f"b{n:02d}", name=f"局{n}") for n in range(1, 35)]
_ids = iter(range(1, 10_000))


def f(unit: str, check: str, severity: str = "major", **measured: Any) -> FindingInput:
    return FindingInput(
        id=next(_ids), unit_id=unit, check_id=check, severity=severity, title=check, measured=measured
    )


def e(unit: str, item: str, **values: Any) -> EntryInput:
    return EntryInput(unit_id=unit, item=item, ref=f"test:{unit}:{item}", **values)


def q(unit: str, score: float, quarter: str = "2020Q4") -> InspectionInput:
    return InspectionInput(unit_id=unit, quarter=quarter, score=score)


def check_explained(item: ItemScore) -> None:
    """Every point is explained: points + Σ line points (parts, entries, caps, ranks) = score."""
    moved = sum(line.points or 0 for line in item.lines if line.kind in ("part", "entry", "cap", "rank"))
    bonus = sum(line.points or 0 for line in item.lines if line.kind == "bonus")
    assert bonus == pytest.approx(item.bonus), item.code
    if item.rule == "overall_bonus":
        moved = bonus
    assert item.points + moved == pytest.approx(item.score), (item.code, [x.text for x in item.lines])


def by_unit(scores: list[UnitScore]) -> dict[str, UnitScore]:
    for s in scores:
        for item in s.items.values():
            check_explained(item)
        for extra in (s.bonus_item, s.major_item):
            assert extra is not None
            check_explained(extra)
    return {s.unit_id: s for s in scores}


@pytest.fixture(scope="module")
def class_a() -> dict[str, UnitScore]:
    disclosure = [
        "disclosure.column_missing",
        "disclosure.guide_missing",
        "disclosure.guide_stale",
        "disclosure.rules_missing",
        "disclosure.statutory_missing",
        "disclosure.annual_report_missing",
        "disclosure.request_channel_missing",
    ]
    findings = [f("a01", c) for c in disclosure] + [f("a01", "disclosure.catalogue_missing", "undecided")]
    findings += [
        f("a02", "interpretation.nontext_share", share=0.695),
        f("a02", "interpretation.channel_share", share=0.42),
    ]
    findings += [f("a04", "ipv6.readiness"), f("a04", "doclist.false_text_claim")]
    findings += [f("a05", "interpretation.missing"), f("a05", "interpretation.missing")]
    findings += [f("a06", "interpretation.nontext_share", share=0.60)]
    findings += [f("a11", "doclist.attribute_overuse", share=0.4)]
    findings += [f("a12", "disclosure.guide_missing"), f("a12", "disclosure.rules_missing")]
    findings += [f("a12", "disclosure.catalogue_stale", days=400)]
    findings += [
        f("a13", "ipv6.readiness", "undecided"),
        f("a13", "doclist.docnumber_gap", missing=[4, 7, 9]),
    ]
    entries = [
        e("a01", "A12", events=6),
        e("a02", "A05", bonus_events=6),
        e("a02", "A17", bonus_events=6),
        *[e("a03", "BONUS", bonus=b) for b in (3, 3, 5, 6)],
        e("a04", "MAJOR", cases=2),
        e("a04", "BONUS", bonus=4),
        e("a05", "BONUS", bonus=8),
        e("a05", "MAJOR", cases=1),
        e("a06", "A22", events=2),
        e("a06", "A01", events=1),
        e("a06", "A05", bonus_events=1),
        e("a07", "A02", deduction=13),
        e("a07", "A21", deduction=5),
        e("a07", "A03", deduction=2),
        e("a08", "A02", deduction=13),
        e("a08", "A21", deduction=5),
        e("a08", "A03", deduction=3),
        e("a08", "A05", bonus_events=1),
        e("a09", "MAJOR", cases=4),
        e("a10", "MAJOR", cases=4),
        e("a10", "A01", events=1),
        e("a10", "A05", bonus_events=1),
        e("a11", "A07", events=3),
        e("a12", "A09", events=0, override_reason="the guide and rules are on the city portal"),
        e("a12", "A10", deduction=1),
    ]
    inspections = [
        q("a01", 98),
        q("a02", 96, "2020Q3"),
        q("a02", 94),
        q("a03", 95),
        q("a04", 90),
        q("a04", 90.0, "2020Q1"),
    ]
    return by_unit(
        score_class(
            RUBRICS["A"],
            A_UNITS,
            ClassInputs(findings=findings, entries=entries, inspections=inspections),
            year=2020,
        )
    )


def test_a_cap_above_points_and_grade_boundary_90(class_a: dict[str, UnitScore]) -> None:
    a01 = class_a["a01"]
    # A12: 6 verified complaints × 1 = 6, cap 5 (above the item's 2 points) → 2 − 5 = −3
    assert (a01.items["A12"].raw_deduction, a01.items["A12"].deduction, a01.items["A12"].score) == (6, 5, -3)
    assert a01.items["A12"].cap_applied
    # A09: 7 counted findings (the undecided one is not) × 1 = 7, cap 5 → 3 − 5 = −2
    assert a01.items["A09"].raw_deduction == 7 and a01.items["A09"].score == -2
    assert any(x.kind == "undecided" for x in a01.items["A09"].lines)
    # A24: best inspection mean (98) → rank 1 → 16. Total 100 − 5 − 5 = 90 → 优秀 (boundary)
    assert a01.items["A24"].score == 16 and a01.items["A24"].rank == 1
    assert (a01.total, a01.grade) == (90, "优秀")


def test_a_item_bonus_at_cap_ratio_whole_points_and_rank_tie(class_a: dict[str, UnitScore]) -> None:
    a02, a03 = class_a["a02"], class_a["a03"]
    # A05 bonus 6 × 0.5 = 3, capped at 2; A17 bonus 6 × 0.5 = 3 = its cap 3 (not exceeded)
    assert (a02.items["A05"].raw_bonus, a02.items["A05"].bonus, a02.items["A05"].bonus_cap_applied) == (
        3,
        2,
        True,
    )
    assert (a02.items["A17"].bonus, a02.items["A17"].bonus_cap_applied) == (3, False)
    # A14: 69.5 % against 70 % → 0.5 point short → 0 whole points → 0
    assert a02.items["A14"].score == 5
    # A15: 42 % against 50 % → 8 points × 1 = 8, cap 6 → 5 − 6 = −1
    assert (a02.items["A15"].raw_deduction, a02.items["A15"].score) == (8, -1)
    # A24: a02 mean (96 + 94)/2 = 95 ties a03's 95 → both rank 2 → 16 − 1 = 15
    assert (a02.items["A24"].rank, a02.items["A24"].score) == (2, 15)
    assert (a03.items["A24"].rank, a03.items["A24"].score) == (2, 15)
    # a02 total: items 100 − 6 − 1 = 93; + item bonuses 2 + 3 = 98
    assert (a02.items_total, a02.item_bonus_total, a02.total, a02.grade) == (93, 5, 98, "优秀")


def test_a_overall_bonus_above_10_and_total_capped(class_a: dict[str, UnitScore]) -> None:
    a03 = class_a["a03"]
    # BONUS 3 + 3 + 5 + min(6, 5 per entry) = 16 → capped at 10
    assert (a03.overall_bonus_raw, a03.overall_bonus) == (16, 10)
    # items 100 − 1 (rank 2) = 99; 99 + 10 = 109 → 100
    assert (a03.subtotal, a03.total, a03.total_cap_applied) == (109, 100, True)


def test_a_major_deductions(class_a: dict[str, UnitScore]) -> None:
    a04, a05 = class_a["a04"], class_a["a05"]
    # a04: A20 not ready −4; A24 mean 90 → rank 4 → 16 − 3 = 13; items 100 − 4 − 3 = 93; + BONUS 4 = 97;
    # MAJOR 2 cases × 10 = 20 → 77 → 合格. The false-text finding only suggests a case.
    assert (a04.items_total, a04.overall_bonus, a04.major_cases, a04.total, a04.grade) == (
        93,
        4,
        2,
        77,
        "合格",
    )
    assert a04.major_item is not None
    assert [x.kind for x in a04.major_item.lines].count("suggestion") == 1
    # a05: A13 2 missing interpretations −2 → 98; BONUS 8 → 5 (单项 ≤ 5); 98 + 5 = 103 → 100 (cap first), − 10 = 90
    assert (a05.overall_bonus, a05.subtotal, a05.total, a05.grade) == (5, 103, 90, "优秀")


def test_a_grade_boundaries(class_a: dict[str, UnitScore]) -> None:
    # a06: A14 60 % → 10 points short, cap 6 (−1 on 5 points); A22 2 × 2 = 4; A01 1; 100 − 11 + 0.5 = 89.5
    assert class_a["a06"].items["A14"].score == -1
    assert (class_a["a06"].total, class_a["a06"].grade) == (89.5, "良好")
    # a07: A02 3 + 10 = 13 (no cap stated: −8 on 5 points); A21 5; A03 2 → 100 − 20 = 80
    assert class_a["a07"].items["A02"].score == -8
    assert (class_a["a07"].total, class_a["a07"].grade) == (80, "良好")
    # a08: 100 − 13 − 5 − 3 + 0.5 = 79.5
    assert (class_a["a08"].total, class_a["a08"].grade) == (79.5, "合格")
    # a09: 100 − 4 × 10 = 60; a10: 100 − 1 + 0.5 − 40 = 59.5
    assert (class_a["a09"].total, class_a["a09"].grade) == (60, "合格")
    assert (class_a["a10"].total, class_a["a10"].grade) == (59.5, "不合格")


def test_a_trailing_cap_override_and_mixed_item(class_a: dict[str, UnitScore]) -> None:
    a11, a12, a13 = class_a["a11"], class_a["a12"], class_a["a13"]
    # A07: overuse 3 (finding) + 3 × 1 (entry) = 6, trailing cap 5 on the item → 3 − 5 = −2
    assert (a11.items["A07"].raw_deduction, a11.items["A07"].score, a11.items["A07"].source) == (
        6,
        -2,
        "mixed",
    )
    # A09: 2 findings replaced by an override (events 0, with a reason) → 3
    a09 = a12.items["A09"]
    assert a09.score == 3 and a09.overridden
    assert any(x.kind == "override" for x in a09.lines)
    # A10: assessor's 1 (manual conditions) + catalogue stale 1 (automatic) → 2 − 2 = 0
    assert (a12.items["A10"].deduction, a12.items["A10"].score) == (2, 0)
    # A20: undecided IPv6 never deducts; A06: 3 missing document numbers = 3 events
    assert a13.items["A20"].score == 4
    assert a13.items["A06"].score == 1
    # No entry, no finding: full points
    assert class_a["a14"].total == 100 and class_a["a14"].items["A01"].no_input


def test_a_ranks_of_totals(class_a: dict[str, UnitScore]) -> None:
    totals = sorted(((s.total, s.rank) for s in class_a.values()), reverse=True)
    # units at 100 share rank 1; the next one is ranked by how many are ahead
    assert totals[0][1] == 1
    ahead = sum(1 for s in class_a.values() if s.total > 98)
    assert class_a["a02"].rank == ahead + 1


@pytest.fixture(scope="module")
def class_b() -> dict[str, UnitScore]:
    # Means 100, 99, … 68 for b01 … b33; b34 ties b33 at 68.
    inspections = [q(u.id, 100 - n) for n, u in enumerate(B_UNITS[:33])] + [q("b34", 68)]
    entries = [e("b05", "B20", events=3), e("b06", "B05", bonus_events=7)]
    scores = score_class(
        RUBRICS["B"], B_UNITS, ClassInputs(entries=entries, inspections=inspections), year=2020
    )
    return by_unit(scores)


def test_b_rank_points_and_the_last_ranks(class_b: dict[str, UnitScore]) -> None:
    points = {u: s.items["B23"].score for u, s in class_b.items()}
    # 15 − 0.5 × (rank − 1): b01 15, b02 14.5, b30 0.5, b31 0, b32 −0.5 → 0 (never below 0)
    assert (points["b01"], points["b02"], points["b30"], points["b31"], points["b32"]) == (
        15,
        14.5,
        0.5,
        0,
        0,
    )
    # b33 and b34 tie at rank 33 → both 0
    assert class_b["b33"].items["B23"].rank == class_b["b34"].items["B23"].rank == 33
    assert points["b33"] == points["b34"] == 0
    # b30 total 100 − 14.5 = 85.5 良好; b34 100 − 15 = 85
    assert (class_b["b30"].total, class_b["b30"].grade) == (85.5, "良好")
    assert class_b["b34"].total == 85


def test_b_trailing_cap_and_uncapped_bonus(class_b: dict[str, UnitScore]) -> None:
    # B20: 3 summons × 2 = 6, cap 4 → 4 − 4 = 0; rank 5 → 15 − 2 = 13; total 100 − 4 − 2 = 94
    b05 = class_b["b05"]
    assert (b05.items["B20"].raw_deduction, b05.items["B20"].score, b05.total) == (6, 0, 94)
    # B05 bonus 7 × 1, no cap stated → 7; rank 6 → 12.5; 97.5 + 7 = 104.5 → 100
    b06 = class_b["b06"]
    assert (b06.items["B05"].bonus, b06.subtotal, b06.total) == (7, 104.5, 100)


def _with(rubric: Rubric, **settings: Any) -> Rubric:
    return rubric.model_copy(update={"settings": rubric.settings.model_copy(update=settings)})


def test_settings_change_the_readings() -> None:
    rubric = RUBRICS["A"]
    units = A_UNITS[:3]
    inputs = ClassInputs(
        findings=[f("a01", "interpretation.nontext_share", share=0.655)],
        entries=[
            e("a01", "A02", deduction=13),
            e("a01", "A07", events=4),
            e("a02", "A05", bonus_events=4),
            e("a02", "BONUS", bonus=5),
            e("a02", "BONUS", bonus=4),
        ],
        inspections=[q("a01", 90), q("a02", 90)],
    )
    base = {s.unit_id: s for s in score_class(rubric, units, inputs)}
    # defaults: A02 −8 (no cap), A14 4.5 short → 4; A07 4 (cap 5) → −1; a03 unranked → full 16
    assert (
        base["a01"].items["A02"].score,
        base["a01"].items["A14"].score,
        base["a01"].items["A07"].score,
    ) == (-8, 1, -1)
    assert base["a03"].items["A24"].score == 16 and base["a01"].items["A24"].score == 16
    alt = {
        s.unit_id: s
        for s in score_class(
            _with(
                rubric,
                cap_when_unstated="points",
                ratio_points="exact",
                negative_item_scores=False,
                rank_ties="share_worse",
                unranked="zero",
                item_bonus_counts_in_overall=True,
            ),
            units,
            inputs,
        )
    }
    assert alt["a01"].items["A02"].score == 0  # capped at its 5 points
    assert alt["a01"].items["A14"].score == 0.5  # 4.5 × 1 exactly
    assert alt["a01"].items["A07"].score == 0  # never below 0
    assert alt["a01"].items["A24"].score == 15  # tie shares the worse rank (2)
    assert alt["a03"].items["A24"].score == 0  # unranked → 0
    # item bonus 4 × 0.5 = 2 counts against the overall 10: BONUS 5 + 4 = 9 → min(9, 10 − 2) = 8
    assert alt["a02"].overall_bonus == 8 and base["a02"].overall_bonus == 9
    last = score_class(
        _with(rubric, trailing_cap_scope="last_part"),
        units,
        ClassInputs(findings=[f("a01", "doclist.attribute_overuse")], entries=[e("a01", "A07", events=4)]),
    )
    # overuse 3 + min(4, 5) = 7 on the last clause only → 3 − 7 = −4
    assert last[0].items["A07"].score == -4


def test_competition_ranks() -> None:
    assert competition_ranks({"x": 9, "y": 8, "z": 8, "w": 7}) == {"x": 1, "y": 2, "z": 2, "w": 4}
    assert competition_ranks({"x": 9, "y": 8, "z": 8, "w": 7}, "share_worse") == {
        "x": 1,
        "y": 3,
        "z": 3,
        "w": 4,
    }


def test_undecided_input_or_no_audit_leaves_an_item_provisional_until_confirmed() -> None:
    rubric = RUBRICS["B"]
    units = [*B_UNITS[:2], UnitRef(id="b03", name="局3", not_audited="未配置网站，未检查")]
    undecided = FindingInput(
        id=901, unit_id="b01", check_id="disclosure.guide_missing", severity="undecided", title="「指南」"
    )
    inputs = ClassInputs(
        findings=[undecided, f("b02", "disclosure.guide_missing")],
        entries=[e("b03", "B09", confirm=True)],
        inspections=[q("b01", 90), q("b02", 80)],
    )
    scores = {s.unit_id: s for s in score_class(rubric, units, inputs, year=2020)}
    b01, b02, b03 = scores["b01"].items["B09"], scores["b02"].items["B09"], scores["b03"].items["B09"]
    # undecided never deducts, never passes: 5 points, 待核实, with the reason
    assert (b01.score, b01.status) == (5, "provisional") and "「指南」未能判定" in b01.reason
    assert (b02.score, b02.status, b02.reason) == (4, "final", "")  # a decided finding: final
    # an assessor's confirm = true keeps the machine's 5 and makes it final
    assert (b03.score, b03.status) == (5, "final") and "考核小组已核实" in b03.reason
    assert scores["b03"].items["B13"].status == "provisional"  # not confirmed: still 待核实
    assert scores["b01"].provisional and "B09" in scores["b01"].provisional_items
    assert scores["b02"].items["B01"].status == "final"  # an assessor's item needs no machine
    assert not scores["b02"].provisional and scores["b02"].summary()["provisional"] is False


def test_the_ranking_item_combines_the_years_quarters() -> None:
    rubric = RUBRICS["B"]
    units = B_UNITS[:3]
    inspections = [
        q("b01", 90, "2020Q3"),
        q("b01", 70, "2020Q4"),  # mean 80
        q("b02", 85, "2020Q3"),
        q("b02", 85, "2020Q4"),  # mean 85 → first
        q("b03", 95, "2020Q4"),  # no Q3 result: 95 ranks it first, but provisionally
    ]
    scores = {s.unit_id: s for s in score_class(rubric, units, ClassInputs(inspections=inspections))}
    ranks = {u: s.items["B23"].rank for u, s in scores.items()}
    assert ranks == {"b03": 1, "b02": 2, "b01": 3}
    assert scores["b01"].items["B23"].score == 15 - 0.5 * 2
    assert scores["b01"].items["B23"].status == scores["b02"].items["B23"].status == "final"
    assert scores["b03"].items["B23"].status == "provisional"
    assert "缺少2020Q3季度检查结果" in scores["b03"].items["B23"].reason
    latest = rubric.model_copy(
        update={"settings": rubric.settings.model_copy(update={"quarter_combination": "latest"})}
    )
    by_latest = {
        s.unit_id: s.items["B23"].rank
        for s in score_class(latest, units, ClassInputs(inspections=inspections))
    }
    assert by_latest == {"b03": 1, "b02": 2, "b01": 3}  # 95, 85, 70
    worst = rubric.model_copy(
        update={"settings": rubric.settings.model_copy(update={"quarter_combination": "min"})}
    )
    inspections[4] = q("b03", 60, "2020Q4")
    by_min = {
        s.unit_id: s.items["B23"].rank
        for s in score_class(worst, units, ClassInputs(inspections=inspections))
    }
    assert by_min == {"b02": 1, "b01": 2, "b03": 3}  # 85, 70, 60


def test_a_machine_confirmed_illegal_link_is_a_proposed_case_until_a_person_decides() -> None:
    rubric = RUBRICS["A"]
    units = A_UNITS[:3]
    links = [f(u, "inspection.illegal_link", "veto") for u in ("a01", "a02", "a03")]
    extra = f("a03", "inspection.hidden_link", "veto")
    inputs = ClassInputs(
        findings=[*links, extra, f("a01", "inspection.illegal_link", "undecided")],
        entries=[
            e("a02", "MAJOR", confirm=True),
            e("a03", "MAJOR", confirm=False, note="链接为误报：指向本县旅游网"),
        ],
    )
    scores = {s.unit_id: s for s in score_class(rubric, units, inputs, year=2020)}
    pending, confirmed, rejected = scores["a01"], scores["a02"], scores["a03"]
    # 待确认: nothing deducted, the item and the total provisional, the evidence named
    assert pending.major_deduction == 0 and pending.total == 100
    assert pending.major_item is not None and pending.major_item.status == "provisional"
    assert "1 起拟定重大扣分待确认" in pending.major_item.reason and "MAJOR" in pending.provisional_items
    assert pending.major_item.finding_ids == [links[0].id]  # the undecided one proposes nothing
    # confirmed: −10 per proposed case, final
    assert (confirmed.major_cases, confirmed.major_deduction, confirmed.total) == (1, 10, 90)
    assert confirmed.major_item is not None and confirmed.major_item.status == "final"
    # rejected with a reason: nothing deducted, final, the reason shown
    assert (rejected.major_deduction, rejected.total) == (
        0,
        100,
    ) and "MAJOR" not in rejected.provisional_items
    assert rejected.major_item is not None
    assert sum("已否决" in line.text and "误报" in line.text for line in rejected.major_item.lines) == 2
