from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from config import load_config
from config.loader import DEFAULT_CONFIG
from scoring.entries import EntriesError, load_entries, parse_entries_text
from scoring.rubric import load_scheme
from scoring.template import template_toml, template_xlsx

ROOT = Path(__file__).resolve().parent.parent
SANDBOX_ENTRIES = ROOT / "sandbox" / "manual-entries-2020.toml"
CONFIG = load_config(DEFAULT_CONFIG)
RUBRICS = load_scheme("linfen-2020")


def parse(text: str) -> list[str]:
    with pytest.raises(EntriesError) as info:
        parse_entries_text(text, "e.toml", CONFIG, RUBRICS)
    return info.value.problems


def test_the_sandbox_entries_are_valid_and_cover_many_units() -> None:
    parsed = load_entries(SANDBOX_ENTRIES, CONFIG, RUBRICS)
    units = {e.unit_id for e in parsed.entries}
    assert parsed.year == 2020 and len(units) >= 30
    assert {CONFIG.unit(u).unit_class for u in units} == {"A", "B"}
    yaodu = [e for e in parsed.entries if e.unit_id == "yaodu" and e.item == "BONUS"]
    assert len(yaodu) == 2 and yaodu[0].entered_by == "市政务公开考核小组（模拟）"
    assert yaodu[0].ref.startswith("manual-entries-2020.toml:")


def test_unknown_unit_and_item_name_the_line() -> None:
    problems = parse(
        '[[entry]]\nunit = "尧都"\nitem = "A01"\nevents = 1\n\n[[entry]]\nunit = "yaodu"\nitem = "A99"\nevents = 1\n'
    )
    assert problems[0].startswith("e.toml:2: unit: unknown unit '尧都' (did you mean '尧都区'")
    assert problems[1].startswith("e.toml:8: item: unknown item 'A99' for class A")


def test_a_count_where_a_condition_is_expected() -> None:
    (problem,) = parse('[[entry]]\nunit = "侯马市"\nitem = "A03"\nevents = 2\n')
    assert problem.startswith("e.toml:4: events: a count where a condition is expected: A03 规划部署")
    assert "no_plan 3" in problem and "give deduction = points" in problem


def test_class_mismatch_and_measures() -> None:
    problems = parse(
        '[[entry]]\nunit = "fgw"\nitem = "A01"\nevents = 1\n'
        '[[entry]]\nunit = "fgw"\nitem = "B01"\nevents = 1\ndeduction = 2\n'
        '[[entry]]\nunit = "fgw"\nitem = "B14"\nvalue = 65\n'
        '[[entry]]\nunit = "fgw"\nitem = "B23"\nrank = 0\noverride_reason = "x"\n'
        '[[entry]]\nunit = "fgw"\nitem = "B02"\nevents = 1.5\n'
        '[[entry]]\nunit = "fgw"\nitem = "MAJOR"\nbonus = 1\n'
        '[[entry]]\nunit = "fgw"\nitem = "B03"\nnote = "nothing"\n'
    )
    assert problems[0] == "e.toml:3: item: A01 is a class A item, but 市发展改革委 is class B"
    assert problems[1].startswith("e.toml:9: deduction: give one of events, deduction, value, rank")
    assert problems[2].startswith("e.toml:13: value: B14 非纯文字解读比例 is measured automatically")
    assert "override_reason" in problems[2]
    assert problems[3] == "e.toml:17: rank: ranks start at 1"
    assert problems[4].startswith("e.toml:22: events: must be a whole number")
    assert any(p.startswith("e.toml:26: bonus: MAJOR 重大扣分项 takes cases") for p in problems)
    assert problems[-1].startswith("e.toml:27: entry for B03 规划部署 gives nothing to score")


def test_duplicates_and_unknown_keys() -> None:
    problems = parse(
        'year = 2020\nextra = 1\n[[entry]]\nunit = "yaodu"\nitem = "A01"\nevents = 1\n'
        '[[entry]]\nunit = "尧都区"\nitem = "A01"\nevnts = 1\n'
    )
    assert problems == ["e.toml:2: extra: unknown key (year, assessor, [[entry]])"]
    problems = parse(
        '[[entry]]\nunit = "yaodu"\nitem = "A01"\nevents = 1\n[[entry]]\nunit = "尧都区"\nitem = "a01"\nevents = 2\n'
        '[[entry]]\nunit = "yaodu"\nitem = "A02"\nevnts = 1\n'
    )
    assert problems[0] == "e.toml:7: item: a second entry for 尧都区 A01 (the first is at line 1); merge them"
    assert problems[1] == "e.toml:12: evnts: unknown key (did you mean 'events'?)"


def test_broken_toml_names_the_line() -> None:
    (problem,) = parse('[[entry]]\nunit = "yaodu\n')
    assert problem.startswith("e.toml:2: not valid TOML")


def test_toml_template_is_valid_and_lists_every_unit() -> None:
    text = template_toml(RUBRICS["A"], CONFIG.units_of_class("A"), 2020)
    assert tomllib.loads(text) == {"year": 2020, "assessor": ""}
    assert text.count("# [[entry]]") >= 17 and "永和县" in text and "A24 季度通报 16分: rank = 名次" in text
    # uncommenting one block gives a valid entry
    block = '[[entry]]\nunit = "尧都区"\nitem = "A01"  # 组织领导\nevents = 0\n'
    assert block.replace("\n", "\n# ").join(["# ", ""]).rstrip("# ") in text
    assert parse_entries_text(block, "t.toml", CONFIG, RUBRICS).entries[0].events == 0


def test_xlsx_template_filled_and_loaded(tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    template_xlsx(RUBRICS["B"], CONFIG.units_of_class("B"), 2020, path)
    book = load_workbook(path)
    sheet = book["entries"]
    header = [c.value for c in sheet[1]]
    rows = {(r[0].value, r[1].value): r[0].row for r in sheet.iter_rows(min_row=2)}
    assert len(rows) == 34 * 25
    sheet.cell(rows[("fgw", "B01")], header.index("events") + 1, 2)
    sheet.cell(rows[("jyj", "BONUS")], header.index("bonus") + 1, 3)
    sheet.cell(rows[("jyj", "B03")], header.index("events") + 1, 1)
    book.save(path)
    with pytest.raises(EntriesError) as info:
        load_entries(path, CONFIG, RUBRICS)
    (problem,) = info.value.problems
    assert problem.startswith(f"{path}:{rows[('jyj', 'B03')]}: events: a count where a condition is expected")
    book = load_workbook(path)
    book["entries"].cell(rows[("jyj", "B03")], header.index("events") + 1).value = None
    book.save(path)
    parsed = load_entries(path, CONFIG, RUBRICS)
    assert parsed.year == 2020
    assert [(e.unit_id, e.item, e.events, e.bonus) for e in parsed.entries] == [
        ("fgw", "B01", 2.0, None),
        ("jyj", "BONUS", None, 3.0),
    ]


@pytest.mark.parametrize(
    ("item", "given"),
    [
        ("B02", "events = nan"),
        ("B02", "events = inf"),
        ("B02", "events = 1e400"),
        ("B10", "deduction = inf"),
        ("B10", "deduction = nan"),
        ("B10", "deduction = -inf"),
    ],
)
def test_numbers_that_are_not_finite_are_refused_with_the_line_and_range(item: str, given: str) -> None:
    (problem,) = parse(f'[[entry]]\nunit = "fgw"\nitem = "{item}"\n{given}\n')
    key = given.split(" ")[0]
    assert problem.startswith(f"e.toml:4: {key}: must be a finite number")
    assert "from 0 to" in problem


def test_a_deduction_is_at_most_what_the_items_named_conditions_add_up_to() -> None:
    problems = parse(
        '[[entry]]\nunit = "fgw"\nitem = "B10"\ndeduction = 1e9\n'
        '[[entry]]\nunit = "fgw"\nitem = "B11"\ndeduction = 6\noverride_reason = "复核"\n'
        '[[entry]]\nunit = "jyj"\nitem = "B10"\ndeduction = 4\noverride_reason = "复核"\n'
    )
    assert problems[0].startswith("e.toml:4: deduction: 1e+09 is more than B10 基本目录 allows: at most 2")
    assert "no_basis_required 1, no_dynamic 1; with override_reason, the whole item" in problems[0]
    assert (
        problems[1]
        == "e.toml:8: deduction: 6 is more than B11 内部机制 allows: at most 5 (the item's 扣分上限)"
    )
    assert problems[-1].startswith("e.toml:13: deduction: 4 is more than B10 基本目录 allows: at most 3")
    assert "no_basis_required 1, no_dynamic 1, poor_catalogue 1" in problems[-1]
    accepted = parse_entries_text(
        '[[entry]]\nunit = "fgw"\nitem = "B10"\ndeduction = 3\noverride_reason = "复核"\n',
        "e.toml",
        CONFIG,
        RUBRICS,
    )
    assert [e.deduction for e in accepted.entries] == [3.0]


def test_counts_ranks_and_bonuses_stay_within_range() -> None:
    problems = parse(
        '[[entry]]\nunit = "fgw"\nitem = "B01"\nevents = 1e7\n'
        '[[entry]]\nunit = "fgw"\nitem = "B23"\nrank = 99\noverride_reason = "x"\n'
        '[[entry]]\nunit = "fgw"\nitem = "MAJOR"\ncases = 100000\n'
    )
    assert problems[0] == "e.toml:4: events: 1e+07 is out of range: a whole number from 0 to 10000"
    assert problems[1].startswith("e.toml:8: rank: 99 is out of range: a place from 1 to ")
    assert problems[2].startswith("e.toml:13: cases: 100000 is out of range")


def test_nan_in_an_xlsx_cell_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["unit", "item", "deduction"])
    sheet.append(["fgw", "B10", "nan"])
    book.save(tmp_path / "e.xlsx")
    with pytest.raises(EntriesError) as info:
        load_entries(tmp_path / "e.xlsx", CONFIG, RUBRICS)
    assert info.value.problems == [
        f"{tmp_path / 'e.xlsx'}:2: deduction: must be a finite number, got nan (points from 0 to the item's maximum)"
    ]


def test_confirm_stands_alone_on_a_machine_measured_item() -> None:
    ok = parse_entries_text(
        '[[entry]]\nunit = "fgw"\nitem = "B09"\nconfirm = true\n', "e.toml", CONFIG, RUBRICS
    )
    assert ok.entries[0].confirm is True
    problems = parse(
        '[[entry]]\nunit = "fgw"\nitem = "B09"\nconfirm = true\nevents = 1\n'
        '[[entry]]\nunit = "fgw"\nitem = "B01"\nconfirm = true\n'
        '[[entry]]\nunit = "fgw"\nitem = "MAJOR"\nconfirm = false\n'
        '[[entry]]\nunit = "fgw"\nitem = "B13"\nconfirm = "maybe"\n'
    )
    assert problems[0].startswith("e.toml:4: confirm: confirm keeps the machine's score; give it alone")
    assert problems[1].startswith("e.toml:9: confirm: B01 组织领导 is scored by the assessors alone")
    assert problems[2].startswith("e.toml:10: note: rejecting the proposed cases of MAJOR")
    assert problems[3].startswith("e.toml:17: confirm: must be true or false")
