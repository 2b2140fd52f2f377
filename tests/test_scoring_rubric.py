from __future__ import annotations

import re
from pathlib import Path

import pytest

from config import ConfigError
from config.loader import KeyLines
from scoring.rubric import RUBRICS_DIR, load_scheme, parse_rubric

ROOT = Path(__file__).resolve().parent.parent

A_CODES = [f"A{n:02d}" for n in range(1, 25)] + ["BONUS", "MAJOR"]
B_CODES = [f"B{n:02d}" for n in range(1, 24)] + ["BONUS", "MAJOR"]
A_NAMES = [
    "组织领导",
    "机构设置",
    "规划部署",
    "示范引领",
    "编制目录",
    "源头认定",
    "属性滥用",
    "动态调整",
    "法定专栏",
    "基本目录",
    "内部机制",
    "权利保障",
    "解读责任",
    "非纯文字解读比例",
    "发布渠道占比",
    "回应机制",
    "回应督办",
    "回应效果(解读回应)",
    "集约化建设",
    "IPv6改造",
    "安全保障",
    "检查通报",
    "整改落实",
    "季度通报",
    "综合加分项",
    "重大扣分项",
]
B_NAMES = [
    "组织领导",
    "机构设置",
    "规划部署",
    "指导责任",
    "审核责任",
    "源头认定",
    "属性滥用",
    "动态调整",
    "法定专栏",
    "基本目录",
    "内部机制",
    "权利保障",
    "解读责任",
    "非纯文字解读比例",
    "发布渠道占比",
    "回应机制",
    "回应督办",
    "回应效果",
    "IPv6改造",
    "安全保障",
    "检查通报",
    "整改落实",
    "季度通报",
    "综合加分项",
    "重大扣分项",
]


def test_each_class_sums_to_100_with_the_contract_codes_in_order() -> None:
    rubrics = load_scheme("linfen-2020")
    assert [i.code for i in rubrics["A"].item] == A_CODES
    assert [i.name for i in rubrics["A"].item] == A_NAMES
    assert [i.code for i in rubrics["B"].item] == B_CODES
    assert [i.name for i in rubrics["B"].item] == B_NAMES
    # A: 3+5+3+2+5 + 4+3+2+3+2+3+2 + 3+5+5+2+3+5 + 5+4+5+5+5+16 = 100
    # B: 5+5+3+2+5 + 5+3+2+5+5+3+2 + 3+5+5+2+5+5 + 3+4+4+4+15 = 100
    assert rubrics["A"].points_total == rubrics["B"].points_total == 100
    assert rubrics["A"].get("A24").part[0].first == 16 and rubrics["B"].get("B23").part[0].step == 0.5


def test_every_item_carries_its_levels_rule_method_and_assessor() -> None:
    for rubric in load_scheme("linfen-2020").values():
        for item in rubric.item:
            assert item.criteria and item.method and item.assessor, item.code
            if item.role == "item":
                assert item.level1 and item.level2 and item.level3, item.code
                assert item.points > 0
        assert rubric.by_role("overall_bonus") is not None and rubric.by_role("major") is not None
        assert [g.name for g in rubric.grade] == ["优秀", "良好", "合格", "不合格"]


def test_check_ids_named_in_rubrics_are_in_the_contract() -> None:
    documented = set(
        re.findall(r"`([a-z0-9]+\.[a-z0-9_]+)`", (ROOT / "docs" / "checks.md").read_text("utf-8"))
    )
    for rubric in load_scheme("linfen-2020").values():
        for item in rubric.item:
            for check in item.input_checks() + item.informs + item.suggests:
                assert check in documented, (item.code, check)


def _broken(old: str, new: str) -> str:
    text = (RUBRICS_DIR / "linfen-2020-A.toml").read_text("utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_errors_name_file_line_and_key() -> None:
    text = _broken("per_event = 1\n", "per_evnt = 1\n")
    line = text.splitlines().index("per_evnt = 1") + 1
    with pytest.raises(ConfigError) as info:
        parse_rubric(text, "A.toml")
    assert info.value.line == line and info.value.key == "item[0].part[0].per_evnt"
    assert "unknown key" in str(info.value)


def test_points_must_add_up_to_the_total() -> None:
    with pytest.raises(ConfigError, match=r"sum to 101, not 100"):
        parse_rubric(_broken("points = 3\n", "points = 4\n"), "A.toml")
    with pytest.raises(ConfigError, match="a per_event part needs per_event"):
        parse_rubric(_broken("per_event = 1\n", ""), "A.toml")


def test_key_lines_count_nested_array_tables_within_their_parent() -> None:
    text = "[[item]]\ncode = 'x'\n[[item.part]]\nkey = 'a'\n[[item.part]]\nkey = 'b'\n[[item]]\n[[item.part]]\nkey = 'c'\n"
    lines = KeyLines(text)
    assert lines.find(("item", 0, "part", 1, "key")) == 6
    assert lines.find(("item", 1, "part", 0, "key")) == 9
    assert lines.find(("item", 1, "code")) == 7  # falls back to the table header
