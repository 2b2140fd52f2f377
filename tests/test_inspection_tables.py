"""The inspection's veto and deduction tables are data, each value with its source."""

from __future__ import annotations

import datetime as dt

import pytest

from checks.base import CheckResult, Finding
from checks.inspection.result import deduction_points, judge_night
from checks.inspection.tables import TABLES_DIR, load_tables, parse_tables
from checks.runner import load_all
from config.loader import ConfigError
from config.settings import Settings, UnitConfig

UNIT = UnitConfig.model_validate(
    {"id": "xx", "name": "某县", "class": "A", "homepage": "http://www.xx.gov.cn/"}
)


def test_every_value_names_its_source_or_says_unconfirmed() -> None:
    tables = load_tables()
    assert tables.scheme.id == "gwb-2019-inspection"
    assert (TABLES_DIR / "gwb-2019-inspection.toml").exists()
    for row in [*tables.veto, *tables.deduction, tables.failed]:
        assert row.source.startswith(("19号文", "unconfirmed")), row
    assert tables.veto_labels["unreachable"] == "站点无法访问"
    registry = load_all()
    for veto in tables.veto:  # an item that is one check's failure is called by its label
        if len(veto.checks) == 1:
            assert veto.label == registry[veto.checks[0]].label, veto.key
    assert tables.veto_of_check["inspection.hidden_link"] == "illegal_link"
    # the availability veto is the national method's: 20 a day, a week, 15 s, 5 %
    unreachable = next(v for v in tables.veto if v.key == "unreachable")
    assert "每天间隔性访问 20 次以上" in unreachable.source and "15 秒" in unreachable.source


def test_a_configured_deduction_overrides_the_tables() -> None:
    finding = Finding(unit_id="xx", check_id="inspection.dead_link", severity="major", title="死链",
                      message="", url="http://a/", measured={"where": "homepage"})  # fmt: skip
    results = [CheckResult(check_id="inspection.dead_link", unit_id="xx", score=0.0, findings=[finding])]
    default = judge_night(UNIT, results, Settings(), night=dt.date(2020, 12, 1))
    assert default.score == 100 - load_tables().points["dead_link_homepage"]
    tuned = Settings.model_validate({"thresholds": {"inspection": {"deductions": {"dead_link_homepage": 1}}}})
    assert deduction_points(tuned)["dead_link_homepage"] == 1
    assert judge_night(UNIT, results, tuned, night=dt.date(2020, 12, 1)).score == 99


def test_a_broken_table_names_the_line_and_key() -> None:
    text = (TABLES_DIR / "gwb-2019-inspection.toml").read_text(encoding="utf-8")
    broken = text.replace('key = "dead_link_inner"\nlabel = "其他页面链接不可用"\npoints = 0.1',
                          'key = "dead_link_inner"\nlabel = "其他页面链接不可用"\npoints = -1')  # fmt: skip
    with pytest.raises(ConfigError) as info:
        parse_tables(broken, "t.toml")
    line = broken.splitlines().index("points = -1") + 1
    assert (
        str(info.value) == f"t.toml:{line}: deduction[1].points: Input should be greater than or equal to 0"
    )
