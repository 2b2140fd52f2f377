from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zwgk.cli import app

ROOT = Path(__file__).resolve().parent.parent
SANDBOX_ENTRIES = str(ROOT / "sandbox" / "manual-entries-2020.toml")
runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"ZWGK_DATABASE_URL": f"sqlite:///{tmp_path / 'z.sqlite3'}", "COLUMNS": "200"}


def test_score_json_from_the_inputs_alone() -> None:
    result = runner.invoke(
        app, ["score", "--inputs", SANDBOX_ENTRIES, "--only-inputs", "--json", "--class", "A"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 17 and set(rows[0]) >= {"unit", "class", "total", "grade", "rank", "items"}
    by_unit = {r["unit"]: r for r in rows}
    # 襄汾县: A21 −8 on 5 points → −3; items 92; MAJOR 1 case → 82 良好
    xiangfen = by_unit["xiangfen"]["items"]
    assert (xiangfen["A21"]["score"], by_unit["xiangfen"]["total"]) == (-3, 82)
    assert by_unit["xiangfen"]["grade"] == "良好" and xiangfen["MAJOR"]["score"] == -10
    # 翼城县: BONUS 5 + 3 + 3 = 11 → 10; total 110 → 100
    assert by_unit["yicheng"]["items"]["BONUS"]["score"] == 10 and by_unit["yicheng"]["total"] == 100
    assert all(len([k for k in r["items"] if k.startswith("A")]) == 24 for r in rows)
    # Without the audit, what the machine measures is 待核实; what the assessors enter is final.
    assert xiangfen["A21"]["status"] == "final" and xiangfen["A01"]["status"] == "final"
    assert xiangfen["A09"]["status"] == "provisional" and "未使用审计结果" in xiangfen["A09"]["reason"]
    assert all(r["provisional"] and "A09" in r["provisional_items"] for r in rows)
    # An entry replacing the rank (永和县 A24, with override_reason) resolves it.
    assert by_unit["yonghe"]["items"]["A24"]["status"] == "final"
    assert "考核小组已核实" in by_unit["yonghe"]["items"]["A24"]["reason"]


def test_explain_prints_every_step(env: dict[str, str]) -> None:
    args = ["score", "explain", "侯马市", "A12", "--inputs", SANDBOX_ENTRIES, "--only-inputs"]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    out = result.stdout
    # 6 complaints × 1 = 6 → cap 5 → 2 − 5 = −3
    assert "6 项" in out and "扣分上限 5" in out and "得分 score 2 − 5 = -3" in out and "cap applied" in out
    total = runner.invoke(
        app, ["score", "explain", "houma", "--inputs", SANDBOX_ENTRIES, "--only-inputs"], env=env
    )
    assert "总分 total 93" in total.stdout
    bad = runner.invoke(
        app, ["score", "explain", "houma", "B01", "--inputs", SANDBOX_ENTRIES, "--only-inputs"], env=env
    )
    assert bad.exit_code == 2 and "has no item" in bad.stderr


def test_template_load_score_and_log(env: dict[str, str], tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", "template", "--class", "B"], env=env)
    assert result.exit_code == 0 and tomllib.loads(result.stdout)["year"] == 2020
    xlsx = tmp_path / "b.xlsx"
    assert runner.invoke(app, ["score", "template", "--class", "B", "-o", str(xlsx)], env=env).exit_code == 0
    assert xlsx.exists()

    loaded = runner.invoke(app, ["score", "load", SANDBOX_ENTRIES, "--by", "考核小组"], env=env)
    assert loaded.exit_code == 0, loaded.output
    assert "45 stored" in loaded.stdout
    table = runner.invoke(app, ["score", "--class", "B"], env=env)
    assert table.exit_code == 0 and "市外事办" in table.stdout
    explained = runner.invoke(app, ["score", "explain", "wsb", "MAJOR", "--json"], env=env)
    data = json.loads(explained.stdout)
    assert data["deduction"] == 10 and data["entry_ids"]
    verify = runner.invoke(app, ["score", "log", "--verify"], env=env)
    assert verify.exit_code == 0 and "45 records" in verify.stdout
    log = runner.invoke(app, ["score", "log", "--json", "--limit", "2"], env=env)
    assert [r["action"] for r in json.loads(log.stdout)] == ["create", "create"]


def test_a_bad_entries_file_is_reported_line_by_line(tmp_path: Path, env: dict[str, str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[entry]]\nunit = "nowhere"\nitem = "A01"\nevents = 1\n', encoding="utf-8")
    result = runner.invoke(app, ["score", "load", str(bad)], env=env)
    assert result.exit_code == 2
    assert f"{bad}:2: unit: unknown unit 'nowhere'" in result.stderr.replace("\n", "")
